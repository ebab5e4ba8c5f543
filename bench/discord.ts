/**
 * Interaction-to-callback latency of the Discord adapter: a real discord.js client logged in to the
 * fake Discord on 127.0.0.1; the time from the gateway sending INTERACTION_CREATE to the fake
 * receiving the interaction callback (POST /interactions/{id}/{token}/callback).
 * Run: npx tsx bench/discord.ts [iterations]
 */
import { performance } from "node:perf_hooks";
import os from "node:os";
import { createDiscordAdapter } from "../src/adapters/discord/index.js";
import { loadConfig } from "../src/core/config.js";
import { silentLogger } from "../src/core/log.js";
import { loadCommands } from "../src/core/registry.js";
import { createMemoryLibrary } from "../src/core/story-index.js";
import { FakeDiscord, type SentInteraction } from "../test/fakes/discord-api.js";
import { franco, glacier, harbour } from "../test/helpers/stories.js";

const ITERATIONS = Number(process.argv[2] ?? 2000);
const WARMUP = 200;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function measure(fake: FakeDiscord, name: string, send: (i: number) => SentInteraction): Promise<void> {
  for (let i = 0; i < WARMUP; i += 1) await fake.callbackFor(send(i));
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i += 1) {
    const started = performance.now();
    await fake.callbackFor(send(i));
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const ms = (n: number) => n.toFixed(2).padStart(7);
  console.log(`${name.padEnd(34)} n=${ITERATIONS}  p50 ${ms(percentile(samples, 50))} ms  p99 ${ms(percentile(samples, 99))} ms  mean ${ms(mean)} ms  max ${ms(samples.at(-1)!)} ms`);
}

const fake = await FakeDiscord.start();
const adapter = createDiscordAdapter({
  config: loadConfig({ DISCORD_TOKEN: "bench.token.value", DISCORD_API_URL: fake.apiUrl, HERALD_STORE: "memory" }),
  library: createMemoryLibrary([harbour, glacier, franco]),
  commands: await loadCommands(),
  log: silentLogger,
  now: () => new Date(),
});
await adapter.start();

console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown"})`);
const STRING = 3;
const INTEGER = 4;
await measure(fake, "slash /timeline story event", (i) =>
  fake.slashCommand("timeline", [{ name: "story", type: STRING, value: "harbour" }, { name: "event", type: INTEGER, value: (i % 3) + 1 }]),
);
await measure(fake, "slash /headline (title words)", () => fake.slashCommand("headline", [{ name: "story", type: STRING, value: "glacier alps" }]));
const timeline = await fake.callbackFor(fake.slashCommand("timeline", [{ name: "story", type: STRING, value: "harbour" }]));
const next = timeline.body.data.components[0].components[2].custom_id as string;
await measure(fake, "button Next (update in place)", () => fake.pressButton(next));
await measure(fake, "autocomplete story", () => fake.autocomplete("timeline", [{ name: "story", type: STRING, value: "har", focused: true }]));
await measure(fake, "error reply (unknown story)", () => fake.slashCommand("timeline", [{ name: "story", type: STRING, value: "zeppelin" }]));

await adapter.stop();
await fake.close();
