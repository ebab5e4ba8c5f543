import { createHash } from "node:crypto";
import cron, { type ScheduledTask } from "node-cron";
import { chatKey, type ChatRef, type Platform } from "../core/chat.js";
import type { DeliveryPort } from "../core/delivery.js";
import type { StoryChange, StoryEntry } from "../core/library.js";
import type { Logger } from "../core/log.js";
import { DEFAULT_LOCALE, LOCALES, refuse, type Locale } from "../core/i18n.js";
import type { Reply } from "../core/reply.js";
import type { Services } from "../core/services.js";
import type { SubscribeRequest, SubscriptionFilter, SubscriptionService, SubscriptionView } from "../core/subscriptions.js";
import { WeightedCache } from "../core/weighted-cache.js";
import { buildDigest, formatDay, snapshotOf, type BuiltDigest, type DigestOptions } from "./digest.js";
import { memoryDueIndex, redisDueIndex, type DueIndex } from "./due.js";
import { matchesFilter } from "./matching.js";
import { changeSince, groupedNoticeReply, NoticeBatcher, noticeReply, type Noticed } from "./notices.js";
import { Outbox } from "./outbox.js";
import { redisSchedule, systemClock, type Clock, type Pacing } from "./pacer.js";
import { ChatSubscriptions, CoveredStory, DigestRecord, parseOrSetAside, readAll, readStored, Snapshot, type OutboxEntry, type SubscriptionRecord } from "./records.js";
import { localDate, nextDigestAt, previousDigestAt } from "./schedule.js";
import { chooseSubscription, duplicateOf, MAX_SUBSCRIPTIONS_PER_CHAT, resolveSubscription } from "./settings.js";
import { createStore, type Store } from "./store.js";

/** How long a library snapshot outlives the last digest that used it; older ones count as a first digest. */
export const SNAPSHOT_TTL_MS = 60 * 86_400_000;
/**
 * Library snapshots kept in memory, counted in stories: a snapshot holds every story of the library,
 * so with a feed library of 25,000 stories one weighs about 4 MB (256 of them, the former count
 * bound, could have reached a gigabyte). Hashes of snapshots recently saved are kept up to a count.
 */
const SNAPSHOT_CACHE_STORIES = 100_000;
const SAVED_SNAPSHOTS_MAX = 256;
/** With a shared store, how stale this instance's copy of the subscriptions may get before notices reload it. */
export const SHARED_REFRESH_MS = 60_000;
/** Heartbeats per lease: a member missing this many in a row is taken over. */
const HEARTBEATS_PER_LEASE = 3;
/** Marks the `announced` namespace as holding a complete picture of the library. */
const ANNOUNCED_BASELINE = "~baseline";
/** Digests a tick prepares at once. */
export const TICK_CONCURRENCY = 16;
/** Lease of one minute's tick among instances. */
export const TICK_LEASE_MS = 55_000;

export interface SubscriptionServiceOptions {
  services: Omit<Services, "subscriptions">;
  /** `memory`, `sqlite:PATH` or `redis://…` (usually config.store). */
  storeUrl: string;
  /** One per running platform; deliveries to a platform without one fail and are retried. */
  deliveries: readonly DeliveryPort[];
  log?: Logger;
  /** Overrides of the platforms' documented rates. */
  pacing?: Partial<Record<Platform, Partial<Pacing>>>;
  /** Time and timers; by default services.now with real timers. */
  clock?: Clock;
  /** Separates deployments (or test runs) sharing one Redis. */
  storePrefix?: string;
  /** Cron expression of the tick; once a minute unless a test needs it faster. */
  tickSchedule?: string;
}

/** The subscription service with its lifecycle; what main.ts starts and stops. */
export interface SubscriptionRuntime extends SubscriptionService {
  /** Resumes the outbox, sends digests missed within the grace period, then ticks every minute. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends every digest due at `now` (the cron task calls this once a minute). */
  tick(now?: Date): Promise<{ queued: number; skipped: number }>;
  /** Sends the update notices whose burst of changes has settled by `now`. */
  flushNotices(now?: Date): Promise<number>;
  /** Resolves once the outbox has nothing queued or in flight. */
  idle(): Promise<void>;
  readonly outbox: Outbox;
  readonly store: Store;
}

/** Opens the store, loads the subscriptions and wires digests, notices and the outbox. */
export async function createSubscriptionService(options: SubscriptionServiceOptions): Promise<SubscriptionRuntime> {
  const reliability = options.services.config.reliability;
  const store = await createStore(options.storeUrl, {
    prefix: options.storePrefix,
    timeoutMs: reliability.storeTimeoutSeconds * 1000,
    log: options.log ?? options.services.log,
  });

  const runtime = new Subscriptions(store, options);
  await runtime.load();
  return runtime;
}

/** One subscription of a chat, with the chat's pause. */
type Subscription = SubscriptionRecord & { number: number };

/**
 * Key of one subscription (due index, last digest, digest claims): the chat's key for number 1, so what was
 * stored when a chat held one subscription still applies; `telegram:42#2` for the others.
 */
export const subscriptionKey = (chat: string, number: number): string => (number === 1 ? chat : `${chat}#${number}`);
const chatKeyOf = (key: string): string => key.split("#")[0]!;

const toView = (record: Subscription, next: Date | null, last: Date | null): SubscriptionView => ({
  chat: record.chat,
  number: record.number,
  mode: record.mode,
  time: record.time,
  timezone: record.timezone,
  filter: record.filter,
  nextDigestAt: next,
  lastDigestAt: last,
  paused: record.paused ? { since: new Date(record.paused.since), reason: record.paused.reason } : null,
  createdAt: new Date(record.createdAt),
});

const wantsDigest = (r: SubscriptionRecord) => !r.paused && (r.mode === "daily" || r.mode === "both");
const wantsNotices = (r: SubscriptionRecord) => !r.paused && (r.mode === "updates" || r.mode === "both");

/**
 * The memo key of a digest: one part per input of `buildDigest`, each reduced to what its content
 * shows (the snapshot by its hash, dates by their day). The library's entries are left out: a memo
 * lives for one tick, over one library state. A new DigestOptions field is a type error here until it
 * has its part.
 */
function digestMemoKey(filter: SubscriptionFilter | null, before: { hash: string; at: Date } | null, options: DigestOptions): string {
  const parts: Record<keyof DigestOptions | "filter" | "before", string> = {
    filter: JSON.stringify(filter),
    before: before ? `${before.hash}@${formatDay(before.at, options.timezone)}` : "first",
    now: formatDay(options.now, options.timezone),
    // Shows only through the days above.
    timezone: "",
    maxStories: String(options.maxStories),
    whenQuiet: options.whenQuiet,
    locale: options.locale ?? "",
  };
  return Object.values(parts).join("|");
}

/**
 * Where this instance reads state from: its own memory while it is the store's only user, the store
 * itself when the store is shared and other instances may have changed it since.
 */
interface ReadPolicy {
  /** One subscription (by subscriptionKey) as it stands now. */
  subscription(key: string): Promise<Subscription | undefined>;
  /** A chat's subscriptions (by chatKey) as they stand now. */
  chat(key: string): Promise<Subscription[]>;
  /** A chat's last digest as it stands now. */
  lastDigest(key: string): Promise<DigestRecord | null>;
  /** Before going through every subscription: reloads them if the copy in memory may be stale. */
  refreshAll(): Promise<void>;
}

class Subscriptions implements SubscriptionRuntime {
  readonly outbox: Outbox;
  /** Every subscription by subscriptionKey. */
  private readonly subs = new Map<string, Subscription>();
  /** Each chat's last digest, kept in memory; re-read from the store when it is shared. */
  private readonly lastDigests = new Map<string, DigestRecord>();
  private readonly due: DueIndex;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly notices: NoticeBatcher;
  /** When each snapshot's expiry was last pushed back. */
  private readonly savedSnapshots = new Map<string, number>();
  private readonly snapshotCache = new WeightedCache<string, Snapshot>(SNAPSHOT_CACHE_STORIES, (snapshot) => Object.keys(snapshot).length);
  private readonly snapshotHashes = new WeakMap<Snapshot, string>();
  private noticeTimer: (() => void) | null = null;
  private cronTask: ScheduledTask | null = null;
  private unsubscribeLibrary: (() => void) | null = null;
  private loadedAt = 0;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly reads: ReadPolicy;
  /** Set by stop(): background work (ticks, take-overs, notices) starts nothing new once it is. */
  private stopping = false;
  /** Work started by timers, which stop() waits for before it closes the store under it. */
  private readonly background = new Set<Promise<unknown>>();

  constructor(
    readonly store: Store,
    private readonly options: SubscriptionServiceOptions,
  ) {
    this.log = options.log ?? options.services.log;
    this.clock = options.clock ?? { now: () => options.services.now().getTime(), monotonic: systemClock.monotonic, setTimer: systemClock.setTimer };
    this.due = store.redis ? redisDueIndex(store.redis, `${options.storePrefix ?? "herald"}:due`, store) : memoryDueIndex();
    this.notices = new NoticeBatcher(options.services.config.reliability.noticeSettleSeconds * 1000);
    this.outbox = new Outbox({
      store,
      ports: options.deliveries,
      log: this.log,
      clock: this.clock,
      pacing: options.pacing,
      sharedSchedule: store.redis ? (platform) => redisSchedule(store.redis!, `${options.storePrefix ?? "herald"}:pace:${platform}`) : undefined,
      // The outbox wrote the digest record with the entry's removal; this keeps the copy in memory.
      onDelivered: async (entry) => {
        if (entry.commit) this.lastDigests.set(entry.commit.chatKey, entry.commit.digest);
      },
      isDelivered: (entry) => this.isDelivered(entry),
      onGone: (chat, reason) => this.pause(chat, reason),
    });
    this.reads = store.shared
      ? {
          subscription: (key) => this.reload(key),
          chat: (key) => this.reloadChat(key),
          lastDigest: (key) => readStored(store, "digests", key, DigestRecord, this.log),
          refreshAll: async () => {
            if (this.now() - this.loadedAt > SHARED_REFRESH_MS) await this.loadSubscriptions();
          },
        }
      : {
          subscription: async (key) => this.subs.get(key),
          chat: async (key) => this.chatSubscriptions(key),
          lastDigest: async (key) => this.lastDigests.get(key) ?? null,
          refreshAll: async () => {},
        };
  }

  private get config() {
    return this.options.services.config;
  }

  private get library() {
    return this.options.services.library;
  }

  private now(): number {
    return this.clock.now();
  }

  /** Reads every subscription and last digest, and puts each daily subscription in the due index. */
  async load(): Promise<void> {
    await this.loadSubscriptions();
    await this.outbox.loadHealth();
    for await (const [key, record] of readAll(this.store, "digests", DigestRecord, this.log)) this.lastDigests.set(key, record);
    const now = new Date(this.now());
    for (const [key, record] of this.subs) await this.schedule(key, record, now);
  }

  private async loadSubscriptions(): Promise<void> {
    this.subs.clear();
    for await (const [, record] of readAll(this.store, "subs", ChatSubscriptions, this.log)) this.putChat(chatKey(record.chat), record);
    this.loadedAt = this.now();
  }

  /**
   * Puts a subscription at its next slot; a slot already past but not delivered stays due, so the
   * next tick sends it if it is within the grace period.
   */
  private async schedule(key: string, record: SubscriptionRecord, now: Date): Promise<void> {
    if (!wantsDigest(record)) return this.due.remove(key);
    const previous = previousDigestAt(record.time, record.timezone, now).at.getTime();
    const missed = previous > Date.parse(record.createdAt) && Date.parse(this.lastDigests.get(key)?.at ?? "1970-01-01") < previous;
    await this.due.set(key, missed ? previous : nextDigestAt(record.time, record.timezone, now).at.getTime());
  }

  private get leaseMs(): number {
    return this.config.reliability.leaseSeconds * 1000;
  }

  /** A digest entry whose chat's last recorded digest is already that day's (the process died before deleting it). */
  private async isDelivered(entry: OutboxEntry): Promise<boolean> {
    if (!entry.commit) return false;
    const last = await readStored(this.store, "digests", entry.commit.chatKey, DigestRecord, this.log);
    return last !== null && last.localDate >= entry.commit.digest.localDate;
  }

  async start(): Promise<void> {
    this.unsubscribeLibrary = this.library.onChange((change) => this.onLibraryChange(change));
    // Notices first: one queued by a run that died before recording it is found in the outbox by its id
    // and taken as it is; resumed first, it could be sent and gone before the catch-up asked for it again.
    await this.catchUpNotices();
    await this.outbox.resume();
    this.startHeartbeat();
    await this.tick();
    const coordinator = { shouldRun: (key: string, ttl: number) => this.store.claim(`tick:${key}`, ttl || TICK_LEASE_MS) };
    this.cronTask = cron.schedule(
      this.options.tickSchedule ?? "* * * * *",
      () =>
        this.inBackground(async () => {
          try {
            await this.tick();
          } catch (err) {
            this.log.error("subscriptions: digest tick failed", err);
          }
        }),
      { name: "herald-digests", noOverlap: true, ...(this.store.shared ? { distributed: true, runCoordinator: coordinator, distributedLease: TICK_LEASE_MS } : {}) },
    );
  }

  /**
   * Stops the timers, lets a tick, take-over or notice run already started reach a point where it can
   * stop (each checks `stopping` between chats), then stops the outbox and closes the store. Closing the
   * store under running work failed that work, and on Redis its next call reopened the connection, which
   * kept the process from exiting.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.heartbeatTimer);
    await this.cronTask?.destroy();
    this.cronTask = null;
    this.unsubscribeLibrary?.();
    this.noticeTimer?.();
    this.noticeTimer = null;
    while (this.background.size) await Promise.allSettled([...this.background]);
    await this.outbox.stop();
    await this.store.close();
  }

  /** Runs work started by a timer, tracked so that stop() waits for it; none starts once stopping. */
  private inBackground(work: () => Promise<void>): Promise<void> {
    if (this.stopping) return Promise.resolve();
    const running = work().finally(() => this.background.delete(running));
    this.background.add(running);
    return running;
  }

  idle(): Promise<void> {
    return this.outbox.idle();
  }

  /**
   * Every third of a lease: renews this instance's heartbeat and takes over the outbox entries and due
   * digests of fleet members whose heartbeat lapsed. On SQLite it checks the file is still there.
   */
  private startHeartbeat(): void {
    let takingOver = false;
    const beat = async () => {
      let dead: string[];
      try {
        dead = await this.store.heartbeat(this.leaseMs);
      } catch {
        return; // the store logged it once; the next beat tries again
      }
      // The heartbeat goes on during a take-over (which can outlast a beat); a second take-over at the
      // same time would find the same work, so it waits for the next beat.
      if (!dead.length || takingOver || this.stopping) return;
      takingOver = true;
      try {
        await this.takeOver(dead);
      } finally {
        takingOver = false;
      }
    };
    void this.inBackground(beat);
    this.heartbeatTimer = setInterval(() => void this.inBackground(beat), this.leaseMs / HEARTBEATS_PER_LEASE);
    this.heartbeatTimer.unref();
  }

  /** Takes over the outbox entries and due digests of fleet members whose heartbeat lapsed. */
  private async takeOver(dead: string[]): Promise<void> {
    for (const id of dead) {
      if (this.stopping) return;
      this.log.warn(`fleet: instance ${id} stopped (no heartbeat for ${this.leaseMs / 1000} s); taking over its deliveries and digests`);
      try {
        await this.outbox.resume();
        await this.tick();
        await this.store.forgetMember(id);
      } catch (err) {
        this.log.error("fleet: taking over failed; trying again at the next heartbeat", err);
      }
    }
  }

  async tick(at?: Date): Promise<{ queued: number; skipped: number }> {
    const now = at ?? new Date(this.now());
    const graceMs = this.config.digest.graceHours * 3_600_000;
    const memo = new Map<string, BuiltDigest>();
    let queued = 0;
    let skipped = 0;
    const due = await this.due.takeDue(now.getTime());
    // A few chats at a time: store round trips overlap, and every chat is still handled once.
    let next = 0;
    const worker = async () => {
      // Once stopping, the chats not yet handled stay due (released below) for the next run or instance.
      while (next < due.length && !this.stopping) {
        const { chatKey: key, at: slot } = due[next++]!;
        try {
          await handle(key, slot);
        } catch (err) {
          // The store failed: keep the chat due so the next tick tries again.
          this.log.error(`subscriptions: digest for ${key} failed; retrying next minute`, err);
          if (!this.store.shared) await this.due.set(key, slot).catch(() => undefined);
        } finally {
          await this.due.release(key).catch(() => undefined);
        }
      }
    };
    const handle = async (key: string, dueAt: number) => {
      let slot = dueAt;
      const record = await this.reads.subscription(key);
      if (!record || !wantsDigest(record)) return;
      if (now.getTime() - slot > graceMs) {
        skipped++;
        this.log.info(`subscriptions: skipped the ${new Date(slot).toISOString()} digest of ${key}: missed by more than ${this.config.digest.graceHours} h`);
        // After a jump of the clock (or a long stall), a later slot may still be within the grace period.
        const latest = previousDigestAt(record.time, record.timezone, now).at.getTime();
        if (latest > slot && now.getTime() - latest <= graceMs) slot = latest;
        else slot = NaN;
      }
      if (!Number.isNaN(slot) && (await this.sendDigest(key, record, new Date(slot), now, memo))) queued++;
      await this.due.set(key, nextDigestAt(record.time, record.timezone, new Date(Math.max(now.getTime(), dueAt))).at.getTime());
    };
    await Promise.all(Array.from({ length: Math.min(TICK_CONCURRENCY, due.length) }, worker));
    for (const { chatKey: key, at: slot } of due.slice(next)) {
      if (!this.store.shared) await this.due.set(key, slot);
      await this.due.release(key).catch(() => undefined);
    }
    return { queued, skipped };
  }

  private async reload(key: string): Promise<Subscription | undefined> {
    await this.reloadChat(chatKeyOf(key));
    return this.subs.get(key);
  }

  /** Re-reads one chat's subscriptions from the store. */
  private async reloadChat(key: string): Promise<Subscription[]> {
    this.putChat(key, await readStored(this.store, "subs", key, ChatSubscriptions, this.log));
    return this.chatSubscriptions(key);
  }

  /** A chat's subscriptions by number, as this instance knows them. */
  private chatSubscriptions(key: string): Subscription[] {
    const found: Subscription[] = [];
    for (let n = 1; n <= MAX_SUBSCRIPTIONS_PER_CHAT; n++) {
      const sub = this.subs.get(subscriptionKey(key, n));
      if (sub) found.push(sub);
    }
    return found;
  }

  /** Replaces a chat's subscriptions in memory (none when `record` is null). */
  private putChat(key: string, record: ChatSubscriptions | null): void {
    for (const old of this.chatSubscriptions(key)) this.subs.delete(subscriptionKey(key, old.number));
    for (const sub of record?.subscriptions ?? []) {
      this.subs.set(subscriptionKey(key, sub.number), { ...sub, chat: record!.chat, paused: record!.paused });
    }
  }

  /** Stores a chat's subscriptions (deleting the record when none is left) and mirrors them in memory. */
  private async saveChat(chat: SubscriptionRecord["chat"], subscriptions: Subscription[], paused: SubscriptionRecord["paused"]): Promise<void> {
    const key = chatKey(chat);
    const record: ChatSubscriptions = {
      v: 2,
      chat,
      paused,
      subscriptions: subscriptions.map(({ chat: _chat, paused: _paused, ...sub }) => sub).sort((a, b) => a.number - b.number),
    };
    if (record.subscriptions.length) await this.store.space("subs").set(key, record);
    else await this.store.space("subs").delete(key);
    this.putChat(key, record.subscriptions.length ? record : null);
  }

  /** Builds the chat's digest for the slot and hands it to the outbox, once per chat and local day. */
  private async sendDigest(key: string, record: SubscriptionRecord, slot: Date, now: Date, memo: Map<string, BuiltDigest>): Promise<boolean> {
    const day = localDate(slot, record.timezone);
    const id = `digest:${key}:${day}`;
    // Sent already (the chat's last digest is that day's), or queued by an earlier run or another instance.
    const last = await this.reads.lastDigest(key);
    if ((last && last.localDate >= day) || (await this.outbox.has(id))) return false;
    const locale = (await this.language(record.chat)) ?? DEFAULT_LOCALE;
    const built = await this.build(key, record.filter, record.timezone, locale, now, this.config.digest.whenQuiet, memo);
    if (!built.replies.length) return false;
    const snapshot = await this.saveSnapshot(built.snapshot);
    return this.outbox.enqueue(id, record.chat, "digest", built.replies, {
      chatKey: key,
      digest: { at: now.toISOString(), localDate: day, snapshot },
    });
  }

  private async build(
    key: string,
    filter: SubscriptionFilter | null,
    zone: string,
    locale: Locale,
    now: Date,
    whenQuiet: "message" | "skip",
    memo?: Map<string, BuiltDigest>,
  ): Promise<BuiltDigest> {
    const last = await this.reads.lastDigest(key);
    const snapshot = last ? await this.loadSnapshot(last.snapshot) : null;
    const before = last && snapshot ? { snapshot, at: new Date(last.at) } : null;
    const entries = this.library.list();
    const options: DigestOptions = { maxStories: this.config.digest.maxStories, whenQuiet, timezone: zone, now, locale };
    // Many chats share a library state, a last digest and a filter: build each combination once per tick.
    const memoKey = digestMemoKey(filter, before ? { hash: last!.snapshot, at: before.at } : null, options);
    const cached = memo?.get(memoKey);
    if (cached) return cached;
    const built = buildDigest(entries, filter, before, options);
    memo?.set(memoKey, built);
    return built;
  }

  private async loadSnapshot(hash: string): Promise<Snapshot | null> {
    const cached = this.snapshotCache.get(hash);
    if (cached) return cached;
    const snapshot = await readStored(this.store, "snapshots", hash, Snapshot, this.log);
    if (snapshot) this.cacheSnapshot(hash, snapshot);
    return snapshot;
  }

  private async saveSnapshot(snapshot: Snapshot): Promise<string> {
    let hash = this.snapshotHashes.get(snapshot);
    if (!hash) {
      hash = createHash("sha256").update(JSON.stringify(snapshot)).digest("base64url").slice(0, 22);
      this.snapshotHashes.set(snapshot, hash);
    }
    // Written again once a day, so a snapshot in use never reaches its expiry.
    if (this.now() - (this.savedSnapshots.get(hash) ?? -Infinity) > 86_400_000) {
      await this.store.space("snapshots").set(hash, snapshot, SNAPSHOT_TTL_MS);
      this.savedSnapshots.set(hash, this.now());
      this.cacheSnapshot(hash, snapshot);
    }
    return hash;
  }

  /** Few snapshots are live at once (one per library state a chat last saw); the least used go first. */
  private cacheSnapshot(hash: string, snapshot: Snapshot): void {
    if (this.savedSnapshots.size >= SAVED_SNAPSHOTS_MAX) this.savedSnapshots.clear();
    this.snapshotCache.set(hash, snapshot);
  }

  private onLibraryChange(change: StoryChange): void {
    this.notices.add(change, this.now());
    const at = this.notices.nextSettleAt();
    if (at !== undefined) this.flushNoticesAt(at);
  }

  /** (Re)sets the one timer that sends the update notices settled by `at`. */
  private flushNoticesAt(at: number): void {
    this.noticeTimer?.();
    this.noticeTimer = this.clock.setTimer(() => {
      this.noticeTimer = null;
      void this.inBackground(() => this.flushNotices().then(() => undefined, (err) => this.log.error("subscriptions: update notices failed", err)));
    }, at - this.now());
  }

  /**
   * Announces what changed while Herald was stopped (or noticed but not yet announced when it died): each
   * story whose version differs from the one last announced. The first start only records the library.
   */
  private async catchUpNotices(): Promise<void> {
    const announced = new Map<string, CoveredStory>();
    let baseline = false;
    // Listed first, set aside after (see readAll); the baseline is a date, not a story.
    const listed: [string, unknown][] = [];
    for await (const entry of this.store.space("announced").entries()) listed.push(entry);
    for (const [id, value] of listed) {
      if (id === ANNOUNCED_BASELINE) baseline = true;
      else {
        const covered = await parseOrSetAside(this.store, "announced", id, value, CoveredStory, this.log);
        if (covered) announced.set(id, covered);
      }
    }
    const now = this.now();
    if (!baseline) {
      for (const entry of this.library.list()) await this.store.space("announced").set(entry.story.id, snapshotOf([entry])[entry.story.id]);
      await this.store.space("announced").set(ANNOUNCED_BASELINE, new Date(now).toISOString());
      return;
    }
    let missed = 0;
    for (const entry of this.library.list()) {
      const before = announced.get(entry.story.id);
      announced.delete(entry.story.id);
      if (before?.version === entry.version) continue;
      this.notices.add(changeSince(before, entry, new Date(now)), now);
      missed++;
    }
    for (const id of announced.keys()) await this.store.space("announced").delete(id);
    if (!missed) return;
    this.log.info(`subscriptions: ${missed} stories changed since they were last announced; announcing them now`);
    await this.flushNotices(new Date(now), true);
  }

  /**
   * Sends the update notices whose changes have settled. Each chat gets one notice per story, or one
   * grouped notice when more than `noticeGroupAbove` stories changed at once; what each chat was told
   * is recorded right after its notices are in the outbox, and the library as announced once every chat
   * is done, so a process killed half-way announces the rest (and only the rest) at its next start.
   */
  async flushNotices(at?: Date, all = false): Promise<number> {
    const now = (at ?? new Date(this.now())).getTime();
    const settled = all ? this.notices.takeAll() : this.notices.takeSettled(now);
    if (!settled.length) return 0;
    await this.reads.refreshAll();
    const changes = settled.flatMap((change) => {
      const entry = this.library.get(change.storyId);
      return change.type !== "removed" && entry && noticeReply(change) ? [{ change, entry }] : [];
    });
    let queued = 0;
    // A change reads the same to every chat of one language: built once per language, not once per chat.
    const built = new Map<string, Reply>();
    const noticeIn = (change: StoryChange, locale: Locale) => {
      const key = `${locale}:${change.storyId}`;
      return built.get(key) ?? built.set(key, noticeReply(change, locale)!).get(key)!;
    };
    // Per chat, not per subscription: a story matching two of a chat's subscriptions gives one notice.
    const chats = new Set<string>();
    for (const [subKey, cached] of this.subs) {
      if (wantsNotices(cached) && changes.some(({ entry }) => matchesFilter(entry, cached.filter))) chats.add(chatKeyOf(subKey));
    }
    for (const key of chats) {
      // Stopping half-way is what a kill does: the next start announces the rest (and only the rest).
      if (this.stopping) return queued;
      // Another instance may have changed or ended them since this copy was loaded.
      const subscriptions = (await this.reads.chat(key)).filter(wantsNotices);
      const record = subscriptions[0];
      if (!record) continue;
      const wanted = (entry: StoryEntry) => subscriptions.some((sub) => matchesFilter(entry, sub.filter));
      const noticed = ((await this.store.space("noticed").get(key)) ?? {}) as Noticed;
      const fresh = changes.filter(({ change, entry }) => wanted(entry) && noticed[change.storyId] !== change.version);
      if (!fresh.length) continue;
      const locale = (await this.language(record.chat)) ?? DEFAULT_LOCALE;
      if (fresh.length > this.config.reliability.noticeGroupAbove) {
        // Sorted: the same changes give the same id however they were gathered (as they happened, or at
        // start-up from the library), so a notice queued before a kill is found again, not queued twice.
        const ids = fresh.map(({ change }) => `${change.storyId}:${change.version}`).sort().join(",");
        const id = `notices:${key}:${createHash("sha256").update(ids).digest("base64url").slice(0, 16)}`;
        if (await this.outbox.enqueue(id, record.chat, "notice", [groupedNoticeReply(fresh.map((f) => f.change), new Date(now), locale)])) queued++;
      } else {
        for (const { change } of fresh) {
          const id = `notice:${key}:${change.storyId}:${change.version}`;
          if (await this.outbox.enqueue(id, record.chat, "notice", [noticeIn(change, locale)])) queued++;
        }
      }
      for (const { change } of fresh) noticed[change.storyId] = change.version;
      for (const id of Object.keys(noticed)) if (!this.library.get(id)) delete noticed[id];
      await this.store.space("noticed").set(key, noticed);
    }
    for (const change of settled) {
      const entry = this.library.get(change.storyId);
      if (!entry) await this.store.space("announced").delete(change.storyId);
      // A newer version still waiting in the batcher records itself when it is announced.
      else if (entry.version === change.version) await this.store.space("announced").set(change.storyId, snapshotOf([entry])[change.storyId]);
    }
    if (settled.length > 1) this.log.info(`subscriptions: ${settled.length} story changes announced in ${queued} notices`);
    const next = this.notices.nextSettleAt();
    if (next !== undefined && !this.noticeTimer && !this.stopping) this.flushNoticesAt(next);
    return queued;
  }

  private async pause(chat: ChatRef, reason: string): Promise<void> {
    const key = chatKey(chat);
    const subscriptions = this.chatSubscriptions(key).length ? this.chatSubscriptions(key) : await this.reloadChat(key);
    if (!subscriptions.length) return;
    await this.saveChat(subscriptions[0]!.chat, subscriptions, { since: new Date(this.now()).toISOString(), reason });
    for (const sub of subscriptions) await this.due.remove(subscriptionKey(key, sub.number));
  }

  // --- SubscriptionService ---

  async subscribe(chat: ChatRef, request: SubscribeRequest): Promise<SubscriptionView> {
    const key = chatKey(chat);
    const existing = await this.reads.chat(key);
    const target = chooseSubscription(existing, request, this.library);
    const now = new Date(this.now());
    const resolved = resolveSubscription(chat, request, target, this.config.digest, this.library, now);
    const others = existing.filter((sub) => sub !== target);
    const duplicate = duplicateOf(resolved, others);
    if (duplicate) {
      throw refuse("bad_option", "err-duplicate-subscription", { number: duplicate.number });
    }
    if (!target && existing.length >= MAX_SUBSCRIPTIONS_PER_CHAT) {
      throw refuse("bad_option", "err-too-many-subscriptions", { max: MAX_SUBSCRIPTIONS_PER_CHAT });
    }
    let number = target?.number ?? 1;
    while (!target && others.some((sub) => sub.number === number)) number++;
    const record: Subscription = { ...resolved, number };
    const wasPaused = existing.some((sub) => sub.paused);
    await this.saveChat(resolved.chat, [...others, record], null);
    await this.outbox.clearFailures(key);
    // The changed subscription starts from its next slot; after a pause, every one of the chat's does.
    for (const sub of wasPaused ? this.chatSubscriptions(key) : [this.subs.get(subscriptionKey(key, number))!]) {
      const subKey = subscriptionKey(key, sub.number);
      if (wantsDigest(sub)) await this.due.set(subKey, nextDigestAt(sub.time, sub.timezone, now).at.getTime());
      else await this.due.remove(subKey);
    }
    return this.view(subscriptionKey(key, number), this.subs.get(subscriptionKey(key, number))!);
  }

  async unsubscribe(chat: ChatRef, number?: number): Promise<boolean> {
    const key = chatKey(chat);
    const existing = await this.reads.chat(key);
    const ending = existing.filter((sub) => number === undefined || sub.number === number);
    if (!ending.length) return false;
    await this.saveChat(existing[0]!.chat, existing.filter((sub) => !ending.includes(sub)), existing[0]!.paused);
    for (const sub of ending) await this.due.remove(subscriptionKey(key, sub.number));
    return true;
  }

  async list(chat: ChatRef): Promise<SubscriptionView[]> {
    const key = chatKey(chat);
    const subscriptions = await this.reads.chat(key);
    return Promise.all(subscriptions.map((sub) => this.view(subscriptionKey(key, sub.number), sub)));
  }

  async get(chat: ChatRef): Promise<SubscriptionView | null> {
    return (await this.list(chat))[0] ?? null;
  }

  private async view(key: string, record: Subscription): Promise<SubscriptionView> {
    const last = this.lastDigests.get(key)?.at;
    const scheduled = wantsDigest(record) ? await this.due.peek(key) : undefined;
    const next = !wantsDigest(record)
      ? null
      : new Date(scheduled ?? nextDigestAt(record.time, record.timezone, new Date(this.now())).at.getTime());
    return toView(record, next, last === undefined ? null : new Date(last));
  }

  async language(chat: ChatRef): Promise<Locale | null> {
    const stored = await this.store.space("languages").get(chatKey(chat));
    return LOCALES.find((locale) => locale === stored) ?? null;
  }

  async setLanguage(chat: ChatRef, locale: Locale): Promise<void> {
    await this.store.space("languages").set(chatKey(chat), locale);
  }

  /** The preview of the chat's first subscription with a digest (or its first, or the defaults). */
  async preview(chat: ChatRef, locale?: Locale): Promise<Reply[]> {
    const subscriptions = await this.reads.chat(chatKey(chat));
    const record = subscriptions.find((sub) => sub.mode !== "updates") ?? subscriptions[0];
    const key = subscriptionKey(chatKey(chat), record?.number ?? 1);
    const zone = record?.timezone ?? this.config.digest.timezone;
    const language = locale ?? (await this.language(chat)) ?? DEFAULT_LOCALE;
    const built = await this.build(key, record?.filter ?? null, zone, language, new Date(this.now()), "message");
    return built.replies;
  }
}
