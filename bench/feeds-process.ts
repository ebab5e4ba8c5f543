/**
 * The real process following 500 feeds of 50 items: `node [flags] dist/src/main.js` as `npm run start:prod` and the
 * Dockerfile run it (the flags read from start:prod) (NODE_ENV=production, the health and metrics listener on, a SQLite store), with a
 * Telegram token against the tests' fake Bot API and one private chat subscribed to update notices, polling
 * the local news server of bench/feed-server.ts (in this process; Herald is the other one). Every feed is
 * read `everyMinutes: 1`, so cycles follow Herald's one-minute tick. Read from /proc/PID: RSS (VmRSS), peak
 * RSS (VmHWM) and CPU (utime + stime), at the first feed request, after the first read of every feed, after
 * two cycles where nothing changed (all 304) and after one where 25 feeds gained an item; the JS heap from
 * the process's own /metrics. Each cycle's RSS is read twice: right after it, and "between polls", just
 * before the next cycle's first request (the process has idled most of a minute, V8's memory reducer has
 * run: the RSS it sits at most of the time; the run waits for one more tick after the changed cycle for it). Herald polls on its tick: a tick's requests come in one burst; a cycle is the
 * ticks that together read every feed (the feeds may be split over two ticks, see BENCHMARKS.md), its CPU
 * the sum over its ticks, each from its first request to the moment the process's CPU stays still. A cycle's
 * peak RSS is the highest RSS from the end of the cycle before to its own end (Linux's VmHWM, reset through
 * /proc/PID/clear_refs when a cycle ends); the process's own peak since it started is given at the end.
 *   npm run build && npx tsx bench/feeds-process.ts [--plain] [--node-flag=--max-semi-space-size=2]… [--env=MALLOC_ARENA_MAX=2]…
 *     [--feeds=500] [--quiet-cycles=2] [--redated] [--minute-ms=N (HERALD_FEEDS_MINUTE_MS: a shorter "minute", for a quick try only)]
 * About 7 minutes with real minutes. Goals (issue 11): a cycle under 1 s of CPU when nothing changed; under 150 MB RSS.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startFakeTelegramApi, updates } from "../test/fakes/telegram-api.js";
import { heraldProcessEnv, ITEMS, productionNodeArgs, startFeedServer } from "./feed-server.js";

const option = (name: string): string[] => process.argv.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));
const FEEDS = Number(option("feeds")[0] ?? 500);
const CHANGED = Math.round(FEEDS * 0.05);
/** Cycles where nothing changed, between the first read and the one where some feeds changed: more of them show whether the RSS levels off. */
const QUIET_CYCLES = Number(option("quiet-cycles")[0] ?? 2);
if (!Number.isInteger(QUIET_CYCLES) || QUIET_CYCLES < 0) throw new Error(`--quiet-cycles must be a whole number of 0 or more, not "${option("quiet-cycles")[0]}"`);
const nodeFlags = option("node-flag");
/** start:prod's V8 flags, then dist/src/main.js; `--plain`: without them (node dist/src/main.js), for a comparison. */
const mainArgs = productionNodeArgs({ plain: process.argv.includes("--plain") });
const extraEnv = Object.fromEntries(option("env").map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
const minuteMs = option("minute-ms")[0];
/** Linux's clock tick for /proc/PID/stat (USER_HZ; 100 on every mainstream build). */
const TICKS_PER_SECOND = 100;
/** The process is done with a cycle when it used at most this much CPU over a whole IDLE_WINDOW_MS. */
const IDLE_CPU_S = 0.02;
const IDLE_WINDOW_MS = 1_500;
/** Requests further apart than this belong to two ticks (a tick's requests follow each other within milliseconds). */
const TICK_GAP_MS = 5_000;
/** A tick comes every minute; a feed is due at most two ticks after its last read; a slow first read takes longer. */
const TICK_DEADLINE_MS = 3 * (Number(minuteMs) || 60_000) + 120_000;

if (!existsSync("dist/src/main.js")) throw new Error("run npm run build first");

interface Sample {
  atS: number;
  rssMb: number;
  peakMb: number;
  cpuS: number;
}

const spawned = Date.now();
function sample(pid: number): Sample {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const line = readFileSync(`/proc/${pid}/stat`, "utf8");
  const stat = line.slice(line.lastIndexOf(")") + 2).split(" ");
  return { atS: (Date.now() - spawned) / 1000, rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024, cpuS: (Number(stat[11]) + Number(stat[12])) / TICKS_PER_SECOND };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const load = () => loadavg().map((n) => n.toFixed(2)).join(", ");
const startedAt = new Date().toISOString();
const startLoad = load();

/** The requests of one tick: sampled at the first, counted until the next tick. */
interface Tick {
  start: Sample;
  /** The last sample taken at least IDLE_BEFORE_TICK_MS before the tick's first request: the process idle. */
  before: Sample;
  requests: number;
  feeds: Set<number>;
  lastAtMs: number;
}
let pid = 0;
const ticks: Tick[] = [];
/** The process sampled every SAMPLE_EVERY_MS, the last few kept: what it was just before a tick began. */
const SAMPLE_EVERY_MS = 250;
const IDLE_BEFORE_TICK_MS = 500;
const recent: Sample[] = [];
const sampler = setInterval(() => {
  if (!pid || exited !== undefined) return;
  recent.push(sample(pid));
  if (recent.length > 20) recent.shift();
}, SAMPLE_EVERY_MS);
function idleBefore(first: Sample): Sample {
  for (let i = recent.length - 1; i >= 0; i--) if (first.atS - recent[i]!.atS >= IDLE_BEFORE_TICK_MS / 1000) return recent[i]!;
  return recent[0] ?? first;
}
/** `--redated`: a feed that gains an item re-dates every other item too (bench/feed-server.ts), so all its items are updated. */
const REDATED = process.argv.includes("--redated");
const news = await startFeedServer({
  redated: REDATED,
  onRequest: (feed) => {
    const now = Date.now();
    if (!ticks.length || now - ticks.at(-1)!.lastAtMs > TICK_GAP_MS) {
      const start = sample(pid);
      ticks.push({ start, before: idleBefore(start), requests: 0, feeds: new Set(), lastAtMs: now });
    }
    const tick = ticks.at(-1)!;
    tick.requests++;
    tick.feeds.add(feed);
    tick.lastAtMs = now;
  },
});
// Held as Telegram holds it (grammY asks 30 s): the fake's 1 s for tests would make 60 calls a minute.
const telegram = await startFakeTelegramApi({ longPollSeconds: 30 });
const folder = mkdtempSync(join(tmpdir(), "herald-bench-process-"));
const opsPort = await freePort();
const env = heraldProcessEnv({
  folder,
  port: news.port,
  feeds: FEEDS,
  telegram,
  httpPort: opsPort,
  extra: { ...(minuteMs ? { HERALD_FEEDS_MINUTE_MS: minuteMs } : {}), ...extraEnv },
});
const child = spawn(process.execPath, [...nodeFlags, ...mainArgs], { env, stdio: ["ignore", "ignore", "pipe"] });
pid = child.pid!;
let stderr = "";
child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk).slice(-200_000)));
let exited: number | null | undefined;
const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve((exited = code))));

async function until(condition: () => boolean, what: string, deadlineMs = TICK_DEADLINE_MS): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    const answered = JSON.stringify(news.answered);
    if (exited !== undefined) throw new Error(`Herald exited (${exited}) while waiting for ${what} (answered ${answered}):\n${stderr.slice(-3_000)}`);
    if (Date.now() - started > deadlineMs) throw new Error(`timed out waiting for ${what} (answered ${answered}):\n${stderr.slice(-3_000)}`);
    await sleep(100);
  }
}

/** Waits until the process's CPU stays still for a whole window, and samples it then. */
async function settled(): Promise<Sample> {
  let before = sample(pid);
  for (;;) {
    await sleep(IDLE_WINDOW_MS);
    const now = sample(pid);
    if (now.cpuS - before.cpuS <= IDLE_CPU_S) return now;
    before = now;
  }
}

/** The JS heap, from the process's Prometheus metrics (prom-client's defaults). */
async function heap(): Promise<string> {
  const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
  const metric = (name: string) => Number(new RegExp(`^herald_nodejs_${name} (\\S+)$`, "m").exec(text)?.[1]) / 1024 / 1024;
  return `${metric("heap_size_used_bytes").toFixed(0)} / ${metric("heap_size_total_bytes").toFixed(0)} MB`;
}

/**
 * The end state's resident memory by kind: anonymous (the JS heap, the C allocator, stacks) against file
 * pages (the node binary and libraries), and the V8 heap's spaces (committed and used) from /metrics.
 */
async function whereTheRssIs(of: number): Promise<string> {
  const status = readFileSync(`/proc/${of}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) / 1024;
  const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
  const spaces = [...text.matchAll(/^herald_nodejs_heap_space_size_(total|used)_bytes\{space="(\w+)"\} (\S+)$/gm)];
  const bySpace = new Map<string, { total: number; used: number }>();
  for (const [, kind, space, value] of spaces) {
    const entry = bySpace.get(space!) ?? { total: 0, used: 0 };
    entry[kind as "total" | "used"] = Number(value) / 1024 / 1024;
    bySpace.set(space!, entry);
  }
  const external = Number(/^herald_nodejs_external_memory_bytes (\S+)$/m.exec(text)?.[1]) / 1024 / 1024;
  const v8 = [...bySpace].map(([space, { total, used }]) => `${space} ${used.toFixed(1)}/${total.toFixed(1)}`).join(", ");
  const committed = [...bySpace.values()].reduce((sum, s) => sum + s.total, 0);
  return `anonymous ${mb(kb("RssAnon"))}, file ${mb(kb("RssFile"))}; V8 heap committed ${mb(committed)} (space used/committed MB: ${v8}); external ${mb(external)}`;
}

/** A row of the table; a cycle's RSS between polls is filled in when the next cycle's first tick begins. */
const rows: { cells: string[]; between?: Sample }[] = [];
let lastCycleRow: { cells: string[]; between?: Sample } | undefined;
const mb = (n: number) => `${n.toFixed(0)} MB`;
/** Where each tick ended (the process still again), for the CPU spent waiting between ticks. */
const tickEnds: Sample[] = [];
let answeredBefore = { full: 0, notModified: 0 };
/** The process's peak RSS since it started: the highest of the cycles' own peaks (each cycle's VmHWM is reset when it ends). */
let processPeakMb = 0;
/** Linux's VmHWM back to the current RSS ("5" to /proc/PID/clear_refs), so that the next reading is the next cycle's own peak. */
function resetPeak(): void {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}
async function cycle(label: string): Promise<void> {
  const own: { requests: number; cpuS: number }[] = [];
  const read = new Set<number>();
  let end: Sample | undefined;
  while (read.size < FEEDS) {
    const index = tickEnds.length;
    await until(() => ticks.length > index, `tick ${index + 1}`);
    const tick = ticks[index]!;
    if (lastCycleRow && !lastCycleRow.between) lastCycleRow.between = tick.before;
    await until(() => Date.now() - tick.lastAtMs > TICK_GAP_MS / 2, `the end of tick ${index + 1}`);
    end = await settled();
    tickEnds.push(end);
    own.push({ requests: tick.requests, cpuS: end.cpuS - tick.start.cpuS });
    for (const feed of tick.feeds) read.add(feed);
  }
  const { full, notModified } = news.answered;
  const answers = `${full - answeredBefore.full} × 200, ${notModified - answeredBefore.notModified} × 304`;
  answeredBefore = { full, notModified };
  const cpu = own.reduce((sum, t) => sum + t.cpuS, 0);
  const split = own.length > 1 ? ` (${own.map((t) => `${t.requests}: ${t.cpuS.toFixed(2)} s`).join(" + ")})` : "";
  const began = ticks[tickEnds.length - own.length]!.start.atS;
  lastCycleRow = { cells: [label, `${began.toFixed(0)} s`, String(own.length), answers, `${cpu.toFixed(2)} s${split}`, mb(end!.rssMb), mb(end!.peakMb), await heap()] };
  rows.push(lastCycleRow);
  processPeakMb = Math.max(processPeakMb, end!.peakMb);
  resetPeak();
}

await until(() => stderr.includes("herald: telegram is running"), "the Telegram bot to start", 120_000);
await until(() => ticks.length >= 1, "the first feed request");
const started = ticks[0]!.start;
rows.push({ cells: ["started (at the first feed request)", `${started.atS.toFixed(0)} s`, "–", "–", `${started.cpuS.toFixed(2)} s since spawn`, mb(started.rssMb), mb(started.peakMb), "–"] });
await cycle("1: first read of every feed (200, parse all)");

// One chat follows update notices, as a news bot's chats do; subscribed after the first read (its backlog is never news).
const chat = updates.privateChat;
let mark = telegram.mark();
telegram.pushUpdate(updates.command("/subscribe mode:updates", chat));
await telegram.waitFor("sendMessage", { since: mark, timeoutMs: 60_000 });

for (let n = 2; n < 2 + QUIET_CYCLES; n++) await cycle(`${n}: nothing changed (all 304)`);
const changed = Array.from({ length: CHANGED }, (_, k) => (k * 37 + 4) % FEEDS);
news.change(changed);
mark = telegram.mark();
const changeBegan = tickEnds.length;
const changedCycle = 2 + QUIET_CYCLES;
await cycle(`${changedCycle}: ${CHANGED} feeds gained an item${REDATED ? " and re-dated the others" : ""}, the rest 304`);
const notice = await telegram.waitFor("sendMessage", { since: mark, timeoutMs: 120_000, where: (c) => String(c.payload.chat_id) === String(chat.id) }).then(
  () => "sent",
  () => "none within 120 s",
);
const end = await settled();
const noticeCpu = end.cpuS - tickEnds.at(-1)!.cpuS;
rows.push({ cells: [`after the update notice (${notice})`, "–", "–", "–", `${noticeCpu.toFixed(2)} s after cycle ${changedCycle}`, mb(end.rssMb), mb(end.peakMb), await heap()] });
processPeakMb = Math.max(processPeakMb, end.peakMb);
// The changed cycle's RSS between polls: just before the next tick with requests.
await until(() => ticks.length > tickEnds.length, `the tick after cycle ${changedCycle}`);
lastCycleRow!.between = ticks[tickEnds.length]!.before;
processPeakMb = Math.max(processPeakMb, sample(pid).peakMb);
const composition = await whereTheRssIs(pid);

// Sampled no more: an exiting process's /proc/PID/status has no VmRSS.
clearInterval(sampler);
child.kill("SIGTERM");
const code = await exit;
await telegram.close();
await news.close();

// Between ticks the process only waits (Telegram's long poll, the stories folder's polling, timers); from the
// first quiet tick to the change, so that neither the subscription nor the notice counts.
let waitingCpuS = 0;
let waitingS = 0;
for (let i = 2; i < changeBegan; i++) {
  waitingCpuS += ticks[i]!.start.cpuS - tickEnds[i - 1]!.cpuS;
  waitingS += ticks[i]!.start.atS - tickEnds[i - 1]!.atS;
}
const spacing = ticks.slice(1).map((t, i) => (t.start.atS - ticks[i]!.start.atS).toFixed(0)).join(", ");
console.log(`node ${[...nodeFlags, ...mainArgs].join(" ")}${Object.keys(extraEnv).length ? ` with ${option("env").join(" ")}` : ""}`);
console.log(`${FEEDS} feeds × ${ITEMS} items, ${QUIET_CYCLES} cycles with no change, everyMinutes 1${minuteMs ? ` (a "minute" of ${minuteMs} ms)` : ""}, fetchPages false, SQLite store, Telegram (fake Bot API), one chat in updates mode`);
console.log(`${startedAt} → ${new Date().toISOString()}, load average ${startLoad} → ${load()}\n`);
console.log(
  "| point | began | ticks | answers | CPU (requests: CPU per tick) | RSS after | RSS between polls (before the next first request) | peak RSS in the cycle (VmHWM since the cycle before ended) | JS heap used / total |\n|---|---|---|---|---|---|---|---|---|",
);
for (const { cells, between } of rows) {
  const [label, began, count, answers, cpu, after, peak, heapText] = cells;
  const idle = between ? `${mb(between.rssMb)} (at ${between.atS.toFixed(0)} s)` : "–";
  console.log(`| ${[label, began, count, answers, cpu, after, idle, peak, heapText].join(" | ")} |`);
}
console.log(`\nwhere the RSS is at the end: ${composition}`);
console.log(`\nthe process's peak RSS since it started: ${mb(processPeakMb)}`);
console.log(`\nticks with requests began ${spacing} s apart; CPU while waiting between ticks: ${((waitingCpuS / waitingS) * 60).toFixed(2)} s a minute; exit code on SIGTERM: ${code}`);
