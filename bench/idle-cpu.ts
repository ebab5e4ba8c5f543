/**
 * CPU of the compiled process while it waits: `node dist/src/main.js` as bench/telegram-memory.ts starts it
 * (Telegram against the tests' fake Bot API, which holds getUpdates 30 s as Telegram does; SQLite store),
 * with the health and metrics listener on unless `--no-http`, and `--feeds=N` feeds of bench/feed-server.ts
 * read every minute. From 5 s after "telegram is running", for `--seconds`: the CPU of each 10 s (marked
 * where feeds were read), CPU a minute, the main thread's wakeups a second (voluntary context switches)
 * and the CPU of each thread (the main thread, then V8's and libuv's helpers), all from /proc.
 *   npm run build && npx tsx bench/idle-cpu.ts [--seconds=120] [--feeds=0] [--no-http]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startFakeTelegramApi } from "../test/fakes/telegram-api.js";
import { heraldProcessEnv, productionNodeArgs, startFeedServer } from "./feed-server.js";

const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const SECONDS = Number(option("seconds") ?? 120);
const FEEDS = Number(option("feeds") ?? 0);
const HTTP = !process.argv.includes("--no-http");
/** Linux's clock tick for /proc/PID/stat (USER_HZ). */
const TICKS_PER_SECOND = 100;

const requests: number[] = [];
const news = await startFeedServer({ onRequest: () => requests.push(Date.now()) });
const telegram = await startFakeTelegramApi({ longPollSeconds: 30 });
const folder = mkdtempSync(join(tmpdir(), "herald-bench-idle-"));
const env = heraldProcessEnv({ folder, port: news.port, feeds: FEEDS, telegram, ...(HTTP ? { httpPort: 20_000 + Math.floor(Math.random() * 20_000) } : {}) });
const child = spawn(process.execPath, productionNodeArgs(), { env, stdio: ["ignore", "ignore", "pipe"] });
const pid = child.pid!;
let stderr = "";
child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk).slice(-100_000)));
while (!stderr.includes("herald: telegram is running")) await sleep(100);
await sleep(5_000);

const cpuOf = (stat: string) => {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
};
const cpu = () => cpuOf(readFileSync(`/proc/${pid}/stat`, "utf8"));
const wakeups = () => Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
const threads = () =>
  new Map(readdirSync(`/proc/${pid}/task`).map((tid) => [tid === String(pid) ? "main" : tid, cpuOf(readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8"))]));

const load = loadavg()[0]!.toFixed(2);
const startedAt = Date.now();
const [cpuBefore, wakeupsBefore, threadsBefore] = [cpu(), wakeups(), threads()];
const windows: string[] = [];
let last = cpuBefore;
for (let s = 10; s <= SECONDS; s += 10) {
  await sleep(Math.max(0, startedAt + s * 1000 - Date.now()));
  const now = cpu();
  const read = requests.filter((at) => at >= startedAt + (s - 10) * 1000 && at < startedAt + s * 1000).length;
  windows.push(`${(now - last).toFixed(2)}${read ? ` (${read} feeds read)` : ""}`);
  last = now;
}
const used = cpu() - cpuBefore;
const threadsAfter = threads();
console.log(`${FEEDS} feeds, metrics listener ${HTTP ? "on" : "off"}, ${SECONDS} s from load ${load}`);
console.log(`CPU each 10 s: ${windows.join(", ")} s`);
console.log(`CPU ${used.toFixed(2)} s = ${((used / SECONDS) * 60).toFixed(2)} s a minute; main thread wakeups ${((wakeups() - wakeupsBefore) / SECONDS).toFixed(1)} a second`);
console.log(`threads: ${[...threadsAfter].map(([name, s]) => `${name} ${(s - (threadsBefore.get(name) ?? 0)).toFixed(2)} s`).join(", ")}`);
child.kill("SIGTERM");
await new Promise((resolve) => child.once("exit", resolve));
await telegram.close();
await news.close();
