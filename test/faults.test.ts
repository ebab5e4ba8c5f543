import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createStore } from "../src/subscriptions/store.js";
import { startFakeTelegramApi, type FakeTelegramApi } from "./fakes/telegram-api.js";
import { dropRedisKeys } from "./helpers/redis.js";

/**
 * Fault tests of the real process: `npm start` (src/main.ts) against the fake Telegram API, killed with
 * SIGKILL at several points of a digest run and of an update notice. Each ends with every chat holding
 * exactly one digest (or notice), except at most the messages in flight at the kill: those the platform
 * received but Herald had not yet recorded, at most the lane's sends in flight (rate × 0.5 s, at least 4).
 */

const CHATS = 40;
/** Messages per second to the fake Telegram API; the bound on duplicates follows from it. */
const RATE = 20;
const IN_FLIGHT_BOUND = Math.max(4, Math.ceil(RATE * 0.5));
const work = mkdtempSync(path.join(tmpdir(), "herald-faults-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Herald {
  child: ChildProcess;
  exited: Promise<number | null>;
  log: () => string;
}

const children: ChildProcess[] = [];
const logs: (() => string)[] = [];
// Each test starts the real process two or three times.
vi.setConfig({ testTimeout: 120_000 });
let telegram: FakeTelegramApi | undefined;
afterEach(async () => {
  logs.length = 0;
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await telegram?.close();
  telegram = undefined;
});

function startHerald(env: Record<string, string>): Herald {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: {
      PATH: process.env.PATH ?? "",
      TELEGRAM_TOKEN: telegram!.token,
      TELEGRAM_API_ROOT: telegram!.apiRoot,
      HERALD_TELEGRAM_PER_SECOND: String(RATE),
      HERALD_LEASE_SECONDS: "1",
      HERALD_NOTICE_SETTLE_SECONDS: "1",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  let log = "";
  child.stderr!.on("data", (c: Buffer) => (log += c.toString()));
  logs.push(() => log);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, log: () => log };
}

async function until(check: () => boolean, what: string, timeoutMs = 40_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; logs:\n${logs.map((l) => l()).join("\n---\n")}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

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


/** Every chat got `times` messages; the extra ones are at most the sends in flight at each kill. */
function expectEachWithin(pattern: RegExp, times: number, kills: number): void {
  const counts = [...received(pattern).values()];
  expect(counts.filter((n) => n < times)).toEqual([]);
  const duplicates = counts.reduce((sum, n) => sum + n - times, 0);
  expect(duplicates).toBeLessThanOrEqual(IN_FLIGHT_BOUND * kills);
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
      const first = startHerald(store.env);
      await until(() => total(DIGEST) >= 1, "the first digest message");
      await kill(first);
      const second = startHerald(store.env);
      await until(() => total(DIGEST) >= CHATS / 2, "the middle digest message");
      await kill(second);
      expect(total(DIGEST)).toBeLessThan(CHATS);

      const restarted = Date.now();
      const third = startHerald(store.env);
      await until(everyChat(DIGEST), "every chat's digest");
      const recoveredMs = Date.now() - restarted;
      await new Promise((r) => setTimeout(r, 1_000));
      expectEachWithin(DIGEST, 1, 2);
      // Recovery is bounded by start-up and one lease, not by minutes.
      expect(recoveredMs).toBeLessThan(45_000);
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
    // The first instance sends slowly (40 s for 40 chats), so it still holds most digests when it dies.
    const sender = startHerald({ ...store.env, HERALD_TELEGRAM_PER_SECOND: "1" });
    await until(() => total(DIGEST) >= 1, "the first digest");
    const survivor = startHerald(store.env);
    await until(() => survivor.log().includes("telegram is running"), "the second instance");
    await kill(sender);
    expect(total(DIGEST)).toBeLessThan(CHATS);
    await until(everyChat(DIGEST), "every chat's digest");
    await new Promise((r) => setTimeout(r, 1_000));
    expectEachWithin(DIGEST, 1, 1);
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

    // Killed 1 s after the edit was noticed, before its notice (5 s settle time) went out.
    const first = startHerald({ ...env, HERALD_NOTICE_SETTLE_SECONDS: "5" });
    await until(() => first.log().includes("telegram is running"), "the bot");
    edit(1);
    await until(() => first.log().includes("berlin-rent-cap.txt changed"), "the edit to be noticed");
    await kill(first);
    expect(total(NOTICE)).toBe(0);

    // The restart announces it; killed again a quarter of the way through the chats.
    const second = startHerald(env);
    await until(() => total(NOTICE) >= CHATS / 4, "a quarter of the notices");
    await kill(second);
    expect(total(NOTICE)).toBeLessThan(CHATS);

    const third = startHerald(env);
    await until(everyChat(NOTICE), "every chat's notice");
    third.child.kill("SIGTERM");
    expect(await third.exited).toBe(0);
    expectEachWithin(NOTICE, 1, 1);

    // Edited while Herald was stopped: announced once at the next start.
    edit(2);
    const fourth = startHerald(env);
    await until(everyChat(NOTICE, 2), "every chat's second notice");
    await new Promise((r) => setTimeout(r, 1_500));
    expectEachWithin(NOTICE, 2, 1);
    await kill(fourth);
  });
});
