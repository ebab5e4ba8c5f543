import { alsoReportedLines, lastEvent, outletOf, reportsOf, summaryOf } from "../core/briefing.js";
import { formatDate, formatNumber, formatStoryDate, translator, type Locale, type Translate } from "../core/i18n.js";
import type { StoryEntry } from "../core/library.js";
import { linkOf, type Reply, type TextBlock } from "../core/reply.js";
import type { SubscriptionFilter } from "../core/subscriptions.js";
import type { TimelineEvent } from "../core/story.js";
import { truncate } from "../core/text.js";
import { eventKey } from "../core/story.js";
import { matchesFilter } from "./matching.js";
import type { CoveredStory, Snapshot } from "./records.js";

/** Characters per digest message: under Telegram's 4,096 and a Discord embed's 4,096 after markup. */
export const DIGEST_REPLY_CHARS = 3_000;
/** Characters per story in a digest: under a Discord embed field's 1,024. */
export const DIGEST_STORY_CHARS = 1_000;
/** New timeline events listed per story before "and N more". */
export const DIGEST_EVENTS_PER_STORY = 5;
const SUMMARY_CHARS = 280;
/** A story's heading: under a Discord embed field name's 256. */
const HEADING_CHARS = 200;

export interface DigestOptions {
  maxStories: number;
  whenQuiet: "message" | "skip";
  timezone: string;
  now: Date;
  /** The chat's language (English when absent): every fixed text and date of the digest is in it. */
  locale?: Locale;
}

/** A chat's digest: the replies to send (empty when quiet and skipping) and the library state it covers. */
export interface BuiltDigest {
  replies: Reply[];
  snapshot: Snapshot;
  quiet: boolean;
}

/** What a digest records about each story, to compare against next time. */
export function snapshotOf(entries: readonly StoryEntry[]): Snapshot {
  const snapshot: Snapshot = {};
  for (const entry of entries) {
    const { story, version } = entry;
    const reports = reportsOf(entry);
    snapshot[story.id] = {
      version, title: story.title, articleCount: story.articleCount, events: story.timeline.map(eventKey),
      ...(reports.length > 1 ? { reports: reports.map((r) => r.story.id) } : {}),
    };
  }
  return snapshot;
}

/** A heading's link to the report's page, when the story came from a feed. */
const linked = (url: string | null): { url?: string } => {
  const link = linkOf(url);
  return link ? { url: link } : {};
};

const eventLine = (event: TimelineEvent, locale: Locale) => `• ${formatStoryDate(locale, event.date)} – ${event.text}`;

const articles = (count: number | null, t: Translate): string => (count === null ? "" : t("count-articles", { count }));

/** A story as the first digest (or a new story) shows it. */
function introduce(entry: StoryEntry, isNew: boolean, locale: Locale): TextBlock {
  const t = translator(locale);
  const latest = lastEvent(entry.story);
  const lines = [
    [isNew ? t("digest-new-story") : "", articles(entry.story.articleCount, t), latest ? t("last-moved", { date: formatStoryDate(locale, latest.date) }) : ""].filter(Boolean).join(" · "),
    truncate(summaryOf(entry.story), SUMMARY_CHARS),
    latest ? t("digest-latest", { date: formatStoryDate(locale, latest.date), text: latest.text }) : "",
  ].filter(Boolean);
  return { heading: truncate(entry.story.title, HEADING_CHARS), ...linked(entry.story.url), text: truncate(lines.join("\n"), DIGEST_STORY_CHARS) };
}

/** Only what is new in a story since `before`; null when nothing a reader cares about changed. */
function whatChanged(entry: StoryEntry, before: CoveredStory, locale: Locale): TextBlock | null {
  const t = translator(locale);
  const { story } = entry;
  const lines: string[] = [];
  if (before.title !== story.title) lines.push(t("title-changed", { title: truncate(before.title, HEADING_CHARS) }));
  if (before.articleCount !== story.articleCount && story.articleCount !== null) {
    lines.push(
      before.articleCount === null
        ? t("digest-now-articles", { articles: articles(story.articleCount, t) })
        : t("articles-from-to", { from: formatNumber(locale, before.articleCount), to: formatNumber(locale, story.articleCount) }),
    );
  }
  const reported = new Set(before.reports ?? [story.id]);
  lines.push(...alsoReportedLines(reportsOf(entry).filter((r) => !reported.has(r.story.id)).map((r) => ({ title: r.story.title, outlet: outletOf(r) })), t));
  const known = new Set(before.events);
  const fresh = story.timeline.filter((event) => !known.has(eventKey(event))).reverse();
  if (fresh.length) {
    lines.push(t("digest-new-in-timeline", { count: fresh.length }));
    lines.push(...fresh.slice(0, DIGEST_EVENTS_PER_STORY).map((event) => eventLine(event, locale)));
    if (fresh.length > DIGEST_EVENTS_PER_STORY) lines.push(t("digest-more-events", { count: fresh.length - DIGEST_EVENTS_PER_STORY, id: story.id }));
  }
  if (!lines.length) return null;
  return { heading: truncate(story.title, HEADING_CHARS), ...linked(story.url), text: truncate(lines.join("\n"), DIGEST_STORY_CHARS) };
}

/** `24 Nov 2026` (`24 nov. 2026` in French) in the chat's zone. */
export const formatDay = (at: Date, zone: string, locale: Locale = "en"): string =>
  formatDate(locale, at, "shortDay", zone);

/** Packs story blocks into as few replies as the per-message budget allows, keeping their order. */
export function packDigest(title: string, blocks: TextBlock[], footer?: string, locale?: Locale): Reply[] {
  const pages: TextBlock[][] = [[]];
  let used = title.length;
  for (const block of blocks) {
    const size = (block.heading?.length ?? 0) + block.text.length + 2;
    if (pages.at(-1)!.length && used + size > DIGEST_REPLY_CHARS) {
      pages.push([]);
      used = title.length + 8;
    }
    pages.at(-1)!.push(block);
    used += size;
  }
  return pages.map((page, i) => ({
    title: pages.length > 1 ? `${title} (${i + 1}/${pages.length})` : title,
    blocks: page,
    ...(footer && i === pages.length - 1 ? { footer } : {}),
    ...(locale ? { locale } : {}),
  }));
}

/**
 * Builds a chat's digest: against `before` (its last digest's snapshot) only what changed, without
 * one the current stories; newest first, up to `maxStories`, the rest counted in the footer.
 */
export function buildDigest(
  entries: readonly StoryEntry[],
  filter: SubscriptionFilter | null,
  before: { snapshot: Snapshot; at: Date } | null,
  options: DigestOptions,
): BuiltDigest {
  const { locale = "en" } = options;
  const t = translator(locale);
  const snapshot = snapshotOf(entries);
  const title = t("digest-title", { day: formatDay(options.now, options.timezone, locale) });
  const relevant = entries.filter((entry) => matchesFilter(entry, filter));
  let blocks: TextBlock[];
  /** Stories left out beyond `maxStories`. */
  let more: number;
  if (!before) {
    blocks = relevant.slice(0, options.maxStories).map((entry) => introduce(entry, false, locale));
    more = relevant.length - blocks.length;
  } else {
    // Only what changed, newest first, up to maxStories like the first digest: a library fed by
    // hundreds of feeds changes by hundreds of stories a day, too many for a digest to be read.
    blocks = [];
    more = 0;
    for (const entry of relevant) {
      const covered = before.snapshot[entry.story.id];
      if (covered?.version === entry.version) continue;
      if (blocks.length >= options.maxStories) {
        // Past the limit: counted when it has something to tell, as a listed story would.
        if (!covered || whatChanged(entry, covered, locale)) more++;
        continue;
      }
      const block = covered ? whatChanged(entry, covered, locale) : introduce(entry, true, locale);
      if (block) blocks.push(block);
    }
  }
  if (blocks.length) {
    const footer = more > 0 ? t("digest-more-stories", { count: more }) : undefined;
    return { replies: packDigest(title, blocks, footer, locale), snapshot, quiet: false };
  }
  const line = before ? t("digest-quiet-since", { day: formatDay(before.at, options.timezone, locale) }) : t("stories-none");
  return { replies: options.whenQuiet === "skip" ? [] : [{ title, blocks: [{ text: line }], locale }], snapshot, quiet: true };
}
