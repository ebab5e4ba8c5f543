import { createClient } from "@keyv/redis";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startFakeTelegramApi, type FakeTelegramApi } from "../fakes/telegram-api.js";
import { killAll, startHerald, waitUntil, PROCESS_DEADLINE_MS, type HeraldProcess } from "../helpers/process.js";
import { dropRedisKeys } from "../helpers/redis.js";

/**
 * Herald told to stop while it is taking over the work of fleet members that died (their heartbeat
 * lapsed). It used to close the store under the running take-over: the take-over failed on a closed
 * client, and on Redis its next call reopened the connection, so the process said "Bye." and never exited.
 */

const redisUrl = process.env.REDIS_URL;
/** Enough dead members that the take-over (a resume, a tick and a forget each) is still running when the stop comes. */
const DEAD = 3_000;

vi.setConfig({ testTimeout: 3 * PROCESS_DEADLINE_MS });

const started: HeraldProcess[] = [];
let telegram: FakeTelegramApi | undefined;
let prefix = "";
afterEach(async () => {
  await killAll(started);
  await telegram?.close();
  telegram = undefined;
  if (redisUrl) await dropRedisKeys(redisUrl, prefix);
});

/** A fresh prefix whose fleet lists `DEAD` members with no heartbeat; returns the members key. */
async function deadFleet(): Promise<string> {
  prefix = `herald-stop-${process.pid}-${Date.now()}`;
  const client = createClient({ url: redisUrl! });
  await client.connect();
  await client.sAdd(`${prefix}:members`, Array.from({ length: DEAD }, (_, i) => `dead:${i}`));
  await client.quit();
  return `${prefix}:members`;
}

async function deadLeft(key: string): Promise<number> {
  const client = createClient({ url: redisUrl! });
  await client.connect();
  const left = (await client.sMembers(key)).filter((id) => id.startsWith("dead:")).length;
  await client.quit();
  return left;
}

/** Exit code, or "still running" if the process has not exited by the deadline. */
function exitWithin(herald: HeraldProcess, ms: number): Promise<number | null | "still running"> {
  return Promise.race([herald.exited, new Promise<"still running">((r) => setTimeout(() => r("still running"), ms))]);
}

describe.skipIf(!redisUrl)("stopping Herald while it takes over dead fleet members (skipped: REDIS_URL is not set)", () => {
  it("the terminal chat, at the end of its input, exits cleanly and leaves the rest of the take-over to the next instance", async () => {
    const members = await deadFleet();
    const env = { HERALD_STORE: redisUrl!, HERALD_STORE_PREFIX: prefix };
    const herald = startHerald(env);
    started.push(herald);
    await waitUntil(() => herald.output().stderr.includes("taking over its deliveries"), "the take-over to start", { context: () => herald.output().stderr });
    herald.child.stdin!.end("/headline\n");

    expect(await exitWithin(herald, PROCESS_DEADLINE_MS)).toBe(0);
    const { stdout, stderr } = herald.output();
    expect(stdout).toContain("Bye.");
    expect(stderr).not.toMatch(/"level":"(error|fatal)"/);
    expect(stderr).not.toContain("The client is closed");
    // Stopped half-way: what it did not reach is still listed, for whoever runs next.
    const left = await deadLeft(members);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(DEAD);
  });

  it("the bots, on SIGTERM, exit cleanly", async () => {
    await deadFleet();
    telegram = await startFakeTelegramApi();
    const herald = startHerald({ HERALD_STORE: redisUrl!, HERALD_STORE_PREFIX: prefix, TELEGRAM_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot });
    started.push(herald);
    await waitUntil(() => herald.output().stderr.includes("taking over its deliveries"), "the take-over to start", { context: () => herald.output().stderr });
    herald.child.kill("SIGTERM");

    expect(await exitWithin(herald, PROCESS_DEADLINE_MS)).toBe(0);
    expect(herald.output().stderr).not.toMatch(/"level":"(error|fatal)"/);
  });
});
