/**
 * Local wall-clock time in IANA zones, without a date library: Intl gives the offset, and the
 * daylight-saving rules below decide what a digest at "HH:MM" means on a day the clocks change.
 *
 * - A local time that occurs twice (clocks go back) is delivered once, at its first occurrence.
 * - A local time that does not exist (clocks go forward) is delivered once, at the next valid
 *   minute: 02:30 on the night Paris skips 02:00–03:00 becomes 03:00 local.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** `08:00` → { hour: 8, minute: 0 }; null when not a valid 24-hour HH:MM. */
export function parseLocalTime(text: string): { hour: number; minute: number } | null {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock in `zone` at `ms`, as if it were UTC (ms since epoch, minute precision). */
export function wallClock(ms: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(ms)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
}

/** The local calendar date of an instant: `2026-03-29`. */
export function localDate(at: Date, zone: string): string {
  return new Date(wallClock(at.getTime(), zone)).toISOString().slice(0, 10);
}

/** The local time of an instant: `08:00`. */
export function localTime(at: Date, zone: string): string {
  return new Date(wallClock(at.getTime(), zone)).toISOString().slice(11, 16);
}

const slotCache = new Map<string, number>();
const SLOT_CACHE_MAX = 50_000;

/** The instant of the digest slot at `wall` (a local date and time written as UTC ms) in `zone`. */
export function instantOfLocal(wall: number, zone: string): number {
  const cacheKey = `${zone}|${wall}`;
  const cached = slotCache.get(cacheKey);
  if (cached !== undefined) return cached;
  // Offsets on either side of any transition near this wall time.
  const before = wallClock(wall - DAY_MS / 2, zone) - (wall - DAY_MS / 2);
  const after = wallClock(wall + DAY_MS / 2, zone) - (wall + DAY_MS / 2);
  const candidates = [wall - before, wall - after].sort((a, b) => a - b);
  let instant = candidates.find((t) => wallClock(t, zone) === wall);
  if (instant === undefined) {
    // A gap: the first minute whose wall clock is past the requested time.
    let lo = candidates[0]!;
    let hi = candidates[1]!;
    while (hi - lo > MINUTE_MS) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
      if (wallClock(mid, zone) >= wall) hi = mid;
      else lo = mid;
    }
    instant = wallClock(lo, zone) >= wall ? lo : hi;
  }
  if (slotCache.size >= SLOT_CACHE_MAX) slotCache.clear();
  slotCache.set(cacheKey, instant);
  return instant;
}

/** One digest slot: when it is delivered, and the local date it belongs to. */
export interface DigestSlot {
  at: Date;
  localDate: string;
}

function slotOn(day: number, time: { hour: number; minute: number }, zone: string): DigestSlot {
  const wall = day + time.hour * 3_600_000 + time.minute * MINUTE_MS;
  return { at: new Date(instantOfLocal(wall, zone)), localDate: new Date(day).toISOString().slice(0, 10) };
}

/** The first digest slot strictly after `after` for a daily local time `HH:MM` in `zone`. */
export function nextDigestAt(time: string, zone: string, after: Date): DigestSlot {
  const parsed = parseLocalTime(time);
  if (!parsed) throw new RangeError(`not a time: ${time}`);
  const today = Math.floor(wallClock(after.getTime(), zone) / DAY_MS) * DAY_MS;
  for (let day = today - DAY_MS; ; day += DAY_MS) {
    const slot = slotOn(day, parsed, zone);
    if (slot.at.getTime() > after.getTime()) return slot;
  }
}

/** The latest digest slot at or before `at`. */
export function previousDigestAt(time: string, zone: string, at: Date): DigestSlot {
  const parsed = parseLocalTime(time);
  if (!parsed) throw new RangeError(`not a time: ${time}`);
  const today = Math.floor(wallClock(at.getTime(), zone) / DAY_MS) * DAY_MS;
  for (let day = today + DAY_MS; ; day -= DAY_MS) {
    const slot = slotOn(day, parsed, zone);
    if (slot.at.getTime() <= at.getTime()) return slot;
  }
}
