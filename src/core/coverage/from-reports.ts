import { outletOf } from "../briefing.js";
import { entryWith, type StoryEntry } from "../library.js";
import { compareDates } from "../parse/dates.js";
import type { Story, StoryDate, TimelineEvent } from "../story.js";
import { addDatedFacts, type DatedFacts } from "./dated-facts.js";
import { compareCodeUnits } from "../text.js";

/** The warning of a report whose feed gave no date: its publication time is when Herald first saw it. */
export const UNDATED_REPORT_WARNING = "the feed gives no date for this item: dated when Herald first saw it";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * Values every report of a feed library would otherwise hold a copy of: a day of the timeline (most
 * reports fall on a few days) and the list citing report n. Shared and frozen; each copy was 0.1 KB
 * (a date with its two strings) or 32 bytes (a one-number list) per report.
 */
const SHARED_VALUES_KEPT = 4_096;
const days = new Map<string, StoryDate>();
const citationLists: (readonly number[])[] = [];

/** A publication time as a day of the timeline: `Feb 5, 2026` (UTC). */
export function dayOf(iso: string): StoryDate {
  const d = new Date(iso);
  const key = d.toISOString().slice(0, 10);
  let day = days.get(key);
  if (!day) {
    day = Object.freeze({ text: `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`, iso: key, precision: "day", qualifier: null });
    if (days.size >= SHARED_VALUES_KEPT) days.clear();
    days.set(key, day);
  }
  return day;
}

/** `[number]`, the citations of what report `number` says. */
export function citing(number: number): number[] {
  if (number > SHARED_VALUES_KEPT) return [number];
  // Frozen: read-only by contract (Story's arrays are never changed in place), frozen so a mistake throws.
  return (citationLists[number] ??= Object.freeze([number])) as number[];
}

/** `<Outlet>: `, one string per outlet (each event's text joins it to the title without copying either). */
const outletPrefixes = new Map<string, string>();
function outletPrefix(outlet: string): string {
  let prefix = outletPrefixes.get(outlet);
  if (prefix === undefined) {
    if (outletPrefixes.size >= SHARED_VALUES_KEPT) outletPrefixes.clear();
    outletPrefixes.set(outlet, (prefix = `${outlet}: `));
  }
  return prefix;
}

/** A report's own event: `<Outlet>: <title>` on its publication day, citing its number (none when undated). */
export function publicationEvent(report: Story, number: number): TimelineEvent | null {
  return reportEvent(report.title, report.outlet ?? report.outlets[0] ?? null, report.published, number);
}

/** `publicationEvent` of a report given by its fields (a feed report's entry holds only those). */
export function reportEvent(title: string, outlet: string | null, published: string | null, number: number): TimelineEvent | null {
  return published ? { date: dayOf(published), text: outletPrefix(outlet ?? "Outlet not named") + title, citations: citing(number) } : null;
}

/**
 * A feed report as a story of its own, as a report source holds it: its event on the timeline (the
 * grouping reads it), its text citing [1], one article. Presenting it alone with no dated fact gives
 * this same story, so the library shares it instead of holding a copy.
 */
export function loneReportStory(report: Story): Story {
  const event = publicationEvent(report, 1);
  return { ...report, sections: report.sections.map((s) => ({ ...s, citations: citing(1) })), timeline: event ? [event] : [], articleCount: 1 };
}

const publishedMs = (r: StoryEntry): number => Date.parse(r.story.published ?? "") || Infinity;

/** Reports in order of publication (then id): report n of a story built from reports is cited as [n]. */
export const byPublication = (reports: readonly StoryEntry[]): StoryEntry[] =>
  [...reports].sort((a, b) => publishedMs(a) - publishedMs(b) || compareCodeUnits(a.story.id, b.story.id));

/**
 * Whether a group is presented as a story built from reports (feeds.md): it has a feed report and no
 * aggregated page (a page brings its own timeline and numbering, which stay as the page wrote them).
 */
export const isBuiltFromReports = (reports: readonly StoryEntry[]): boolean =>
  reports.some((r) => !!r.story.feed) && !reports.some((r) => r.story.kind === "story");

/**
 * A story built from reports (feeds.md): the lead's title and content; a timeline of one event per
 * dated report (`<Outlet>: <title>` on its publication day, citing its number) plus the dated facts
 * each report states (citing its number, marked with its origin), oldest first; `[n]` is the n-th
 * report by publication, `cited` lists them in that order and `outlets` names them in that order.
 * `facts`: where the reports' dated facts are kept once read (in memory when not given); `group`: the
 * version, time and reports of the group presented (the lead's own when not given).
 */
export function presentReports(lead: StoryEntry, reports: readonly StoryEntry[], facts?: DatedFacts, group?: GroupFields): StoryEntry {
  const cited = byPublication(reports);
  if (cited.length > 1) return new StoryOfReports(lead, cited, facts, group ?? { version: lead.version, updatedAt: lead.updatedAt, reports: lead.reports });
  const built = builtStory(lead, cited, facts);
  if (!lead.story.feed || lead.story.articleCount !== 1) return entryWith(lead, built ?? lead.story, { cited, ...group });
  // A feed report alone (most of a feed library) already numbered as its own story is presented as
  // it is; when its text states dated facts, as itself with them on its timeline, made when read.
  const own = lead.cited?.length === 1 && lead.cited[0] === lead && !lead.reports;
  if (!built) return own ? lead : entryWith(lead, lead.story, { cited });
  return own && onlyTimelineDiffers(built, lead.story) ? new LoneReportWithFacts(lead, facts) : entryWith(lead, built, { cited });
}

const sameList = <T>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Whether a built story is the lead's own but for its timeline (a feed report's entry numbers its text [1] already). */
const onlyTimelineDiffers = (built: Story, own: Story): boolean =>
  built.articleCount === own.articleCount && sameList(built.outlets, own.outlets) && sameList(built.warnings, own.warnings) &&
  built.sections.length === own.sections.length && built.sections.every((s, i) => sameList(s.citations, own.sections[i]!.citations));

/** The story `presentReports` shows, or null when it is the lead's own (one feed report, no dated fact). */
function builtStory(lead: StoryEntry, cited: readonly StoryEntry[], facts?: DatedFacts): Story | null {
  const number = cited.indexOf(lead) + 1;
  const timeline = cited.map((r, i) => publicationEvent(r.story, i + 1)).filter((e): e is TimelineEvent => e !== null);
  const events = timeline.length;
  cited.forEach((r, i) => addDatedFacts(timeline, r, citing(i + 1), !r.story.warnings.includes(UNDATED_REPORT_WARNING), facts));
  const { story } = lead;
  if (cited.length === 1 && timeline.length === events && !!story.feed && story.articleCount === 1) return null;
  // Stable: on one day, the reports' own events come before the facts they state.
  timeline.sort((a, b) => compareDates(a.date, b.date));
  return {
    ...story,
    // A feed report's text cites only itself; a document keeps its own numbers too.
    sections: story.sections.map((s) => ({ ...s, citations: story.feed ? citing(number) : [...new Set([...s.citations, number])] })),
    timeline,
    outlets: [...new Set(cited.map(outletOf).filter((o): o is string => !!o))],
    articleCount: cited.length,
    warnings: [...new Set(cited.flatMap((r) => r.story.warnings))],
  };
}

/** What a group of reports has of its own: its version, its time, its reports. */
type GroupFields = Pick<StoryEntry, "version" | "updatedAt" | "reports">;

/**
 * A story built from several reports (`presentReports`), made each time it is read: held built, the
 * 1,566 stories of several reports of a library of 25,000 feed reports were 2.4 MB (each its timeline
 * of every report's event and dated facts, its sections, its lists), and most are never read between
 * changes. The story read has the lead's id, title and other fields of its own at once; its built parts
 * (timeline, sections, outlets, article count, warnings) are made together when one of them is first
 * read, so reading an id or a title (indexing, announcing) builds nothing. Building costs what it did
 * held: the facts come from where `facts` keeps them.
 */
class StoryOfReports implements StoryEntry {
  readonly version: string;
  readonly updatedAt: number;
  readonly reports: readonly StoryEntry[] | undefined;

  constructor(
    private readonly lead: StoryEntry,
    readonly cited: readonly StoryEntry[],
    private readonly facts: DatedFacts | undefined,
    group: GroupFields,
  ) {
    ({ version: this.version, updatedAt: this.updatedAt, reports: this.reports } = group);
  }

  get story(): Story {
    const { lead, cited, facts } = this;
    let built: Story | undefined;
    const full = (): Story => (built ??= builtStory(lead, cited, facts)!);
    return {
      ...lead.story,
      get sections() {
        return full().sections;
      },
      get timeline() {
        return full().timeline;
      },
      get outlets() {
        return full().outlets;
      },
      get articleCount() {
        return full().articleCount;
      },
      get warnings() {
        return full().warnings;
      },
    };
  }

  get file(): string {
    return this.lead.file;
  }
}

/**
 * A feed report alone whose text states dated facts, presented as its own story with them on its
 * timeline: the timeline is made each time it is read (the facts are kept per report, see
 * `DatedFacts`), the rest is the report's own. A library of 25,000 such reports held a presented
 * story for each (0.3 KB a report, most never read); reading a title, an id or a text costs what
 * reading the report's own story does.
 */
class LoneReportWithFacts implements StoryEntry {
  constructor(
    private readonly lead: StoryEntry,
    private readonly facts: DatedFacts | undefined,
  ) {}

  get story(): Story {
    const { lead, facts } = this;
    return {
      ...lead.story,
      get timeline() {
        return (builtStory(lead, [lead], facts) ?? lead.story).timeline;
      },
    };
  }

  get version(): string {
    return this.lead.version;
  }

  get file(): string {
    return this.lead.file;
  }

  get updatedAt(): number {
    return this.lead.updatedAt;
  }

  get cited(): readonly StoryEntry[] {
    return [this.lead];
  }
}
