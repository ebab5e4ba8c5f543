import { PLATFORM_NAMES, PLATFORMS, type Platform, type PlatformTraits } from "../core/chat.js";

/** How fast one platform may be sent to. */
export interface Pacing {
  /** Messages per second across every chat (Telegram ~30, or up to 1,000 with paid broadcasts; Discord 50 requests/s). */
  perSecond: number;
  /** Least time between two messages to one private chat. */
  privateSpacingMs: number;
  /** Least time between two messages to one group or channel (Telegram: 20 per minute). */
  groupSpacingMs: number;
  /** Sends awaiting an answer at once; enough to hold `perSecond` at real network latency. */
  maxInFlight: number;
}

/** Round trip assumed when sizing in-flight sends: perSecond × this keeps the pipe full. */
const ASSUMED_LATENCY_MS = 500;

const inFlightFor = (perSecond: number) => Math.max(4, Math.ceil((perSecond * ASSUMED_LATENCY_MS) / 1000));

/** Each platform's pacing from the platform list (core/chat.ts), with its in-flight limit filled in. */
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

/** A token bucket holding `perSecond` with a burst of a tenth of a second's worth. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  constructor(private readonly perSecond: number, now: number) {
    this.capacity = Math.max(1, Math.ceil(perSecond / 10));
    this.tokens = this.capacity;
    this.last = now;
  }

  /** Takes a token: 0 when one was available, else the ms until one will be. */
  take(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.perSecond) / 1000);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }
}

/** Time as the outbox and scheduler see it; tests drive a fake one. */
export interface Clock {
  now(): number;
  /** Runs `fn` after `ms`; returns a cancel function. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};
