import type { ChildProcess } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createStore } from "../src/subscriptions/store.js";
import { startFakeTelegramApi, type FakeTelegramApi } from "./fakes/telegram-api.js";
import { killAll, startHerald as startProcess, waitUntil, type HeraldProcess } from "./helpers/process.js";
import { dropRedisKeys } from "./helpers/redis.js";

/**
 * Fault tests of the real process: `npm start` (src/main.ts) against the fake Telegram API, killed with
 * SIGKILL at several points of a digest run and of an update notice. Each ends with every chat holding
 * exactly one digest (or notice), except at most the messages in flight at the kill: those the platform
 * received but Herald had not yet recorded, at most the lane's sends in flight (rate × 0.5 s, at least 4).
 *
 * No step depends on how fast the machine is: a process that is killed "mid-run" sends slowly (SLOW_RATE),
 * so the run is still far from done when the test, polling, sees the point it kills at; and every wait is
 * on a condition, with a generous deadline that only bounds how long a failure takes.
 */

const CHATS = 40;
/** Messages per second to the fake Telegram API of a process that is to be killed mid-run: 10 s for 40 chats. */
const SLOW_RATE = 4;
/** Messages per second of a process that is to finish the run. */
const RATE = 20;
/** The sends in flight on a lane of `rate` per second (the product's bound, docs in RELIABILITY.md). */
const inFlightBound = (rate: number) => Math.max(4, Math.ceil(rate * 0.5));
/** Deadline of every wait: generous, since six agents share two cores; a passing test never waits it out. */
const DEADLINE_MS = 90_000;
const work = mkdtempSync(path.join(tmpdir(), "herald-faults-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Herald {
  child: ChildProcess;
  exited: Promise<number | null>;
  log: () => string;
}

const started: HeraldProcess[] = [];
// Each test starts the real process two to four times.
vi.setConfig({ testTimeout: 300_000 });
let telegram: FakeTelegramApi | undefined;
afterEach(async () => {
  await killAll(started);
  await telegram?.close();
  telegram = undefined;
});

function startHerald(env: Record<string, string>): Herald {
  const herald = startProcess({
    TELEGRAM_TOKEN: telegram!.token,
    TELEGRAM_API_ROOT: telegram!.apiRoot,
    HERALD_TELEGRAM_PER_SECOND: String(RATE),
    HERALD_LEASE_SECONDS: "1",
    HERALD_NOTICE_SETTLE_SECONDS: "1",
    ...env,
  });
  started.push(herald);
  return { child: herald.child, exited: herald.exited, log: () => herald.output().stderr };
}

const allLogs = () => started.map((h) => h.output().stderr).join("\n---\n");
const until = (check: () => boolean, what: string) => waitUntil(check, what, { timeoutMs: DEADLINE_MS, context: allLogs });

async function kill(herald: Herald): Promise<void> {
  herald.child.kill("SIGKILL");
  await herald.exited;
}

const chatIds = Array.from({ length: CHATS }, (_, i) => 7_000 + i);

/** How many messages each chat received whose text matches `pattern`. */
function received(pattern: RegExp): Map<number, number> {
  const counts = new Map<number, number>(chatIds.map((id) => [id, 0]));
  for (const call of telegram!.callsOf("sendMessage")) {
    const id = Number(call.payload.chat_id);
    if (counts.has(id) && pattern.test(String(call.payload.text))) counts.set(id, counts.get(id)! + 1);
  }
  return counts;
}
const total = (pattern: RegExp) => [...received(pattern).values()].reduce((a, b) => a + b, 0);

/** Subscriptions written straight into the store, each with a digest slot that passed a minute ago. */
async function seed(storeUrl: string, prefix: string, mode: "daily" | "updates"): Promise<void> {
  const store = await createStore(storeUrl, { prefix });
  const minuteAgo = new Date(Date.now() - 60_000);
  const time = minuteAgo.toISOString().slice(11, 16);
  for (const id of chatIds) {
    await store.space("subs").set(`telegram:${id}`, {
      chat: { platform: "telegram", id: String(id), kind: "private" },
      mode,
      time,
      timezone: "UTC",
      filter: null,
      createdAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      paused: null,
    });
  }
  await store.close();
}

const DIGEST = /Digest/;
const NOTICE = /Updated/;
let runs = 0;
const redisUrl = process.env.REDIS_URL;

/** A store for one test: a fresh SQLite file, or a fresh prefix on the test Redis. */
function freshStore(kind: "sqlite" | "redis"): { url: string; prefix: string; env: Record<string, string> } {
  const prefix = `herald-faults-${process.pid}-${Date.now()}-${++runs}`;
  const url = kind === "sqlite" ? `sqlite:${path.join(work, `${prefix}.sqlite`)}` : redisUrl!;
  return { url, prefix, env: { HERALD_STORE: url, HERALD_STORE_PREFIX: prefix } };
}


/** Every chat got `times` messages; the extra ones are at most the sends in flight at each kill (its rate given). */
function expectEachWithin(pattern: RegExp, times: number, killedRates: number[], what: string): void {
  const counts = [...received(pattern).values()];
  expect(counts.filter((n) => n < times)).toEqual([]);
  const duplicates = counts.reduce((sum, n) => sum + n - times, 0);
  const bound = killedRates.reduce((sum, rate) => sum + inFlightBound(rate), 0);
  // What RELIABILITY.md reports as observed; only the bound is asserted.
  console.info(`faults: ${what}: ${duplicates} second copies (bound ${bound})`);
  expect(duplicates).toBeLessThanOrEqual(bound);
}
const everyChat = (pattern: RegExp, times = 1) => () => [...received(pattern).values()].every((n) => n >= times);

const kinds = [
  ["SQLite", "sqlite"],
  ["one Redis instance", "redis"],
] as const;

for (const [name, kind] of kinds) {
  describe.skipIf(kind === "redis" && !redisUrl)(`SIGKILL during a digest run, ${name} (Redis skipped when REDIS_URL is not set)`, () => {
    it("gives every chat one digest across kills at the first and at the middle message", async () => {
      telegram = await startFakeTelegramApi();
      const store = freshStore(kind);
      await seed(store.url, store.prefix, "daily");
      const slow = { ...store.env, HERALD_TELEGRAM_PER_SECOND: String(SLOW_RATE) };
      const first = startHerald(slow);
      await until(() => total(DIGEST) >= 1, "the first digest message");
      await kill(first);
      const second = startHerald(slow);
      await until(() => total(DIGEST) >= CHATS / 2, "the middle digest message");
      await kill(second);
      expect(total(DIGEST)).toBeLessThan(CHATS);

      const restarted = Date.now();
      const third = startHerald(store.env);
      await until(everyChat(DIGEST), "every chat's digest");
      const recoveredMs = Date.now() - restarted;
      await new Promise((r) => setTimeout(r, 1_000));
      console.info(`faults: ${name}: every digest sent ${(recoveredMs / 1000).toFixed(1)} s after the restart (start-up included)`);
      expectEachWithin(DIGEST, 1, [SLOW_RATE, SLOW_RATE], name);
      // Recovery is bounded by start-up and one lease, not by minutes (the lease the dead process held was 5 min).
      expect(recoveredMs).toBeLessThan(DEADLINE_MS);
      await kill(third);
      if (kind === "redis") await dropRedisKeys(redisUrl!, store.prefix);
    });
  });
}

describe.skipIf(!redisUrl)("two instances on one Redis, the sending one killed for good (skipped: REDIS_URL is not set)", () => {
  it("lets the survivor send every remaining digest, once", async () => {
    telegram = await startFakeTelegramApi();
    const store = freshStore("redis");
    await seed(store.url, store.prefix, "daily");
    // The first instance sends very slowly (a message every 5 s), so it still holds most digests when it
    // dies, however long the second one takes to start.
    const sender = startHerald({ ...store.env, HERALD_TELEGRAM_PER_SECOND: "0.2" });
    await until(() => total(DIGEST) >= 1, "the first digest");
    const survivor = startHerald(store.env);
    await until(() => survivor.log().includes("telegram is running"), "the second instance");
    await kill(sender);
    const killedAt = Date.now();
    const sentBefore = total(DIGEST);
    expect(sentBefore).toBeLessThan(CHATS);
    await until(everyChat(DIGEST), "every chat's digest");
    console.info(`faults: fleet: ${sentBefore} sent at the kill, the other ${CHATS - sentBefore} within ${((Date.now() - killedAt) / 1000).toFixed(1)} s of it`);
    await new Promise((r) => setTimeout(r, 1_000));
    expectEachWithin(DIGEST, 1, [0.2], "fleet");
    expect(survivor.log()).toMatch(/fleet: instance \S+ stopped \(no heartbeat for 1 s\); taking over/);
    await kill(survivor);
    await dropRedisKeys(redisUrl!, store.prefix);
  });
});

describe("SIGKILL around update notices (SQLite)", () => {
  it("announces each edit once per chat: killed before the notice, killed half-way, and edited while stopped", async () => {
    telegram = await startFakeTelegramApi();
    const store = freshStore("sqlite");
    const seeds = path.join(work, `stories-${++runs}`);
    cpSync(path.join("test", "fixtures", "stories"), seeds, { recursive: true });
    const edit = (n: number) => appendFileSync(path.join(seeds, "berlin-rent-cap.txt"), `\nA paragraph added by the editor, edit ${n}.\n`);
    await seed(store.url, store.prefix, "updates");
    const env = { ...store.env, HERALD_SEEDS_DIR: seeds };

    // Killed once the edit was noticed, before its notice (after a 30 s settle time) went out.
    const first = startHerald({ ...env, HERALD_NOTICE_SETTLE_SECONDS: "30" });
    await until(() => first.log().includes("telegram is running"), "the bot");
    edit(1);
    await until(() => first.log().includes("berlin-rent-cap.txt changed"), "the edit to be noticed");
    await kill(first);
    expect(total(NOTICE)).toBe(0);

    // The restart announces it (slowly); killed again a quarter of the way through the chats.
    const second = startHerald({ ...env, HERALD_TELEGRAM_PER_SECOND: String(SLOW_RATE) });
    await until(() => total(NOTICE) >= CHATS / 4, "a quarter of the notices");
    await kill(second);
    expect(total(NOTICE)).toBeLessThan(CHATS);

    const third = startHerald(env);
    await until(everyChat(NOTICE), "every chat's notice");
    third.child.kill("SIGTERM");
    expect(await third.exited).toBe(0);
    expectEachWithin(NOTICE, 1, [SLOW_RATE], "notices, two kills");

    // Edited while Herald was stopped: announced once at the next start.
    edit(2);
    const fourth = startHerald(env);
    await until(everyChat(NOTICE, 2), "every chat's second notice");
    await new Promise((r) => setTimeout(r, 1_500));
    expectEachWithin(NOTICE, 2, [SLOW_RATE], "notices, edited while stopped");
    await kill(fourth);
  });
});
