/**
 * The HTTP side of a poll cycle where nothing changed: 500 conditional requests answered 304 by the
 * local news server (bench/feeds.ts --serve, in a child process, so its CPU is not counted), sent with
 * undici's `fetch`, undici's `request` and Node's own `http.request`, the ways of speaking HTTP that
 * Herald's feed client could be built on, and with `FeedClient` as it is. CPU (user + system) of this
 * process per round of 500 requests, rounds interleaved so every way sees the same machine.
 *   npx tsx bench/feed-client.ts [rounds=10]
 * `--memory` (Linux: reads /proc/self/status): each way alone in a process of its own (`--only=WAY`), its RSS after the rounds, against
 * the same process that sent nothing (what the way's code and buffers cost a process).
 */
import { execFileSync, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { DEFAULT_LIMITS, FeedClient, USER_AGENT } from "../src/feeds/client.js";
import { feedUrl } from "./feed-server.js";

const FEEDS = 500;
const ROUNDS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10);
const ONLY = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const CONCURRENCY = 16;

const child = fork(new URL("./feeds.ts", import.meta.url).pathname, ["--serve", "0"], { execArgv: ["--import", "tsx"] });
const port = await new Promise<number>((resolve) => child.once("message", (m: { port: number }) => resolve(m.port)));
const urls = Array.from({ length: FEEDS }, (_, i) => feedUrl(port, i));
const accept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";
const headersFor = (etag: string | undefined): Record<string, string> => ({ "user-agent": USER_AGENT, accept, "accept-encoding": "gzip, deflate, br", ...(etag ? { "if-none-match": etag } : {}) });

/** undici is loaded only where it is measured (a process measuring another way would carry its code). */
const undici = ONLY === undefined || ONLY.startsWith("undici") ? await import("undici") : null;
const agent = undici && new undici.Agent({ headersTimeout: 15_000, bodyTimeout: 15_000, connections: 2 });
const nodeAgent = new http.Agent({ keepAlive: true, maxSockets: 2 });
const client = new FeedClient({ ...DEFAULT_LIMITS, allowPrivate: true });

/** Each feed's ETag, from one full read (with Node's client: the ways measured alone load only their own). */
const etags = new Map<string, string>();
for (const url of urls) {
  etags.set(url, await new Promise<string>((resolve, reject) => {
    http.get(url, { agent: nodeAgent, headers: headersFor(undefined) }, (response) => {
      response.resume().once("end", () => resolve(String(response.headers.etag)));
    }).once("error", reject);
  }));
}

type Way = (url: string) => Promise<number>;
const ways: Record<string, Way> = {
  "undici fetch": async (url) => {
    const response = await undici!.fetch(url, { headers: headersFor(etags.get(url)), redirect: "manual", signal: AbortSignal.timeout(15_000), dispatcher: agent! });
    await response.body?.cancel();
    return response.status;
  },
  "undici request": async (url) => {
    const response = await undici!.request(url, { headers: headersFor(etags.get(url)), signal: AbortSignal.timeout(15_000), dispatcher: agent! });
    await response.body.dump();
    return response.statusCode;
  },
  "node:http request": (url) =>
    new Promise((resolve, reject) => {
      const sent = http.request(url, { headers: headersFor(etags.get(url)), signal: AbortSignal.timeout(15_000), agent: nodeAgent }, (response) => {
        response.resume().once("end", () => resolve(response.statusCode ?? 0));
      });
      sent.once("error", reject).end();
    }),
  FeedClient: async (url) => {
    const outcome = await client.fetch(url, { etag: etags.get(url) ?? null });
    return outcome.kind === "not-modified" ? 304 : 0;
  },
};

async function round(way: Way): Promise<number> {
  const queue = [...urls];
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let url = queue.shift(); url; url = queue.shift()) {
        const status = await way(url);
        if (status !== 304) throw new Error(`${url}: ${status}, not 304`);
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1e6;
}

const rssMb = (): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))![1]) / 1024;

if (ONLY !== undefined) {
  // One way alone (or none: "nothing"), for --memory: the RSS of this process after warm-up and the rounds.
  const way = ways[ONLY];
  if (!way && ONLY !== "nothing") throw new Error(`--only: no way called "${ONLY}" (${Object.keys(ways).join(", ")}, nothing)`);
  for (let r = 0; r <= ROUNDS; r++) if (way) await round(way);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  console.log(JSON.stringify({ way: ONLY, rssMb: rssMb() }));
} else if (process.argv.includes("--memory")) {
  const measure = (name: string): number =>
    (JSON.parse(execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, String(ROUNDS), `--only=${name}`], { encoding: "utf8" }).trim().split("\n").at(-1)!) as { rssMb: number }).rssMb;
  console.log(`${FEEDS} conditional requests answered 304, ${CONCURRENCY} at a time, ${ROUNDS} rounds; each way alone in a process of its own\n`);
  const nothing = measure("nothing");
  console.log(`| way | RSS after the rounds | more than sending nothing |\n|---|---|---|\n| nothing (the same process, no request sent) | ${nothing.toFixed(1)} MB | – |`);
  for (const name of Object.keys(ways)) {
    const rss = measure(name);
    console.log(`| ${name} | ${rss.toFixed(1)} MB | ${(rss - nothing).toFixed(1)} MB |`);
  }
} else {
  const figures = new Map<string, number[]>(Object.keys(ways).map((name) => [name, []]));
  for (const name of Object.keys(ways)) await round(ways[name]!); // warm-up
  for (let r = 0; r < ROUNDS; r++) for (const [name, way] of Object.entries(ways)) figures.get(name)!.push(await round(way));
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const base = median(figures.get("undici fetch")!);
  console.log(`${FEEDS} conditional requests answered 304, ${CONCURRENCY} at a time, ${ROUNDS} rounds; CPU of this process per round\n`);
  console.log("| way | median | min | max | vs fetch |\n|---|---|---|---|---|");
  for (const [name, xs] of figures) console.log(`| ${name} | ${median(xs).toFixed(3)} s | ${Math.min(...xs).toFixed(3)} s | ${Math.max(...xs).toFixed(3)} s | ${(median(xs) / base).toFixed(2)} |`);
}
nodeAgent.destroy();
await Promise.all([agent?.close(), client.close()]);
child.kill();
