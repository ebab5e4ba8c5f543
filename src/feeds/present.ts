import type { Story, StoryDate, TimelineEvent } from "../core/story.js";
import type { Report } from "./report.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A publication time as a day of the timeline: `Feb 5, 2026` (UTC). */
export function dayOf(iso: string): StoryDate {
  const d = new Date(iso);
  return {
    text: `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`,
    iso: d.toISOString().slice(0, 10),
    precision: "day",
    qualifier: null,
  };
}

const words = (r: Report): number => [r.dek ?? "", ...r.sections.map((s) => s.text)].join(" ").split(/\s+/).filter(Boolean).length;
const publishedMs = (r: Report): number => Date.parse(r.published ?? "") || Infinity;

/** Reports in order of publication (then id): report n of the story is cited as [n]. */
export const byPublication = (reports: readonly Report[]): Report[] => [...reports].sort((a, b) => publishedMs(a) - publishedMs(b) || a.id.localeCompare(b.id));

/**
 * A story built only from reports (feeds.md): title and summary from the lead (the report with the
 * most content; ties: earliest published, then smallest id); a timeline of one event per report,
 * `<Outlet>: <title>` on its publication day, citing its number; `[n]` is the n-th report by
 * publication, and `outlets` lists each number's outlet in that order.
 */
export function storyFromReports(reports: readonly Report[]): Story {
  if (!reports.length) throw new RangeError("a story needs at least one report");
  const ordered = byPublication(reports);
  const lead = [...ordered].sort((a, b) => words(b) - words(a) || publishedMs(a) - publishedMs(b) || a.id.localeCompare(b.id))[0]!;
  const number = ordered.indexOf(lead) + 1;
  const timeline: TimelineEvent[] = ordered
    .map((r, i) => (r.published ? { date: dayOf(r.published), text: `${r.outlet ?? "Outlet not named"}: ${r.title}`, citations: [i + 1] } : null))
    .filter((e): e is TimelineEvent => e !== null);
  const outlets = [...new Set(ordered.map((r) => r.outlet).filter((o): o is string => !!o))];
  return {
    ...lead,
    sections: lead.sections.map((s) => ({ ...s, citations: [...new Set([...s.citations, number])] })),
    timeline,
    outlets,
    articleCount: ordered.length,
    warnings: [...new Set(ordered.flatMap((r) => r.warnings))],
  };
}
