/**
 * Scheduling and building digests for many subscriptions, and the outbox's sending rate.
 * Run: npx tsx bench/digest.ts [subscriptions=100000] [store=memory|sqlite]
 *      npx tsx bench/digest.ts pacing [perSecond=1000] [latencyMs=300] [messages=10000]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChatRef } from "../src/core/chat.js";
import { loadConfig } from "../src/core/config.js";
import type { DeliveryPort } from "../src/core/delivery.js";
import type { StoryEntry } from "../src/core/library.js";
import { silentLogger } from "../src/core/log.js";
import { createRegistry } from "../src/core/registry.js";
import { NO_FEED_ORIGIN, type Story } from "../src/core/story.js";
import { createMemoryLibrary } from "../src/core/story-index.js";
import { createSubscriptionService } from "../src/subscriptions/index.js";
import type { Clock } from "../src/subscriptions/pacer.js";

const COUNT = Number(process.argv[2] ?? 100_000);
const STORE = process.argv[3] ?? "memory";
const STORIES = 50;
const ZONES = ["UTC", "Europe/Paris", "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney", "Africa/Lagos", "America/Sao_Paulo"];
const TIMES = ["07:00", "08:00", "08:30", "18:00"];

function makeStory(i: number, extraEvents = 0): Story {
  const timeline = Array.from({ length: 8 + extraEvents }, (_, e) => ({
    date: { text: `2026-02-${String(1 + e).padStart(2, "0")}`, iso: `2026-02-${String(1 + e).padStart(2, "0")}`, precision: "day" as const, qualifier: null },
    text: `Event ${e} of story ${i}: something measurable happened in the negotiations.`,
    citations: [1],
  }));
  return {
    id: `s${i}`, kind: "story", title: `Story number ${i} about topic ${i % 7}`, dek: null, articleCount: 5 + extraEvents, relatedCount: 5,
    sections: [{ heading: "Background", text: "Several paragraphs of background. ".repeat(20), citations: [1] }],
    timeline, images: [], outlets: [], warnings: [], ...NO_FEED_ORIGIN,
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "herald-bench-"));
  const storeUrl = STORE === "sqlite" ? `sqlite:${path.join(dir, "bench.sqlite")}` : "memory";
  let stories: StoryEntry[] = Array.from({ length: STORIES }, (_, i) => ({ story: makeStory(i), version: `v${i}`, file: `${i}.txt`, updatedAt: i }));
  const library = createMemoryLibrary(stories);
  const libraryRef = { current: library };
  let now = Date.parse("2026-02-28T23:59:00Z");
  const clock: Clock = { now: () => now, monotonic: () => performance.now(), setTimer: (fn, ms) => { const t = setTimeout(fn, Math.max(0, ms)); return () => clearTimeout(t); } };
  let delivered = 0;
  const port: DeliveryPort = { platform: "telegram", send: async () => { delivered++; return { status: "sent" }; } };
  const config = { ...loadConfig({}), store: storeUrl };
  const services = {
    config, commands: createRegistry([]), log: silentLogger, now: () => new Date(now),
    get library() { return libraryRef.current; },
  };
  const svc = await createSubscriptionService({
    services, storeUrl, deliveries: [port], clock,
    pacing: { telegram: { perSecond: 1_000_000, privateSpacingMs: 0, groupSpacingMs: 0, maxInFlight: 256 } },
  });

  gc();
  const heap0 = process.memoryUsage().heapUsed;
  let t = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const chat: ChatRef = { platform: "telegram", id: String(1_000_000 + i), kind: i % 3 ? "group" : "private" };
    await svc.subscribe(chat, { time: TIMES[i % TIMES.length], timezone: ZONES[i % ZONES.length], ...(i % 10 === 0 ? { topic: `topic ${i % 7}` } : {}) });
  }
  const subscribeMs = performance.now() - t;
  gc();
  const heap1 = process.memoryUsage().heapUsed;

  // Day 1: every first digest, minute by minute through the day (one tick per minute, as cron does).
  const runDay = async (startIso: string) => {
    now = Date.parse(startIso);
    let ticks = 0;
    let queued = 0;
    let tickMs = 0;
    let worstTickMs = 0;
    for (let m = 0; m < 24 * 60; m++, now += 60_000) {
      const start = performance.now();
      const r = await svc.tick(new Date(now));
      const took = performance.now() - start;
      tickMs += took;
      worstTickMs = Math.max(worstTickMs, took);
      ticks++;
      queued += r.queued;
    }
    const drainStart = performance.now();
    await svc.idle();
    return { ticks, queued, tickMs, worstTickMs, drainMs: performance.now() - drainStart };
  };

  t = performance.now();
  const day1 = await runDay("2026-03-01T00:00:00Z");
  const day1Delivered = delivered;
  const day1Ms = performance.now() - t;
  gc();
  const heap2 = process.memoryUsage().heapUsed;

  // Day 2: ten stories changed.
  stories = stories.map((e, i) => (i < 10 ? { ...e, story: makeStory(i, 2), version: `v${i}b` } : e));
  libraryRef.current = createMemoryLibrary(stories);
  t = performance.now();
  const day2 = await runDay("2026-03-02T00:00:00Z");
  const day2Ms = performance.now() - t;

  // Restart: load every subscription and last digest back and rebuild the due order.
  t = performance.now();
  await svc.stop();
  let reloadMs = NaN;
  if (storeUrl !== "memory") {
    const again = await createSubscriptionService({ services, storeUrl, deliveries: [port], clock });
    reloadMs = performance.now() - t;
    await again.stop();
  }
  rmSync(dir, { recursive: true, force: true });

  const rows: [string, string][] = [
    ["subscriptions", COUNT.toLocaleString("en")],
    ["store", STORE],
    ["subscribe all (store write + schedule)", `${(subscribeMs / 1000).toFixed(2)} s (${((subscribeMs * 1000) / COUNT).toFixed(1)} µs each)`],
    ["heap for the subscriptions and due index", mb(heap1 - heap0)],
    ["day 1: 1,440 ticks, first digests built + queued", `${(day1.tickMs / 1000).toFixed(2)} s in ticks (worst tick ${(day1.worstTickMs / 1000).toFixed(2)} s), ${day1.queued.toLocaleString("en")} digests`],
    ["day 1 wall time incl. delivery through outbox (unpaced fake port)", `${(day1Ms / 1000).toFixed(2)} s, ${day1Delivered.toLocaleString("en")} messages`],
    ["heap after day 1", mb(heap2 - heap0)],
    ["day 2: changed-stories digests", `${(day2.tickMs / 1000).toFixed(2)} s in ticks (worst tick ${(day2.worstTickMs / 1000).toFixed(2)} s), ${day2.queued.toLocaleString("en")} digests, wall ${(day2Ms / 1000).toFixed(2)} s`],
    ["restart: reload + reschedule", Number.isNaN(reloadMs) ? "n/a (memory store)" : `${(reloadMs / 1000).toFixed(2)} s`],
  ];
  for (const [name, value] of rows) console.log(`${name.padEnd(62)} ${value}`);
}

/** Sends `messages` to distinct chats through a port that answers after `latencyMs`, paced at `perSecond`. */
async function pacing(perSecond: number, latencyMs: number, messages: number) {
  const { Outbox } = await import("../src/subscriptions/outbox.js");
  const { createStore } = await import("../src/subscriptions/store.js");
  const { systemClock } = await import("../src/subscriptions/pacer.js");
  let inFlight = 0;
  let maxSeen = 0;
  const times: number[] = [];
  const port: DeliveryPort = {
    platform: "telegram",
    async send() {
      maxSeen = Math.max(maxSeen, ++inFlight);
      await new Promise((r) => setTimeout(r, latencyMs));
      inFlight--;
      times.push(performance.now());
      return { status: "sent" };
    },
  };
  const store = await createStore("memory");
  const box = new Outbox({ store, ports: [port], log: silentLogger, clock: systemClock, pacing: { telegram: { perSecond } }, onDelivered: async () => {}, onGone: async () => {} });
  const start = performance.now();
  for (let i = 0; i < messages; i++) await box.enqueue(`n:${i}`, { platform: "telegram", id: String(i), kind: "private" }, "notice", [{ blocks: [{ text: "x" }] }]);
  await box.idle();
  const seconds = (performance.now() - start) / 1000;
  // Steady state: skip the first and last second.
  const steady = times.filter((t) => t - start > 1_000 && t - start < seconds * 1000 - 1_000).length / Math.max(1e-9, seconds - 2);
  console.log(`pacing ${perSecond}/s, latency ${latencyMs} ms, ${messages} messages: ${seconds.toFixed(2)} s, steady ${steady.toFixed(0)}/s (${(steady / perSecond).toFixed(3)} of the rate), max in flight ${maxSeen}`);
}

if (process.argv[2] === "pacing") await pacing(Number(process.argv[3] ?? 1_000), Number(process.argv[4] ?? 300), Number(process.argv[5] ?? 10_000));
else await main();
