import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress } from "../../src/feeds/address.js";
import { DEFAULT_LIMITS, FeedClient, parseRetryAfter, USER_AGENT, type FetchLimits } from "../../src/feeds/client.js";
import { FakeNewsServer } from "../fakes/news-server.js";

const TEST_LIMITS: FetchLimits = { ...DEFAULT_LIMITS, timeoutMs: 1_500, allowPrivate: true };

let server: FakeNewsServer;
let client: FeedClient;
beforeAll(async () => {
  server = await new FakeNewsServer().start();
  client = new FeedClient(TEST_LIMITS);
});
afterAll(async () => {
  await client.close();
  await server.close();
});

describe("the feed client", () => {
  it("fetches a feed compressed, names Herald and its version, and gets a 304 with the validators", async () => {
    const first = await client.fetch(`${server.url}/feeds/rss2.xml`);
    expect(first.kind).toBe("fetched");
    if (first.kind !== "fetched") return;
    expect(Buffer.from(first.body).toString("utf8")).toContain("<rss");
    const seen = server.hits("/feeds/rss2.xml")[0]!;
    expect(seen.headers["user-agent"]).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/^Herald\/\d+\.\d+\.\d+/);
    expect(seen.headers["accept-encoding"]).toMatch(/gzip/);
    expect(first.etag).toBeTruthy();
    const second = await client.fetch(`${server.url}/feeds/rss2.xml`, { etag: first.etag, lastModified: first.lastModified });
    expect(second).toEqual({ kind: "not-modified" });
    expect(server.hits("/feeds/rss2.xml")[1]!.headers["if-none-match"]).toBe(first.etag);
  });

  it("sends If-Modified-Since when the server gave only Last-Modified", async () => {
    const first = await client.fetch(`${server.url}/feeds/atom.xml`);
    if (first.kind !== "fetched") throw new Error(first.kind);
    expect(await client.fetch(`${server.url}/feeds/atom.xml`, { lastModified: first.lastModified })).toEqual({ kind: "not-modified" });
  });

  it("follows up to 5 redirects and refuses a sixth and a loop", async () => {
    const five = await client.fetch(`${server.url}/redirect/5?to=/feeds/atom.xml`);
    expect(five.kind).toBe("fetched");
    expect(five.kind === "fetched" && five.url).toBe(`${server.url}/feeds/atom.xml`);
    expect(await client.fetch(`${server.url}/redirect/6?to=/feeds/atom.xml`)).toMatchObject({ kind: "failed", reason: "too many redirects (more than 5)" });
    expect(await client.fetch(`${server.url}/redirect/loop`)).toMatchObject({ kind: "failed", reason: "too many redirects (more than 5)" });
    expect(await client.fetch(`${server.url}/bad-location`)).toMatchObject({ kind: "failed", status: 302, reason: "not a URL" });
  });

  it("stops reading a 12 MB body at 5 MB, with and without Content-Length", async () => {
    for (const path of ["/big", "/big?declared"]) {
      expect(await client.fetch(`${server.url}${path}`)).toMatchObject({ kind: "failed", reason: "too large (over 5 MB)" });
    }
  });

  it("undoes every content coding a server may send, and names one it cannot", async () => {
    const plain = await client.fetch(`${server.url}/feeds/rss2.xml`, {}, "*/*");
    if (plain.kind !== "fetched") throw new Error(plain.kind);
    for (const coding of ["gzip", "x-gzip", "br", "deflate", "deflate-raw", "gzip,br"]) {
      const outcome = await client.fetch(`${server.url}/encoded/${coding}`);
      expect(outcome.kind, coding).toBe("fetched");
      expect(outcome.kind === "fetched" && Buffer.from(outcome.body).equals(Buffer.from(plain.body)), coding).toBe(true);
    }
    expect(await client.fetch(`${server.url}/encoded/compress`)).toMatchObject({ kind: "failed", reason: 'cannot fetch (unknown Content-Encoding "compress")' });
  });

  it("stops decoding a small compressed body at 5 MB of what it decodes to", async () => {
    expect(await client.fetch(`${server.url}/bomb`)).toMatchObject({ kind: "failed", reason: "too large (over 5 MB)" });
  });

  it("gives up on a body that stalls mid-way after the timeout", async () => {
    expect(await client.fetch(`${server.url}/stall`)).toMatchObject({ kind: "failed", reason: "timed out after 1.5 s" });
  });

  it("waits out a server that pauses longer than a connection may idle, and closes idle connections after that time", async () => {
    const patient = new FeedClient({ ...TEST_LIMITS, idleMs: 200 });
    try {
      const outcome = await patient.fetch(`${server.url}/pause?ms=600`);
      expect(outcome.kind).toBe("fetched");
      expect(outcome.kind === "fetched" && Buffer.from(outcome.body).toString()).toContain("After a pause</title>");
      const before = await server.openConnections();
      expect(before).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await server.openConnections()).toBe(before - 1);
    } finally {
      await patient.close();
    }
  });

  it("reports HTTP errors, Retry-After on 429 and 503, and 410 as gone", async () => {
    expect(await client.fetch(`${server.url}/status/404`)).toMatchObject({ kind: "failed", status: 404, reason: "HTTP 404 Not Found" });
    expect(await client.fetch(`${server.url}/status/500`)).toMatchObject({ kind: "failed", status: 500 });
    expect(await client.fetch(`${server.url}/status/429?retry-after=120`)).toMatchObject({ kind: "failed", retryAfterMs: 120_000 });
    expect(await client.fetch(`${server.url}/status/503?retry-after=30`)).toMatchObject({ kind: "failed", retryAfterMs: 30_000 });
    expect(await client.fetch(`${server.url}/status/410`)).toMatchObject({ kind: "failed", gone: true });
  });

  it("refuses schemes other than HTTP and HTTPS, and names an unreachable host", async () => {
    expect(await client.fetch("file:///etc/passwd")).toMatchObject({ kind: "failed", reason: "file: is not HTTP or HTTPS" });
    const closed = await new FakeNewsServer().start();
    await closed.close();
    expect(await client.fetch(`${closed.url}/feed`)).toMatchObject({ kind: "failed", reason: "connection refused" });
    expect(await client.fetch("http://nonexistent.invalid/feed")).toMatchObject({ kind: "failed", reason: "host not found" });
    expect(await client.fetch("http://127.0.0.1:25/feed")).toMatchObject({ kind: "failed", reason: "port refused (it belongs to another protocol, such as mail)" });
  });

  it("asks one host one thing at a time", async () => {
    const before = server.requests.length;
    server.delayMs = 50;
    try {
      await Promise.all(["rss2.xml", "atom.xml", "feed.json", "rss1.rdf"].map((name) => client.fetch(`${server.url}/feeds/${name}`)));
    } finally {
      server.delayMs = 0;
    }
    expect(server.requests.slice(before).map((r) => r.concurrent)).toEqual([1, 1, 1, 1]);
  });
});

describe("private addresses", () => {
  it("are refused by default: a literal address and a name that resolves to one", async () => {
    const strict = new FeedClient({ ...TEST_LIMITS, allowPrivate: false });
    try {
      const literal = await strict.fetch(`${server.url}/feeds/rss2.xml`);
      expect(literal).toMatchObject({ kind: "failed" });
      expect(literal.kind === "failed" && literal.reason).toMatch(/^refused address 127\.0\.0\.1 .*feeds\.allowPrivateAddresses/);
      const named = await strict.fetch(`${server.url.replace("127.0.0.1", "localhost")}/feeds/rss2.xml`);
      expect(named.kind === "failed" && named.reason).toMatch(/^refused address (127\.0\.0\.1|::1) for localhost/);
    } finally {
      await strict.close();
    }
  });

  it("are refused after a redirect, checked on the address connected to", async () => {
    // The feed lives on 127.0.0.2, which this client treats as public; 127.0.0.1 and ::1 stand for the host's own network.
    const publicSite = await new FakeNewsServer("127.0.0.2").start();
    const strict = new FeedClient({ ...TEST_LIMITS, allowPrivate: false, isRefused: (ip) => ip === "127.0.0.1" || ip === "::1" });
    try {
      expect((await strict.fetch(`${publicSite.url}/feeds/rss2.xml`)).kind).toBe("fetched");
      const port = new URL(server.url).port;
      for (const to of [`http://127.0.0.1:${port}/feeds/rss2.xml`, `http://localhost:${port}/feeds/rss2.xml`]) {
        const outcome = await strict.fetch(`${publicSite.url}/redirect/1?to=${encodeURIComponent(to)}`);
        expect(outcome.kind === "failed" && outcome.reason).toMatch(/^refused address (127\.0\.0\.1|::1)/);
      }
      expect(server.requests.filter((r) => r.headers.host?.startsWith("localhost"))).toHaveLength(0);
    } finally {
      await strict.close();
      await publicSite.close();
    }
  });

  it("cover loopback, private, link-local, IPv6 and IPv4-mapped forms, not public ones", () => {
    for (const ip of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "[::1]"]) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) expect(isPrivateAddress(ip), ip).toBe(false);
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("120")).toBe(120_000);
    expect(parseRetryAfter(new Date(Date.UTC(2026, 0, 1, 0, 1)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(60_000);
    expect(parseRetryAfter("soon")).toBeNull();
  });
});
