import type { Platform } from "../core/chat.js";
import type { Logger } from "../core/log.js";

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

/** The platforms' documented limits; the limiter keeps under them by itself (see WINDOW_MARGIN_MS). */
export const DEFAULT_PACING: Record<Platform, Pacing> = {
  telegram: { perSecond: 30, privateSpacingMs: 1_000, groupSpacingMs: 3_000, maxInFlight: inFlightFor(30) },
  discord: { perSecond: 50, privateSpacingMs: 1_000, groupSpacingMs: 1_000, maxInFlight: inFlightFor(50) },
  terminal: { perSecond: 1_000, privateSpacingMs: 0, groupSpacingMs: 0, maxInFlight: 1 },
};

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

/**
 * Grants sends one at a time, first come first served, so that at most ⌊perSecond⌋ are granted in any
 * window of WINDOW_MS + WINDOW_MARGIN_MS (a sliding log of the last grants), spaced evenly in between
 * (a virtual schedule that lets a slightly late timer catch up). After a stall or an idle spell
 * nothing is carried over: the first request goes at once, the next one interval later. Time is monotonic: a wall clock going back changes nothing.
 */
export class RateLimiter {
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
  readonly limiter: RateLimiter;
  private readonly accepted: number[] = [];
  private refusals: { at: number; chat: string }[] = [];
  private lastSlowdownAt = -Infinity;
  private nextStepAt = -Infinity;
  /** What the platform accepted in the second before it last refused, with when. */
  private acceptedRate: { perSecond: number; at: number } | null = null;
  private episode: { since: number; http429: number; slowdowns: number; slowest: number } | null = null;

  constructor(
    private readonly platform: Platform,
    private readonly configured: number,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.limiter = new RateLimiter(configured, clock);
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
    if (!botWide || now - this.lastSlowdownAt < Math.max(afterMs, WINDOW_MS)) return botWide;
    this.slowDown(now, afterMs, global ? "the platform flagged a global limit" : `${this.refusals.length} chats answered 429 within ${BOT_WIDE_WINDOW_MS / 1000} s`);
    return true;
  }

  private slowDown(now: number, afterMs: number, why: string): void {
    const before = this.limiter.perSecond;
    const acceptedLastSecond = this.accepted.filter((t) => t > now - WINDOW_MS).length;
    const after = Math.max(MIN_PER_SECOND, acceptedLastSecond > 0 ? Math.min(before, acceptedLastSecond) * SLOWDOWN : before / 2);
    this.acceptedRate = { perSecond: Math.min(before, Math.max(acceptedLastSecond, after)), at: now };
    this.lastSlowdownAt = now;
    const refused = this.refusals.length;
    this.refusals = [];
    this.limiter.pauseUntil(now + afterMs);
    this.limiter.setRate(after);
    this.nextStepAt = now + afterMs + RECOVER_STEP_MS;
    const round = (n: number) => (n >= 10 ? Math.round(n) : Math.round(n * 10) / 10);
    if (!this.episode) {
      this.episode = { since: now, http429: refused, slowdowns: 0, slowest: after };
      this.log.warn(
        `outbox: ${this.platform} is over its bot-wide rate limit (${why}); pausing ${round(afterMs / 1000)} s, then ${round(after)}/s instead of ${round(before)}/s`,
      );
    }
    this.episode.slowdowns++;
    this.episode.slowest = Math.min(this.episode.slowest, after);
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
    const { since, http429, slowdowns, slowest } = this.episode;
    this.episode = null;
    const rate = this.limiter.perSecond;
    const round = (n: number) => Math.round(n * 10) / 10;
    this.log.info(
      `outbox: ${this.platform} rate limiting: ${http429} requests answered 429 in ${Math.round((now - since) / 1000)} s, ` +
        `slowed down ${slowdowns} time(s), to ${round(slowest)}/s at the slowest; ` +
        (rate >= this.configured ? `back at ${this.configured}/s` : `now ${round(rate)}/s, rising to ${this.configured}/s`),
    );
  }

  stop(): void {
    this.limiter.stop();
  }
}
