/**
 * One digest message to each of chats (channels) 1…N, queued in that order (as a digest tick does:
 * TICK_CONCURRENCY at a time, each with its digest record), through Herald's real outbox and delivery
 * port, until every message is settled.
 *
 * Run: npx tsx bench/fanout.ts --platform telegram|discord --chats N [--api URL]
 *        [--latency MS] [--limit N] [--instances 1|2] [--limiter herald|client]
 *
 * Tokens, store and pacing come from the environment as in production (TELEGRAM_TOKEN, DISCORD_TOKEN,
 * HERALD_STORE / REDIS_URL, HERALD_TELEGRAM_PER_SECOND, HERALD_DISCORD_PER_SECOND, …); any token works
 * against a fake. Without HERALD_STORE or REDIS_URL the store is a fresh SQLite file in a temp folder
 * (the production default is SQLite; a temp file keeps data/ clean). With --api the messages go to
 * that server; without it the bench starts bench/fanout-fake.ts in a child process, enforcing the
 * platform's limit (--limit, default 30 for Telegram, 50 for Discord) with a round trip of --latency ms
 * (default 50). --instances 2 runs two outboxes on one store (use REDIS_URL), as two instances would.
 * --limiter client (Discord) lets discord.js's REST queue hold the global limit instead of the outbox.
 * On Redis the instances share one send schedule, as Herald's instances do; --fleet-pacing alone makes
 * each pace by itself (as before the shared schedule), for comparison.
 * The last line is machine-readable; handed_peak_1s and handed_inversions are counted where the outbox
 * hands requests to the client library (peak_1s and inversions where the fake receives them); cpu_ms_per_msg is the bench process's CPU time (user + system) per
 * message, the figure least disturbed by other load. FANOUT_PER_SECOND=1 also prints the requests handed
 * over in each second of the run.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { setPriority, tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createDeliveryApi, createDeliveryPort as telegramPort } from "../src/adapters/telegram/transport.js";
import { createTelegramRenderer } from "../src/adapters/telegram/render.js";
import { Client, Routes } from "discord.js";
import { createDeliveryPort as discordPort, createDiscordClient } from "../src/adapters/discord/transport.js";
import type { Platform } from "../src/core/chat.js";
import { loadConfig } from "../src/core/config.js";
import type { DeliveryPort } from "../src/core/delivery.js";
import { createLogger } from "../src/core/log.js";
import { createRegistry } from "../src/core/registry.js";
import type { Reply } from "../src/core/reply.js";
import { Outbox } from "../src/subscriptions/outbox.js";
import { redisSchedule, systemClock } from "../src/subscriptions/pacer.js";
import { TICK_CONCURRENCY } from "../src/subscriptions/service.js";
import { createStore, type Store } from "../src/subscriptions/store.js";
import { dropRedisKeys } from "../test/helpers/redis.js";
import { argument, type FakeStats } from "./fanout-fake.js";

function fail(message: string): never {
  process.stderr.write(`fanout: ${message}\n`);
  process.exit(2);
}

const platform = argument("platform", "telegram") as Platform;
if (platform !== "telegram" && platform !== "discord") fail(`--platform must be telegram or discord, not "${platform}"`);
const chats = Number(argument("chats", "300"));
if (!Number.isInteger(chats) || chats < 1) fail(`--chats must be a whole number of chats, not "${argument("chats")}"`);
const latencyMs = Number(argument("latency", "50"));
const limit = Number(argument("limit", platform === "telegram" ? "30" : "50"));
const instances = Number(argument("instances", "1"));
/** Discord only: "herald" (the outbox paces) or "client" (discord.js's REST queue holds the global limit). */
const limiter = argument("limiter", "herald");
if (limiter !== "herald" && limiter !== "client") fail(`--limiter must be herald or client, not "${limiter}"`);
const fleetPacing = argument("fleet-pacing", "shared");
if (fleetPacing !== "shared" && fleetPacing !== "alone") fail(`--fleet-pacing must be shared or alone, not "${fleetPacing}"`);
if (!(latencyMs >= 0) || !(limit > 0) || ![1, 2].includes(instances)) fail("--latency must be ms, --limit a positive rate, --instances 1 or 2");

const config = loadConfig(process.env);
const token = (platform === "telegram" ? config.telegram.token : config.discord.token) ?? (platform === "telegram" ? "123456:fanout-bench-token" : "fanout.bench.token");
const pacing = config.delivery[platform];

/** A digest as the digest builder makes it: a title, three stories with their latest event, a footer. */
const digest: Reply = {
  title: "Digest · 26 Nov 2026",
  blocks: Array.from({ length: 3 }, (_, i) => ({
    heading: `Story ${i + 1}: talks on the ceasefire resume in Geneva`,
    text: `12 articles. Negotiators met for a third day; both delegations described the talks as constructive. Latest: 25 Nov 2026, the mediators proposed a timetable for the next round.`,
  })),
  footer: "Run /unsubscribe to stop these digests.",
};

/** Starts the limit-enforcing fake in its own process, so its event loop is not the bench's. */
async function startFake(): Promise<{ url: string; stop(): void }> {
  const script = fileURLToPath(new URL("./fanout-fake.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, "--platform", platform, "--limit", String(limit), "--latency", String(latencyMs)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  // The fake times arrivals on its own event loop: on a busy machine, a stalled fake would see requests
  // bunched that were sent evenly. A higher priority (where allowed) keeps it the steadier clock.
  try {
    setPriority(child.pid!, -10);
  } catch {
    process.stderr.write("fanout: could not raise the fake's priority; its arrival times may bunch on a busy machine\n");
  }
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the fake exited (${code})`)));
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve({ url: line.trim(), stop: () => child.kill("SIGTERM") }));
  });
}

/** When each request was handed to the client library (the outbox's pace let it go), over all instances. */
const handedOver: number[] = [];
/** The chat of each request handed over, in that order: the outbox's own order, before the network. */
const handedChats: number[] = [];
/**
 * One message per client before the run, to chat (channel) 0, outside 1…N and cleared from the fake's
 * figures: a running bot's clients are loaded, connected and have sent messages already. Without it the
 * first message of the process takes a cold path (tens of ms between hand-over and arrival), so the
 * fake counted a 31st request within the first second in most 300-chat runs.
 */
const warmUps: (() => Promise<unknown>)[] = [];

function portFor(apiUrl: string, log: ReturnType<typeof createLogger>): DeliveryPort {
  const registry = createRegistry([]);
  let port: DeliveryPort;
  if (platform === "telegram") {
    const api = createDeliveryApi({ token, apiRoot: apiUrl });
    warmUps.push(() => api.sendMessage(0, "warm-up").catch(() => undefined));
    port = telegramPort(api, createTelegramRenderer(registry), log);
  } else if (limiter === "herald") {
    const client = createDiscordClient({ ...config.discord, apiUrl });
    client.rest.setToken(token);
    warmUps.push(() => client.rest.post(Routes.channelMessages("0"), { body: { content: "warm-up" } }).catch(() => undefined));
    port = discordPort(client, registry, log);
  } else {
    // discord.js waits out the global limit itself; only per-route limits come back to the outbox.
    const client = new Client({ intents: [], rest: { api: apiUrl, rejectOnRateLimit: (data) => !data.global && data.method.toUpperCase() === "POST" } });
    client.rest.setToken(token);
    warmUps.push(() => client.rest.post(Routes.channelMessages("0"), { body: { content: "warm-up" } }).catch(() => undefined));
    const inner = discordPort(client, registry, log);
    port = { platform, send: (chatId, reply) => inner.send(chatId, reply) };
  }
  return {
    platform,
    send: (chatId, reply, pace) =>
      port.send(chatId, reply, async () => {
        await pace?.();
        handedOver.push(performance.now());
        handedChats.push(Number(chatId));
      }),
  };
}

/** Most events within any one second. */
function peakPerSecond(times: number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1_000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

async function main() {
  const fake = argument("api") ? undefined : await startFake();
  const apiUrl = argument("api") ?? fake!.url;
  const statsUrl = `${apiUrl.replace(/\/api\/?$/, "")}/__stats`;

  const fromEnv = Boolean(process.env.HERALD_STORE || process.env.REDIS_URL);
  const dir = fromEnv ? undefined : mkdtempSync(path.join(tmpdir(), "herald-fanout-"));
  const storeUrl = dir ? `sqlite:${path.join(dir, "fanout.sqlite")}` : config.store;
  const prefix = `fanout-${process.pid}-${Date.now()}`;

  const levels = { warn: 0, error: 0 };
  const log = createLogger({
    level: "warn",
    secrets: [token],
    write: (line) => {
      if (line.includes(" WARN ")) levels.warn++;
      else levels.error++;
      if (levels.warn + levels.error <= 20) process.stderr.write(`${line}\n`);
    },
  });

  let delivered = 0;
  const stores: Store[] = [];
  const boxes: Outbox[] = [];
  for (let i = 0; i < instances; i++) {
    const store = await createStore(storeUrl, prefix);
    stores.push(store);
    boxes.push(
      new Outbox({
        store,
        ports: [portFor(apiUrl, log)],
        log,
        clock: systemClock,
        pacing: { [platform]: pacing },
        // As the subscription service wires it: one schedule per platform for every instance on one Redis.
        sharedSchedule: store.redis && fleetPacing === "shared" ? (p) => redisSchedule(store.redis!, `${prefix}:pace:${p}`) : undefined,
        onDelivered: async () => void delivered++,
        onGone: async () => {},
      }),
    );
  }

  // As the subscription service does: each instance keeps a heartbeat, which is what makes its leases hold.
  const leaseMs = config.reliability.leaseSeconds * 1000;
  const beat = () => Promise.all(stores.map((store) => store.heartbeat(leaseMs)));
  await beat();
  const heartbeats = setInterval(() => void beat().catch(() => undefined), leaseMs / 3);
  // As the subscription service does at start: pending entries are resumed (none in a fresh store).
  for (const box of boxes) await box.resume();
  await Promise.all(warmUps.map((warmUp) => warmUp()));
  await fetch(statsUrl.replace("__stats", "__reset")).catch(() => undefined);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  // As a digest tick queues them: TICK_CONCURRENCY chats at a time, taken in order, each with the digest
  // record the outbox writes once it is sent.
  const at = new Date().toISOString();
  await Promise.all(
    boxes.map(async (box) => {
      let next = 1;
      const worker = async () => {
        for (let n = next++; n <= chats; n = next++) {
          const chatKey = `${platform}:${n}`;
          const commit = { chatKey, digest: { at, localDate: at.slice(0, 10), snapshot: "fanout" } };
          await box.enqueue(`fanout:${n}`, { platform, id: String(n), kind: platform === "telegram" ? "private" : "group" }, "digest", [digest], commit);
        }
      };
      await Promise.all(Array.from({ length: TICK_CONCURRENCY }, worker));
    }),
  );
  const queuedMs = performance.now() - start;
  await Promise.all(boxes.map((box) => box.idle()));
  const seconds = (performance.now() - start) / 1000;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerMessage = (cpu.user + cpu.system) / 1000 / chats;

  let stats: FakeStats | undefined;
  try {
    stats = (await (await fetch(statsUrl)).json()) as FakeStats;
  } catch {
    stats = undefined;
  }
  clearInterval(heartbeats);
  await Promise.all(boxes.map((box) => box.stop()));
  await Promise.all(stores.map((store) => store.close()));
  // A Redis store keeps this run's keys (about one per chat) under its own prefix: removed, not left behind.
  if (storeUrl.startsWith("redis")) await dropRedisKeys(storeUrl, prefix);
  fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });

  const rate = stats ? stats.acceptedPerSecond : delivered / seconds;
  const show = (n: number | undefined, digits = 0) => (n === undefined ? "n/a" : n.toFixed(digits));
  console.log(
    `${platform}: ${chats} chats, ${instances} instance(s), store ${storeUrl.split(":")[0]}${stores[0]?.redis ? ` (pacing ${fleetPacing})` : ""}, Herald at ${pacing.perSecond}/s, ` +
      `platform limit ${limit}/s, round trip ${latencyMs} ms: all settled in ${seconds.toFixed(2)} s (queued in ${(queuedMs / 1000).toFixed(2)} s), ` +
      `${stats?.requests ?? "n/a"} requests, ${levels.warn} WARN and ${levels.error} ERROR log lines; ` +
      `event-loop delay p99/max: bench ${(loop.percentile(99) / 1e6).toFixed(0)}/${(loop.max / 1e6).toFixed(0)} ms, ` +
      `fake ${show(stats?.loopDelayP99)}/${show(stats?.loopDelayMax)} ms`,
  );
  console.log(
    `fanout ${platform}: chats=${chats} rate=${rate.toFixed(1)} achieved_ratio=${(rate / limit).toFixed(3)} peak_1s=${show(stats?.peak1s)} ` +
      `http429=${show(stats?.http429)} lost=${stats ? chats - stats.chats : chats - delivered} duplicated=${show(stats?.duplicated)} ` +
      `inversions=${show(stats?.inversions)} rss_mb=${rssMb.toFixed(0)} seconds=${seconds.toFixed(2)} handed_peak_1s=${peakPerSecond(handedOver)} handed_inversions=${handedChats.filter((n, i) => i > 0 && n < handedChats[i - 1]!).length} cpu_ms_per_msg=${cpuMsPerMessage.toFixed(3)}`,
  );
  if (process.env.FANOUT_PER_SECOND) {
    const perSecond = new Map<number, number>();
    for (const t of handedOver) perSecond.set(Math.floor((t - start) / 1000), (perSecond.get(Math.floor((t - start) / 1000)) ?? 0) + 1);
    process.stderr.write(`handed over per second: ${[...perSecond].map(([s, n]) => `${s}:${n}`).join(" ")}\n`);
  }
  process.exit(0);
}

await main();
