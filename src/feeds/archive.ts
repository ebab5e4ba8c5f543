import { z } from "zod";
import type { Logger } from "../core/log.js";
import { StorySchema } from "../core/story.js";
import { parseOrSetAside } from "../subscriptions/records.js";
import type { Keyspace, Store, StoreWrite } from "../subscriptions/store.js";
import { newFeedState, type FeedState } from "./health.js";
import type { Report } from "./report.js";
import { UNDATED_REPORT_WARNING } from "../core/coverage/from-reports.js";

/** A report as stored: the report, what it looked like (hash), when it was first seen. */
export interface StoredReport {
  report: Report;
  hash: string;
  firstSeen: string;
}

/**
 * One line of a feed's index: an item kept, what it looked like (hash), when it was first seen, and
 * when it was published (for keepDays, without reading the report); `undated` when the feed gave it no
 * date (its first sighting is its publication time).
 */
export interface ItemEntry {
  id: string;
  hash: string;
  firstSeen: string;
  published: string | null;
  undated?: true;
}

/** A feed's index as stored (checked when read: a record that does not fit is set aside, see parseOrSetAside). */
const ItemIndex = z.array(
  z.object({ id: z.string(), hash: z.string(), firstSeen: z.string(), published: z.string().nullable(), undated: z.literal(true).optional() }),
);

/** A feed's reports in the one-record layout of before (`reports:<url>`). */
const LegacyReports = z.array(z.object({ report: StorySchema, hash: z.string(), firstSeen: z.string() }));

const DAY_MS = 86_400_000;

/** The index line of a stored report. */
export const entryOf = ({ report, hash, firstSeen }: StoredReport): ItemEntry => ({
  id: report.id,
  hash,
  firstSeen,
  published: report.published,
  ...(report.warnings.includes(UNDATED_REPORT_WARNING) ? { undated: true as const } : {}),
});

/**
 * Feed state and reports in the store's `feeds` namespace (SQLite by default, Redis for a fleet):
 * `state:<url>`, `items:<url>` (the feed's index: one line per item kept) and `report:<url> <id>` (one
 * report each; a URL holds no space). A read that brings one new item writes that report and the index,
 * not the feed's every report again. Everything expires keepDays after its last write, so a feed
 * removed from the configuration leaves nothing behind; a report leaves the index (and the store) once
 * it was published more than keepDays ago.
 *
 * Herald once kept a feed's reports as one record, `reports:<url>`: such a record is moved to this
 * layout the first time the feed is read.
 *
 * An index or a report that does not parse (a damaged store) is set aside in the `quarantine`
 * namespace with one warning, and the feed goes on without it: its next request is made unconditional
 * so the feed sends what was lost again, and what comes back is kept quietly (a lost index makes that
 * read count as the feed's first; a lost report's item comes back as an update).
 */
export class ReportArchive {
  private readonly space: Keyspace;

  constructor(
    private readonly store: Store,
    private readonly keepDays: number,
    private readonly log: Logger,
  ) {
    this.space = store.space("feeds");
  }

  private get ttlMs(): number {
    return this.keepDays * DAY_MS;
  }

  async state(url: string): Promise<FeedState> {
    const stored = (await this.space.get(`state:${url}`)) as FeedState | undefined;
    return stored ? { ...newFeedState(url), ...stored } : newFeedState(url);
  }

  saveState(state: FeedState): Promise<void> {
    return this.space.set(`state:${state.url}`, state, this.ttlMs);
  }

  /** Saves many feeds' states in one batch (one statement on SQLite). */
  saveStates(states: readonly FeedState[]): Promise<void> {
    return this.store.batch(states.map((state) => ({ space: "feeds" as const, key: `state:${state.url}`, value: state, ttlMs: this.ttlMs })));
  }

  /** The feed's index: every item kept, without its report. */
  async index(url: string): Promise<ItemEntry[]> {
    const key = `items:${url}`;
    const stored = await this.space.get(key);
    if (stored === undefined) return this.moveLegacy(url);
    const index = await parseOrSetAside(this.store, "feeds", key, stored, ItemIndex, this.log);
    // Every item of the feed is unknown now: its next read is taken as a first one (kept quietly).
    if (!index) await this.forgetValidators(url, true);
    return index ?? [];
  }

  /** The reports of these index lines (those whose record is gone are left out). */
  async reportsOf(url: string, entries: readonly ItemEntry[]): Promise<StoredReport[]> {
    if (!entries.length) return [];
    const keys = entries.map((e) => reportKey(url, e.id));
    const stored = await this.space.getMany(keys);
    const reports: StoredReport[] = [];
    for (const [i, entry] of entries.entries()) {
      const report = await parseOrSetAside(this.store, "feeds", keys[i]!, stored[i], StorySchema, this.log);
      if (report) reports.push({ report, hash: entry.hash, firstSeen: entry.firstSeen });
    }
    if (reports.length < entries.length) await this.forgetValidators(url, false);
    return reports;
  }

  /**
   * Keeps new and changed reports of a feed (an item already kept keeps its first sighting, else it is
   * `seenAt`): writes each of them and the feed's index, in one batch, and drops from both whatever was
   * published more than keepDays before `now`. Returns the reports written.
   */
  async saveReports(url: string, changed: readonly { report: Report; hash: string }[], seenAt: string, now: Date): Promise<StoredReport[]> {
    const index = new Map((await this.index(url)).map((e) => [e.id, e]));
    const written: StoredReport[] = [];
    const writes: StoreWrite[] = [];
    for (const { report, hash } of changed) {
      const kept = { report, hash, firstSeen: index.get(report.id)?.firstSeen ?? seenAt };
      index.set(report.id, entryOf(kept));
      written.push(kept);
      writes.push({ space: "feeds", key: reportKey(url, report.id), value: report, ttlMs: this.ttlMs });
    }
    for (const [id, entry] of index) {
      if (this.isFresh(entry.published, now)) continue;
      index.delete(id);
      writes.push({ space: "feeds", key: reportKey(url, id) });
    }
    writes.push({ space: "feeds", key: `items:${url}`, value: [...index.values()], ttlMs: this.ttlMs });
    await this.store.batch(writes);
    return written.filter((r) => index.has(r.report.id));
  }

  /** Within keepDays of `now` (by publication time). */
  isFresh(published: string | null, now: Date): boolean {
    return now.getTime() - Date.parse(published ?? "") <= this.ttlMs;
  }

  /**
   * Makes the feed's next request unconditional (no ETag, no Last-Modified), so a feed that lost
   * reports in the store sends them again instead of "not modified"; `asFirstRead`: and takes that
   * read as a feed's first (its items a backlog, not news). Read the state after this.
   */
  private async forgetValidators(url: string, asFirstRead: boolean): Promise<void> {
    const state = await this.state(url);
    await this.saveState({ ...state, etag: null, lastModified: null, ...(asFirstRead ? { lastSuccess: null } : {}) });
  }

  /**
   * A feed kept as one record (`reports:<url>`) by an earlier Herald: its reports moved to one record
   * each and an index, in one batch, at the first read. Returns the index (empty for a feed never read).
   */
  private async moveLegacy(url: string): Promise<ItemEntry[]> {
    const key = `reports:${url}`;
    const reports = await parseOrSetAside(this.store, "feeds", key, await this.space.get(key), LegacyReports, this.log);
    if (!reports) return [];
    const index = reports.map(entryOf);
    await this.store.batch([
      ...reports.map(({ report }) => ({ space: "feeds" as const, key: reportKey(url, report.id), value: report, ttlMs: this.ttlMs })),
      { space: "feeds", key: `items:${url}`, value: index, ttlMs: this.ttlMs },
      { space: "feeds", key: `reports:${url}` },
    ]);
    return index;
  }
}

const reportKey = (url: string, id: string): string => `report:${url} ${id}`;
