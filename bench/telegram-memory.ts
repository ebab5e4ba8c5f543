/**
 * Resident memory of the compiled process running the Telegram bot alone (no Discord token, no feeds),
 * against the fake Bot API of the tests: RSS 3 s after "telegram is running", median of `runs`.
 *   npm run build && npx tsx bench/telegram-memory.ts [runs]
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startFakeTelegramApi } from "../test/fakes/telegram-api.js";

const runs = Number(process.argv[2] ?? 3);
if (!existsSync("dist/src/main.js")) throw new Error("run npm run build first");
const SETTLE_MS = 3_000;
const READY_WITHIN_MS = 60_000;

async function residentMb(): Promise<number> {
  const telegram = await startFakeTelegramApi();
  const store = join(mkdtempSync(join(tmpdir(), "herald-bench-telegram-")), "herald.sqlite");
  const child = spawn(process.execPath, ["dist/src/main.js"], {
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
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))![1]);
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  await telegram.close();
  return kb / 1024;
}

const samples: number[] = [];
for (let i = 0; i < runs; i++) samples.push(await residentMb());
const median = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
console.log(`Telegram alone, compiled: RSS ${samples.map((mb) => mb.toFixed(0)).join(", ")} MB (median ${median.toFixed(0)} MB)`);
