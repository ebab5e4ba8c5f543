import { hash } from "node:crypto";
import { UNDATED_REPORT_WARNING } from "../core/coverage/from-reports.js";
import type { Story } from "../core/story.js";
import { BoundedMap, compareCodeUnits, ownCopy } from "../core/text.js";
import type { FeedEntry } from "./parse.js";
import { htmlToLine, htmlToParagraphs } from "./text.js";

/** A feed item as a Story model of kind `article`, with its origin (url, published, outlet, feed). */
export type Report = Story;

/** Query parameters that track a click and do not change the page. */
const TRACKING = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|xtor)$/i;

/** The link without tracking parameters or fragment, so two copies of one item meet. */
export function canonicalLink(link: string): string {
  const url = new URL(link);
  url.hash = "";
  for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
  return url.href;
}

/**
 * What makes an item the same item: a GUID that names itself globally (a URL, `tag:`, `urn:`) on its
 * own, a feed-local GUID (`42`) with its feed, else the canonical link, else feed and title.
 */
export function itemKey(entry: FeedEntry, feedUrl: string): string {
  if (entry.guid) return /^[a-z][a-z0-9+.-]*:/i.test(entry.guid) ? entry.guid : `${feedUrl} ${entry.guid}`;
  if (entry.link) return canonicalLink(entry.link);
  return `${feedUrl} ${entry.titleHtml}`;
}

/** Short and stable: `f` and 15 characters of the key's hash (base 36 digits and letters). */
export function reportId(key: string): string {
  const digest = hash("sha256", key, "buffer");
  return `f${digest.readBigUInt64BE(0).toString(36).padStart(13, "0")}${digest.readUInt16BE(8).toString(36).padStart(2, "0").slice(-2)}`;
}

/** An item is "short" when it carries less text than this and no full content: its page is worth fetching. */
export const SHORT_SUMMARY_CHARS = 400;

/** Text of an entry: content paragraphs when the feed has them, else the summary's. */
export function entryText(entry: FeedEntry): { summary: string[]; content: string[] } {
  return {
    summary: entry.summaryHtml ? htmlToParagraphs(entry.summaryHtml) : [],
    content: entry.contentHtml ? htmlToParagraphs(entry.contentHtml) : [],
  };
}

export interface ReportSource {
  feedUrl: string;
  outlet: string | null;
  /** `[outlet]`, made once per read and shared by its reports (made for this report when absent). */
  outlets?: string[];
  /** When the item was first seen: the publication time of an undated item. */
  firstSeen: string;
  /** Article text fetched from the item's page, when there is some. */
  pageText?: string[] | null;
}

/**
 * Lists many reports hold alike, one copy each: reports are copied, never changed in place, and
 * 25,000 reports held one empty list of images (and of warnings) each. Frozen, so a change in place fails loudly.
 */
export const NONE = Object.freeze([]) as never[];
const UNDATED = Object.freeze([UNDATED_REPORT_WARNING]) as string[];

/** `[outlet]`: one frozen list per outlet, shared by all its reports (each held one, read or stored). */
const outletLists = new Map<string, string[]>();
const OUTLET_LISTS_KEPT = 4_096;
export function outletsOf(outlet: string | null): string[] {
  if (!outlet) return NONE;
  let list = outletLists.get(outlet);
  if (!list) {
    if (outletLists.size >= OUTLET_LISTS_KEPT) outletLists.clear();
    outletLists.set(outlet, (list = Object.freeze([outlet]) as string[]));
  }
  return list;
}

/** One feed item as a report. */
export function toReport(entry: FeedEntry, source: ReportSource): Report {
  const { summary, content } = entryText(entry);
  const body = content.length ? content : source.pageText?.length ? source.pageText : summary;
  const dekText = body === summary ? null : summary.join(" ") || null;
  const title = htmlToLine(entry.titleHtml) || (summary[0] ?? body[0] ?? "").slice(0, 120) || "(untitled)";
  return {
    id: reportId(itemKey(entry, source.feedUrl)),
    kind: "article",
    title,
    dek: dekText && !body.join(" ").startsWith(dekText) ? dekText : null,
    articleCount: null,
    relatedCount: null,
    sections: body.length ? [{ heading: null, text: body.join("\n\n"), citations: [] }] : [],
    timeline: NONE,
    images: NONE,
    outlets: source.outlets ?? outletsOf(source.outlet),
    warnings: entry.published ? NONE : UNDATED,
    url: entry.link,
    published: entry.published ?? source.firstSeen,
    outlet: source.outlet,
    feed: source.feedUrl,
  };
}

/**
 * Values that reports share, one copy each (outlet names and their lists, feed URLs, first-seen
 * times): parsed from the store, every report held its own. Used while loading, then dropped; the
 * library's report entries keep one for as long as they live.
 */
export class SharedValues {
  private readonly strings: BoundedMap<string>;

  /** At most `kept` strings are remembered (all forgotten past the bound). */
  constructor(kept = 10_000) {
    this.strings = new BoundedMap(kept);
  }

  /** One copy of `value`, a copy of its own (not a view into a longer text, see `ownCopy`). */
  string(value: string): string {
    return this.strings.get(value, () => ownCopy(value));
  }

  /** The report with shared copies of what other reports hold alike. */
  report(report: Report): Report {
    const outlets = report.outlets.length === 1 ? outletsOf(this.string(report.outlets[0]!)) : report.outlets.length ? report.outlets : NONE;
    const undated = report.warnings.length === 1 && report.warnings[0] === UNDATED_REPORT_WARNING;
    return {
      ...report,
      outlet: report.outlet === null ? null : this.string(report.outlet),
      outlets,
      feed: report.feed ? this.string(report.feed) : report.feed,
      timeline: report.timeline.length ? report.timeline : NONE,
      images: report.images.length ? report.images : NONE,
      warnings: undated ? UNDATED : report.warnings.length ? report.warnings : NONE,
    };
  }
}

/** Newest first; equal times by id, so the order never depends on the feed's. */
export const newestFirst = (a: Report, b: Report): number => compareCodeUnits(b.published ?? "", a.published ?? "") || compareCodeUnits(a.id, b.id);

/**
 * Hashes are kept per report (the poller's fingerprint, the library's version): 12 bytes are the same
 * 16 characters as slicing the whole digest's text, without a sliced string holding the whole text.
 */
const SHORT_HASH_BYTES = 12;

/** A fingerprint of an item as the feed wrote it: when it changes, the item was updated. */
export const entryHash = (entry: FeedEntry, outlet: string): string =>
  hash("sha1", JSON.stringify([entry.guid, entry.link, entry.titleHtml, entry.summaryHtml, entry.contentHtml, entry.published, outlet]), "buffer").toString("base64url", 0, SHORT_HASH_BYTES);

/** A digest of what a reader sees of a report (the library's version of its story). */
export const contentHash = (report: Report): string =>
  hash("sha256", JSON.stringify([report.title, report.dek, report.sections.map((s) => s.text), report.url]), "buffer").toString("base64url", 0, SHORT_HASH_BYTES);
