import type { StoryChange } from "../core/library.js";
import type { TimelineEvent } from "../core/story.js";
import type { Reply } from "../core/reply.js";
import { alsoReportedLines } from "../core/briefing.js";
import { truncate } from "../core/text.js";
import { eventKey } from "./matching.js";

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

/** Holds changes per story until they settle for NOTICE_DEBOUNCE_MS. */
export class NoticeBatcher {
  private pending = new Map<string, { change: StoryChange; lastAt: number }>();

  constructor(private readonly debounceMs = NOTICE_DEBOUNCE_MS) {}

  add(change: StoryChange, now: number): void {
    const held = this.pending.get(change.storyId);
    this.pending.set(change.storyId, { change: held ? mergeChanges(held.change, change) : change, lastAt: now });
  }

  /** Takes out the changes that have been quiet long enough. */
  takeSettled(now: number): StoryChange[] {
    const settled: StoryChange[] = [];
    for (const [id, held] of this.pending) {
      if (now - held.lastAt >= this.debounceMs) {
        this.pending.delete(id);
        settled.push(held.change);
      }
    }
    return settled;
  }

  /** When the earliest held change settles, if any. */
  nextSettleAt(): number | undefined {
    let next: number | undefined;
    for (const held of this.pending.values()) next = Math.min(next ?? Infinity, held.lastAt + this.debounceMs);
    return next;
  }
}

const eventLine = (event: TimelineEvent) => truncate(`• ${event.date.text} – ${event.text}`, NOTICE_EVENT_CHARS);

/** The short notice a chat gets for a (merged) change; null when there is nothing to say. */
export function noticeReply(change: StoryChange): Reply | null {
  if (change.type === "removed") return null;
  const lines: string[] = [];
  if (change.titleChange) lines.push(`Title changed (was “${change.titleChange.from}”).`);
  const count = change.articleCount;
  if (count && count.to !== null) lines.push(count.from === null ? `${count.to} articles.` : `Articles: ${count.from} → ${count.to}.`);
  lines.push(...alsoReportedLines(change.joined ?? []));
  const events = [...change.newEvents].reverse();
  if (events.length && change.type !== "added") lines.push(`New in the timeline:`);
  lines.push(...events.slice(0, NOTICE_EVENTS).map(eventLine));
  if (events.length > NOTICE_EVENTS) lines.push(`…and ${events.length - NOTICE_EVENTS} more.`);
  if (change.type === "updated" && !lines.length) lines.push("The story was edited.");
  return {
    title: `${change.type === "added" ? "New story" : "Updated"}: ${change.title}`,
    blocks: [{ text: lines.join("\n") || "A new story is in the library." }],
    footer: `/headline ${change.storyId} · /timeline ${change.storyId}`,
    timestamp: change.at.toISOString(),
  };
}
