/**
 * A fake Telegram Bot API and a fake Discord REST API that enforce the platforms' rate limits, for
 * bench/fanout.ts. Each request is answered after `latencyMs` (the round trip); a request over a limit
 * is answered 429 with the wait, as the platforms do. GET /__stats reports what the platform saw.
 *
 * Run alone: npx tsx bench/fanout-fake.ts --platform telegram|discord [--limit N] [--latency MS]
 * (prints the URL to pass as --api; stops on SIGTERM or end of input).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";

export type FakePlatform = "telegram" | "discord";

export interface FakeLimits {
  platform: FakePlatform;
  /** Requests per second the whole bot may make (Telegram 30, or 1,000 with paid broadcasts; Discord 50). */
  limit: number;
  /** Added to every answer: the round trip a real API has. */
  latencyMs: number;
}

/** What the platform saw: every request's arrival, and the message each chat accepted. */
export interface FakeStats {
  requests: number;
  accepted: number;
  http429: number;
  /** Most requests (accepted or not) that arrived within any one second. */
  peak1s: number;
  /** Accepted messages per second between the first and the last accepted one. */
  acceptedPerSecond: number;
  /** Chats that got more than one message, counting each extra one. */
  duplicated: number;
  /** Adjacent accepted messages whose chat number went down (chats were queued 1…N). */
  inversions: number;
  /** Chats that got at least one message. */
  chats: number;
  /** The fake's own event-loop delay (ms): arrivals are timed this late at worst. */
  loopDelayP99: number;
  loopDelayMax: number;
}

const WINDOW_MS = 1_000;
/** Telegram: one message a second to one private chat. */
const PRIVATE_CHAT_SPACING_MS = 1_000;

/** Counts events in a sliding one-second window. */
class Window {
  private readonly times: number[] = [];
  private head = 0;
  count(now: number): number {
    while (this.head < this.times.length && this.times[this.head]! <= now - WINDOW_MS) this.head++;
    if (this.head > 4096) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }
  /** When the oldest event in the window leaves it. */
  freesAt(): number {
    return (this.times[this.head] ?? 0) + WINDOW_MS;
  }
  add(now: number): void {
    this.times.push(now);
  }
}

export async function startFanoutFake(limits: FakeLimits): Promise<{ url: string; stats(): FakeStats; reset(): void; close(): Promise<void> }> {
  let arrivals: number[] = [];
  let order: number[] = [];
  let perChat = new Map<number, number>();
  let lastPrivate = new Map<number, number>();
  let accepted = new Window();
  let http429 = 0;
  let firstAt = 0;
  let lastAt = 0;
  let nextId = 1;
  let loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();

  const reset = () => {
    arrivals = [];
    order = [];
    perChat = new Map();
    lastPrivate = new Map();
    accepted = new Window();
    http429 = 0;
    firstAt = lastAt = 0;
    loop.disable();
    loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
  };

  const stats = (): FakeStats => {
    let peak = 0;
    for (let i = 0, j = 0; i < arrivals.length; i++) {
      while (arrivals[i]! - arrivals[j]! >= WINDOW_MS) j++;
      peak = Math.max(peak, i - j + 1);
    }
    let inversions = 0;
    for (let i = 1; i < order.length; i++) if (order[i]! < order[i - 1]!) inversions++;
    let duplicated = 0;
    for (const n of perChat.values()) duplicated += n - 1;
    const span = (lastAt - firstAt) / 1000;
    return {
      requests: arrivals.length,
      accepted: order.length,
      http429,
      peak1s: peak,
      acceptedPerSecond: order.length > 1 && span > 0 ? (order.length - 1) / span : 0,
      duplicated,
      inversions,
      chats: perChat.size,
      loopDelayP99: loop.percentile(99) / 1e6,
      loopDelayMax: loop.max / 1e6,
    };
  };

  /** Decides a message's fate on arrival: 0 when accepted, else the ms to wait. */
  const admit = (chat: number, now: number): number => {
    arrivals.push(now);
    if (accepted.count(now) >= limits.limit) return accepted.freesAt() - now;
    if (limits.platform === "telegram" && chat > 0) {
      const last = lastPrivate.get(chat);
      if (last !== undefined && now - last < PRIVATE_CHAT_SPACING_MS) return last + PRIVATE_CHAT_SPACING_MS - now;
      lastPrivate.set(chat, now);
    }
    accepted.add(now);
    order.push(chat);
    perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
    if (!firstAt) firstAt = now;
    lastAt = now;
    return 0;
  };

  const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    setTimeout(() => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    }, limits.latencyMs);

  const telegram = (path: string, payload: Record<string, unknown>, res: ServerResponse) => {
    const method = /^\/bot[^/]+\/(\w+)$/.exec(path)?.[1];
    if (method !== "sendMessage") return answer(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    const chat = Number(payload.chat_id);
    const wait = admit(chat, performance.now());
    if (wait > 0) {
      http429++;
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      return answer(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } });
    }
    const chatObject = chat > 0 ? { id: chat, type: "private", first_name: "U" } : { id: chat, type: "supergroup", title: "G" };
    answer(res, 200, { ok: true, result: { message_id: nextId++, date: Math.floor(Date.now() / 1000), chat: chatObject, text: String(payload.text ?? "") } });
  };

  const discord = (method: string, path: string, res: ServerResponse) => {
    const channel = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(path)?.[1];
    if (method !== "POST" || !channel) return answer(res, 404, { message: "404: Not Found", code: 0 });
    const wait = admit(Number(channel), performance.now());
    if (wait > 0) {
      http429++;
      // As Discord: the body's retry_after in seconds with decimals, the header rounded up.
      return answer(res, 429, { message: "You are being rate limited.", retry_after: wait / 1000, global: true }, {
        "retry-after": String(Math.ceil(wait / 1000)),
        "x-ratelimit-global": "true",
        "x-ratelimit-scope": "global",
      });
    }
    answer(res, 200, { id: String(nextId++), channel_id: channel, content: "", embeds: [], type: 0 }, {
      "x-ratelimit-limit": "5",
      "x-ratelimit-remaining": "4",
      "x-ratelimit-reset-after": "5",
      "x-ratelimit-bucket": "fanout-channel-messages",
    });
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const path = (req.url ?? "").split("?")[0]!;
    if (path === "/__stats") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(stats()));
    if (path === "/__reset") return reset(), void res.writeHead(204).end();
    let payload: Record<string, unknown> = {};
    try {
      payload = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return answer(res, 400, { ok: false, error_code: 400, description: "Bad Request: invalid JSON" });
    }
    if (limits.platform === "telegram") telegram(path, payload, res);
    else discord(req.method ?? "GET", path, res);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = limits.platform === "telegram" ? `http://127.0.0.1:${port}` : `http://127.0.0.1:${port}/api`;
  return {
    url,
    stats,
    reset,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads `--name value` from argv. */
export function argument(name: string, fallback?: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const platform = argument("platform", "telegram");
  if (platform !== "telegram" && platform !== "discord") {
    process.stderr.write(`--platform must be telegram or discord, not "${platform}"\n`);
    process.exit(2);
  }
  const limit = Number(argument("limit", platform === "telegram" ? "30" : "50"));
  const latencyMs = Number(argument("latency", "50"));
  if (!(limit > 0) || !(latencyMs >= 0)) {
    process.stderr.write("--limit must be a positive number and --latency a number of ms\n");
    process.exit(2);
  }
  const fake = await startFanoutFake({ platform, limit, latencyMs });
  process.stdout.write(`${fake.url}\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  process.stdin.resume();
  process.stdin.once("end", stop);
}
