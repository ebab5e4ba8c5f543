import { createClient } from "@keyv/redis";
import { afterAll, describe, expect, it } from "vitest";
import { redisDueIndex } from "../../src/subscriptions/due.js";
import type { SubscriptionRuntime } from "../../src/subscriptions/service.js";
import { createStore } from "../../src/subscriptions/store.js";
import { FakeLibrary, story } from "./fake-library.js";
import { chat, eventually, harness, open, settle } from "./helpers.js";

const redisUrl = process.env.REDIS_URL;
const prefix = `herald-test-${process.pid}-${Date.now()}`;

describe.skipIf(!redisUrl)("several instances on one Redis (skipped: REDIS_URL is not set)", () => {
  const running: SubscriptionRuntime[] = [];
  afterAll(async () => {
    for (const svc of running) await svc.stop();
    const client = createClient({ url: redisUrl });
    await client.connect();
    const keys = await client.keys(`*${prefix}*`);
    if (keys.length) await client.del(keys);
    await client.quit();
  });

  it("sends each digest and each update notice exactly once", async () => {
    const library = new FakeLibrary([story("a", "Alpha talks")]);
    const one = harness(library, "2026-03-01T00:00:00Z");
    const two = harness(library, "2026-03-01T00:00:00Z");
    const a = await open(one, redisUrl, { storePrefix: prefix });
    running.push(a);
    await a.subscribe(chat("1"), { time: "08:00", timezone: "UTC", mode: "both" });
    const b = await open(two, redisUrl, { storePrefix: prefix });
    running.push(b);
    await Promise.all([a.start(), b.start()]);

    await Promise.all([one.clock.set("2026-03-01T08:00:00Z"), two.clock.set("2026-03-01T08:00:00Z")]);
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    await Promise.all([one.clock.advance(0), two.clock.advance(0)]);
    await eventually(() => expect([...one.port.sent, ...two.port.sent].map((s) => s.reply.title)).toEqual(["Digest · 1 Mar 2026"]));
    await settle();

    library.put(story("a", "Alpha talks", { articleCount: 8 }));
    await Promise.all([one.clock.advance(20_000), two.clock.advance(20_000)]);
    const titles = () => [...one.port.sent, ...two.port.sent].map((s) => s.reply.title).sort();
    await eventually(() => expect(titles()).toEqual(["Digest · 1 Mar 2026", "Updated: Alpha talks"]));
    await new Promise((r) => setTimeout(r, 200));
    expect(titles()).toHaveLength(2);
  });

  it("lets a subscription made on one instance be seen and ended from another", async () => {
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
    const options = { storePrefix: `${prefix}-cron`, tickSchedule: "* * * * * *" };
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
    const a = await createStore(redisUrl!, `${prefix}-due`);
    const b = await createStore(redisUrl!, `${prefix}-due`);
    try {
      const dueA = redisDueIndex(a.redis!, `${prefix}-due:due`, a);
      const dueB = redisDueIndex(b.redis!, `${prefix}-due:due`, b);
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
