// In-process latency of /headline and /timeline with 10,000 stories loaded.
// Run: npx tsx bench/commands.ts [stories=10000] [runs=5000]
import { performance } from "node:perf_hooks";
import { loadConfig } from "../src/core/config.js";
import { runCommand, type Invocation } from "../src/core/dispatch.js";
import { silentLogger } from "../src/core/log.js";
import { loadCommands } from "../src/core/registry.js";
import type { Services } from "../src/core/services.js";
import { NO_FEED_ORIGIN, type Story } from "../src/core/story.js";
import { createMemoryLibrary } from "../src/core/story-index.js";

const STORIES = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 5_000);
const WORDS = ["harbour", "council", "strike", "budget", "election", "glacier", "summit", "court", "river", "talks", "envoy", "storm", "vote", "bridge", "market", "treaty"];

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

function story(i: number): Story {
  const title = `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${i}`.replace(/^./, (c) => c.toUpperCase());
  const timeline = Array.from({ length: 10 }, (_, e) => {
    const iso = `20${10 + (i % 15)}-${String((e % 12) + 1).padStart(2, "0")}-${String((i % 27) + 1).padStart(2, "0")}`;
    return { date: { text: iso, iso, precision: "day" as const, qualifier: null }, text: `Event ${e} of story ${i}: ${pick(WORDS)} ${pick(WORDS)}.`, citations: [1 + (e % 4)] };
  });
  return {
    id: `bench-${i}`, kind: "story", title, dek: null, articleCount: 5, relatedCount: 5,
    sections: [{ heading: "What Happened", text: `The ${pick(WORDS)} met. The ${pick(WORDS)} voted. Then it ended.`, citations: [1] }],
    timeline, images: [], outlets: ["Outlet"], warnings: [], ...NO_FEED_ORIGIN,
  };
}

const stories = Array.from({ length: STORIES }, (_, i) => story(i));
const titleOf = (i: number) => stories[(i * 7919) % STORIES]!.title;
const services: Services = {
  config: loadConfig({}),
  library: createMemoryLibrary(stories),
  commands: await loadCommands(),
  log: silentLogger,
  now: () => new Date(),
};
const ctx = { services, chat: { platform: "terminal" as const, id: "bench", kind: "private" as const }, user: { id: "b" }, canManage: async () => true, fromButton: false };

async function measure(name: string, next: (i: number) => Invocation): Promise<void> {
  for (let i = 0; i < 200; i++) await runCommand(next(i), ctx);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const invocation = next(i);
    const start = performance.now();
    await runCommand(invocation, ctx);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
  console.log(`| ${name} | ${at(0.5)} | ${at(0.99)} |`);
}

console.log(`${STORIES} stories, ${RUNS} runs each, Node ${process.version}\n`);
console.log("| command | p50 ms | p99 ms |\n|---|---|---|");
await measure("/headline (newest)", () => ({ command: "headline", options: {} }));
await measure("/headline story:<id>", (i) => ({ command: "headline", options: { story: `bench-${(i * 7919) % STORIES}` } }));
await measure("/headline story:<title words>", (i) => ({ command: "headline", options: { story: titleOf(i) } }));
await measure("/timeline story:<id> event:N", (i) => ({ command: "timeline", options: { story: `bench-${(i * 7919) % STORIES}`, event: String((i % 10) + 1) } }));
await measure("/timeline story:<title words>", (i) => ({ command: "timeline", options: { story: titleOf(i) } }));
