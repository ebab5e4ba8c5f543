import type { StoryChange, StoryEntry } from "../core/library.js";
import type { TimelineEvent } from "../core/story.js";
import type { Reply } from "../core/reply.js";
import { alsoReportedLines } from "../core/briefing.js";
import { formatNumber, formatStoryDate, translator, type Locale } from "../core/i18n.js";
import { truncate } from "../core/text.js";
import { eventKey } from "../core/story.js";
import type { CoveredStory } from "./records.js";

/** Quiet time after a story's last change before its notice goes out: a burst of edits gives one notice. */
export const NOTICE_DEBOUNCE_MS = 20_000;
/** New events a notice lists before "and N more". */
export const NOTICE_EVENTS = 3;
const NOTICE_EVENT_CHARS = 300;

/** Merges a burst of changes to one story into one: first "before", last "after", every new event once. */
export function mergeChanges(first: StoryChange, next: StoryChange): StoryChange {
  const seen = new Set(first.newEvents.map(eventKey));
  const newEvents = [...first.newEvents, ...next.newEvents.filter((e) => !seen.has(eventKey(e)))];
  const from = first.articleCount ? first.articleCount.from : next.articleCount?.from ?? null;
  const to = next.articleCount ? next.articleCount.to : first.articleCount?.to ?? null;
  const titleFrom = first.titleChange?.from ?? next.titleChange?.from ?? null;
  return {
    type: first.type === "added" && next.type !== "removed" ? "added" : next.type,
    storyId: next.storyId,
    title: next.title,
    version: next.version,
    previousVersion: first.previousVersion,
    newEvents,
    articleCount: first.articleCount || next.articleCount ? (from === to ? null : { from, to }) : null,
    titleChange: titleFrom !== null && titleFrom !== next.title ? { from: titleFrom, to: next.title } : null,
    ...mergedJoins(first, next),
    at: next.at,
  };
}

/** Reports that joined in either change, each once. */
function mergedJoins(first: StoryChange, next: StoryChange): Pick<StoryChange, "joined"> {
  const joined = [...(first.joined ?? []), ...(next.joined ?? [])].filter((r, i, all) => all.findIndex((o) => o.id === r.id) === i);
  return joined.length ? { joined } : {};
}

/**
 * Holds changes until the library has been quiet for the debounce time, so a burst of edits to one story
 * gives one notice and many stories changing together (a bulk import) are announced together; a batch
 * never waits more than three debounce times after its first change.
 */
export class NoticeBatcher {
  private pending = new Map<string, StoryChange>();
  private firstAt = 0;
  private lastAt = 0;

  constructor(private readonly debounceMs = NOTICE_DEBOUNCE_MS) {}

  add(change: StoryChange, now: number): void {
    const held = this.pending.get(change.storyId);
    if (!this.pending.size) this.firstAt = now;
    this.pending.set(change.storyId, held ? mergeChanges(held, change) : change);
    this.lastAt = now;
  }

  /** Takes out every held change once the batch has settled. */
  takeSettled(now: number): StoryChange[] {
    const at = this.nextSettleAt();
    return at !== undefined && now >= at ? this.takeAll() : [];
  }

  takeAll(): StoryChange[] {
    const all = [...this.pending.values()];
    this.pending.clear();
    return all;
  }

  /** When the held batch settles, if any. */
  nextSettleAt(): number | undefined {
    if (!this.pending.size) return undefined;
    return Math.min(this.lastAt + this.debounceMs, this.firstAt + 3 * this.debounceMs);
  }
}

const eventLine = (event: TimelineEvent, locale: Locale) => truncate(`• ${formatStoryDate(locale, event.date)} – ${event.text}`, NOTICE_EVENT_CHARS);

/** The short notice a chat gets for a (merged) change, in the chat's language; null when there is nothing to say. */
export function noticeReply(change: StoryChange, locale: Locale = "en"): Reply | null {
  if (change.type === "removed") return null;
  const t = translator(locale);
  const lines: string[] = [];
  if (change.titleChange) lines.push(t("title-changed", { title: change.titleChange.from }));
  const count = change.articleCount;
  if (count && count.to !== null) {
    lines.push(count.from === null ? t("notice-articles", { count: count.to }) : t("articles-from-to", { from: formatNumber(locale, count.from), to: formatNumber(locale, count.to) }));
  }
  lines.push(...alsoReportedLines(change.joined ?? [], t));
  const events = [...change.newEvents].reverse();
  if (events.length && change.type !== "added") lines.push(t("notice-new-in-timeline"));
  lines.push(...events.slice(0, NOTICE_EVENTS).map((event) => eventLine(event, locale)));
  if (events.length > NOTICE_EVENTS) lines.push(t("and-more", { count: events.length - NOTICE_EVENTS }));
  if (change.type === "updated" && !lines.length) lines.push(t("notice-edited"));
  return {
    title: t(change.type === "added" ? "notice-title-new" : "notice-title-updated", { title: change.title }),
    blocks: [{ text: lines.join("\n") || t("notice-new-in-library") }],
    footer: `/headline ${change.storyId} · /timeline ${change.storyId}`,
    timestamp: change.at.toISOString(),
    locale,
  };
}

/** What a chat was last told of each story (story id → version), so a version is never announced twice. */
export type Noticed = Record<string, string>;

/** The change from what was last announced (a stored CoveredStory) to the story as it is now. */
export function changeSince(before: CoveredStory | undefined, entry: StoryEntry, at: Date): StoryChange {
  const known = new Set(before?.events);
  const story = entry.story;
  return {
    type: before ? "updated" : "added",
    storyId: story.id,
    title: story.title,
    version: entry.version,
    previousVersion: before?.version ?? null,
    newEvents: story.timeline.filter((e) => !known.has(eventKey(e))),
    articleCount: before && before.articleCount !== story.articleCount ? { from: before.articleCount, to: story.articleCount } : null,
    titleChange: before && before.title !== story.title ? { from: before.title, to: story.title } : null,
    at,
  };
}

/** Stories a grouped notice names before "and N more". */
export const GROUPED_NOTICE_TITLES = 10;

/** One notice for many changed stories at once (a bulk import, a restored backup): "12 stories updated". */
export function groupedNoticeReply(changes: readonly StoryChange[], at: Date, locale: Locale = "en"): Reply {
  const t = translator(locale);
  const lines = changes
    .slice(0, GROUPED_NOTICE_TITLES)
    .map((c) => truncate(`• ${c.title}${c.type === "added" ? ` ${t("notice-new-mark")}` : ""}`, NOTICE_EVENT_CHARS));
  if (changes.length > GROUPED_NOTICE_TITLES) lines.push(t("and-more", { count: changes.length - GROUPED_NOTICE_TITLES }));
  return {
    title: t("notice-grouped-title", { count: changes.length }),
    blocks: [{ text: lines.join("\n") }],
    footer: "/stories · /headline",
    timestamp: at.toISOString(),
    locale,
  };
}
