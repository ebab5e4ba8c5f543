/**
 * The HTTP side of a poll cycle where nothing changed: 500 conditional requests answered 304 by the
 * local news server (bench/feeds.ts --serve, in a child process, so its CPU is not counted), sent with
 * undici's `fetch` and with undici's `request`, the two ways of speaking HTTP that Herald's feed client
 * could be built on, and with `FeedClient` as it is. CPU (user + system) of this process per round of
 * 500 requests, rounds interleaved so both ways see the same machine.
 *   npx tsx bench/feed-client.ts [rounds=10]
 */
import { fork } from "node:child_process";
import { Agent, fetch, request } from "undici";
import { DEFAULT_LIMITS, FeedClient, USER_AGENT } from "../src/feeds/client.js";
import { feedUrl } from "./feed-server.js";

const FEEDS = 500;
const ROUNDS = Number(process.argv[2] ?? 10);
const CONCURRENCY = 16;

const child = fork(new URL("./feeds.ts", import.meta.url).pathname, ["--serve", "0"], { execArgv: ["--import", "tsx"] });
const port = await new Promise<number>((resolve) => child.once("message", (m: { port: number }) => resolve(m.port)));
const urls = Array.from({ length: FEEDS }, (_, i) => feedUrl(port, i));
const accept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";
const headersFor = (etag: string | undefined): Record<string, string> => ({ "user-agent": USER_AGENT, accept, "accept-encoding": "gzip, deflate, br", ...(etag ? { "if-none-match": etag } : {}) });

const agent = new Agent({ headersTimeout: 15_000, bodyTimeout: 15_000, connections: 2 });
const client = new FeedClient({ ...DEFAULT_LIMITS, allowPrivate: true });

/** Each feed's ETag, from one full read. */
const etags = new Map<string, string>();
for (const url of urls) {
  const response = await request(url, { dispatcher: agent, headers: headersFor(undefined) });
  await response.body.text();
  etags.set(url, String(response.headers.etag));
}

type Way = (url: string) => Promise<number>;
const ways: Record<string, Way> = {
  "undici fetch": async (url) => {
    const response = await fetch(url, { headers: headersFor(etags.get(url)), redirect: "manual", signal: AbortSignal.timeout(15_000), dispatcher: agent });
    await response.body?.cancel();
    return response.status;
  },
  "undici request": async (url) => {
    const response = await request(url, { headers: headersFor(etags.get(url)), signal: AbortSignal.timeout(15_000), dispatcher: agent });
    await response.body.dump();
    return response.statusCode;
  },
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

const figures = new Map<string, number[]>(Object.keys(ways).map((name) => [name, []]));
for (const name of Object.keys(ways)) await round(ways[name]!); // warm-up
for (let r = 0; r < ROUNDS; r++) for (const [name, way] of Object.entries(ways)) figures.get(name)!.push(await round(way));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(figures.get("undici fetch")!);
console.log(`${FEEDS} conditional requests answered 304, ${CONCURRENCY} at a time, ${ROUNDS} rounds; CPU of this process per round\n`);
console.log("| way | median | min | max | vs fetch |\n|---|---|---|---|---|");
for (const [name, xs] of figures) console.log(`| ${name} | ${median(xs).toFixed(3)} s | ${Math.min(...xs).toFixed(3)} s | ${Math.max(...xs).toFixed(3)} s | ${(median(xs) / base).toFixed(2)} |`);
await Promise.all([agent.close(), client.close()]);
child.kill();
