import type { Keyspace, Store } from "../subscriptions/store.js";
import { newFeedState, type FeedState } from "./health.js";
import type { Report } from "./report.js";

/** A report as stored: the report, what it looked like (hash), when it was first seen. */
export interface StoredReport {
  report: Report;
  hash: string;
  firstSeen: string;
}

const DAY_MS = 86_400_000;

/**
 * Feed state and reports in the store's `feeds` namespace (SQLite by default, Redis for a fleet):
 * `state:<url>` and `reports:<url>` (every report of the feed seen within keepDays). Both expire
 * keepDays after the last write, so a feed removed from the configuration leaves nothing behind.
 */
export class ReportArchive {
  private readonly space: Keyspace;

  constructor(
    private readonly store: Store,
    private readonly keepDays: number,
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

  async reports(url: string): Promise<StoredReport[]> {
    return ((await this.space.get(`reports:${url}`)) as StoredReport[] | undefined) ?? [];
  }

  /** Saves a feed's reports, dropping those published more than keepDays before `now`. */
  async saveReports(url: string, reports: StoredReport[], now: Date): Promise<StoredReport[]> {
    const kept = reports.filter((r) => this.isFresh(r.report, now));
    await this.space.set(`reports:${url}`, kept, this.ttlMs);
    return kept;
  }

  /** Within keepDays of `now` (by publication time). */
  isFresh(report: Report, now: Date): boolean {
    return now.getTime() - Date.parse(report.published ?? "") <= this.ttlMs;
  }
}
