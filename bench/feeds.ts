/**
 * Polling 500 feeds of 50 items from a local server: CPU time and memory per poll cycle.
 * Run: `node --expose-gc --import tsx bench/feeds.ts [--no-grouping | --no-library] [--full-text] [--redated] [--allocations]` (the news
 * server runs in a child process, so its CPU is not counted). `--allocations`: V8's sampling heap profiler over the cycles
 * where feeds changed, counting what was collected too: where those cycles allocate, by function and caller. Compiled with plain node (tsc, one file per module, not the
 * production bundle): `npx tsc -p bench/tsconfig.feeds.json && node --expose-gc dist-bench/bench/feeds.js`.
 * `HERALD_BENCH_STORE=FILE` keeps the SQLite store in FILE: a second run over the same FILE starts from the
 * first run's reports, as Herald does after a restart (the server then listens on a fixed port,
 * STORED_RUN_PORT, so the feeds keep their URLs).
 * Goals (issue 11): a cycle over 500 feeds under 1 s of CPU when nothing changed; under 150 MB RSS.
 */
import { fork } from "node:child_process";
import { Session } from "node:inspector/promises";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/core/config.js";
import { CoverageLibrary } from "../src/core/coverage/index.js";
import { silentLogger } from "../src/core/log.js";
import { StoryIndex } from "../src/core/story-index.js";
import { TextSpills } from "../src/core/text-spill.js";
import { DEFAULT_LIMITS, FeedClient } from "../src/feeds/client.js";
import { libraryReportSink } from "../src/feeds/library-sink.js";
import { FeedPoller } from "../src/feeds/poller.js";
import { createStore } from "../src/subscriptions/store.js";
import { feedUrl, HOSTS, ITEMS, startFeedServer } from "./feed-server.js";

const FEEDS = 500;
const CHANGED_SHARE = 0.05;
const STORED_RUN_PORT = 47311;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ALLOCATIONS = process.argv.includes("--allocations");

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/**
 * V8's sampling heap profiler, counting the objects collected since (by minor and major GCs) too: `stop`
 * gives the functions that allocated most, by their own allocations, each with its caller.
 */
async function startAllocationSampling(): Promise<{ stop(): Promise<string> }> {
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  return {
    async stop() {
      const { profile } = (await session.post("HeapProfiler.stopSampling")) as unknown as { profile: { head: SamplingNode } };
      session.disconnect();
      const sites = new Map<string, number>();
      let total = 0;
      const where = (frame: SamplingNode["callFrame"]) => `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\/(src|node_modules)\//, "$1/")}:${frame.lineNumber + 1}`;
      const walk = (node: SamplingNode, caller: string) => {
        total += node.selfSize;
        const site = `${where(node.callFrame)} ← ${caller}`;
        if (node.selfSize) sites.set(site, (sites.get(site) ?? 0) + node.selfSize);
        for (const child of node.children) walk(child, where(node.callFrame));
      };
      walk(profile.head, "");
      const mb1 = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
      const top = [...sites].sort((a, b) => b[1] - a[1]).slice(0, 25);
      return [`allocated in the changed cycles (sampled, collected objects included): ${mb1(total)}`, ...top.map(([site, bytes]) => `${mb1(bytes).padStart(8)}  ${site}`)].join("\n");
    },
  };
}

/**
 * Where the resident memory is (Linux): the node binary's own pages, the V8 heap (its committed
 * size), and the rest (the C allocator's heap and arenas, thread stacks, other libraries).
 */
function residentParts(): string {
  if (!existsSync("/proc/self/smaps")) return "";
  let binary = 0;
  let all = 0;
  let mapping = "";
  for (const line of readFileSync("/proc/self/smaps", "utf8").split("\n")) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) mapping = head[1]!;
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) {
      all += Number(rss[1]) * 1024;
      if (mapping === process.execPath) binary += Number(rss[1]) * 1024;
    }
  }
  const { heapTotal } = process.memoryUsage();
  return `RSS ${mb(all)}: node binary ${mb(binary)}, V8 heap ${mb(heapTotal)}, the rest (C allocator, stacks, libraries) ${mb(all - binary - heapTotal)}`;
}

/** `--full-text`: each item also carries its article (bench/feed-server.ts says what it is like). */
const FULL_TEXT = process.argv.includes("--full-text");
/** `--redated`: a feed that gains an item re-dates every other item too (bench/feed-server.ts), so all its items are updated. */
const REDATED = process.argv.includes("--redated");
/** How long the process idles after the cycles before its resident memory is read again. */
const IDLE_MS = 30_000;

if (process.argv[2] === "--serve") {
  const server = await startFeedServer({ port: Number(process.argv[3]) || 0, fullText: FULL_TEXT, redated: REDATED });
  process.on("message", (message: { change: number[] }) => {
    server.change(message.change);
    process.send!({ changed: message.change.length });
  });
  process.send!({ port: server.port });
} else {
  const port = process.env.HERALD_BENCH_STORE ? STORED_RUN_PORT : 0;
  const child = fork(new URL(import.meta.url).pathname, ["--serve", String(port), ...(FULL_TEXT ? ["--full-text"] : []), ...(REDATED ? ["--redated"] : [])], { execArgv: import.meta.url.endsWith(".ts") ? ["--import", "tsx"] : [] });
  const listening = await new Promise<number>((resolve) => child.once("message", (m: { port: number }) => resolve(m.port)));
  const sources = Array.from({ length: FEEDS }, (_, i) => ({ url: feedUrl(listening, i), everyMinutes: 1 }));
  let now = new Date();
  // The default store (SQLite in a temporary folder): what an operator runs, and the reports stay on disk.
  const storeFile = process.env.HERALD_BENCH_STORE || join(mkdtempSync(join(tmpdir(), "herald-bench-feeds-")), "herald.sqlite");
  const restarted = existsSync(storeFile);
  // After a restart the clock is an hour on, past the stored next poll of every feed.
  if (restarted) now = new Date(now.getTime() + 3_600_000);
  const store = await createStore(`sqlite:${storeFile}`);
  const source = new StoryIndex();
  const client = new FeedClient({ ...DEFAULT_LIMITS, allowPrivate: true });
  const settings = { ...loadConfig({}).feeds, fetchPages: false };
  // As `npm start`: reports go to a source that the coverage library groups into stories (src/app.ts).
  // `--no-grouping`: only the source, to tell the grouping's memory from the rest; `--no-library`:
  // reports are dropped, to tell the poller's own memory from the library's.
  const withLibrary = !process.argv.includes("--no-library");
  const grouping = withLibrary && !process.argv.includes("--no-grouping");
  const library = grouping ? new CoverageLibrary([source], loadConfig({}).coverage, new TextSpills()) : source;
  const sink = withLibrary ? libraryReportSink(source) : { load: () => {}, apply: () => {} };
  const poller = new FeedPoller({ sources, settings, store, client, sink, log: silentLogger, now: () => now });
  await poller.start();

  const cycle = async (label: string) => {
    global.gc?.();
    const cpu = process.cpuUsage();
    const started = performance.now();
    await poller.tick();
    const used = process.cpuUsage(cpu);
    const wall = performance.now() - started;
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    const unhealthy = poller.status().filter((s) => s.health !== "healthy").length;
    console.log(`| ${label} | ${((used.user + used.system) / 1e6).toFixed(2)} s | ${(wall / 1000).toFixed(2)} s | ${mb(rss)} | ${mb(heapUsed)} / ${mb(heapTotal)} | ${mb(external)} | ${library.list().length} | ${unhealthy} |`);
    now = new Date(now.getTime() + 60_000);
  };
  const change = (feeds: number[]) =>
    new Promise<void>((resolve) => {
      child.once("message", () => resolve());
      child.send({ change: feeds });
    });

  const into = grouping ? "reports grouped into stories (as npm start)" : withLibrary ? "reports into the source only (--no-grouping)" : "reports dropped (--no-library)";
  console.log(`${FEEDS} feeds × ${ITEMS} items${FULL_TEXT ? " with full text" : ""}${REDATED ? ", a changed feed re-dating its items (--redated)" : ""} on ${HOSTS} loopback hosts, SQLite store, ${into}, ${process.execArgv.includes("tsx") ? "tsx" : "compiled"}\n`);
  console.log("| cycle | CPU (user+system) | wall | RSS after | JS heap used / total after | external | stories in library | feeds not healthy |\n|---|---|---|---|---|---|---|---|");
  global.gc?.();
  const start = process.memoryUsage();
  const started = restarted ? `0: started from the store's ${source.list().length} reports` : "0: started, nothing read";
  console.log(`| ${started} | – | – | ${mb(start.rss)} | ${mb(start.heapUsed)} / ${mb(start.heapTotal)} | ${mb(start.external)} | ${library.list().length} | – |`);
  await cycle(restarted ? "1: first read after the restart" : "1: first read of every feed (200, parse all)");
  for (let i = 2; i <= 4; i++) await cycle(`${i}: nothing changed (all 304)`);
  const profiler = ALLOCATIONS ? await startAllocationSampling() : null;
  for (let i = 5; i <= 6; i++) {
    const changed = Array.from({ length: FEEDS * CHANGED_SHARE }, (_, k) => (k * 37 + i) % FEEDS);
    await change(changed);
    await cycle(`${i}: ${changed.length} feeds gained an item, the rest 304`);
  }
  if (profiler) console.log(`\n${await profiler.stop()}`);
  // Between polls a real process is idle, and V8's memory reducer then compacts the heap (about 8 s
  // after the last GC): the resident memory it runs at, as against right after a cycle.
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const idle = process.memoryUsage();
  console.log(`| after ${IDLE_MS / 1000} s idle (as between polls) | – | – | ${mb(idle.rss)} | ${mb(idle.heapUsed)} / ${mb(idle.heapTotal)} | ${mb(idle.external)} | ${library.list().length} | – |`);
  global.gc?.();
  const end = process.memoryUsage();
  console.log(`| after a full GC | – | – | ${mb(end.rss)} | ${mb(end.heapUsed)} / ${mb(end.heapTotal)} | ${mb(end.external)} | ${library.list().length} | – |`);
  console.log(`\n${residentParts()}`);
  // `HERALD_BENCH_SNAPSHOT=1`: a heap snapshot of the end state, to see what holds the memory.
  if (process.env.HERALD_BENCH_SNAPSHOT) console.log(`heap snapshot: ${(await import("node:v8")).writeHeapSnapshot()}`);
  await client.close();
  await store.close();
  child.kill();
}
