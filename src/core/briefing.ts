import type { LocalText } from "./errors.js";
import { refuse, translator, type Translate } from "./i18n.js";
import type { StoryEntry, StoryLibrary } from "./library.js";
import type { Story, TimelineEvent } from "./story.js";

/** `“Title” (id)`, quoted the way the person's language quotes. */
const titled = (e: StoryEntry): LocalText => ({ id: "story-titled", args: { title: e.story.title, id: e.story.id } });

/** The story a person means: the newest when they named none; otherwise an error that offers candidates. */
export function resolveStory(library: StoryLibrary, query: string | undefined): StoryEntry {
  if (query === undefined) {
    const newest = library.list()[0];
    if (!newest) throw refuse("unknown_story", "err-no-stories");
    return newest;
  }
  const found = library.find(query);
  if (found.kind === "found") return found.entry;
  if (found.kind === "ambiguous") {
    throw refuse("ambiguous_story", "err-ambiguous-story", { query, count: found.candidates.length, candidates: found.candidates.map(titled) });
  }
  if (!found.closest.length) throw refuse("unknown_story", "err-unknown-story", { query });
  throw refuse("unknown_story", "err-unknown-story-closest", { query, closest: found.closest.slice(0, 3).map(titled) });
}

/** The newest dated event, whatever order the document used. */
export function lastEvent(story: Story): TimelineEvent | undefined {
  let newest: TimelineEvent | undefined;
  for (const event of story.timeline) if (!newest || event.date.iso >= newest.date.iso) newest = event;
  return newest;
}

/**
 * Up to `count` sentences from the start of `text`. A sentence ends at . ! or ? (after any closing
 * quote or citation) when the next word starts with a capital or a digit, so "the U.S. envoy" stays whole.
 */
export function firstSentences(text: string, count: number): string {
  const sentences = text.trim().split(/(?<=[.!?]["”’)\]]*(?:\s?\[\d+\])*)\s+(?=[\p{Lu}\d"“‘(])/u);
  return sentences.slice(0, count).join(" ").trim();
}

/** The 1–3 sentence summary of a story: its standfirst, or the start of its first section. */
export function summaryOf(story: Story): string {
  const source = story.dek ?? story.sections[0]?.text ?? "";
  const summary = firstSentences(source, 3);
  return summary.length > 600 ? firstSentences(source, 1) : summary;
}

/** `[1][2]` for citation numbers, empty for none. */
export const citationList = (citations: readonly number[]): string => citations.map((n) => `[${n}]`).join("");

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** Other reports "Also reported by" lists before "+N more". */
export const ALSO_REPORTED_SHOWN = 5;

/** Every report of a story, the lead first (one entry for a story of one report). */
export const reportsOf = (entry: StoryEntry): readonly StoryEntry[] => entry.reports ?? [entry];

/** The outlet a reader is shown for a report: the feed's, else the first the document names. */
export const outletOf = (entry: StoryEntry): string | null => entry.story.outlet ?? entry.story.outlets[0] ?? null;

/** `L'Express: Macron's top adviser…` (or "Outlet not named: …") for one report. */
export const reportLine = (entry: StoryEntry, t: Translate = translator()): string =>
  `${outletOf(entry) ?? t("outlet-not-named")}: ${entry.story.title}`;

/** The "Also reported by" lines of a story: at most ALSO_REPORTED_SHOWN, then "+N more". */
export function alsoReportedBy(entry: StoryEntry, t: Translate = translator()): string[] {
  const others = reportsOf(entry).slice(1);
  const lines = others.slice(0, ALSO_REPORTED_SHOWN).map((r) => reportLine(r, t));
  if (others.length > ALSO_REPORTED_SHOWN) lines.push(t("more-count", { count: others.length - ALSO_REPORTED_SHOWN }));
  return lines;
}

/** "Now also reported by L'Express: …" lines of digests and notices, one per joining report (at most 5, then "+N more"). */
export function alsoReportedLines(joined: readonly { title: string; outlet: string | null }[], t: Translate = translator()): string[] {
  const lines = joined
    .slice(0, ALSO_REPORTED_SHOWN)
    .map((r) => (r.outlet ? t("now-also-reported-by", { outlet: r.outlet, title: r.title }) : t("now-also-reported-unnamed", { title: r.title })));
  if (joined.length > ALSO_REPORTED_SHOWN) lines.push(t("more-reports-count", { count: joined.length - ALSO_REPORTED_SHOWN }));
  return lines;
}
