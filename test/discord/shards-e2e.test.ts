import { execFileSync, spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "../fakes/discord-api.js";
import { startFakeTelegramApi, type FakeTelegramApi } from "../fakes/telegram-api.js";
import { BOT_TOKEN } from "./harness.js";
import { freePort } from "../helpers/process.js";

/**
 * The real sharding entry (`src/adapters/discord/shards.ts`) run as a child process: discord.js's
 * ShardingManager forks one `src/main.ts` per shard, each logging in to the fake Discord.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The manager spaces shard launches 5.5 s apart (Discord's identify limit) and each child boots tsx. */
const LAUNCH_MS = 60_000;
const EXIT_MS = 20_000;

interface ShardRun {
  pid: number;
  /** Everything the manager and its shards wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the manager has exited. */
  hasExited(): boolean;
  /** Whether any process of the manager's process group (the manager and its shards) is still alive. */
  alive(): boolean;
  /** Kills the manager and every shard at once. */
  kill(): void;
}

/**
 * Starts the sharding entry in its own process group, with only the environment given (and PATH, HOME).
 * From the project directory it is started as documented; from elsewhere, by absolute paths.
 */
function runShards(env: Record<string, string>, cwd = ROOT): ShardRun {
  const args = cwd === ROOT ? ["--import", "tsx", "src/adapters/discord/shards.ts"] : ["--import", import.meta.resolve("tsx"), join(ROOT, "src/adapters/discord/shards.ts")];
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    args,
    { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const pid = child.pid!;
  const signalGroup = (signal: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false; // ESRCH: nobody left in the group
    }
  };
  return { pid, output: () => output, exited, hasExited: () => hasExited, alive: () => signalGroup(0), kill: () => void signalGroup("SIGKILL") };
}

/** Resolves once `condition` holds, checked every 50 ms; rejects naming `what` after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs: number, what: string, run?: ShardRun): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${run ? `; output so far:\n${run.output()}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** Waits until `shards` processes say Discord is running; fails at once if the manager exits first. */
function untilRunning(run: ShardRun, shards: number): Promise<void> {
  return until(() => {
    if (run.hasExited()) throw new Error(`the sharding manager exited early:\n${run.output()}`);
    return count(run.output(), "herald: discord is running") === shards;
  }, LAUNCH_MS, `${shards} shard(s) to run`, run);
}

/** The process ids of the manager's children (its shards). */
const shardPids = (run: ShardRun): number[] =>
  execFileSync("ps", ["-o", "pid=", "--ppid", String(run.pid)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);

const baseEnv = (apiUrl: string) => ({
  DISCORD_TOKEN: BOT_TOKEN,
  DISCORD_API_URL: apiUrl,
  HERALD_STORE: "memory",
  HERALD_LOG_LEVEL: "info",
  HERALD_SEEDS_DIR: "seeds",
});

describe("the Discord sharding entry, spawned for real with two shards", { timeout: LAUNCH_MS + EXIT_MS }, () => {
  let fake: FakeDiscord;
  let telegram: FakeTelegramApi;
  let run: ShardRun;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    telegram = await startFakeTelegramApi();
    run = runShards({ ...baseEnv(fake.apiUrl), DISCORD_SHARDS: "2", TELEGRAM_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot });
    await untilRunning(run, 2);
  }, LAUNCH_MS + 5_000);

  afterAll(async () => {
    run?.kill();
    await fake?.close();
    await telegram?.close();
  });

  it("identifies one process as shard 0 of 2 and another as shard 1 of 2, each on its own connection", () => {
    expect([...fake.identifiedShards].sort((a, b) => (a?.[0] ?? -1) - (b?.[0] ?? -1))).toEqual([[0, 2], [1, 2]]);
    expect(fake.connected).toBe(2);
    expect(count(run.output(), "(1 shard(s))")).toBe(2);
  });

  it("answers a slash command sent on either shard's connection", async () => {
    const titles: string[] = [];
    for (const shard of [0, 1]) {
      const callback = await fake.callbackFor(fake.slashCommand("headline", [], { kind: "dm" }, shard), 10_000);
      expect(callback.body.type).toBe(4);
      titles.push(callback.body.data.embeds[0].title);
    }
    // Both processes read the same seeds, so both answer with the same latest story.
    expect(titles[0]).toBeTruthy();
    expect(titles[1]).toBe(titles[0]);
  });

  it("stops every shard process when the manager alone gets SIGTERM", async () => {
    process.kill(run.pid, "SIGTERM");
    const { code } = await Promise.race([run.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("manager did not exit")), EXIT_MS))]);
    expect(code).toBe(0);
    await until(() => !run.alive(), EXIT_MS, "the shard processes to exit", run);
    await until(() => fake.connected === 0, EXIT_MS, "the gateway connections to close", run);
    expect(count(run.output(), "discord: stopped")).toBe(2);
  });

  it("ran Telegram in the primary shard process only", () => {
    // Every process has exited by now, so the output and the fake's calls are complete.
    expect(count(run.output(), "herald: telegram is running")).toBe(1);
    expect(telegram.callsOf("getMe")).toHaveLength(1);
  });

  it("never writes either bot token to its output", () => {
    expect(fake.tokensSeen.has(BOT_TOKEN)).toBe(true);
    expect(run.output()).not.toContain(BOT_TOKEN);
    expect(run.output()).not.toContain(telegram.token);
  });
});

describe("the Discord sharding entry when something goes wrong", { timeout: LAUNCH_MS + EXIT_MS }, () => {
  const runs: ShardRun[] = [];
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    for (const run of runs) run.kill();
    await fake.close();
  });

  it("stops its shard when the manager is killed without warning", async () => {
    const run = runShards({ ...baseEnv(fake.apiUrl), DISCORD_SHARDS: "1" });
    runs.push(run);
    await untilRunning(run, 1);
    process.kill(run.pid, "SIGKILL");
    await until(() => !run.alive(), EXIT_MS, "the orphaned shard to exit", run);
    expect(fake.connected).toBe(0);
  });

  it("starts a shard again when its process dies", async () => {
    const run = runShards({ ...baseEnv(fake.apiUrl), DISCORD_SHARDS: "1" });
    runs.push(run);
    await untilRunning(run, 1);
    const [first] = shardPids(run);
    const identified = fake.identifies;
    process.kill(first!, "SIGKILL");
    await untilRunning(run, 2);
    expect(shardPids(run)).not.toContain(first);
    expect(fake.identifies).toBe(identified + 1);
    expect(fake.identifiedShards.at(-1)).toEqual([0, 1]);
  });

  it("asks Discord for the shard count and starts its shards when run from outside the project directory", async () => {
    const run = runShards({ ...baseEnv(fake.apiUrl), HERALD_SEEDS_DIR: join(ROOT, "seeds") }, tmpdir());
    runs.push(run);
    await untilRunning(run, 1);
    expect(fake.calls.some((c) => c.method === "GET" && c.path === "/gateway/bot")).toBe(true);
    expect(fake.identifiedShards.at(-1)).toEqual([0, 1]);
    const callback = await fake.callbackFor(fake.slashCommand("headline", [], { kind: "dm" }, 0), 10_000);
    expect(callback.body.type).toBe(4);
  });

  it("refuses a shard count that is not a whole number, naming DISCORD_SHARDS, and starts nothing", async () => {
    const run = runShards({ ...baseEnv(fake.apiUrl), DISCORD_SHARDS: "two" });
    runs.push(run);
    const identified = fake.identifies;
    const { code } = await Promise.race([run.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`manager did not exit:\n${run.output()}`)), EXIT_MS))]);
    expect(code).toBe(1);
    expect(run.output()).toContain('DISCORD_SHARDS: "two" is not a whole number of shards');
    expect(run.output()).not.toContain("launched");
    expect(fake.identifies).toBe(identified);
  });

  it("exits with an error, and leaves no shard behind, when a shard cannot log in", async () => {
    const run = runShards({ ...baseEnv(`http://127.0.0.1:${await freePort()}/api`), DISCORD_SHARDS: "1" });
    runs.push(run);
    const { code } = await Promise.race([run.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`manager did not exit:\n${run.output()}`)), LAUNCH_MS))]);
    expect(code).toBe(1);
    expect(run.output()).toContain("Discord login failed");
    await until(() => !run.alive(), EXIT_MS, "the shard processes to exit", run);
    expect(run.output()).not.toContain(BOT_TOKEN);
  });
});
