import fc from "fast-check";
import { createClient } from "@keyv/redis";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/log.js";
import {
  AdaptivePacer,
  BOT_WIDE_CHATS,
  CATCH_UP_MS,
  FleetLimiter,
  RateLimiter,
  redisSchedule,
  SHARED_RETRY_MS,
  SLOT_TOLERANCE_MS,
  systemClock,
  WINDOW_MARGIN_MS,
  type Clock,
  type Limiter,
  type SharedSchedule,
} from "../../src/subscriptions/pacer.js";

/** A clock for the limiter alone: timers fire in order as time is advanced, with promise callbacks run in between. */
class StepClock implements Clock {
  elapsed = 0;
  wall = Date.parse("2026-03-01T08:00:00Z");
  private timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  now = () => this.wall;
  monotonic = () => this.elapsed;
  setTimer(fn: () => void, ms: number) {
    const timer = { at: this.elapsed + Math.max(0, ms), fn, cancelled: false };
    this.timers.push(timer);
    return () => void (timer.cancelled = true);
  }
  /** Moves time forward; `stall` holds every timer until the end, as a busy event loop would. */
  async advance(ms: number, stall = false): Promise<void> {
    const end = this.elapsed + ms;
    await flush();
    if (stall) this.elapsed = end;
    for (;;) {
      await flush();
      this.timers = this.timers.filter((t) => !t.cancelled);
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.elapsed = Math.max(this.elapsed, next.at);
      this.timers.splice(this.timers.indexOf(next), 1);
      next.fn();
    }
    this.elapsed = end;
    await flush();
  }
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** Asks for `count` grants and records the monotonic time of each. */
function request(limiter: Limiter, clock: StepClock, count: number): number[] {
  const granted: number[] = [];
  for (let i = 0; i < count; i++) void limiter.acquire().then(() => granted.push(clock.elapsed));
  return granted;
}

/** The most grants within any window of `windowMs`. */
const peak = (times: number[], windowMs = 1_000) => {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
};

describe("rate limiter", () => {
  it("never grants more than the rate in any one-second window, whatever the rate and the demand", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 400 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 700 }), fc.boolean()), { minLength: 1, maxLength: 8 }), async (perSecond, bursts) => {
        const clock = new StepClock();
        const limiter = new RateLimiter(perSecond, clock);
        const batches: number[][] = [];
        for (const [count, gapMs, stall] of bursts) {
          batches.push(request(limiter, clock, count));
          await clock.advance(gapMs, stall);
        }
        await clock.advance(Math.ceil((bursts.reduce((n, [count]) => n + count, 0) * 1_100) / perSecond) + 2_000);
        const granted = batches.flat().sort((a, b) => a - b);
        expect(granted).toHaveLength(bursts.reduce((n, [count]) => n + count, 0));
        expect(peak(granted, 1_000 + WINDOW_MARGIN_MS)).toBeLessThanOrEqual(Math.max(1, Math.floor(perSecond)));
      }),
      { numRuns: 60 },
    );
  });

  it("keeps the configured pace over a long run", async () => {
    const clock = new StepClock();
    const granted = request(new RateLimiter(30, clock), clock, 300);
    await clock.advance(11_000);
    expect(granted).toHaveLength(300);
    const rate = (granted.length - 1) / ((granted.at(-1)! - granted[0]!) / 1000);
    expect(rate).toBeGreaterThan(29);
    expect(rate).toBeLessThanOrEqual(30);
    expect(peak(granted)).toBeLessThanOrEqual(30);
  });

  it("serves callers in the order they asked", async () => {
    const clock = new StepClock();
    const limiter = new RateLimiter(10, clock);
    const order: number[] = [];
    for (let i = 0; i < 20; i++) void limiter.acquire().then(() => order.push(i));
    await clock.advance(3_000);
    expect(order).toEqual([...Array(20).keys()]);
  });

  it("sends no burst after a stall: the event loop was busy for half a second", async () => {
    const clock = new StepClock();
    const limiter = new RateLimiter(100, clock);
    const early = request(limiter, clock, 20);
    await clock.advance(200);
    const late = request(limiter, clock, 200);
    await clock.advance(500, true);
    const atStallEnd = late.filter((t) => t === clock.elapsed).length;
    // Only the catch-up allowance goes out at once (25 ms at 100/s: 3–4 sends), not the 50 a bucket would have saved up.
    expect(atStallEnd).toBeLessThanOrEqual(Math.ceil((CATCH_UP_MS * 100) / 1_000) + 1);
    await clock.advance(5_000);
    expect(peak([...early, ...late].sort((a, b) => a - b))).toBeLessThanOrEqual(100);
  });

  it("starts afresh after an idle spell: one request at once, the next an interval later", async () => {
    const clock = new StepClock();
    const limiter = new RateLimiter(10, clock);
    request(limiter, clock, 5);
    await clock.advance(10_000);
    const granted = request(limiter, clock, 3);
    const start = clock.elapsed;
    await clock.advance(500);
    expect(granted.map((t) => t - start)).toEqual([0, 102, 204]);
  });

  it("ignores the wall clock: going back two hours delays nothing", async () => {
    const clock = new StepClock();
    const limiter = new RateLimiter(30, clock);
    const granted = request(limiter, clock, 30);
    await clock.advance(100);
    clock.wall -= 2 * 3_600_000;
    await clock.advance(1_100);
    expect(granted).toHaveLength(30);
  });

  it("pauses for a given time and resumes at the new rate without a burst", async () => {
    const clock = new StepClock();
    const limiter = new RateLimiter(100, clock);
    const granted = request(limiter, clock, 100);
    await clock.advance(100);
    const before = granted.length;
    limiter.pauseUntil(clock.elapsed + 1_000);
    limiter.setRate(10);
    await clock.advance(990);
    expect(granted).toHaveLength(before);
    await clock.advance(1_010);
    expect(granted.length - before).toBeLessThanOrEqual(11);
    expect(granted.length - before).toBeGreaterThanOrEqual(9);
  });
});

describe("adaptive pacer", () => {
  const make = (configured: number) => {
    const clock = new StepClock();
    const lines: string[] = [];
    const pacer = new AdaptivePacer("telegram", configured, clock, createLogger({ level: "info", write: (l) => lines.push(l) }));
    return { clock, lines, pacer };
  };

  it("keeps its rate when a single chat is answered 429", () => {
    const { pacer, lines } = make(30);
    expect(pacer.refused("telegram:private:1", 5_000)).toBe(false);
    expect(pacer.refused("telegram:private:1", 5_000)).toBe(false);
    expect(pacer.perSecond).toBe(30);
    expect(lines).toEqual([]);
  });

  it("slows the whole platform when several chats are answered 429 within a short window, to just under what was accepted", async () => {
    const { clock, pacer, lines } = make(1_000);
    for (let i = 0; i < 30; i++) pacer.sent();
    await clock.advance(50);
    for (let i = 1; i < BOT_WIDE_CHATS; i++) expect(pacer.refused(`c${i}`, 1_000)).toBe(false);
    expect(pacer.refused(`c${BOT_WIDE_CHATS}`, 1_000)).toBe(true);
    expect(pacer.perSecond).toBeCloseTo(27);
    // Answers to requests already on their way do not slow it down again.
    for (let i = 10; i < 40; i++) pacer.refused(`c${i}`, 1_000);
    expect(pacer.perSecond).toBeCloseTo(27);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/WARN outbox: telegram is over its bot-wide rate limit \(3 chats answered 429 within 2 s\); pausing 1 s, then 27\/s instead of 1000\/s/);
  });

  it("slows down at once on a 429 the platform flags as global when it accepted less than the rate, and pauses for its retry-after", async () => {
    const { clock, pacer } = make(50);
    for (let i = 0; i < 40; i++) pacer.sent();
    expect(pacer.refused("discord:group:1", 400, true)).toBe(true);
    const granted: number[] = [];
    void pacer.acquire().then(() => granted.push(clock.elapsed));
    await clock.advance(399);
    expect(granted).toEqual([]);
    await clock.advance(2);
    expect(granted).toHaveLength(1);
    expect(pacer.perSecond).toBeCloseTo(36);
  });

  it("only pauses, keeping the rate, when the platform refuses once after accepting the whole rate; a second refusal soon after lowers it", async () => {
    const { clock, pacer, lines } = make(50);
    for (let i = 0; i < 50; i++) pacer.sent();
    expect(pacer.refused("discord:group:1", 400, true)).toBe(false);
    const granted: number[] = [];
    void pacer.acquire().then(() => granted.push(clock.elapsed));
    await clock.advance(399);
    expect(granted).toEqual([]);
    await clock.advance(2);
    expect(granted).toHaveLength(1);
    expect(pacer.perSecond).toBe(50);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/WARN outbox: telegram answered 429 for the whole bot \(the platform flagged a global limit\) after accepting 50 requests in the last second; pausing 0.4 s as asked and keeping 50\/s/);
    await clock.advance(3_000);
    for (let i = 0; i < 50; i++) pacer.sent();
    expect(pacer.refused("discord:group:2", 400, true)).toBe(true);
    expect(pacer.perSecond).toBeCloseTo(45);
    expect(lines).toHaveLength(1);
  });

  it("recovers to the configured rate after clean seconds and logs one summary line for the episode", async () => {
    const { clock, pacer, lines } = make(100);
    for (let i = 0; i < 30; i++) pacer.sent();
    for (let i = 0; i < BOT_WIDE_CHATS; i++) pacer.refused(`c${i}`, 1_000);
    expect(pacer.perSecond).toBeCloseTo(27);
    await clock.advance(3_000);
    expect(pacer.perSecond).toBeGreaterThan(27);
    expect(pacer.perSecond).toBeLessThan(100);
    await clock.advance(120_000);
    expect(pacer.perSecond).toBe(100);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/INFO outbox: telegram rate limiting: 3 requests answered 429 in \d+ s, slowed down 1 time\(s\), to 27\/s at the slowest; back at 100\/s/);
  });

  it("rises no higher than the platform accepted while that is remembered, then probes higher", async () => {
    const { clock, pacer } = make(1_000);
    for (let i = 0; i < 30; i++) pacer.sent();
    for (let i = 0; i < BOT_WIDE_CHATS; i++) pacer.refused(`c${i}`, 1_000);
    await clock.advance(30_000);
    expect(pacer.perSecond).toBe(30);
    await clock.advance(40_000);
    expect(pacer.perSecond).toBeGreaterThan(30);
  });

  it("sums up an episode when the work runs out before the rate is back", async () => {
    const { clock, pacer, lines } = make(1_000);
    for (let i = 0; i < 30; i++) pacer.sent();
    for (let i = 0; i < BOT_WIDE_CHATS; i++) pacer.refused(`c${i}`, 1_000);
    await clock.advance(5_000);
    pacer.endEpisode();
    pacer.endEpisode();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/rate limiting: 3 requests answered 429 in 5 s, slowed down 1 time\(s\), to 27\/s at the slowest; now 30\/s, rising to 1000\/s/);
  });
});

/** The shared schedule as the Redis script keeps it, on the test's clock; `down` makes it fail like an unreachable store. */
function memorySchedule(clock: StepClock): SharedSchedule & { down: boolean; answerMs: number } {
  let free = 0;
  return {
    clock,
    down: false,
    answerMs: 0,
    async reserve(intervalMs, count, notBeforeMs = 0) {
      if (this.down) throw new Error("connection refused");
      if (this.answerMs) await new Promise<void>((resolve) => clock.setTimer(resolve, this.answerMs));
      const now = clock.monotonic();
      const first = Math.max(free, now + notBeforeMs);
      free = first + intervalMs * count;
      return first - now;
    },
  };
}

const quiet = createLogger({ level: "error", write: () => {} });

describe("fleet limiter (one schedule for every instance sending as the bot)", () => {
  it("keeps two instances together under the platform's limit, and no slower than one", async () => {
    const clock = new StepClock();
    const schedule = memorySchedule(clock);
    const a = new FleetLimiter(30, clock, schedule, quiet, "telegram");
    const b = new FleetLimiter(30, clock, schedule, quiet, "telegram");
    const fromA = request(a, clock, 150);
    const fromB = request(b, clock, 150);
    await clock.advance(12_000);
    const all = [...fromA, ...fromB].sort((x, y) => x - y);
    expect(all).toHaveLength(300);
    expect(peak(all)).toBeLessThanOrEqual(30);
    const rate = (all.length - 1) / ((all.at(-1)! - all[0]!) / 1000);
    expect(rate).toBeGreaterThan(29);
    // Each instance alone would have taken its 150 in 5 s; sharing, the pair takes 10 s, as one instance with all 300.
    expect(all.at(-1)! - all[0]!).toBeGreaterThan(9_500);
  });

  it("serves each instance's callers in the order they asked", async () => {
    const clock = new StepClock();
    const limiter = new FleetLimiter(10, clock, memorySchedule(clock), quiet, "telegram");
    const order: number[] = [];
    for (let i = 0; i < 20; i++) void limiter.acquire().then(() => order.push(i));
    await clock.advance(3_000);
    expect(order).toEqual([...Array(20).keys()]);
  });

  it("drops the slots a stall made it miss instead of sending them in a burst", async () => {
    const clock = new StepClock();
    const limiter = new FleetLimiter(100, clock, memorySchedule(clock), quiet, "telegram");
    const granted = request(limiter, clock, 200);
    await clock.advance(100);
    await clock.advance(500, true);
    const atStallEnd = granted.filter((t) => t === clock.elapsed).length;
    expect(atStallEnd).toBeLessThanOrEqual(Math.ceil((SLOT_TOLERANCE_MS * 100) / 1_000) + 1);
    await clock.advance(5_000);
    expect(granted).toHaveLength(200);
    expect(peak(granted)).toBeLessThanOrEqual(100);
  });

  it("pauses the whole fleet when one instance is told to wait", async () => {
    const clock = new StepClock();
    const schedule = memorySchedule(clock);
    const a = new FleetLimiter(50, clock, schedule, quiet, "discord");
    const b = new FleetLimiter(50, clock, schedule, quiet, "discord");
    a.pauseUntil(clock.elapsed + 800);
    await clock.advance(0);
    const fromB = request(b, clock, 3);
    await clock.advance(790);
    expect(fromB).toEqual([]);
    await clock.advance(300);
    expect(fromB).toHaveLength(3);
    expect(fromB[0]).toBeGreaterThanOrEqual(800);
  });

  it("paces alone while the shared store does not answer, says so once, and shares again when it is back", async () => {
    const clock = new StepClock();
    const schedule = memorySchedule(clock);
    const lines: string[] = [];
    const limiter = new FleetLimiter(20, clock, schedule, createLogger({ level: "info", write: (l) => lines.push(l) }), "telegram");
    schedule.down = true;
    const granted = request(limiter, clock, 40);
    await clock.advance(SHARED_RETRY_MS + 500);
    expect(granted).toHaveLength(40);
    expect(peak(granted)).toBeLessThanOrEqual(20);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/WARN outbox: telegram pacing cannot use the shared store \(connection refused\); pacing this instance alone at 20\/s/);
    schedule.down = false;
    const later = request(limiter, clock, 5);
    await clock.advance(1_000);
    expect(later).toHaveLength(5);
    expect(lines[1]).toMatch(/INFO outbox: telegram pacing is shared with the fleet again/);
  });

  it("gives up slots whose time an answer came too late to know, yet keeps sending on the shared schedule while the store answers that slowly", async () => {
    const clock = new StepClock();
    const schedule = memorySchedule(clock);
    schedule.answerMs = 40;
    const lines: string[] = [];
    const limiter = new FleetLimiter(30, clock, schedule, createLogger({ level: "info", write: (l) => lines.push(l) }), "telegram");
    const granted = request(limiter, clock, 30);
    await clock.advance(100);
    expect(granted).toEqual([]);
    await clock.advance(4_000);
    expect(granted).toHaveLength(30);
    // Never paced alone: no line, and never more than the shared rate.
    expect(lines).toEqual([]);
    expect(peak(granted)).toBeLessThanOrEqual(30);
  });
});

const redisUrl = process.env.REDIS_URL;

describe.skipIf(!redisUrl)("fleet limiter on Redis (skipped: REDIS_URL is not set)", () => {
  it("gives two instances slots from one schedule, timed by Redis, never earlier than the shared rate allows", async () => {
    const client = createClient({ url: redisUrl });
    await client.connect();
    const key = `herald-test-${process.pid}-${Date.now()}:pace:telegram`;
    try {
      const schedule = redisSchedule(client as never, key);
      const a = new FleetLimiter(20, systemClock, schedule, quiet, "telegram");
      const b = new FleetLimiter(20, systemClock, schedule, quiet, "telegram");
      const granted: { at: number; by: string }[] = [];
      const start = performance.now();
      await Promise.all([
        ...Array.from({ length: 20 }, () => a.acquire().then(() => granted.push({ at: performance.now() - start, by: "a" }))),
        ...Array.from({ length: 20 }, () => b.acquire().then(() => granted.push({ at: performance.now() - start, by: "b" }))),
      ]);
      expect(new Set(granted.map((g) => g.by))).toEqual(new Set(["a", "b"]));
      // 40 sends at a shared 20/s: 39 intervals of 51 ms at the least (each alone would be done in 1 s).
      expect(granted.at(-1)!.at).toBeGreaterThanOrEqual(39 * ((1_000 + WINDOW_MARGIN_MS) / 20) - 5);
      expect(Number(await client.get(key))).toBeGreaterThan(0);
      a.stop();
      b.stop();
    } finally {
      await client.del(key);
      await client.quit();
    }
  });
});
