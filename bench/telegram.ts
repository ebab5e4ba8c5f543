// Round-trip latency of /headline through the real grammY bot and a fake Bot API server on 127.0.0.1:
// from the moment the update is queued for getUpdates to the moment sendMessage reaches the server.
// Run: npx tsx bench/telegram.ts [runs=500]
import { performance } from "node:perf_hooks";
import { createTelegramAdapter } from "../src/adapters/telegram/index.js";
import { loadConfig } from "../src/core/config.js";
import { silentLogger } from "../src/core/log.js";
import { loadCommands } from "../src/core/registry.js";
import { createMemoryLibrary } from "../src/core/story-index.js";
import { startFakeTelegramApi, updates } from "../test/fakes/telegram-api.js";
import { article, franco, glacier, harbour } from "../test/helpers/stories.js";

const RUNS = Number(process.argv[2] ?? 500);
const WARMUP = 20;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** `gapMs`: pause between requests (0: back to back, as fast as answers come). */
async function measure(throttle: boolean, gapMs: number): Promise<number[]> {
  const fake = await startFakeTelegramApi();
  const adapter = createTelegramAdapter(
    {
      config: loadConfig({ TELEGRAM_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot }),
      library: createMemoryLibrary([harbour, glacier, franco, article]),
      commands: await loadCommands(),
      log: silentLogger,
      now: () => new Date(),
    },
    { throttle },
  );
  await adapter.start();
  const times: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    // A different person each time, as in real use: the throttler paces each private chat to 1 message/s.
    const chat = { id: 1000 + i, type: "private" as const, first_name: "Reader" };
    const since = fake.mark();
    const start = performance.now();
    fake.pushUpdate(updates.command("/headline", chat, { id: 1000 + i, is_bot: false, first_name: "Reader" }));
    await fake.waitFor("sendMessage", { since });
    if (i >= WARMUP) times.push(performance.now() - start);
    if (gapMs) await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  await adapter.stop();
  await fake.close();
  return times.sort((a, b) => a - b);
}

const modes = [
  { throttle: false, gapMs: 0, name: "throttler off, back to back" },
  { throttle: true, gapMs: 0, name: "throttler on, back to back (over 30 msg/s: paced)" },
  { throttle: true, gapMs: 50, name: "throttler on, 20 requests/s" },
];
for (const { throttle, gapMs, name } of modes) {
  const times = await measure(throttle, gapMs);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(
    `/headline round trip, ${name} (${RUNS} runs): ` +
      `p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms, mean ${mean.toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms`,
  );
}
