import { HeraldError, type LocalText } from "../core/errors.js";
import type { FeedClient, Validators } from "./client.js";
import { decodeBody } from "./decode.js";
import { fetchArticle } from "./page.js";
import { parseFeedText, type ParsedFeed } from "./parse.js";
import { entryHash, entryText, itemKey, outletsOf, reportId, SHORT_SUMMARY_CHARS, toReport, type Report } from "./report.js";

/** What one read of a feed gives. */
export type FeedRead =
  | {
      kind: "read";
      title: string | null;
      format: ParsedFeed["format"];
      /** Reports of the items that are new or changed (every item when `known` is not given). */
      reports: Report[];
      /** Each item's fingerprint (of the feed's own text), by report id, in feed order. */
      hashes: Map<string, string>;
      etag: string | null;
      lastModified: string | null;
    }
  | { kind: "not-modified" }
  /** `reason` in English for the logs; `problem` the same as a catalogue message, for a chat (see problem.ts). */
  | { kind: "failed"; reason: string; problem?: LocalText; retryAfterMs?: number; gone?: boolean };

export interface ReadOptions {
  /** The outlet readers see: the configured name, else the feed's title. */
  name?: string | null;
  validators?: Validators;
  /** Fetch the page of an item that carries only a short summary (a function: only for the reports it names). */
  fetchPages?: boolean | ((reportId: string) => boolean);
  /** When the feed was read: the date of undated items seen for the first time. */
  now?: Date;
  /** The date an item was first seen, when known (so an undated item keeps its first date). */
  firstSeen?: (reportId: string) => string | undefined;
  /** Whether an item had this fingerprint on the last read: then it is not turned into a report again. */
  unchanged?: (reportId: string, hash: string) => boolean;
}

/** Fetches and parses a feed into reports, one per item (duplicates dropped, first one kept). */
export async function readFeed(client: FeedClient, feedUrl: string, options: ReadOptions = {}): Promise<FeedRead> {
  const outcome = await client.fetch(feedUrl, options.validators);
  if (outcome.kind !== "fetched") return outcome;
  let parsed: ParsedFeed;
  try {
    parsed = parseFeedText(decodeBody(outcome.body, outcome.contentType), outcome.url);
  } catch (err) {
    if (err instanceof HeraldError) return { kind: "failed", reason: err.message, ...(err.text ? { problem: err.text } : {}) };
    throw err;
  }
  const outlet = options.name || parsed.title || new URL(feedUrl).hostname;
  const outlets = outletsOf(outlet);
  const now = (options.now ?? new Date()).toISOString();
  const reports: Report[] = [];
  const hashes = new Map<string, string>();
  for (const entry of parsed.entries) {
    const id = reportId(itemKey(entry, feedUrl));
    if (hashes.has(id)) continue;
    const hash = entryHash(entry, outlet);
    hashes.set(id, hash);
    // Turning HTML into text is most of a read's cost: skip the items that did not change.
    if (options.unchanged?.(id, hash)) continue;
    const draft = toReport(entry, { feedUrl, outlet, outlets, firstSeen: now });
    const firstSeen = options.firstSeen?.(draft.id);
    let report = firstSeen && !entry.published ? { ...draft, published: firstSeen } : draft;
    const fetchPage = typeof options.fetchPages === "function" ? options.fetchPages(draft.id) : options.fetchPages;
    if (fetchPage && entry.link) {
      const { summary, content } = entryText(entry);
      if (!content.length && summary.join(" ").length < SHORT_SUMMARY_CHARS) {
        const pageText = await fetchArticle(client, entry.link);
        if (pageText) report = { ...toReport(entry, { feedUrl, outlet, outlets, firstSeen: report.published!, pageText }), warnings: report.warnings };
      }
    }
    reports.push(report);
  }
  return { kind: "read", title: parsed.title, format: parsed.format, reports, hashes, etag: outcome.etag, lastModified: outcome.lastModified };
}
