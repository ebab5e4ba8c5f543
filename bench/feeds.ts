/**
 * Polling 500 feeds of 50 items from a local server: CPU time and memory per poll cycle.
 * Run: `node --expose-gc --import tsx bench/feeds.ts [--no-grouping | --no-library] [--full-text]` (the news server runs in a
 * child process, so its CPU is not counted). Compiled, as production runs it:
 * `npx tsc -p bench/tsconfig.feeds.json && node --expose-gc dist/bench/feeds.js`.
 * `HERALD_BENCH_STORE=FILE` keeps the SQLite store in FILE: a second run over the same FILE starts from the
 * first run's reports, as Herald does after a restart (the server then listens on a fixed port,
 * STORED_RUN_PORT, so the feeds keep their URLs).
 * Goals (issue 11): a cycle over 500 feeds under 1 s of CPU when nothing changed; under 150 MB RSS.
 */
import { fork } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadConfig } from "../src/core/config.js";
import { CoverageLibrary } from "../src/core/coverage/index.js";
import { silentLogger } from "../src/core/log.js";
import { StoryIndex } from "../src/core/story-index.js";
import { DEFAULT_LIMITS, FeedClient } from "../src/feeds/client.js";
import { libraryReportSink } from "../src/feeds/library-sink.js";
import { FeedPoller } from "../src/feeds/poller.js";
import { createStore } from "../src/subscriptions/store.js";

const FEEDS = 500;
const ITEMS = 50;
/** Loopback addresses the feeds are spread over (each one a host, served one request at a time). */
const HOSTS = 25;
const CHANGED_SHARE = 0.05;
const STORED_RUN_PORT = 47311;
/** Items are dated back from the start of today (UTC), so a second run's server serves the same feeds. */
const TODAY_MS = Math.floor(Date.now() / 86_400_000) * 86_400_000;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

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

/**
 * `--full-text`: each item also carries its article, as many feeds do (`content:encoded`): six paragraphs,
 * about 3,000 characters of words drawn from a vocabulary (so the text compresses about as prose does,
 * not as one repeated phrase would), with typographic apostrophes (two bytes a character in V8).
 */
const FULL_TEXT = process.argv.includes("--full-text");
/** How long the process idles after the cycles before its resident memory is read again. */
const IDLE_MS = 30_000;
const ARTICLE_PARAGRAPHS = 6;
const PARAGRAPH_WORDS = 80;
const VOCABULARY = (
  "the a of to in and on for with at by from as that said would after before talks minister’s aides summit’s " +
  "government officials president opposition parliament vote budget tariffs trade agreement negotiators " +
  "ceasefire border troops election campaign court ruling judge police protest strike union workers wages " +
  "prices inflation central bank rates markets shares investors energy gas oil pipeline grid climate " +
  "emissions floods storm drought harvest farmers exports imports ports shipping airline airport railway " +
  "hospital doctors patients vaccine school teachers students university research scientists report study " +
  "company chief executive profits losses jobs factory plant deal merger regulators inquiry spokesman " +
  "statement interview sources diplomats embassy visit meeting week month year Monday Tuesday Wednesday " +
  "Thursday Friday capital city region province north south east west coast island river valley"
).split(" ");

/** Words of item `seed`'s paragraph: the same on every run (a small linear congruential generator). */
function paragraph(seed: number): string {
  let state = seed >>> 0 || 1;
  const words: string[] = [];
  for (let i = 0; i < PARAGRAPH_WORDS; i++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    words.push(VOCABULARY[(state >>> 8) % VOCABULARY.length]!);
  }
  return words.join(" ");
}

function feedBody(feed: number, version: number): string {
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const n = version + ITEMS - i; // the newest item first; a new version adds one item on top
    const at = new Date(TODAY_MS - i * 3_600_000).toUTCString();
    const article = Array.from(
      { length: ARTICLE_PARAGRAPHS },
      (_, k) => `<p>Paragraph ${k + 1} of story ${n} of feed ${feed}: ${paragraph((feed * 1_000 + n) * ARTICLE_PARAGRAPHS + k)}.</p>`,
    ).join("");
    const content = FULL_TEXT ? `<content:encoded><![CDATA[${article}]]></content:encoded>` : "";
    return `<item><title>Feed ${feed} story ${n}: talks &amp; tariffs</title><link>https://news${feed}.example/${n}</link><guid>https://news${feed}.example/${n}</guid><pubDate>${at}</pubDate><description><![CDATA[<p>Story ${n} of feed ${feed}: ${"more words about the news ".repeat(12)}</p><img src="https://t.example/p.gif">]]></description>${content}</item>`;
  });
  return `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Outlet ${feed}</title><link>https://news${feed}.example/</link>${items.join("")}</channel></rss>`;
}

if (process.argv[2] === "--serve") {
  const versions = new Map<number, number>();
  const bodies = new Map<string, { body: string; etag: string }>();
  const current = (feed: number) => {
    const version = versions.get(feed) ?? 0;
    const key = `${feed}:${version}`;
    let entry = bodies.get(key);
    if (!entry) {
      const body = feedBody(feed, version);
      entry = { body, etag: `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"` };
      bodies.set(key, entry);
    }
    return entry;
  };
  const server = createServer((req, res) => {
    const feed = Number(/^\/f\/(\d+)\.xml$/.exec(req.url ?? "")?.[1]);
    if (!Number.isInteger(feed)) return void res.writeHead(404).end();
    const { body, etag } = current(feed);
    if (req.headers["if-none-match"] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { "content-type": "application/rss+xml", etag }).end(body);
  });
  process.on("message", (message: { change: number[] }) => {
    for (const feed of message.change) versions.set(feed, (versions.get(feed) ?? 0) + 1);
    process.send!({ changed: message.change.length });
  });
  server.listen(Number(process.argv[3]) || 0, "0.0.0.0", () => process.send!({ port: (server.address() as AddressInfo).port }));
} else {
  const port = process.env.HERALD_BENCH_STORE ? STORED_RUN_PORT : 0;
  const child = fork(new URL(import.meta.url).pathname, ["--serve", String(port), ...(FULL_TEXT ? ["--full-text"] : [])], { execArgv: import.meta.url.endsWith(".ts") ? ["--import", "tsx"] : [] });
  const listening = await new Promise<number>((resolve) => child.once("message", (m: { port: number }) => resolve(m.port)));
  const sources = Array.from({ length: FEEDS }, (_, i) => ({ url: `http://127.0.0.${1 + (i % HOSTS)}:${listening}/f/${i}.xml`, everyMinutes: 1 }));
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
  const library = grouping ? new CoverageLibrary([source], loadConfig({}).coverage) : source;
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
  console.log(`${FEEDS} feeds × ${ITEMS} items${FULL_TEXT ? " with full text" : ""} on ${HOSTS} loopback hosts, SQLite store, ${into}, ${process.execArgv.includes("tsx") ? "tsx" : "compiled"}\n`);
  console.log("| cycle | CPU (user+system) | wall | RSS after | JS heap used / total after | external | stories in library | feeds not healthy |\n|---|---|---|---|---|---|---|---|");
  global.gc?.();
  const start = process.memoryUsage();
  const started = restarted ? `0: started from the store's ${source.list().length} reports` : "0: started, nothing read";
  console.log(`| ${started} | – | – | ${mb(start.rss)} | ${mb(start.heapUsed)} / ${mb(start.heapTotal)} | ${mb(start.external)} | ${library.list().length} | – |`);
  await cycle(restarted ? "1: first read after the restart" : "1: first read of every feed (200, parse all)");
  for (let i = 2; i <= 4; i++) await cycle(`${i}: nothing changed (all 304)`);
  for (let i = 5; i <= 6; i++) {
    const changed = Array.from({ length: FEEDS * CHANGED_SHARE }, (_, k) => (k * 37 + i) % FEEDS);
    await change(changed);
    await cycle(`${i}: ${changed.length} feeds gained an item, the rest 304`);
  }
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
