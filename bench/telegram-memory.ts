/**
 * Resident memory of the compiled process running the Telegram bot alone (no Discord token, no feeds),
 * against the fake Bot API of the tests: RSS 3 s after "telegram is running", median of `runs`; with
 * `idleSeconds`, RSS again that long after (V8 gives back the young generation start-up grew once the
 * process has been idle a while, about 30 s).
 *   npm run build && npx tsx bench/telegram-memory.ts [runs] [idleSeconds]
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startFakeTelegramApi } from "../test/fakes/telegram-api.js";
import { productionNodeArgs } from "./feed-server.js";

const runs = Number(process.argv[2] ?? 3);
const idleSeconds = Number(process.argv[3] ?? 0);
if (!existsSync("dist/src/main.js")) throw new Error("run npm run build first");
const SETTLE_MS = 3_000;
const READY_WITHIN_MS = 60_000;

const residentMbOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

async function residentMb(): Promise<{ settled: number; idle: number }> {
  const telegram = await startFakeTelegramApi();
  const store = join(mkdtempSync(join(tmpdir(), "herald-bench-telegram-")), "herald.sqlite");
  const child = spawn(process.execPath, productionNodeArgs(), {
    env: { ...process.env, TELEGRAM_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot, HERALD_STORE: `sqlite:${store}`, DISCORD_TOKEN: "" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  const started = Date.now();
  while (!stderr.includes("herald: telegram is running")) {
    if (Date.now() - started > READY_WITHIN_MS) throw new Error(`not ready: ${stderr.slice(-500)}`);
    await sleep(100);
  }
  await sleep(SETTLE_MS);
  const settled = residentMbOf(child.pid!);
  if (idleSeconds) await sleep(idleSeconds * 1000);
  const idle = residentMbOf(child.pid!);
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  await telegram.close();
  return { settled, idle };
}

const samples: { settled: number; idle: number }[] = [];
for (let i = 0; i < runs; i++) samples.push(await residentMb());
const summary = (mbs: number[]) => `${mbs.map((mb) => mb.toFixed(0)).join(", ")} MB (median ${[...mbs].sort((a, b) => a - b)[Math.floor(mbs.length / 2)]!.toFixed(0)} MB)`;
console.log(`Telegram alone, compiled: RSS ${summary(samples.map((s) => s.settled))}`);
if (idleSeconds) console.log(`after ${idleSeconds} s more: RSS ${summary(samples.map((s) => s.idle))}`);
