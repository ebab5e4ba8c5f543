import { PLATFORM_NAMES, PLATFORMS, type Platform, type PlatformTraits } from "../core/chat.js";
import type { Logger } from "../core/log.js";
import type { RedisLike } from "./store.js";

/** How fast one platform may be sent to. */
export interface Pacing {
  /** Requests per second across every chat, the platform's limit (Telegram 30, or up to 1,000 with paid broadcasts; Discord 50). */
  perSecond: number;
  /** Least time between two messages to one private chat. */
  privateSpacingMs: number;
  /** Least time between two messages to one group or channel (Telegram: 20 per minute). */
  groupSpacingMs: number;
  /** Sends started at once (waiting for their turn or awaiting an answer); enough to hold `perSecond` at real network latency. */
  maxInFlight: number;
}

/** Round trip assumed when sizing in-flight sends: perSecond × this keeps the pipe full. */
const ASSUMED_LATENCY_MS = 500;

const inFlightFor = (perSecond: number) => Math.max(4, Math.ceil((perSecond * ASSUMED_LATENCY_MS) / 1000));

/**
 * Each platform's pacing from the platform list (core/chat.ts): its documented limits, which the limiter
 * keeps under by itself (see WINDOW_MARGIN_MS); the in-flight limit is filled in.
 */
export const DEFAULT_PACING = Object.fromEntries(
  PLATFORM_NAMES.map((platform): [Platform, Pacing] => {
    const pacing: PlatformTraits["pacing"] = PLATFORMS[platform].pacing;
    return [platform, { ...pacing, maxInFlight: pacing.maxInFlight ?? inFlightFor(pacing.perSecond) }];
  }),
) as Record<Platform, Pacing>;

/** Fills in a partial pacing, deriving maxInFlight from the rate when not given. */
export function pacingFor(platform: Platform, partial: Partial<Pacing> = {}): Pacing {
  const base = DEFAULT_PACING[platform];
  const perSecond = partial.perSecond ?? base.perSecond;
  return { ...base, maxInFlight: partial.perSecond ? inFlightFor(perSecond) : base.maxInFlight, ...partial, perSecond };
}

/** Time as the outbox and scheduler see it; tests drive a fake one. */
export interface Clock {
  /** Wall-clock ms since the epoch: dates and schedules. */
  now(): number;
  /** Ms from an arbitrary origin that never goes back (pacing); timers run on this time. */
  monotonic(): number;
  /** Runs `fn` after `ms`; returns a cancel function. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/** The platforms count requests per second. */
const WINDOW_MS = 1_000;
/**
 * Requests reach the platform a few ms later or earlier than they leave (network, the event loop): the
 * limiter counts its second this much longer, so a late first and an early last never share one of the
 * platform's seconds. Costs 2 % of the rate.
 */
export const WINDOW_MARGIN_MS = 20;
/**
 * A timer up to this late (or two intervals at low rates) may catch up on the sends it delayed; later
 * than that (an idle spell, a busy event loop) the even schedule starts again from now, with no burst.
 */
export const CATCH_UP_MS = 25;
const CATCH_UP_INTERVALS = 2;

/** What the adaptive pacer needs of a limiter: one instance's own, or the fleet's shared one. */
export interface Limiter {
  /** Requests per second allowed now. */
  readonly perSecond: number;
  /** Changes the rate from now on. */
  setRate(perSecond: number): void;
  /** Grants nothing before `at` (monotonic ms), and nothing in a burst after. */
  pauseUntil(at: number): void;
  /** Resolves when the caller may hand one request to the network; callers are served in order. */
  acquire(): Promise<void>;
  /** Callers waiting for a grant. */
  readonly waiting: number;
  stop(): void;
}

/**
 * Grants sends one at a time, first come first served, so that at most ⌊perSecond⌋ are granted in any
 * window of WINDOW_MS + WINDOW_MARGIN_MS (a sliding log of the last grants), spaced evenly in between
 * (a virtual schedule that lets a slightly late timer catch up). After a stall or an idle spell
 * nothing is carried over: the first request goes at once, the next one interval later. Time is monotonic: a wall clock going back changes nothing.
 */
export class RateLimiter implements Limiter {
  private grants: Float64Array = new Float64Array(1);
  private oldest = 0;
  private intervalMs = 0;
  /** When the next send is due on the even schedule (never more than CATCH_UP_MS behind the present). */
  private dueAt = -Infinity;
  private pausedUntil = -Infinity;
  private readonly waiters: (() => void)[] = [];
  private waitHead = 0;
  private timer: { at: number; cancel: () => void } | null = null;
  private perSecondNow = 0;

  constructor(
    perSecond: number,
    private readonly clock: Clock,
  ) {
    this.setRate(perSecond);
  }

  get perSecond(): number {
    return this.perSecondNow;
  }

  /** Changes the rate from now on; the grants already made still count in their window. */
  setRate(perSecond: number): void {
    const size = Math.max(1, Math.floor(perSecond));
    const recent = [...this.grants.slice(this.oldest), ...this.grants.slice(0, this.oldest)].filter(Number.isFinite).slice(-size);
    this.grants = new Float64Array(size).fill(-Infinity);
    this.grants.set(recent, size - recent.length);
    this.oldest = 0;
    this.perSecondNow = perSecond;
    this.intervalMs = (WINDOW_MS + WINDOW_MARGIN_MS) / Math.max(perSecond, 1e-9);
    if (this.timer) this.wake();
  }

  /** Grants nothing before `at` (monotonic ms), and nothing in a burst after. */
  pauseUntil(at: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, at);
    this.dueAt = Math.max(this.dueAt, this.pausedUntil);
    if (this.timer) this.wake();
  }

  /** Resolves when the caller may hand one request to the network; callers are served in order. */
  acquire(): Promise<void> {
    if (this.waitHead === this.waiters.length && this.delay(this.clock.monotonic()) === 0) {
      this.grant(this.clock.monotonic());
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      if (!this.timer) this.wake();
    });
  }

  /** Callers waiting for a grant. */
  get waiting(): number {
    return this.waiters.length - this.waitHead;
  }

  /** Ms until the next grant may be made at `now`. */
  private delay(now: number): number {
    const windowFree = this.grants[this.oldest]! + WINDOW_MS + WINDOW_MARGIN_MS;
    return Math.max(0, this.pausedUntil - now, this.dueAt - now, windowFree - now);
  }

  private grant(now: number): void {
    // A timer a little late catches up; after an idle spell or a stall the schedule starts afresh.
    const late = now - this.dueAt;
    this.dueAt = (late > Math.max(CATCH_UP_MS, CATCH_UP_INTERVALS * this.intervalMs) ? now : this.dueAt) + this.intervalMs;
    this.grants[this.oldest] = now;
    this.oldest = (this.oldest + 1) % this.grants.length;
  }

  /** Serves every waiter the limits allow now, and sets a timer for the next. */
  private wake(): void {
    this.timer?.cancel();
    this.timer = null;
    const now = this.clock.monotonic();
    while (this.waitHead < this.waiters.length && this.delay(now) === 0) {
      this.grant(now);
      const resolve = this.waiters[this.waitHead]!;
      this.waiters[this.waitHead++] = undefined as never;
      resolve();
    }
    if (this.waitHead > 1024 && this.waitHead * 2 > this.waiters.length) {
      this.waiters.splice(0, this.waitHead);
      this.waitHead = 0;
    }
    if (this.waitHead === this.waiters.length) return;
    // Timers fire at whole ms at best; round up so a wake-up never comes a fraction too early.
    const ms = Math.max(1, Math.ceil(this.delay(now)));
    this.timer = { at: now + ms, cancel: this.clock.setTimer(() => this.wake(), ms) };
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }
}

/**
 * One schedule of send slots for every instance that sends as the same bot (the platform's limit is the
 * bot's, not one process's): a generic cell rate algorithm on the shared store, timed by the store's
 * clock so that instances' clocks need not agree.
 */
export interface SharedSchedule {
  /** The time the schedule is kept in (the store's, so real time): slots are waited for on this clock. */
  readonly clock: Clock;
  /**
   * Reserves `count` consecutive slots `intervalMs` apart, the first no earlier than `notBeforeMs` from
   * now and no earlier than one interval after the fleet's last slot; resolves with ms from now to the first.
   */
  reserve(intervalMs: number, count: number, notBeforeMs?: number): Promise<number>;
}

/** KEYS[1]: the next free slot (store ms). ARGV: interval ms, count, not-before ms. Returns ms from now to the first slot. */
const RESERVE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local first = math.max(free, now + tonumber(ARGV[3]))
local after = first + tonumber(ARGV[1]) * tonumber(ARGV[2])
redis.call('SET', KEYS[1], string.format('%.3f', after), 'PX', math.ceil(after - now) + 60000)
return string.format('%.3f', first - now)`;

/** The shared schedule on Redis: one key, one script call per reservation. */
export function redisSchedule(redis: Pick<RedisLike, "eval">, key: string): SharedSchedule {
  return {
    clock: systemClock,
    async reserve(intervalMs, count, notBeforeMs = 0) {
      const args = [intervalMs.toFixed(3), String(count), Math.max(0, notBeforeMs).toFixed(3)];
      return Number(await redis.eval(RESERVE_SCRIPT, { keys: [key], arguments: args }));
    },
  };
}

/**
 * A reserved slot not used within this of its time (a busy event loop, a slow answer from the store) is
 * given up and another one reserved: sends stay within this of their slot, which the window margin
 * covers, so a stalled instance never sends late into a second another instance has filled.
 */
export const SLOT_TOLERANCE_MS = WINDOW_MARGIN_MS;
/** Slots reserved at once: this much of the rate, so a fast lane asks the store a few dozen times a second, not once a send. */
const RESERVE_AHEAD_MS = 50;
/** Reservations answered too slowly in a row after which the next slow one's slots are used anyway (see reserve). */
const SLOW_ANSWERS_IN_A_ROW = 3;
/** After the shared schedule failed, the lane paces alone this long before trying it again. */
export const SHARED_RETRY_MS = 5_000;

/**
 * Grants sends at slots of the fleet's shared schedule, so that all instances together stay under the
 * platform's limit, first come first served. Slots missed by more than SLOT_TOLERANCE_MS (a busy event
 * loop) are dropped, never caught up in a burst. While the shared store does not answer, the lane paces
 * alone (a local RateLimiter) and says so once.
 */
export class FleetLimiter implements Limiter {
  /** Reserved slots, oldest first: when one may be used at the earliest and the latest, on the schedule's clock. */
  private slots: { from: number; until: number }[] = [];
  private waiters: (() => void)[] = [];
  private reserving = false;
  private timer: (() => void) | null = null;
  private rate: number;
  private alone: { until: number } | null = null;
  /** Reservations in a row whose answer came too late to place their slots exactly. */
  private slowAnswers = 0;
  private readonly local: RateLimiter;
  private stopped = false;
  /** The schedule's time, in which slots are kept and waited for. */
  private readonly clock: Clock;

  constructor(
    perSecond: number,
    /** The lane's time, in which pauses are given (and local pacing runs while the store is away). */
    private readonly laneClock: Clock,
    private readonly schedule: SharedSchedule,
    private readonly log: Logger,
    private readonly name: string,
  ) {
    this.rate = perSecond;
    this.clock = schedule.clock;
    this.local = new RateLimiter(perSecond, laneClock);
  }

  get perSecond(): number {
    return this.rate;
  }

  get waiting(): number {
    return this.waiters.length + this.local.waiting;
  }

  private get intervalMs(): number {
    return (WINDOW_MS + WINDOW_MARGIN_MS) / Math.max(this.rate, 1e-9);
  }

  setRate(perSecond: number): void {
    this.rate = perSecond;
    this.local.setRate(perSecond);
  }

  pauseUntil(at: number): void {
    this.local.pauseUntil(at);
    const ms = at - this.laneClock.monotonic();
    const until = this.clock.monotonic() + ms;
    this.slots = this.slots.filter((slot) => slot.from >= until);
    // The whole fleet waits: a zero-length reservation moves the shared schedule past the pause.
    if (!this.alone) void this.schedule.reserve(0, 0, ms).catch(() => undefined);
  }

  acquire(): Promise<void> {
    if (this.alone && this.laneClock.monotonic() < this.alone.until) return this.local.acquire();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.serve();
    });
  }

  /** Grants the slots that are due, drops the missed ones, reserves more and sets a timer for the next. */
  private serve(): void {
    this.timer?.();
    this.timer = null;
    if (this.stopped) return;
    const now = this.clock.monotonic();
    while (this.slots.length && this.slots[0]!.until < now) this.slots.shift();
    let due = 0;
    while (due < this.waiters.length && due < this.slots.length && this.slots[due]!.from <= now) due++;
    if (due) {
      this.slots.splice(0, due);
      for (const resolve of this.waiters.splice(0, due)) resolve();
    }
    if (!this.waiters.length) return;
    // Keep about RESERVE_AHEAD_MS of slots in hand: enough to never wait on the store, few enough that the
    // fleet's callers are served in about the order they asked and a stall wastes little.
    const batch = Math.max(1, Math.ceil((this.rate * RESERVE_AHEAD_MS) / 1000));
    const short = this.waiters.length - this.slots.length;
    if (short > 0 && this.slots.length < batch && !this.reserving) void this.reserve(Math.min(short, batch));
    if (this.slots.length) {
      const ms = Math.max(1, Math.ceil(this.slots[0]!.from - now));
      this.timer = this.clock.setTimer(() => this.serve(), ms);
    }
  }

  private async reserve(count: number): Promise<void> {
    this.reserving = true;
    const interval = this.intervalMs;
    const asked = this.clock.monotonic();
    try {
      const offset = await this.schedule.reserve(interval, count);
      // The store's "now" was somewhere between asking and the answer: a slot is used no earlier than it
      // can be, and no later than SLOT_TOLERANCE_MS after it can be. An answer slower than that (a busy
      // event loop read it late) leaves no such time: its slots are given up, unless that happened
      // SLOW_ANSWERS_IN_A_ROW times already; then they are used from the answer on, possibly that much
      // late, rather than stalling the lane (pacing alone would be worse: the fleet would go over).
      const answered = this.clock.monotonic();
      const slow = answered - asked > SLOT_TOLERANCE_MS;
      if (slow && ++this.slowAnswers < SLOW_ANSWERS_IN_A_ROW) return;
      this.slowAnswers = 0;
      for (let i = 0; i < count; i++) {
        const from = answered + offset + i * interval;
        this.slots.push({ from, until: (slow ? answered : asked) + offset + i * interval + SLOT_TOLERANCE_MS });
      }
      if (this.alone) {
        this.alone = null;
        this.log.info(`outbox: ${this.name} pacing is shared with the fleet again`);
      }
    } catch (err) {
      this.paceAlone(err);
    } finally {
      this.reserving = false;
      this.serve();
    }
  }

  /** The shared schedule failed: the waiting callers and those of the next SHARED_RETRY_MS are paced locally. */
  private paceAlone(err: unknown): void {
    if (!this.alone) {
      this.log.warn(
        `outbox: ${this.name} pacing cannot use the shared store (${(err as Error)?.message ?? String(err)}); pacing this instance alone at ${this.rate}/s, ` +
          `so the fleet together may exceed the platform's limit until it is back`,
      );
    }
    this.alone = { until: this.laneClock.monotonic() + SHARED_RETRY_MS };
    this.slowAnswers = 0;
    for (const resolve of this.waiters.splice(0)) void this.local.acquire().then(resolve);
    this.slots = [];
  }

  stop(): void {
    this.stopped = true;
    this.timer?.();
    this.timer = null;
    this.local.stop();
  }
}

/** Chats answered 429 within BOT_WIDE_WINDOW_MS after which the limit is taken as the whole bot's. */
export const BOT_WIDE_CHATS = 3;
export const BOT_WIDE_WINDOW_MS = 2_000;
/** After a bot-wide 429, the new rate is this share of what the platform accepted in the last second. */
export const SLOWDOWN = 0.9;
/** A slower rate rises by this factor every clean second (no 429 in it)... */
export const RECOVER = 1.1;
export const RECOVER_STEP_MS = 1_000;
/** ...but not above what the platform accepted when it last refused, for this long. */
export const LIMIT_MEMORY_MS = 60_000;
/**
 * A bot-wide 429 after the platform accepted at least this share of the rate in the last second only
 * pauses the lane (jitter, not a wrong rate), once per HOLD_MEMORY_MS; another one within that lowers the rate.
 */
export const FULL_PACE_SHARE = 0.95;
export const HOLD_MEMORY_MS = 10_000;
/** The lowest rate adaptation goes down to. */
export const MIN_PER_SECOND = 1;

/**
 * One platform's pace: the limiter at the configured rate, slowed when the platform signals that the
 * whole bot is over its limit (a 429 flagged global, or several chats answered 429 within a short
 * window): a pause for the platform's retry-after, then a rate just under what it accepted in the last
 * second; the rate then rises again each clean second, up to what the platform accepted (for a minute,
 * after which it probes higher), back to the configured one. A 429 for one chat is that chat's business
 * (the outbox delays only it). Logs one line when an episode starts and one summary when it is over (the
 * rate is back, or the lane ran out of work).
 */
export class AdaptivePacer {
  readonly limiter: Limiter;
  private readonly accepted: number[] = [];
  private refusals: { at: number; chat: string }[] = [];
  private lastSlowdownAt = -Infinity;
  private nextStepAt = -Infinity;
  /** What the platform accepted in the second before it last refused, with when. */
  private acceptedRate: { perSecond: number; at: number } | null = null;
  private episode: { since: number; http429: number; slowdowns: number; pauses: number; slowest: number } | null = null;
  /** When a bot-wide 429 last only paused the lane (the rate was kept), and whether the last one lowered it. */
  private heldAt = -Infinity;
  private lastWasCut = false;

  constructor(
    private readonly platform: Platform,
    private readonly configured: number,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** Shared by the fleet when instances send as one bot; the instance's own otherwise. */
    schedule?: SharedSchedule,
  ) {
    this.limiter = schedule ? new FleetLimiter(configured, clock, schedule, log, platform) : new RateLimiter(configured, clock);
  }

  /** Requests per second allowed now. */
  get perSecond(): number {
    this.recover(this.clock.monotonic());
    return this.limiter.perSecond;
  }

  /** Resolves when the next request may go to the platform. */
  acquire(): Promise<void> {
    this.recover(this.clock.monotonic());
    return this.limiter.acquire();
  }

  /** A request was accepted. */
  sent(): void {
    const now = this.clock.monotonic();
    this.accepted.push(now);
    if (this.accepted.length > 4 * this.configured + 64) this.accepted.splice(0, this.accepted.length - 2 * this.configured);
    this.recover(now);
  }

  /** A request was answered 429; true when this slowed the whole platform down. */
  refused(chat: string, afterMs: number, global = false): boolean {
    const now = this.clock.monotonic();
    this.nextStepAt = now + RECOVER_STEP_MS;
    if (this.episode) this.episode.http429++;
    this.refusals = this.refusals.filter((r) => r.at > now - BOT_WIDE_WINDOW_MS && r.chat !== chat);
    this.refusals.push({ at: now, chat });
    const botWide = global || this.refusals.length >= BOT_WIDE_CHATS;
    // The answers to requests already on their way tell nothing new about the rate just set.
    if (!botWide || now - this.lastSlowdownAt < Math.max(afterMs, WINDOW_MS)) return botWide && this.lastWasCut;
    this.lastWasCut = this.slowDown(now, afterMs, global ? "the platform flagged a global limit" : `${this.refusals.length} chats answered 429 within ${BOT_WIDE_WINDOW_MS / 1000} s`);
    return this.lastWasCut;
  }

  /** Pauses the lane for the platform's wait and, unless the refusal looks like jitter, lowers the rate; true when it did. */
  private slowDown(now: number, afterMs: number, why: string): boolean {
    const before = this.limiter.perSecond;
    const acceptedLastSecond = this.accepted.filter((t) => t > now - WINDOW_MS).length;
    const round = (n: number) => (n >= 10 ? Math.round(n) : Math.round(n * 10) / 10);
    if (acceptedLastSecond >= FULL_PACE_SHARE * before && now - this.heldAt > HOLD_MEMORY_MS) {
      // The platform took (nearly) the whole rate in the last second: a refusal now says a request or two
      // reached it early or late (network or event-loop jitter), not that the rate is wrong. Obey its wait
      // and keep the rate; a second such refusal soon after lowers it.
      this.heldAt = now;
      this.lastSlowdownAt = now;
      const refused = this.refusals.length;
      this.refusals = [];
      this.limiter.pauseUntil(now + afterMs);
      if (!this.episode) {
        this.episode = { since: now, http429: refused, slowdowns: 0, pauses: 0, slowest: before };
        this.log.warn(
          `outbox: ${this.platform} answered 429 for the whole bot (${why}) after accepting ${acceptedLastSecond} requests in the last second; ` +
            `pausing ${round(afterMs / 1000)} s as asked and keeping ${round(before)}/s (another within ${HOLD_MEMORY_MS / 1000} s lowers the rate)`,
        );
      }
      this.episode.pauses++;
      return false;
    }
    const after = Math.max(MIN_PER_SECOND, acceptedLastSecond > 0 ? Math.min(before, acceptedLastSecond) * SLOWDOWN : before / 2);
    this.acceptedRate = { perSecond: Math.min(before, Math.max(acceptedLastSecond, after)), at: now };
    this.lastSlowdownAt = now;
    const refused = this.refusals.length;
    this.refusals = [];
    this.limiter.pauseUntil(now + afterMs);
    this.limiter.setRate(after);
    this.nextStepAt = now + afterMs + RECOVER_STEP_MS;
    if (!this.episode) {
      this.episode = { since: now, http429: refused, slowdowns: 0, pauses: 0, slowest: after };
      this.log.warn(
        `outbox: ${this.platform} is over its bot-wide rate limit (${why}); pausing ${round(afterMs / 1000)} s, then ${round(after)}/s instead of ${round(before)}/s`,
      );
    }
    this.episode.slowdowns++;
    this.episode.pauses++;
    this.episode.slowest = Math.min(this.episode.slowest, after);
    return true;
  }

  /** Raises a slowed rate by one step per clean second since the last step. */
  private recover(now: number): void {
    let rate = this.limiter.perSecond;
    if (rate >= this.configured || now < this.nextStepAt) return;
    const before = rate;
    for (; this.nextStepAt <= now && rate < this.configured; this.nextStepAt += RECOVER_STEP_MS) {
      const remembered = this.acceptedRate && this.nextStepAt - this.acceptedRate.at < LIMIT_MEMORY_MS ? this.acceptedRate.perSecond : Infinity;
      rate = Math.max(rate, Math.min(this.configured, remembered, Math.max(rate + 0.5, rate * RECOVER)));
    }
    if (now >= this.nextStepAt) this.nextStepAt = now + RECOVER_STEP_MS;
    if (rate !== before) this.limiter.setRate(rate);
    if (rate >= this.configured) this.endEpisode(now);
  }

  /** Logs the summary of a slowdown episode, if one is under way (the rate is back, or the work is done). */
  endEpisode(now = this.clock.monotonic()): void {
    if (!this.episode) return;
    this.recover(now);
    if (!this.episode) return;
    const { since, http429, slowdowns, pauses, slowest } = this.episode;
    this.episode = null;
    const rate = this.limiter.perSecond;
    const round = (n: number) => Math.round(n * 10) / 10;
    this.log.info(
      `outbox: ${this.platform} rate limiting: ${http429} requests answered 429 in ${Math.round((now - since) / 1000)} s, ` +
        (slowdowns ? `slowed down ${slowdowns} time(s), to ${round(slowest)}/s at the slowest; ` : `paused ${pauses} time(s) with the rate kept; `) +
        (rate >= this.configured ? `back at ${this.configured}/s` : `now ${round(rate)}/s, rising to ${this.configured}/s`),
    );
  }

  stop(): void {
    this.limiter.stop();
  }
}
