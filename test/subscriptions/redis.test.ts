import { createClient } from "@keyv/redis";
import { afterAll, describe, expect, it } from "vitest";
import { redisDueIndex } from "../../src/subscriptions/due.js";
import type { SubscriptionRuntime } from "../../src/subscriptions/service.js";
import { createStore } from "../../src/subscriptions/store.js";
import { FakeLibrary, story } from "./fake-library.js";
import { chat, harness, open, type FakeClock } from "./helpers.js";

const redisUrl = process.env.REDIS_URL;
const run = `herald-test-${process.pid}-${Date.now()}`;
let tests = 0;
/** A key prefix of its own for each test, so no test sees another's keys (all share `run`, dropped at the end). */
const freshPrefix = () => `${run}-${++tests}`;

/**
 * Waits (up to a generous deadline) until `check` passes, moving the fake clocks 1 s between tries: Redis
 * answers in real time, so a timer set after one advance (a pace, a notice's settle time) fires at the next.
 */
async function advancingUntil(clocks: FakeClock[], check: () => void, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > end) throw err;
    }
    await Promise.all(clocks.map((c) => c.advance(1_000)));
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!redisUrl)("several instances on one Redis (skipped: REDIS_URL is not set)", () => {
  const running: SubscriptionRuntime[] = [];
  afterAll(async () => {
    for (const svc of running) await svc.stop();
    const client = createClient({ url: redisUrl });
    await client.connect();
    const keys = await client.keys(`*${run}*`);
    if (keys.length) await client.del(keys);
    await client.quit();
  });

  it("sends each digest and each update notice exactly once", async () => {
    const prefix = freshPrefix();
    const library = new FakeLibrary([story("a", "Alpha talks")]);
    const one = harness(library, "2026-03-01T00:00:00Z");
    const two = harness(library, "2026-03-01T00:00:00Z");
    const a = await open(one, redisUrl, { storePrefix: prefix });
    running.push(a);
    await a.subscribe(chat("1"), { time: "08:00", timezone: "UTC", mode: "both" });
    const b = await open(two, redisUrl, { storePrefix: prefix });
    running.push(b);
    await Promise.all([a.start(), b.start()]);

    const clocks = [one.clock, two.clock];
    const titles = () => [...one.port.sent, ...two.port.sent].map((s) => s.reply.title).sort();
    await Promise.all(clocks.map((c) => c.set("2026-03-01T08:00:00Z")));
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    await advancingUntil(clocks, () => expect(titles()).toEqual(["Digest · 1 Mar 2026"]));

    library.put(story("a", "Alpha talks", { articleCount: 8 }));
    await Promise.all(clocks.map((c) => c.advance(20_000)));
    await advancingUntil(clocks, () => expect(titles()).toEqual(["Digest · 1 Mar 2026", "Updated: Alpha talks"]));
    // Nothing more once both outboxes are idle and another minute (on both clocks) passed.
    await Promise.all([a.idle(), b.idle()]);
    for (let i = 0; i < 6; i++) await Promise.all(clocks.map((c) => c.advance(10_000)));
    await Promise.all([a.idle(), b.idle()]);
    expect(titles()).toEqual(["Digest · 1 Mar 2026", "Updated: Alpha talks"]);
  });

  it("lets a subscription made on one instance be seen and ended from another", async () => {
    const prefix = freshPrefix();
    const library = new FakeLibrary([story("a", "Alpha talks")]);
    const a = await open(harness(library, "2026-03-01T00:00:00Z"), redisUrl, { storePrefix: prefix });
    const b = await open(harness(library, "2026-03-01T00:00:00Z"), redisUrl, { storePrefix: prefix });
    running.push(a, b);
    await a.subscribe(chat("9"), { time: "09:00", timezone: "Europe/Paris" });
    expect((await b.get(chat("9")))?.nextDigestAt?.toISOString()).toBe("2026-03-01T08:00:00.000Z");
    expect(await b.unsubscribe(chat("9"))).toBe(true);
    expect(await a.get(chat("9"))).toBeNull();
  });

  it("runs each tick on one instance only (node-cron distributed mode with a Redis lease)", async () => {
    const library = new FakeLibrary([story("a", "Alpha talks")]);
    const options = { storePrefix: freshPrefix(), tickSchedule: "* * * * * *" };
    const a = await open(harness(library, "2026-03-01T00:00:00Z"), redisUrl, options);
    const b = await open(harness(library, "2026-03-01T00:00:00Z"), redisUrl, options);
    running.push(a, b);
    const ticks: string[] = [];
    for (const [name, svc] of [["a", a], ["b", b]] as const) {
      const tick = svc.tick.bind(svc);
      svc.tick = (at?: Date) => {
        ticks.push(name);
        return tick(at);
      };
    }
    await Promise.all([a.start(), b.start()]);
    ticks.length = 0; // start() ticks once on each instance by design (catch-up)
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 3_200));
    const seconds = Math.floor((Date.now() - started) / 1000);
    // One tick per second across both instances, never two.
    expect(ticks.length).toBeGreaterThanOrEqual(seconds - 1);
    expect(ticks.length).toBeLessThanOrEqual(seconds + 1);
  });

  it("keeps a taken chat in the due set until its holder is done, and gives it to another instance when the holder dies", async () => {
    const leaseMs = 300;
    const prefix = freshPrefix();
    const a = await createStore(redisUrl!, prefix);
    const b = await createStore(redisUrl!, prefix);
    try {
      const dueA = redisDueIndex(a.redis!, `${prefix}:due`, a);
      const dueB = redisDueIndex(b.redis!, `${prefix}:due`, b);
      await a.heartbeat(leaseMs);
      await b.heartbeat(leaseMs);
      await dueA.set("telegram:1", 1_000);
      expect(await dueA.takeDue(2_000)).toEqual([{ chatKey: "telegram:1", at: 1_000 }]);
      // A holds it and is alive: B cannot take it, yet it is still in the set.
      expect(await dueB.takeDue(2_000)).toEqual([]);
      expect(await dueB.peek("telegram:1")).toBe(1_000);
      // A dies (no more heartbeats) before its digest reached the outbox.
      await new Promise((r) => setTimeout(r, leaseMs + 100));
      await b.heartbeat(leaseMs);
      expect(await dueB.takeDue(2_000)).toEqual([{ chatKey: "telegram:1", at: 1_000 }]);
      // Done: moved to its next slot and handed back.
      await dueB.set("telegram:1", 90_000);
      await dueB.release("telegram:1");
      expect(await dueA.takeDue(2_000)).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
