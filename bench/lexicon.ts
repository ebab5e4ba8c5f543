/**
 * What the English lexicon costs a process: src/core/parse/lexicon.js compiled by tsc loaded into a bare
 * node (no tsx, whose hooks would also see the package's files) and its first lookup timed; then RSS,
 * heap used and memory outside the heap (typed arrays) after a full GC and a turn of the event loop
 * (which frees dropped buffers), against the same process before the import; then the time of a
 * million lookups of the seeds' words and a few that English does not list. Median of `runs` processes.
 *   npx tsc -p bench/tsconfig.feeds.json && npx tsx bench/lexicon.ts [runs] [folder with dist-bench/ and seeds/, default .]
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const runs = Number(process.argv[2] ?? 5);
const root = resolve(process.argv[3] ?? ".");
const compiled = join(root, "dist-bench/src/core/parse/lexicon.js");
if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run npx tsc -p bench/tsconfig.feeds.json first`);

const LOOKUPS = 1_000_000;
/** Runs in the child; prints one JSON line. */
const child = `
import { readFileSync, readdirSync } from "node:fs";
gc();
const before = process.memoryUsage();
const started = performance.now();
const { englishTags } = await import(${JSON.stringify(pathToFileURL(compiled).href)});
englishTags("said");
const loadMs = performance.now() - started;
// Buffers dropped by the load are freed only after a GC and a turn of the event loop.
gc();
await new Promise((resolve) => setTimeout(resolve, 100));
gc();
const after = process.memoryUsage();
const seeds = readdirSync(${JSON.stringify(join(root, "seeds"))}).map((f) => readFileSync(${JSON.stringify(join(root, "seeds"))} + "/" + f, "utf8")).join(" ");
const words = [...seeds.toLowerCase().split(/[^\\p{L}\\p{N}'’-]+/u).filter(Boolean), "schoof", "codelco", "zzzz", "barbante"];
let found = 0;
const lookupStart = performance.now();
for (let i = 0; i < ${LOOKUPS}; i++) if (englishTags(words[i % words.length])) found++;
const lookupMs = performance.now() - lookupStart;
console.log(JSON.stringify({ loadMs, rssMb: (after.rss - before.rss) / 1e6, heapMb: (after.heapUsed - before.heapUsed) / 1e6, externalMb: (after.external - before.external) / 1e6, lookupMs, found, distinct: new Set(words).size }));
`;

type Sample = { loadMs: number; rssMb: number; heapMb: number; externalMb: number; lookupMs: number; found: number; distinct: number };
const samples: Sample[] = [];
for (let i = 0; i < runs; i++) {
  const out = execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", child], { encoding: "utf8" });
  samples.push(JSON.parse(out) as Sample);
}
const median = (pick: (s: Sample) => number) => [...samples].map(pick).sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
const range = (pick: (s: Sample) => number, digits: number) =>
  `${Math.min(...samples.map(pick)).toFixed(digits)}–${Math.max(...samples.map(pick)).toFixed(digits)} (median ${median(pick).toFixed(digits)})`;
console.log(`lexicon at ${root}, ${runs} processes`);
console.log(`  load and first lookup: ${range((s) => s.loadMs, 0)} ms`);
console.log(`  RSS after a full GC:   +${range((s) => s.rssMb, 1)} MB`);
console.log(`  heap used after GC:    +${range((s) => s.heapMb, 1)} MB`);
console.log(`  outside the heap (typed arrays): +${range((s) => s.externalMb, 1)} MB`);
console.log(`  ${LOOKUPS.toLocaleString("en")} lookups (${samples[0]!.distinct} distinct words, ${samples[0]!.found} found): ${range((s) => s.lookupMs, 0)} ms`);
