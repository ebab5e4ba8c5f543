import type { LocalText } from "../core/errors.js";

/** What Herald remembers of one feed between polls (stored, so a restart keeps it). */
export interface FeedState {
  url: string;
  /** The feed's own title, from its last good read. */
  title: string | null;
  etag: string | null;
  lastModified: string | null;
  /** ISO times. */
  lastAttempt: string | null;
  lastSuccess: string | null;
  /** Consecutive failures, and since when (ISO) the feed has been failing. */
  failures: number;
  failingSince: string | null;
  lastError: string | null;
  /** `lastError` as a catalogue message, for a chat; absent from state stored before it existed (then `/feeds` shows `lastError`). */
  lastProblem?: LocalText | null;
  /** Items in the last good read. */
  items: number;
  /** Items that changed content on the last read (a feed that rewrites every item is flagged). */
  changedLastRead: number;
  /** Earliest next poll (ISO). */
  nextAt: string | null;
  /** A 410 stopped the feed. */
  stopped: boolean;
  /** Bumped at every read that changed reports, so other instances know to reload them. */
  revision: number;
}

export const newFeedState = (url: string): FeedState => ({
  url,
  title: null,
  etag: null,
  lastModified: null,
  lastAttempt: null,
  lastSuccess: null,
  failures: 0,
  failingSince: null,
  lastError: null,
  lastProblem: null,
  items: 0,
  changedLastRead: 0,
  nextAt: null,
  stopped: false,
  revision: 0,
});

/** A feed failing this long is shown as unhealthy. */
export const UNHEALTHY_AFTER_MS = 24 * 3_600_000;
/** Backoff never waits longer than this. */
export const MAX_BACKOFF_MS = 6 * 3_600_000;

/** Delay before the next attempt after `failures` consecutive failures: doubling from the feed's interval, jittered into [½, 1], capped at 6 h. */
export function backoffMs(failures: number, intervalMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** Math.min(failures, 20));
  return Math.round(ceiling * (0.5 + random() / 2));
}

export type Health = "healthy" | "failing" | "unhealthy" | "stopped" | "not yet fetched";

/** How a feed is doing, as `/feeds` shows it. */
export function healthOf(state: FeedState, now: Date): Health {
  if (state.stopped) return "stopped";
  if (state.failures === 0) return state.lastSuccess ? "healthy" : "not yet fetched";
  const since = Date.parse(state.failingSince ?? state.lastAttempt ?? "");
  return now.getTime() - since >= UNHEALTHY_AFTER_MS ? "unhealthy" : "failing";
}
