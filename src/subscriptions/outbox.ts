import { chatKey, PLATFORM_NAMES, type ChatRef, type Platform } from "../core/chat.js";
import type { DeliveryPort, DeliveryResult } from "../core/delivery.js";
import type { Logger } from "../core/log.js";
import type { Reply } from "../core/reply.js";
import { MinHeap } from "./heap.js";
import { AdaptivePacer, pacingFor, type Clock, type Pacing, type SharedSchedule } from "./pacer.js";
import { HealthRecord, OutboxEntry, readAll, readStored } from "./records.js";
import { GroupCommit } from "./group-commit.js";
import type { Store, StoreWrite } from "./store.js";
import { compareCodeUnits } from "../core/text.js";

/** Consecutive "gone" answers after which a chat's subscription is paused. */
export const GONE_FAILURES_TO_PAUSE = 3;
/** Wait before trying a chat that answered "gone" again (it may have been a transient permission change). */
export const GONE_RETRY_MS = 60_000;
/** Backoff after a network or 5xx failure: doubles from this, up to FAILED_BACKOFF_MAX_MS. */
export const FAILED_BACKOFF_MS = 2_000;
export const FAILED_BACKOFF_MAX_MS = 10 * 60_000;
/** Attempts after which a failing delivery is dropped and logged. */
export const FAILED_MAX_ATTEMPTS = 8;
/** How long stop() waits for sends already in flight before closing the store under them. */
export const STOP_WAIT_MS = 5_000;
/**
 * Sends a lane starts at first (after an idle spell or a bot-wide 429); each accepted one allows one
 * more, up to the pacing's maxInFlight. Bounds the requests sent before the platform's first answers
 * say whether the rate is right (slow start, as TCP does).
 */
export const INITIAL_IN_FLIGHT = 8;
/**
 * How long the result of a send may wait to be written together with others (one batch instead of one
 * write each: at 1,000/s about 20 removals a batch). It waits only while other sends are in flight whose
 * results could join it. The send counts as in flight until it is written, so the bound on sends
 * repeated after a kill is unchanged.
 */
export const RESULT_WRITE_WINDOW_MS = 20;

export interface OutboxOptions {
  store: Store;
  ports: readonly DeliveryPort[];
  log: Logger;
  clock: Clock;
  pacing?: Partial<Record<Platform, Partial<Pacing>>>;
  /** Each platform's send schedule shared by every instance on one store (Redis), so the fleet together keeps the platform's limit. */
  sharedSchedule?: (platform: Platform) => SharedSchedule;
  /**
   * Called once every part of an entry is sent and that is kept: its `commit` (the chat's digest record)
   * written in the same batch as the entry's removal.
   */
  onDelivered(entry: OutboxEntry): Promise<void>;
  /** Whether a stored entry was in fact delivered already (left behind by a process killed just after). */
  isDelivered?(entry: OutboxEntry): Promise<boolean>;
  /** Called when a chat reaches GONE_FAILURES_TO_PAUSE consecutive "gone" answers. */
  onGone(chat: ChatRef, reason: string): Promise<void>;
}

interface ChatQueue {
  chat: ChatRef;
  entries: OutboxEntry[];
  readyAt: number;
  busy: boolean;
}

/** What a lane needs besides its platform's port: narrow functions of the outbox, never the outbox itself. */
interface LaneWork {
  platform: Platform;
  port: DeliveryPort | undefined;
  pacing: Pacing;
  clock: Clock;
  log: Logger;
  schedule?: SharedSchedule;
  /** Records one send's result on its entry and chat and sets when the chat is ready again. */
  settle(queue: ChatQueue, entry: OutboxEntry, result: DeliveryResult): Promise<void>;
  /** Told after every send, so whoever waits for the outbox to be idle can be woken. */
  settled(): void;
}

/**
 * One platform's sending: chats in the order they became ready (ties in queue order), each chat's
 * messages in order and spaced, bounded sends in flight, and every request paced where it is handed
 * to the network (the port awaits the pacer before each one).
 */
class Lane {
  private readonly chats = new Map<string, ChatQueue>();
  private readonly ready = new MinHeap();
  readonly pacer: AdaptivePacer;
  /** Sends started and not yet settled; never more than maxInFlight (the bound on sends repeated after a kill). */
  private inFlight = 0;
  /** Of those, the ones answered and waiting for their result to be written: no longer on the network. */
  private recording = 0;
  /** Slow start: how many may be on the network at once. */
  private inFlightLimit = INITIAL_IN_FLIGHT;
  readonly sending = new Set<Promise<void>>();
  private timer: { at: number; cancel: () => void } | null = null;
  private pumpQueued = false;
  stopped = false;

  private readonly port: DeliveryPort | undefined;
  private readonly pacing: Pacing;
  private readonly clock: Clock;

  constructor(private readonly work: LaneWork) {
    this.port = work.port;
    this.pacing = work.pacing;
    this.clock = work.clock;
    this.pacer = new AdaptivePacer(work.platform, work.pacing.perSecond, work.clock, work.log, work.schedule);
  }

  get pending(): number {
    let n = 0;
    for (const q of this.chats.values()) n += q.entries.length;
    return n;
  }

  /** Sends started and not yet settled (waiting for their pace, on the network, or being recorded). */
  get sendsInFlight(): number {
    return this.inFlight;
  }

  add(entry: OutboxEntry): void {
    const key = chatKey(entry.chat);
    let queue = this.chats.get(key);
    if (!queue) {
      queue = { chat: entry.chat, entries: [], readyAt: this.clock.monotonic(), busy: false };
      this.chats.set(key, queue);
      this.ready.push(queue.readyAt, key, entry.seq);
    }
    queue.entries.push(entry);
    this.pumpSoon();
  }

  /**
   * Starts sends from a fresh turn of the event loop. A send granted inside a long chain of promises
   * (a digest run queueing thousands of entries from an in-memory store) would reach the network only
   * when the chain ends, tens of ms after the pace counted it, and bunch with the next ones.
   */
  private pumpSoon(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  /** Starts every send whose chat is ready, up to maxInFlight, and arms a timer for the next one. */
  pump(): void {
    if (this.stopped) return;
    const now = this.clock.monotonic();
    while (this.inFlight < this.pacing.maxInFlight && this.inFlight - this.recording < this.inFlightLimit) {
      const top = this.ready.peek();
      if (!top) return;
      const queue = this.chats.get(top.key);
      if (!queue || queue.busy || queue.readyAt !== top.at || !queue.entries.length) {
        this.ready.pop();
        continue;
      }
      if (top.at > now) return this.wakeAt(top.at);
      this.ready.pop();
      const sending = this.send(top.key, queue);
      this.sending.add(sending);
      void sending.finally(() => this.sending.delete(sending));
    }
  }

  private wakeAt(at: number): void {
    if (this.timer && this.timer.at <= at) return;
    this.timer?.cancel();
    const cancel = this.clock.setTimer(() => {
      this.timer = null;
      this.pump();
    }, at - this.clock.monotonic());
    this.timer = { at, cancel };
  }

  private async send(key: string, queue: ChatQueue): Promise<void> {
    this.inFlight++;
    queue.busy = true;
    const entry = queue.entries[0]!;
    let result: DeliveryResult;
    if (!this.port) result = { status: "failed", reason: `no delivery port for ${queue.chat.platform}` };
    else {
      try {
        result = await this.port.send(queue.chat.id, entry.replies[entry.sent] as Reply, this.pace);
      } catch (err) {
        result = { status: "failed", reason: (err as Error).message ?? String(err) };
      }
    }
    if (result.status === "sent") {
      this.pacer.sent();
      this.inFlightLimit = Math.min(this.pacing.maxInFlight, this.inFlightLimit + 1);
    } else if (result.status === "retry" && this.pacer.refused(key, result.afterMs, result.global)) {
      this.inFlightLimit = INITIAL_IN_FLIGHT;
    }
    // Off the network: another send may start while this result waits to be written.
    this.recording++;
    this.pumpSoon();
    try {
      await this.work.settle(queue, entry, result);
    } catch (err) {
      this.work.log.error(`outbox: could not record the result for ${entry.id}`, err);
      queue.readyAt = this.clock.monotonic() + FAILED_BACKOFF_MS;
    } finally {
      this.inFlight--;
      this.recording--;
      queue.busy = false;
      if (queue.entries.length) this.ready.push(queue.readyAt, key, queue.entries[0]!.seq);
      else this.chats.delete(key);
      if (!this.busy) {
        this.inFlightLimit = INITIAL_IN_FLIGHT;
        this.pacer.endEpisode();
      }
      this.pumpSoon();
      this.work.settled();
    }
  }

  private readonly pace = () => this.pacer.acquire();

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    this.pacer.stop();
  }

  get busy(): boolean {
    return this.inFlight > 0 || this.chats.size > 0;
  }
}

/**
 * The delivery outbox: an entry is stored before it is sent and deleted after, so a restart resumes
 * what was pending; each platform's lane paces sends and keeps each chat's messages in order.
 */
export class Outbox {
  readonly log: Logger;
  private readonly lanes = new Map<Platform, Lane>();
  private readonly failing = new Map<string, number>();
  /** Ids of the entries this instance holds. */
  private readonly queued = new Set<string>();
  /** Resumes running, and the entries done with while any runs (its listing may still hold them). */
  private resuming = 0;
  private readonly doneWhileResuming = new Set<string>();
  private seq = 0;
  /**
   * On a store of one instance, once resume() has run every stored entry is queued here, so an id not
   * queued is not stored: enqueue() and has() then skip a store read each.
   */
  private allStoredQueued = false;
  private idleWaiters: (() => void)[] = [];
  /** Every write of entries (queueing, progress, removal with the digest record) goes through here, in order. */
  private readonly writes: GroupCommit;
  private stopping = false;
  /** Sends whose result waits in the group commit. */
  private resultsWaiting = 0;

  constructor(private readonly options: OutboxOptions) {
    this.log = options.log;
    this.writes = new GroupCommit(options.store, options.clock);
    for (const platform of PLATFORM_NAMES) {
      const pacing = pacingFor(platform, options.pacing?.[platform]);
      const lane = new Lane({
        platform,
        port: options.ports.find((p) => p.platform === platform),
        pacing,
        clock: options.clock,
        log: this.log,
        schedule: options.sharedSchedule?.(platform),
        settle: (queue, entry, result) => this.settle(queue, entry, result, pacing),
        settled: () => this.checkIdle(),
      });
      this.lanes.set(platform, lane);
    }
  }

  private get space() {
    return this.options.store.space("outbox");
  }

  /** Stores an entry as it is now (a copy: the entry goes on changing while the batch waits). */
  private save(entry: OutboxEntry, asResult = false): Promise<void> {
    const writes = [{ space: "outbox" as const, key: entry.id, value: { ...entry } }];
    return asResult ? this.writeResult(writes) : this.writes.write(writes);
  }

  /**
   * Writes a send's result with those of other sends in flight (RESULT_WRITE_WINDOW_MS): at once when
   * no other send could join it, or once stopping.
   */
  private async writeResult(writes: StoreWrite[]): Promise<void> {
    const written = this.writes.write(writes, RESULT_WRITE_WINDOW_MS);
    this.resultsWaiting++;
    let inFlight = 0;
    for (const lane of this.lanes.values()) inFlight += lane.sendsInFlight;
    if (this.stopping || this.resultsWaiting >= inFlight) this.writes.flush();
    try {
      await written;
    } finally {
      this.resultsWaiting--;
    }
  }

  /**
   * Records a delivery, then queues it; false when this or another live instance already has it. An
   * entry an earlier run stored under the same id is resumed as it was (parts already sent stay sent).
   */
  async enqueue(id: string, chat: ChatRef, kind: OutboxEntry["kind"], replies: Reply[], commit: OutboxEntry["commit"] = null): Promise<boolean> {
    if (!replies.length || this.queued.has(id)) return false;
    if (!(await this.options.store.lease(`outbox:${id}`))) return false;
    const stored = this.allStoredQueued ? null : await readStored(this.options.store, "outbox", id, OutboxEntry, this.log);
    if (stored) {
      if (this.queued.has(id)) return false;
      this.queue(stored);
      return true;
    }
    const entry: OutboxEntry = {
      id,
      chat,
      kind,
      replies: replies.map(({ buttons: _buttons, ...rest }) => rest),
      sent: 0,
      attempts: 0,
      createdAt: new Date(this.options.clock.now()).toISOString(),
      seq: this.seq++,
      commit,
    };
    await this.save(entry);
    if (this.queued.has(id)) return false;
    this.queue(entry);
    return true;
  }

  /** Whether an entry is stored (queued here, on another instance, or left by a run that died). */
  async has(id: string): Promise<boolean> {
    return this.queued.has(id) || (!this.allStoredQueued && (await this.space.get(id)) !== undefined);
  }

  /** Reads every chat's count of consecutive failures. */
  async loadHealth(): Promise<void> {
    this.failing.clear();
    for await (const [key, health] of readAll(this.options.store, "health", HealthRecord, this.log)) this.failing.set(key, health.failures);
  }

  /** Forgets a chat's consecutive failures (it was subscribed again). */
  async clearFailures(key: string): Promise<void> {
    if (this.failing.delete(key) || this.options.store.shared) await this.options.store.space("health").delete(key);
  }

  /**
   * Loads every stored entry not held by this or another live instance and queues it, oldest first
   * (at start, and when a fleet member dies); returns how many.
   */
  async resume(): Promise<number> {
    this.resuming++;
    try {
      return await this.resumeListed();
    } finally {
      if (--this.resuming === 0) this.doneWhileResuming.clear();
    }
  }

  private async resumeListed(): Promise<number> {
    const entries: OutboxEntry[] = [];
    for await (const [, entry] of readAll(this.options.store, "outbox", OutboxEntry, this.log)) {
      if (this.queued.has(entry.id)) continue;
      // A live instance's lease holds; an entry whose holder's heartbeat lapsed is taken over.
      if (!(await this.options.store.lease(`outbox:${entry.id}`))) continue;
      if (this.queued.has(entry.id)) continue;
      if (await this.options.isDelivered?.(entry)) {
        await this.forget(entry);
        continue;
      }
      entries.push(entry);
    }
    entries.sort((a, b) => compareCodeUnits(a.createdAt, b.createdAt) || a.seq - b.seq);
    this.seq = Math.max(this.seq, ...entries.map((e) => e.seq + 1));
    // An entry listed before this (or a concurrent) resume sent it is not sent again.
    const pending = entries.filter((entry) => !this.doneWhileResuming.has(entry.id) && !this.queued.has(entry.id));
    for (const entry of pending) this.queue(entry);
    if (!this.options.store.shared) this.allStoredQueued = true;
    if (pending.length) this.log.info(`outbox: resumed ${pending.length} pending deliveries`);
    return pending.length;
  }

  private queue(entry: OutboxEntry): void {
    this.queued.add(entry.id);
    this.lanes.get(entry.chat.platform)!.add(entry);
  }

  /**
   * Removes an entry that is done with (sent, dropped, or its chat paused), with the writes that record
   * it (`also`) in the same batch. The id counts as queued until that is kept and, for one `delivered`,
   * onDelivered has run, so nothing queues the same delivery again in between.
   */
  private async forget(entry: OutboxEntry, also: StoreWrite[] = [], asResult = false, delivered = false): Promise<void> {
    const writes = [...also, { space: "outbox" as const, key: entry.id }];
    await (asResult ? this.writeResult(writes) : this.writes.write(writes));
    if (delivered) await this.options.onDelivered(entry);
    this.queued.delete(entry.id);
    if (this.resuming) this.doneWhileResuming.add(entry.id);
    await this.options.store.unlease(`outbox:${entry.id}`);
  }

  /** Applies one send's result to its entry and chat (handed to each lane as its `settle`). */
  private async settle(queue: ChatQueue, entry: OutboxEntry, result: DeliveryResult, pacing: Pacing): Promise<void> {
    const now = this.options.clock.monotonic();
    const key = chatKey(queue.chat);
    const spacing = queue.chat.kind === "private" ? pacing.privateSpacingMs : pacing.groupSpacingMs;
    switch (result.status) {
      case "sent": {
        if (this.failing.delete(key)) await this.options.store.space("health").delete(key);
        entry.sent++;
        entry.attempts = 0;
        queue.readyAt = now + spacing;
        if (entry.sent < entry.replies.length) {
          await this.save(entry, true);
          return;
        }
        queue.entries.shift();
        // The digest record and the removal land together: a kill before leaves the entry to be sent
        // again (at most the sends in flight), never a removed entry without its record.
        await this.forget(entry, entry.commit ? [{ space: "digests", key: entry.commit.chatKey, value: entry.commit.digest }] : [], true, true);
        return;
      }
      case "retry":
        // The platform said when; obey it for this chat only, so other chats keep their pace.
        queue.readyAt = now + Math.max(result.afterMs, spacing);
        this.log.debug(`outbox: ${key} rate-limited, retrying in ${result.afterMs} ms (${result.reason})`);
        return;
      case "failed": {
        entry.attempts++;
        if (entry.attempts >= FAILED_MAX_ATTEMPTS) {
          this.log.error(`outbox: dropping ${entry.id} after ${entry.attempts} failed attempts: ${result.reason}`);
          queue.entries.shift();
          await this.forget(entry);
          queue.readyAt = now + spacing;
          return;
        }
        const backoff = Math.min(FAILED_BACKOFF_MAX_MS, FAILED_BACKOFF_MS * 2 ** (entry.attempts - 1));
        this.log.warn(`outbox: ${entry.id} failed (${result.reason}); retrying in ${backoff} ms`);
        queue.readyAt = now + backoff;
        await this.save(entry);
        return;
      }
      case "gone": {
        const failures = (this.failing.get(key) ?? 0) + 1;
        this.failing.set(key, failures);
        await this.options.store.space("health").set(key, { failures, lastError: result.reason } satisfies HealthRecord);
        if (failures < GONE_FAILURES_TO_PAUSE) {
          this.log.warn(`outbox: ${key} is unreachable (${result.reason}), failure ${failures} of ${GONE_FAILURES_TO_PAUSE}`);
          queue.readyAt = now + GONE_RETRY_MS;
          return;
        }
        this.log.warn(`outbox: pausing ${key} after ${failures} consecutive failures (${result.reason})`);
        await Promise.all(queue.entries.splice(0).map((dropped) => this.forget(dropped)));
        this.failing.delete(key);
        await this.options.store.space("health").delete(key);
        await this.options.onGone(queue.chat, result.reason);
        return;
      }
    }
  }

  /** Each platform's current rate in requests per second (lower than configured while the platform limits the bot). */
  rates(): Record<Platform, number> {
    return Object.fromEntries([...this.lanes].map(([platform, lane]) => [platform, lane.pacer.perSecond])) as Record<Platform, number>;
  }

  /** Entries waiting or being sent. */
  get pending(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.pending;
    return n;
  }

  /** Resolves once nothing is queued or in flight. */
  idle(): Promise<void> {
    if (![...this.lanes.values()].some((l) => l.busy)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private checkIdle(): void {
    if ([...this.lanes.values()].some((l) => l.busy)) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Stops starting sends and waits (up to STOP_WAIT_MS) for those in flight to be recorded. */
  async stop(): Promise<void> {
    const inFlight: Promise<void>[] = [];
    for (const lane of this.lanes.values()) {
      lane.stop();
      inFlight.push(...lane.sending);
    }
    // Results are written at once from now on: nothing waits out the window.
    this.stopping = true;
    this.writes.flush();
    if (!inFlight.length) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)));
    await Promise.race([Promise.allSettled(inFlight), timeout]);
    clearTimeout(timer);
  }
}
