/**
 * The stories folder's polling fallback (every 30 s by default) in a library that also holds 25,000 feed
 * reports with distinct links, as `npm start` with 500 feeds of 50 items has: wall and CPU time (this
 * process's, libuv's threads included) of three polls. `root` is a checkout with the modules compiled by
 * tsc (default: here), to compare two versions.
 *   npx tsc -p bench/tsconfig.feeds.json && npx tsx bench/folder-poll.ts [root]
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as StoryFolder from "../src/core/story-folder.js";
import type * as Log from "../src/core/log.js";

const REPORTS = 25_000;
const FEEDS = 500;
const root = path.resolve(process.argv[2] ?? ".");
const compiled = <T>(file: string) => import(pathToFileURL(path.join(root, "dist-bench", file)).href) as Promise<T>;
const { createLibrary } = await compiled<typeof StoryFolder>("src/core/story-folder.js");
const { silentLogger } = await compiled<typeof Log>("src/core/log.js");

const library = await createLibrary({ dir: path.join(root, "seeds"), maxBytes: 1_000_000, log: silentLogger, watch: false });
const seed = library.list()[0]!;
// A feed report's file is its link (src/feeds/library-sink.ts).
for (let i = 0; i < REPORTS; i++) library.put({ ...seed, story: { ...seed.story, id: `f${i}` }, file: `https://news${i % FEEDS}.example/2026/11/26/story-${i}` });
for (let round = 1; round <= 3; round++) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await library.poll();
  const used = process.cpuUsage(cpu);
  console.log(`poll ${round}: ${(performance.now() - started).toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU`);
}
library.close();
