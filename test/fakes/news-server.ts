import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll } from "vitest";
import { DEFAULT_LIMITS, FeedClient } from "../../src/feeds/client.js";

const FIXTURES = new URL("../fixtures/feeds/", import.meta.url);

const TYPES: Record<string, string> = { xml: "application/rss+xml", rdf: "application/rdf+xml", json: "application/feed+json", html: "text/html; charset=utf-8" };
const typeOf = (name: string): string => (name === "atom.xml" ? "application/atom+xml" : TYPES[name.split(".").pop()!] ?? "application/octet-stream");

/** One request as the server saw it. */
export interface SeenRequest {
  path: string;
  headers: IncomingMessage["headers"];
  /** Requests to this server still open when this one arrived (including it). */
  concurrent: number;
}

/**
 * A fake news site on 127.0.0.1 (real HTTP): the feed fixtures under /feeds/NAME and article pages under /pages/NAME with ETag,
 * Last-Modified and 304s, gzip when asked, feeds a test rewrites between polls (`setFeed`), and the
 * misbehaviours a feed client meets: redirects (chains, loops, to another address), 4xx/5xx with
 * Retry-After, a 12 MB body (with and without Content-Length), a body that stalls mid-way, slow answers,
 * a feed in each content coding (`/encoded/CODING`) and 12 MB that gzip makes 12 KB (`/bomb`).
 */
export class FakeNewsServer {
  readonly requests: SeenRequest[] = [];
  private readonly feeds = new Map<string, { body: Buffer; type: string; modified: string }>();
  private readonly server: Server;
  private open = 0;
  private readonly stalled = new Set<ServerResponse>();
  /** Milliseconds every answer waits before its headers (to observe per-host serialisation). */
  delayMs = 0;
  url = "";

  constructor(private readonly host = "127.0.0.1") {
    for (const entry of readdirSync(FIXTURES, { withFileTypes: true })) {
      if (entry.isFile()) this.setFeed(`/feeds/${entry.name}`, readFileSync(new URL(entry.name, FIXTURES)), typeOf(entry.name));
    }
    for (const name of readdirSync(new URL("pages/", FIXTURES))) this.setFeed(`/pages/${name}`, readFileSync(new URL(`pages/${name}`, FIXTURES)), TYPES.html);
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, this.host, resolve));
    this.url = `http://${this.host}:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Serves `body` at `path` from now on; a changed body gets a new ETag and Last-Modified. */
  setFeed(path: string, body: string | Buffer, type = "application/rss+xml"): void {
    const modified = new Date(Math.floor(Date.now() / 1000) * 1000 + this.feeds.size * 1000).toUTCString();
    this.feeds.set(path, { body: Buffer.from(body), type, modified });
  }

  hits(path: string): SeenRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://x");
    this.open++;
    res.on("close", () => this.open--);
    this.requests.push({ path: url.pathname, headers: req.headers, concurrent: this.open });
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const feed = this.feeds.get(url.pathname);
    if (feed) {
      const etag = `"${createHash("sha1").update(feed.body).digest("hex").slice(0, 16)}"`;
      if (req.headers["if-none-match"] === etag || (!req.headers["if-none-match"] && req.headers["if-modified-since"] === feed.modified)) {
        res.writeHead(304, { etag, "last-modified": feed.modified }).end();
        return;
      }
      const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
      const body = gzip ? gzipSync(feed.body) : feed.body;
      res.writeHead(200, { "content-type": feed.type, etag, "last-modified": feed.modified, ...(gzip ? { "content-encoding": "gzip" } : {}) }).end(body);
      return;
    }
    const [, kind, arg] = url.pathname.split("/");
    switch (kind) {
      case "status": {
        const status = Number(arg);
        const headers: Record<string, string> = {};
        if (url.searchParams.has("retry-after")) headers["retry-after"] = url.searchParams.get("retry-after")!;
        res.writeHead(status, headers).end(`status ${status}`);
        return;
      }
      case "redirect": {
        // /redirect/N?to=URL: N more hops, then to URL; /redirect/loop: forever.
        const to = url.searchParams.get("to") ?? "/feeds/rss2.xml";
        const next = arg === "loop" ? "/redirect/loop" : Number(arg) > 1 ? `/redirect/${Number(arg) - 1}?to=${encodeURIComponent(to)}` : to;
        res.writeHead(302, { location: next }).end();
        return;
      }
      case "bad-location": {
        // A redirect to something that is no URL at all.
        res.writeHead(302, { location: "http://[not-an-address/feed" }).end();
        return;
      }
      case "encoded": {
        // /encoded/gzip, x-gzip, br, deflate (zlib-wrapped), deflate-raw (sent as "deflate", as some servers do),
        // gzip,br (both, in that order) or any other name (sent as it is, the body unchanged): the RSS 2.0 fixture.
        const body = this.feeds.get("/feeds/rss2.xml")!.body;
        const encode: Record<string, (b: Buffer) => Buffer> = {
          gzip: gzipSync,
          "x-gzip": gzipSync,
          br: brotliCompressSync,
          deflate: deflateSync,
          "deflate-raw": deflateRawSync,
          "gzip,br": (b) => brotliCompressSync(gzipSync(b)),
        };
        const coding = arg === "deflate-raw" ? "deflate" : arg === "gzip,br" ? "gzip, br" : arg!;
        res.writeHead(200, { "content-type": "application/rss+xml", "content-encoding": coding }).end((encode[arg!] ?? ((b: Buffer) => b))(body));
        return;
      }
      case "bomb": {
        const body = gzipSync(Buffer.alloc(12 * 1024 * 1024, "<item><title>x</title></item>\n"));
        res.writeHead(200, { "content-type": "application/rss+xml", "content-encoding": "gzip", "content-length": String(body.length) }).end(body);
        return;
      }
      case "big": {
        // 12 MB of a never-ending RSS document; Content-Length only when ?declared.
        const chunk = Buffer.alloc(64 * 1024, "<item><title>x</title></item>\n");
        const total = 12 * 1024 * 1024;
        res.writeHead(200, { "content-type": "application/rss+xml", ...(url.searchParams.has("declared") ? { "content-length": String(total) } : {}) });
        let sent = 0;
        const pump = (): void => {
          while (sent < total && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end();
        };
        pump();
        return;
      }
      case "pause": {
        // Half a feed, a pause of ?ms, then the rest: a slow server, not a dead one.
        const body = rssOf("Paused", [{ id: "p1", title: "After a pause", at: "2026-02-05T10:00:00Z" }]);
        const half = Math.floor(body.length / 2);
        res.writeHead(200, { "content-type": "application/rss+xml", "content-length": String(Buffer.byteLength(body)) });
        res.write(body.slice(0, half));
        setTimeout(() => res.end(body.slice(half)), Number(url.searchParams.get("ms") ?? 0));
        return;
      }
      case "stall": {
        // Half a feed, then silence until the client gives up.
        res.writeHead(200, { "content-type": "application/rss+xml", "content-length": "100000" });
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Stalled</title>');
        this.stalled.add(res);
        return;
      }
      default:
        res.writeHead(404).end("not found");
    }
  }

  /** Connections open to this server now (kept alive by a client or in use). */
  openConnections(): Promise<number> {
    return new Promise((resolve, reject) => this.server.getConnections((err, count) => (err ? reject(err) : resolve(count))));
  }

  async close(): Promise<void> {
    for (const res of this.stalled) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** An RSS document of the given items, newest first. */
export function rssOf(title: string, items: { id: string; title: string; at: string; text?: string }[]): string {
  const item = (i: (typeof items)[number]) =>
    `<item><title>${i.title}</title><link>https://news.example/${i.id}</link><guid>https://news.example/${i.id}</guid><pubDate>${new Date(i.at).toUTCString()}</pubDate><description>${i.text ?? `${i.title}.`}</description></item>`;
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://news.example/</link>${items.map(item).join("")}</channel></rss>`;
}

/** A fake news site and a feed client allowed to reach it (127.0.0.1), for the duration of a test file. */
export function withNewsSite(): { server: FakeNewsServer; client: FeedClient } {
  const site = {} as { server: FakeNewsServer; client: FeedClient };
  beforeAll(async () => {
    site.server = await new FakeNewsServer().start();
    site.client = new FeedClient({ ...DEFAULT_LIMITS, timeoutMs: 2_000, allowPrivate: true });
  });
  afterAll(async () => {
    await site.client.close();
    await site.server.close();
  });
  return site;
}
