import type { Config, FeedSource } from "../core/config.js";
import type { LocalText } from "../core/errors.js";
import type { Logger } from "../core/log.js";
import type { Metrics } from "../core/metrics.js";
import type { Store } from "../subscriptions/store.js";
import { entryOf, ReportArchive, type ItemEntry } from "./archive.js";
import type { FeedClient } from "./client.js";
import { backoffMs, healthOf, type FeedState, type Health } from "./health.js";
import { feedProblem } from "./problem.js";
import { readFeed } from "./reader.js";
import { SharedValues, type Report } from "./report.js";
import { hash30 } from "../core/text.js";

/** What one read of a feed changed, for whoever keeps the stories. */
export interface ReportChanges {
  added: Report[];
  updated: Report[];
  /** False on a feed's first read (its backlog is not news) and when an instance catches up on another's read. */
  announce: boolean;
}

/** Where reports go: the library (grouping them into stories). */
export interface ReportSink {
  /** Reports known before this process started (from the store): nothing is announced. */
  load(reports: Report[]): void;
  apply(changes: ReportChanges): void;
}

/** One line of `/feeds`. */
export interface FeedStatus {
  url: string;
  outlet: string;
  lastSuccess: string | null;
  items: number;
  health: Health;
  /** The last failure, or a note such as "rewrites every item on each read", in English. */
  note: string | null;
  /** `note` as a catalogue message, for a chat in its language; absent when only the English is known. */
  problem?: LocalText | null;
}

/**
 * What each item of a feed looked like when last read (a 30-bit hash of its hash), and, for an item
 * the feed gives no date, when it was first seen (its publication time). A dated item's first sighting
 * is not needed again: an object of both per item was 40 bytes a report; the hash as a string, 32
 * bytes. Two versions of one item whose hashes share 30 bits (one change in a billion) would be taken
 * as unchanged until the item changes again.
 */
class SeenItems {
  private readonly hashes = new Map<string, number>();
  private readonly undatedSeen = new Map<string, string>();

  /** What each stored item looked like; first-seen times through `shared` when given (items first seen in one poll share a time). */
  static of(entries: readonly ItemEntry[], shared?: SharedValues): SeenItems {
    const seen = new SeenItems();
    for (const e of entries) seen.set(shared ? { ...e, firstSeen: shared.string(e.firstSeen) } : e);
    return seen;
  }

  has(id: string): boolean {
    return this.hashes.has(id);
  }

  /** Whether the item looked like this (`hash`) when last read. */
  unchanged(id: string, hash: string): boolean {
    return this.hashes.get(id) === hash30(hash);
  }

  /** An item whose report is gone: known, but unlike whatever the feed sends for it next. */
  lost(id: string): void {
    this.hashes.set(id, -1);
  }

  firstSeen(id: string): string | undefined {
    return this.undatedSeen.get(id);
  }

  /** Remembers an item as read (its index line). */
  set({ id, hash, firstSeen, undated }: ItemEntry): void {
    this.hashes.set(id, hash30(hash));
    if (!undated) this.undatedSeen.delete(id);
    // The time already held stays (the store's copy of it is a string of its own).
    else if (this.undatedSeen.get(id) !== firstSeen) this.undatedSeen.set(id, firstSeen);
  }
}

/** How early, in minutes, a tick may poll a feed before its next time. */
const DUE_SLACK_MINUTES = 0.1;
/** Feeds fetched at once in a poll cycle (one per host at a time anyway: the client serialises hosts). */
const POLL_CONCURRENCY = 16;
/** A read where every item is new and the feed has at least this many is a feed churning its ids, not news. */
const CHURN_MIN_ITEMS = 5;

export interface FeedPollerOptions {
  sources: FeedSource[];
  settings: Config["feeds"];
  store: Store;
  client: FeedClient;
  sink: ReportSink;
  log: Logger;
  now?: () => Date;
  random?: () => number;
  /** Length of one of `everyMinutes`' minutes (tests shorten it). */
  minuteMs?: number;
  metrics?: Metrics;
}

/**
 * Polls every configured feed on its own interval, from the scheduler's tick. With a shared store
 * (Redis) one instance polls a feed per interval (the store's claim); the others pick up its reports
 * from the store on their next tick.
 */
export class FeedPoller {
  private readonly archive: ReportArchive;
  private readonly states = new Map<string, FeedState>();
  /** Per feed, what each item looked like when last read (not the reports: the library holds those). */
  private readonly known = new Map<string, SeenItems>();
  private readonly now: () => Date;
  private running: Promise<void> | null = null;

  constructor(private readonly options: FeedPollerOptions) {
    this.archive = new ReportArchive(options.store, options.settings.keepDays, options.log);
    this.now = options.now ?? (() => new Date());
  }

  get sources(): readonly FeedSource[] {
    return this.options.sources;
  }

  /** Loads every feed's state and reports from the store and hands the reports to the sink, unannounced. */
  async start(): Promise<void> {
    const loaded: Report[] = [];
    const now = this.now();
    const shared = new SharedValues();
    for (const source of this.options.sources) {
      // The reports first: one the store lost makes the feed's next request unconditional (its state).
      const index = (await this.archive.index(source.url)).filter((e) => this.archive.isFresh(e.published, now));
      const reports = await this.archive.reportsOf(source.url, index);
      this.states.set(source.url, await this.archive.state(source.url));
      const seen = SeenItems.of(index, shared);
      // An item whose report the store lost is known but never unchanged: it comes back as an update.
      if (reports.length < index.length) {
        const loaded = new Set(reports.map((r) => r.report.id));
        for (const e of index) if (!loaded.has(e.id)) seen.lost(e.id);
      }
      this.known.set(source.url, seen);
      loaded.push(...reports.map((r) => shared.report(this.withOutlet(source, r.report))));
    }
    this.options.sink.load(loaded);
    if (this.options.sources.length) this.options.log.info(`feeds: following ${this.options.sources.length} feeds (${loaded.length} reports kept from before)`);
  }

  /** Polls the feeds that are due; a cycle still running is not doubled. */
  tick(): Promise<void> {
    this.running ??= this.pollDue().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Resolves when no poll cycle is running. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async pollDue(): Promise<void> {
    const now = this.now();
    // A tick can fire a few milliseconds before the minute a feed was scheduled for: without some slack
    // the feed waited a whole tick more (every 2 minutes instead of every minute).
    const slackMs = (this.options.minuteMs ?? 60_000) * DUE_SLACK_MINUTES;
    const due = this.options.sources.filter((s) => {
      const state = this.states.get(s.url);
      return !state?.stopped && !(Date.parse(state?.nextAt ?? "") > now.getTime() + slackMs);
    });
    const queue = [...due];
    const unchanged: FeedState[] = [];
    const worker = async (): Promise<void> => {
      for (let source = queue.shift(); source; source = queue.shift()) {
        // The cycle's time, not the moment each feed's turn comes: a feed read late in a long cycle is
        // due again at the same tick as the first one, not a tick later.
        await this.poll(source, now, unchanged).catch((err: unknown) => this.options.log.error(`feeds: ${source.url}: poll failed unexpectedly`, err));
      }
    };
    await Promise.all(Array.from({ length: Math.min(POLL_CONCURRENCY, queue.length) }, worker));
    if (unchanged.length) {
      await this.archive.saveStates(unchanged).catch((err: unknown) => this.options.log.error(`feeds: the state of ${unchanged.length} unchanged feeds could not be saved`, err));
    }
  }

  /**
   * Polls one feed now (when this instance wins its claim for the current interval); `now`: the cycle's
   * time. `unchanged`: where a feed that answered "not modified" leaves its state for the cycle to save
   * with the others' in one batch (500 writes of one row each were 0.07 s of CPU a cycle); without it,
   * the state is saved here, as after any other answer.
   */
  async poll(source: FeedSource, now: Date = this.now(), unchanged?: FeedState[]): Promise<void> {
    const intervalMs = source.everyMinutes * (this.options.minuteMs ?? 60_000);
    const { store } = this.options;
    if (store.shared) {
      const slot = Math.floor(now.getTime() / intervalMs);
      if (!(await store.claim(`feed:${source.url}:${slot}`, intervalMs))) return this.catchUp(source);
      // Another instance may have polled last: start from its validators and reports.
      await this.catchUp(source);
    }
    const state = { ...(this.states.get(source.url) ?? (await this.archive.state(source.url))) };
    if (state.stopped) return;
    const known = this.known.get(source.url) ?? new SeenItems();
    const firstRead = state.lastSuccess === null;
    // One string for every item first seen in this poll, not one each.
    const seenAt = now.toISOString();
    state.lastAttempt = seenAt;
    const read = await readFeed(this.options.client, source.url, {
      name: source.name ?? null,
      validators: { etag: state.etag, lastModified: state.lastModified },
      fetchPages: this.options.settings.fetchPages ? (id) => !known.has(id) : false,
      now,
      firstSeen: (id) => known.firstSeen(id),
      unchanged: (id, hash) => known.unchanged(id, hash),
    });
    this.options.metrics?.inc("feed_polls_total", { outcome: read.kind === "read" ? "fetched" : read.kind === "not-modified" ? "not_modified" : "failed" });
    switch (read.kind) {
      case "not-modified":
        this.succeeded(state, source, now, intervalMs);
        break;
      case "failed": {
        const wasFailing = state.failures > 0 && state.lastError === read.reason;
        state.failures++;
        state.failingSince ??= now.toISOString();
        state.lastError = read.reason;
        state.lastProblem = read.problem ?? null;
        state.stopped = read.gone === true;
        const wait = read.retryAfterMs ?? backoffMs(state.failures, intervalMs, this.options.random);
        state.nextAt = new Date(now.getTime() + Math.max(wait, intervalMs)).toISOString();
        // One line per new problem, not one per retry.
        if (!wasFailing) this.options.log.warn(`feeds: ${source.url}: ${read.reason}${state.stopped ? " (feed stopped)" : `; next try ${state.nextAt}`}`);
        break;
      }
      case "read": {
        const built = new Map(read.reports.map((r) => [r.id, r]));
        const added: Report[] = [];
        const updated: Report[] = [];
        for (const [id, hash] of read.hashes) {
          if (known.unchanged(id, hash)) continue;
          const report = built.get(id)!;
          // Too old to keep: remembered for this process, so it is not converted again, but never stored.
          if (!this.archive.isFresh(report.published, now)) known.set(entryOf({ report, hash, firstSeen: known.firstSeen(id) ?? seenAt }));
          else (known.has(id) ? updated : added).push(report);
        }
        if (added.length || updated.length) {
          const changed = [...added, ...updated].map((report) => ({ report, hash: read.hashes.get(report.id)! }));
          for (const kept of await this.archive.saveReports(source.url, changed, seenAt, now)) known.set(entryOf(kept));
          this.known.set(source.url, known);
        }
        const items = read.hashes.size;
        // Updated items refresh their story quietly; a feed rewriting every item each read is flagged once.
        const rewrites = items > 1 && updated.length === items;
        if (rewrites && state.changedLastRead !== -1) this.options.log.warn(`feeds: ${source.url}: every item changed since the last read (kept, never announced)`);
        state.changedLastRead = rewrites ? -1 : updated.length;
        const churning = !firstRead && added.length >= CHURN_MIN_ITEMS && added.length === items;
        if (churning) this.options.log.warn(`feeds: ${source.url}: all ${added.length} items are new since the last read (ids changing?); kept, not announced`);
        state.title = read.title;
        state.etag = read.etag;
        state.lastModified = read.lastModified;
        state.items = items;
        if (added.length || updated.length) state.revision++;
        this.succeeded(state, source, now, intervalMs);
        if (added.length || updated.length) this.options.sink.apply({ added, updated, announce: !firstRead && !churning });
        break;
      }
    }
    this.states.set(source.url, state);
    if (read.kind === "not-modified" && unchanged) unchanged.push(state);
    else await this.archive.saveState(state);
  }

  private succeeded(state: FeedState, source: FeedSource, now: Date, intervalMs: number): void {
    if (state.failures > 0) this.options.log.info(`feeds: ${source.url}: reading again after ${state.failures} failures`);
    state.failures = 0;
    state.failingSince = null;
    state.lastError = null;
    state.lastProblem = null;
    state.lastSuccess = now.toISOString();
    state.nextAt = new Date(now.getTime() + intervalMs).toISOString();
  }

  /** Takes another instance's newer read of a feed from the store. */
  private async catchUp(source: FeedSource): Promise<void> {
    const stored = await this.archive.state(source.url);
    const mine = this.states.get(source.url);
    this.states.set(source.url, stored);
    if (mine && stored.revision === mine.revision) return;
    const known = this.known.get(source.url) ?? new SeenItems();
    const added: Report[] = [];
    const updated: Report[] = [];
    const index = await this.archive.index(source.url);
    // Only what changed is read: the reports of new items and of items whose hash differs.
    const changed = index.filter((e) => !known.unchanged(e.id, e.hash));
    for (const { report } of await this.archive.reportsOf(source.url, changed)) (known.has(report.id) ? updated : added).push(report);
    this.known.set(source.url, SeenItems.of(index));
    if (added.length || updated.length) this.options.sink.apply({ added, updated, announce: false });
  }

  private withOutlet(source: FeedSource, report: Report): Report {
    return source.name && report.outlet !== source.name ? { ...report, outlet: source.name, outlets: [source.name] } : report;
  }

  /** Every followed feed's health, in configuration order. */
  status(): FeedStatus[] {
    const now = this.now();
    return this.options.sources.map((source) => {
      const state = this.states.get(source.url);
      const health: Health = state ? healthOf(state, now) : "not yet fetched";
      const rewrites = state?.changedLastRead === -1 ? feedProblem({ id: "feed-note-rewrites" }) : null;
      return {
        url: source.url,
        outlet: source.name ?? state?.title ?? new URL(source.url).hostname,
        lastSuccess: state?.lastSuccess ?? null,
        items: state?.items ?? 0,
        health,
        note: state?.lastError ?? rewrites?.reason ?? null,
        problem: state?.lastError ? (state.lastProblem ?? null) : (rewrites?.problem ?? null),
      };
    });
  }
}
