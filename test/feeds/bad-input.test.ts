import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/core/config.js";
import { CoverageLibrary, DEFAULT_RULE } from "../../src/core/coverage/index.js";
import type { StoryChange } from "../../src/core/library.js";
import type { Logger } from "../../src/core/log.js";
import { StoryIndex } from "../../src/core/story-index.js";
import { DEFAULT_LIMITS, FeedClient } from "../../src/feeds/client.js";
import { libraryReportSink } from "../../src/feeds/library-sink.js";
import { FeedPoller } from "../../src/feeds/poller.js";
import { createStore } from "../../src/subscriptions/store.js";
import { FakeNewsServer, rssOf } from "../fakes/news-server.js";

// The feeds live on 127.0.0.2, which this client treats as public; 127.0.0.1 and ::1 stand for the
// host's own network, as a real deployment's loopback and private ranges would.
let site: FakeNewsServer;
let own: FakeNewsServer;
let client: FeedClient;
/** A port on 127.0.0.2 nothing listens on (a server opened there and closed). */
let closedPort = 0;
beforeAll(async () => {
  const probe = await new FakeNewsServer("127.0.0.2").start();
  closedPort = Number(new URL(probe.url).port);
  await probe.close();
  site = await new FakeNewsServer("127.0.0.2").start();
  own = await new FakeNewsServer("127.0.0.1").start();
  client = new FeedClient({ ...DEFAULT_LIMITS, timeoutMs: 1_500, allowPrivate: false, isRefused: (ip) => ip === "127.0.0.1" || ip === "::1" });
});
afterAll(async () => {
  await client.close();
  await site.close();
  await own.close();
});

const lines: string[] = [];
const log: Logger = { debug: () => {}, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`), child: () => log };

const HOUR = 3_600_000;
const item = (id: string, title: string, at: Date, text: string) => ({ id, title, at: at.toISOString(), text });

describe("awkward feeds, all at once next to a good one", () => {
  it("each gets one log line naming it and what went wrong and a /feeds entry; the good feed is read; only real news is told", async () => {
    let clock = new Date("2026-02-06T08:00:00Z");
    const awkward: Record<string, RegExp> = {
      [`http://127.0.0.2:${closedPort}/feed.xml`]: /connection refused/,
      [`${site.url}/status/404`]: /HTTP 404/,
      [`${site.url}/status/500`]: /HTTP 500/,
      [`${site.url}/feeds/not-a-feed.html`]: /not a feed/i,
      [`${site.url}/feeds/truncated.xml`]: /not a feed|truncated|XML/i,
      [`${site.url}/big`]: /too large \(over 5 MB\)/,
      [`${site.url}/redirect/loop`]: /too many redirects/,
      [`${site.url}/stall`]: /timed out/,
      [`${site.url}/redirect/1?to=${encodeURIComponent(`${own.url}/feeds/rss2.xml`)}`]: /refused address 127\.0\.0\.1/,
    };
    // A good feed whose items carry scripts and tracking pixels, and a feed that rewrites every item on each read.
    const scripted = (n: number) => `Talks went on. &lt;script&gt;alert("x${n}")&lt;/script&gt;&lt;img src="https://t.example/p${n}.gif" width="1" height="1"&gt;`;
    const goodItems = [item("g1", "Harbour strike enters second week", new Date(clock.getTime() - 2 * HOUR), scripted(1))];
    site.setFeed("/news/good.xml", rssOf("Good Outlet", goodItems));
    const rewritten = (read: number) => rssOf("Rewriter", [1, 2, 3].map((n) => item(`r${n}`, `Rewritten item ${n}`, new Date(clock.getTime() - n * HOUR), `Version ${read} of item ${n}.`)));
    site.setFeed("/news/rewrites.xml", rewritten(1));
    const sources = [...Object.keys(awkward), `${site.url}/news/good.xml`, `${site.url}/news/rewrites.xml`].map((url) => ({ url, everyMinutes: 10 }));

    const source = new StoryIndex();
    const stories = new CoverageLibrary([source], DEFAULT_RULE);
    const told: StoryChange[] = [];
    stories.onChange((c) => told.push(c));
    const store = await createStore("memory");
    const poller = new FeedPoller({ sources, settings: { ...loadConfig({}).feeds, fetchPages: false }, store, client, sink: libraryReportSink(source, () => clock), log, now: () => clock, random: () => 1 });
    await poller.start();
    lines.length = 0;
    await poller.tick();

    const warnings = lines.filter((l) => l.startsWith("warn"));
    for (const [url, reason] of Object.entries(awkward)) {
      const about = warnings.filter((l) => l.startsWith(`warn feeds: ${url}: `));
      expect(about, url).toHaveLength(1);
      expect(about[0], url).toMatch(reason);
      const status = poller.status().find((s) => s.url === url)!;
      expect(status, url).toMatchObject({ health: "failing", items: 0 });
      expect(status.note, url).toMatch(reason);
    }
    expect(warnings).toHaveLength(Object.keys(awkward).length);
    expect(lines.filter((l) => l.startsWith("error"))).toEqual([]);
    // Nothing reached the host's own network, and the good feed was read whole, its scripts and pixels gone.
    expect(own.requests).toHaveLength(0);
    const good = stories.list().filter((e) => e.story.outlet === "Good Outlet");
    expect(good.map((e) => e.story.title)).toEqual(["Harbour strike enters second week"]);
    expect(JSON.stringify(good[0]!.story)).not.toMatch(/alert|<script|p1\.gif/);
    expect(good[0]!.story.sections[0]!.text).toBe("Talks went on.");
    expect(told).toEqual([]);

    // The next read: the same failures add no line; the good feed's new item is the only news; the
    // feed rewriting every item is flagged once and announces nothing.
    clock = new Date(clock.getTime() + 30 * 60_000);
    site.setFeed("/news/good.xml", rssOf("Good Outlet", [item("g2", "Dockers vote to return to work", new Date(clock.getTime() - 5 * 60_000), "The vote was close."), ...goodItems]));
    site.setFeed("/news/rewrites.xml", rewritten(2));
    lines.length = 0;
    await poller.tick();
    expect(lines.filter((l) => l.startsWith("warn"))).toEqual([`warn feeds: ${site.url}/news/rewrites.xml: every item changed since the last read (kept, never announced)`]);
    expect(told.map((c) => [c.type, c.title])).toEqual([["added", "Dockers vote to return to work"]]);
    expect(poller.status().find((s) => s.url.endsWith("/news/rewrites.xml"))!.note).toMatch(/rewrites every item/);
    expect(poller.status().filter((s) => s.health === "healthy").map((s) => s.outlet)).toEqual(["Good Outlet", "Rewriter"]);
    await store.close();
  }, 30_000);
});
