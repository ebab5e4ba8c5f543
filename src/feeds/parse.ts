import { parseFeed } from "feedsmith";
import { HeraldError } from "../core/errors.js";
import { feedProblem, type FeedProblem } from "./problem.js";

/** The formats Herald reads, as feedsmith names them. */
export const FEED_FORMATS = ["rss", "rdf", "atom", "json"] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/** One item of a feed, before it becomes a report: links resolved, dates read, HTML still HTML. */
export interface FeedEntry {
  /** The item's GUID or id, when it has one. */
  guid: string | null;
  /** Absolute URL of the item's page. */
  link: string | null;
  /** Title as HTML (titles may carry entities and markup). */
  titleHtml: string;
  /** The short description or summary. */
  summaryHtml: string | null;
  /** The full content, when the feed carries it. */
  contentHtml: string | null;
  /** ISO 8601, or null when the item gives no readable date. */
  published: string | null;
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  /** The site's home page, absolute. */
  link: string | null;
  entries: FeedEntry[];
}

// feedsmith's types are wide (every namespace of every format); Herald reads a few fields of each.
type Text = string | { value?: string } | undefined;
type Link = { href?: string; rel?: string };
interface AnyItem {
  title?: Text;
  link?: string;
  links?: Link[];
  url?: string;
  id?: string;
  guid?: string | { value?: string };
  description?: string;
  summary?: Text;
  content?: Text | { encoded?: string };
  content_html?: string;
  content_text?: string;
  pubDate?: string;
  published?: string;
  updated?: string;
  date_published?: string;
  date_modified?: string;
  dc?: { date?: string; dates?: string[] };
  rdf?: { about?: string };
  xml?: { base?: string };
}
interface AnyFeed extends AnyItem {
  items?: AnyItem[];
  entries?: AnyItem[];
  home_page_url?: string;
}

const textOf = (value: Text): string | null => (typeof value === "string" ? value : (value?.value ?? null)) || null;

/** An Atom `<link>` pointing at the item's page: rel="alternate" or no rel. */
const alternate = (links: Link[] | undefined): string | undefined => links?.find((l) => !l.rel || l.rel === "alternate")?.href;

function resolve(href: string | undefined | null, base: string): string | null {
  if (!href) return null;
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return null;
  }
}

function isoDate(...candidates: (string | undefined)[]): string | null {
  for (const text of candidates) {
    if (!text) continue;
    const ms = Date.parse(text.trim());
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  return null;
}

function entryOf(format: FeedFormat, item: AnyItem, feedBase: string): FeedEntry {
  const base = resolve(item.xml?.base, feedBase) ?? feedBase;
  const guid = typeof item.guid === "string" ? item.guid : (item.guid?.value ?? item.id ?? item.rdf?.about ?? null);
  const content = item.content as { encoded?: string } | Text;
  const contentHtml =
    format === "json"
      ? (item.content_html ?? (item.content_text ? escapeText(item.content_text) : null))
      : format === "atom"
        ? textOf(content as Text)
        : ((content as { encoded?: string } | undefined)?.encoded ?? null);
  return {
    guid: guid?.trim() || null,
    link: resolve(format === "atom" ? alternate(item.links) : format === "json" ? item.url : item.link, base),
    titleHtml: textOf(item.title) ?? "",
    summaryHtml: (format === "atom" || format === "json" ? textOf(item.summary) : item.description) ?? null,
    contentHtml: contentHtml || null,
    published: isoDate(item.pubDate, item.published, item.date_published, item.dc?.date, item.dc?.dates?.[0], item.updated, item.date_modified),
  };
}

/** Plain text as HTML, so every content goes through one HTML-to-text path. */
const escapeText = (text: string): string =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .split(/\n+/)
    .map((p) => `<p>${p}</p>`)
    .join("");

/** Why a body is not a feed, in words for the operator (and, through the catalogue, for a chat). */
function notAFeed(text: string): FeedProblem {
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  if (head.startsWith("<!doctype html") || head.startsWith("<html") || /^<\?xml[^>]*>\s*<html/.test(head)) return feedProblem({ id: "feed-problem-html" });
  if (/<(rss|feed|rdf:rdf)\b/.test(head)) return feedProblem({ id: "feed-problem-malformed-xml" });
  if (head.startsWith("{") || head.startsWith("[")) return feedProblem({ id: "feed-problem-json" });
  if (head === "") return feedProblem({ id: "feed-problem-empty" });
  return feedProblem({ id: "feed-problem-unknown-format" });
}

/**
 * Parses an RSS 2.0, RSS 1.0, Atom 1.0 or JSON Feed 1.x document fetched from `feedUrl`.
 * Throws HeraldError("bad_feed") with a reason such as "not a feed (the server sent an HTML page)".
 */
export function parseFeedText(text: string, feedUrl: string): ParsedFeed {
  let parsed: { format: string; feed: unknown };
  try {
    parsed = parseFeed(text) as { format: string; feed: unknown };
  } catch (cause) {
    const { reason, problem } = notAFeed(text);
    throw new HeraldError("bad_feed", reason, { cause, text: problem });
  }
  const format = parsed.format as FeedFormat;
  const feed = parsed.feed as AnyFeed;
  const link = resolve(format === "atom" ? alternate(feed.links) : format === "json" ? feed.home_page_url : feed.link, resolve(feed.xml?.base, feedUrl) ?? feedUrl);
  // Relative item links resolve against xml:base, else the site's link, else the feed's own URL.
  const feedBase = resolve(feed.xml?.base, feedUrl) ?? link ?? feedUrl;
  const items = (format === "atom" ? feed.entries : feed.items) ?? [];
  return { format, title: textOf(feed.title), link, entries: items.map((item) => entryOf(format, item, feedBase)) };
}
