import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, type FeedSource } from "../../src/core/config.js";
import type { StoryChange } from "../../src/core/library.js";
import type { Logger } from "../../src/core/log.js";
import { StoryIndex } from "../../src/core/story-index.js";
import { libraryReportSink } from "../../src/feeds/library-sink.js";
import { FeedPoller } from "../../src/feeds/poller.js";
import { createStore, type Store } from "../../src/subscriptions/store.js";
import { rssOf, withNewsSite } from "../fakes/news-server.js";

const lines: string[] = [];
const log: Logger = { debug: () => {}, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`), child: () => log };

const site = withNewsSite();

const settings = { ...loadConfig({}).feeds, fetchPages: false };
let clock = new Date("2026-02-06T08:00:00Z");

function harness(store: Store, sources: FeedSource[]) {
  const library = new StoryIndex();
  const changes: StoryChange[] = [];
  library.onChange((c) => void (c.quiet ? undefined : changes.push(c)));
  const poller = new FeedPoller({ sources, settings, store, client: site.client, sink: libraryReportSink(library, () => clock), log, now: () => clock, random: () => 1 });
  return { library, changes, poller };
}
/** The titles of the reports a feed's index lists, each read from its own record. */
async function keptTitles(store: Store, url: string): Promise<string[]> {
  const feeds = store.space("feeds");
  const index = ((await feeds.get(`items:${url}`)) ?? []) as { id: string }[];
  return Promise.all(index.map(async (e) => ((await feeds.get(`report:${url} ${e.id}`)) as { title: string } | undefined)?.title ?? `(no record for ${e.id})`));
}
const advance = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));

const A1 = { id: "a1", title: "Bonne meets Ushakov in Moscow", at: "2026-02-05T10:00:00Z" };
const A2 = { id: "a2", title: "Peskov confirms the talks", at: "2026-02-05T12:00:00Z" };
const A3 = { id: "a3", title: "Kyiv was told in advance", at: "2026-02-06T07:00:00Z" };

describe("polling feeds", () => {
  it("takes a feed's backlog quietly, gets a 304 next, and announces an item that appears later, once", async () => {
    const store = await createStore("memory");
    site.server.setFeed("/news/a.xml", rssOf("Outlet A", [A2, A1]));
    const url = `${site.server.url}/news/a.xml`;
    const { library, changes, poller } = harness(store, [{ url, everyMinutes: 10 }]);
    await poller.start();
    await poller.tick();
    expect(library.list().map((e) => e.story.title)).toEqual([A2.title, A1.title]);
    expect(changes).toEqual([]);

    advance(10);
    await poller.tick();
    expect(site.server.hits("/news/a.xml").at(-1)!.headers["if-none-match"]).toBeTruthy();
    expect(changes).toEqual([]);

    site.server.setFeed("/news/a.xml", rssOf("Outlet A", [A3, A2, A1]));
    advance(5);
    await poller.tick(); // not due yet
    expect(changes).toEqual([]);
    advance(5);
    await poller.tick();
    expect(changes.map((c) => [c.type, c.title])).toEqual([["added", A3.title]]);
    expect(poller.status()[0]).toMatchObject({ outlet: "Outlet A", items: 3, health: "healthy", note: null });

    // A restart over the same store: everything is back, nothing is announced again.
    const again = harness(store, [{ url, everyMinutes: 10 }]);
    await again.poller.start();
    expect(again.library.list()).toHaveLength(3);
    advance(10);
    await again.poller.tick();
    site.server.setFeed("/news/a.xml", rssOf("Outlet A", [A3, A2, A1]).replace("Outlet A", "Outlet A (renamed)"));
    advance(10);
    await again.poller.tick();
    expect(again.changes).toEqual([]);
  });

  it("keeps reports and feed state in SQLite across a restart", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "herald-feeds-")), "herald.sqlite");
    site.server.setFeed("/news/sqlite.xml", rssOf("Outlet S", [A2, A1]));
    const url = `${site.server.url}/news/sqlite.xml`;
    const first = await createStore(`sqlite:${file}`);
    const one = harness(first, [{ url, everyMinutes: 10, name: "The S" }]);
    await one.poller.start();
    await one.poller.tick();
    await first.close();

    const second = await createStore(`sqlite:${file}`);
    const two = harness(second, [{ url, everyMinutes: 10, name: "The S" }]);
    await two.poller.start();
    // Read back with shared copies of what reports hold alike, and equal to what was read before.
    expect(two.library.list().map((e) => [e.story, e.version])).toEqual(one.library.list().map((e) => [e.story, e.version]));
    expect(two.library.list()[0]!.story.outlets).toBe(two.library.list()[1]!.story.outlets);
    expect(two.library.list().map((e) => [e.story.title, e.story.outlet])).toEqual([
      [A2.title, "The S"],
      [A1.title, "The S"],
    ]);
    expect(two.poller.status()[0]).toMatchObject({ outlet: "The S", items: 2, health: "healthy" });
    advance(10);
    await two.poller.tick();
    expect(two.changes).toEqual([]);
    await second.close();
  });

  it("saves the state of every feed that answered 304 in one batch after the cycle, and a restart reads it", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "herald-feeds-")), "herald.sqlite");
    const sources = ["b1", "b2", "b3"].map((name) => {
      site.server.setFeed(`/news/${name}.xml`, rssOf(`Outlet ${name}`, [A1]));
      return { url: `${site.server.url}/news/${name}.xml`, everyMinutes: 10 };
    });
    const store = await createStore(`sqlite:${file}`);
    const { poller } = harness(store, sources);
    await poller.start();
    await poller.tick();
    const batches: number[] = [];
    const batch = store.batch.bind(store);
    store.batch = (writes) => (batches.push(writes.length), batch(writes));
    advance(10);
    const cycle = clock.toISOString();
    await poller.tick();
    expect(batches).toEqual([3]);
    await store.close();

    const again = await createStore(`sqlite:${file}`);
    const restarted = harness(again, sources);
    await restarted.poller.start();
    expect(restarted.poller.status().map((s) => s.lastSuccess)).toEqual([cycle, cycle, cycle]);
    await again.close();
  });

  it("dates an undated item by its first sighting, through an update and a restart", async () => {
    const store = await createStore("memory");
    const undated = (text: string) => rssOf("Outlet U", [A1]).replace(/<pubDate>[^<]*<\/pubDate>/, "").replace(`<description>${A1.title}.</description>`, `<description>${text}</description>`);
    site.server.setFeed("/news/undated.xml", undated("First version."));
    const url = `${site.server.url}/news/undated.xml`;
    const firstSeen = clock.toISOString();
    const one = harness(store, [{ url, everyMinutes: 10 }]);
    await one.poller.start();
    await one.poller.tick();
    expect(one.library.list().map((e) => e.story.published)).toEqual([firstSeen]);

    site.server.setFeed("/news/undated.xml", undated("Second version, with more."));
    advance(10);
    await one.poller.tick();
    expect(one.library.list().map((e) => [e.story.sections[0]!.text, e.story.published])).toEqual([["Second version, with more.", firstSeen]]);

    const two = harness(store, [{ url, everyMinutes: 10 }]);
    await two.poller.start();
    site.server.setFeed("/news/undated.xml", undated("Third version."));
    advance(10);
    await two.poller.tick();
    expect(two.library.list().map((e) => [e.story.sections[0]!.text, e.story.published])).toEqual([["Third version.", firstSeen]]);
  });

  it("forgets reports older than feeds.keepDays", async () => {
    const store = await createStore("memory");
    const old = { id: "old", title: "Last month's news", at: "2025-12-01T00:00:00Z" };
    site.server.setFeed("/news/old.xml", rssOf("Outlet O", [A1, old]));
    const { library, poller } = harness(store, [{ url: `${site.server.url}/news/old.xml`, everyMinutes: 10 }]);
    await poller.start();
    await poller.tick();
    expect(library.list().map((e) => e.story.title)).toEqual([A1.title]);
  });

  it("keeps one record per report and an index: a new item writes its report and the index, nothing else", async () => {
    const store = await createStore("memory");
    site.server.setFeed("/news/layout.xml", rssOf("Outlet L", [A2, A1]));
    const url = `${site.server.url}/news/layout.xml`;
    const { poller } = harness(store, [{ url, everyMinutes: 10 }]);
    await poller.start();
    await poller.tick();
    expect(await keptTitles(store, url)).toEqual([A2.title, A1.title]);

    const written: string[] = [];
    const read: string[] = [];
    const batch = store.batch.bind(store);
    store.batch = (writes) => (written.push(...writes.map((w) => `${w.value === undefined ? "delete" : "set"} ${w.key}`)), batch(writes));
    const space = store.space.bind(store);
    store.space = (name) => {
      const keys = space(name);
      return { ...keys, get: (k) => (read.push(k), keys.get(k)), getMany: (ks) => (read.push(...ks), keys.getMany(ks)) };
    };
    site.server.setFeed("/news/layout.xml", rssOf("Outlet L", [A3, A2, A1]));
    advance(10);
    await poller.tick();
    const index = (await store.space("feeds").get(`items:${url}`)) as { id: string }[];
    expect(written.filter((w) => !w.startsWith("set state:"))).toEqual([`set report:${url} ${index.at(-1)!.id}`, `set items:${url}`]);
    expect(read.filter((k) => k.startsWith("report:"))).toEqual([]);
    expect(await keptTitles(store, url)).toEqual([A2.title, A1.title, A3.title]);
  });

  it("reads a feed's reports kept as one record by an earlier Herald, moving them to one record each", async () => {
    const store = await createStore("memory");
    site.server.setFeed("/news/legacy.xml", rssOf("Outlet G", [A2, A1]));
    const url = `${site.server.url}/news/legacy.xml`;
    const one = harness(store, [{ url, everyMinutes: 10 }]);
    await one.poller.start();
    await one.poller.tick();
    // What an earlier Herald kept: every report of the feed in one record, no index.
    const feeds = store.space("feeds");
    const index = (await feeds.get(`items:${url}`)) as { id: string; hash: string; firstSeen: string }[];
    const reports = await Promise.all(index.map(async (e) => ({ report: await feeds.get(`report:${url} ${e.id}`), hash: e.hash, firstSeen: e.firstSeen })));
    await store.batch([{ space: "feeds", key: `reports:${url}`, value: reports }, { space: "feeds", key: `items:${url}` }, ...index.map((e) => ({ space: "feeds" as const, key: `report:${url} ${e.id}` }))]);

    const two = harness(store, [{ url, everyMinutes: 10 }]);
    await two.poller.start();
    expect(two.library.list().map((e) => e.story.title)).toEqual([A2.title, A1.title]);
    site.server.setFeed("/news/legacy.xml", rssOf("Outlet G", [A3, A2, A1]));
    advance(10);
    await two.poller.tick();
    expect(two.changes.map((c) => [c.type, c.title])).toEqual([["added", A3.title]]);
    expect(await feeds.get(`reports:${url}`)).toBeUndefined();
    expect(await keptTitles(store, url)).toEqual([A2.title, A1.title, A3.title]);

    const three = harness(store, [{ url, everyMinutes: 10 }]);
    await three.poller.start();
    expect(three.library.list().map((e) => e.story.title)).toEqual([A3.title, A2.title, A1.title]);
  });

  it("sets aside a damaged index or report with one warning, loads the rest, and announces nothing because of it", async () => {
    const store = await createStore("memory");
    site.server.setFeed("/news/damaged-1.xml", rssOf("Outlet D1", [A3, A2, A1]));
    // Other links than the first feed's: one link is one report, whichever feed carries it.
    const [B2, B1] = [A2, A1].map((item) => ({ ...item, id: `b-${item.id}` }));
    site.server.setFeed("/news/damaged-2.xml", rssOf("Outlet D2", [B2!, B1!]));
    const sources = ["damaged-1", "damaged-2"].map((name) => ({ url: `${site.server.url}/news/${name}.xml`, everyMinutes: 10 }));
    const one = harness(store, sources);
    await one.poller.start();
    await one.poller.tick();
    const feeds = store.space("feeds");
    const [first, second] = sources.map((s) => s.url);
    const [broken] = (await feeds.get(`items:${second}`)) as { id: string }[];
    await feeds.set(`items:${first}`, { not: "an index" });
    await feeds.set(`report:${second} ${broken!.id}`, { title: 42 });

    lines.length = 0;
    const two = harness(store, sources);
    await two.poller.start();
    expect(two.library.list().map((e) => [e.story.outlet, e.story.title])).toEqual([["Outlet D2", B1!.title]]);
    expect(lines.filter((l) => l.startsWith("warn"))).toEqual([
      `warn store: the feeds record "items:${first}" does not parse (Invalid input: expected array, received object); set it aside as quarantine "feeds:items:${first}"`,
      expect.stringMatching(new RegExp(`^warn store: the feeds record "report:${second} ${broken!.id}" does not parse \\(.+\\); set it aside as quarantine`)),
    ]);
    expect(await store.space("quarantine").get(`feeds:items:${first}`)).toEqual({ not: "an index" });
    // The next read takes both feeds' lost reports back from the feeds themselves, quietly.
    advance(10);
    await two.poller.tick();
    expect(two.changes).toEqual([]);
    expect(two.library.list().map((e) => [e.story.outlet, e.story.title]).sort()).toEqual(
      [...[A3, A2, A1].map((i) => ["Outlet D1", i.title]), ...[B2!, B1!].map((i) => ["Outlet D2", i.title])].sort(),
    );
    expect(await keptTitles(store, second!)).toEqual([B2!.title, B1!.title]);
    // And from then on, as any feed: a new item is news.
    site.server.setFeed("/news/damaged-1.xml", rssOf("Outlet D1", [{ id: "a6", title: "Talks resume", at: "2026-02-06T07:30:00Z" }, A3, A2, A1]));
    advance(10);
    await two.poller.tick();
    expect(two.changes.map((c) => [c.type, c.title])).toEqual([["added", "Talks resume"]]);
  });

  it("drops a report from the index and the store once it is older than keepDays, at the feed's next write", async () => {
    const store = await createStore("memory");
    const url = `${site.server.url}/news/ageing.xml`;
    site.server.setFeed("/news/ageing.xml", rssOf("Outlet E", [A1]));
    const { poller } = harness(store, [{ url, everyMinutes: 10 }]);
    await poller.start();
    await poller.tick();
    const feeds = store.space("feeds");
    const [a1] = (await feeds.get(`items:${url}`)) as { id: string }[];
    expect(await keptTitles(store, url)).toEqual([A1.title]);
    const then = clock;
    advance(settings.keepDays * 24 * 60 + 10);
    const fresh = { id: "a9", title: "Later news", at: clock.toISOString() };
    site.server.setFeed("/news/ageing.xml", rssOf("Outlet E", [fresh, A1]));
    await poller.tick();
    expect(await keptTitles(store, url)).toEqual([fresh.title]);
    expect(await feeds.get(`report:${url} ${a1!.id}`)).toBeUndefined();
    clock = then; // the other tests' items are dated from here
  });

  it("a failing feed gets one log line, backs off, turns unhealthy after 24 h, and leaves the others alone", async () => {
    const store = await createStore("memory");
    site.server.setFeed("/news/ok.xml", rssOf("Outlet OK", [A1]));
    const sources = [
      { url: `${site.server.url}/status/500`, everyMinutes: 10 },
      { url: `${site.server.url}/feeds/not-a-feed.html`, everyMinutes: 10 },
      { url: `${site.server.url}/news/ok.xml`, everyMinutes: 10 },
    ];
    const { library, poller } = harness(store, sources);
    await poller.start();
    lines.length = 0;
    const started = clock;
    await poller.tick();
    expect(library.list()).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith("warn"))).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^warn feeds: ${site.server.url}/status/500: HTTP 500 Internal Server Error; next try `));
    expect(lines[1]).toMatch(/not-a-feed\.html: not a feed \(the server sent an HTML page\)/);
    const [broken, html, ok] = poller.status();
    expect(broken).toMatchObject({ health: "failing", note: "HTTP 500 Internal Server Error", lastSuccess: null });
    expect(html!.health).toBe("failing");
    expect(ok!.health).toBe("healthy");

    // Backoff: the next try waits 2 intervals (jitter 1 here), not 1.
    const hits = () => site.server.hits("/status/500").length;
    const before = hits();
    advance(10);
    await poller.tick();
    expect(hits()).toBe(before);
    advance(10);
    await poller.tick();
    expect(hits()).toBe(before + 1);
    expect(lines.filter((l) => l.includes("/status/500"))).toHaveLength(1);

    for (let t = 0; t < 26 * 6; t++) {
      advance(10);
      await poller.tick();
    }
    expect(clock.getTime() - started.getTime()).toBeGreaterThan(24 * 3_600_000);
    expect(poller.status()[0]!.health).toBe("unhealthy");
    expect(poller.status()[2]!.health).toBe("healthy");
  });

  it("stops a feed that answers 410 Gone, and obeys Retry-After", async () => {
    const store = await createStore("memory");
    const sources = [
      { url: `${site.server.url}/status/410`, everyMinutes: 1 },
      { url: `${site.server.url}/status/429?retry-after=3600`, everyMinutes: 1 },
    ];
    const { poller } = harness(store, sources);
    await poller.start();
    await poller.tick();
    const gone = site.server.hits("/status/410").length;
    const limited = site.server.hits("/status/429").length;
    for (let i = 0; i < 30; i++) {
      advance(1);
      await poller.tick();
    }
    expect(site.server.hits("/status/410").length).toBe(gone);
    expect(site.server.hits("/status/429").length).toBe(limited);
    expect(poller.status().map((s) => s.health)).toEqual(["stopped", "failing"]);
    advance(31);
    await poller.tick();
    expect(site.server.hits("/status/429").length).toBe(limited + 1);
  });

  it("announces nothing from a feed that rewrites every item on each read, and says so in its health", async () => {
    const store = await createStore("memory");
    const url = `${site.server.url}/news/churn.xml`;
    const version = (n: number) => rssOf("Outlet C", [A2, A1].map((i) => ({ ...i, text: `${i.title}, read ${n}.` })));
    site.server.setFeed("/news/churn.xml", version(0));
    const { changes, poller } = harness(store, [{ url, everyMinutes: 1 }]);
    await poller.start();
    await poller.tick();
    for (let n = 1; n <= 3; n++) {
      site.server.setFeed("/news/churn.xml", version(n));
      advance(1);
      await poller.tick();
    }
    expect(changes).toEqual([]);
    expect(poller.status()[0]!.note).toBe("rewrites every item on each read (updates kept, not announced)");
    expect(lines.filter((l) => l.includes("churn.xml") && l.includes("every item changed"))).toHaveLength(1);
  });
});

describe("feed metrics", () => {
  it("polls every feed again at the tick one interval after the cycle, however long the cycle took", async () => {
    const paths = ["/news/slow-1.xml", "/news/slow-2.xml", "/news/slow-3.xml"];
    for (const path of paths) site.server.setFeed(path, rssOf("Outlet S", [A1]));
    const sources = paths.map((path) => ({ url: `${site.server.url}${path}`, everyMinutes: 1 }));
    // Each reading of the clock is 10 s later, as if each feed took 10 s to read.
    let next = clock.getTime();
    const readings: number[] = [];
    const now = () => {
      readings.push(next);
      next += 10_000;
      return new Date(readings.at(-1)!);
    };
    const poller = new FeedPoller({ sources, settings, store: await createStore("memory"), client: site.client, sink: { load() {}, apply() {} }, log, now });
    await poller.start();
    const tickAt = readings.length;
    await poller.tick();
    const hits = () => paths.map((path) => site.server.hits(path).length);
    const first = hits();
    // The next tick: a minute after the first as the scheduler fires it, a millisecond early by this clock.
    next = readings[tickAt]! + 60_000 - 1;
    await poller.tick();
    expect(hits()).toEqual(first.map((n) => n + 1));
  });

  it("counts each read by outcome", async () => {
    const counted: string[] = [];
    const metrics = { inc: (_name: string, labels: { outcome: string }) => void counted.push(labels.outcome), observe() {}, gauge() {} } as never;
    site.server.setFeed("/news/metrics.xml", rssOf("Outlet M", [A1]));
    const sources = [{ url: `${site.server.url}/news/metrics.xml`, everyMinutes: 1 }, { url: `${site.server.url}/status/404`, everyMinutes: 1 }];
    // random 1: the failing feed's first retry is two minutes on, after the second tick.
    const poller = new FeedPoller({ sources, settings, store: await createStore("memory"), client: site.client, sink: { load() {}, apply() {} }, log, now: () => clock, metrics, random: () => 1 });
    await poller.start();
    await poller.tick();
    advance(1);
    await poller.tick();
    expect(counted.sort()).toEqual(["failed", "fetched", "not_modified"]);
  });
});

describe.skipIf(!process.env.REDIS_URL)("a fleet on one Redis (skipped: REDIS_URL is not set)", () => {
  it("polls each feed from one instance per interval; the other takes its reports from the store", async () => {
    const prefix = `herald-feeds-test-${process.pid}-${Date.now()}`;
    const [s1, s2] = [await createStore(process.env.REDIS_URL!, prefix), await createStore(process.env.REDIS_URL!, prefix)];
    try {
      site.server.setFeed("/news/fleet.xml", rssOf("Outlet F", [A1]));
      const sources = [{ url: `${site.server.url}/news/fleet.xml`, everyMinutes: 10 }];
      const [one, two] = [harness(s1, sources), harness(s2, sources)];
      await Promise.all([one.poller.start(), two.poller.start()]);
      const before = site.server.hits("/news/fleet.xml").length;
      await Promise.all([one.poller.tick(), two.poller.tick()]);
      expect(site.server.hits("/news/fleet.xml").length).toBe(before + 1);
      advance(10);
      await one.poller.tick();
      await two.poller.tick();
      expect(site.server.hits("/news/fleet.xml").length).toBe(before + 2);
      expect([one.library.list().length, two.library.list().length]).toEqual([1, 1]);

      // One instance reads a new item and a changed one; the other takes both from the store.
      site.server.setFeed("/news/fleet.xml", rssOf("Outlet F", [A2, { ...A1, text: "Bonne and Ushakov met for three hours." }]));
      advance(10);
      await one.poller.tick();
      await two.poller.tick();
      expect(site.server.hits("/news/fleet.xml").length).toBe(before + 3);
      for (const instance of [one, two]) {
        expect(instance.library.list().map((e) => [e.story.title, e.story.sections[0]!.text])).toEqual([
          [A2.title, `${A2.title}.`],
          [A1.title, "Bonne and Ushakov met for three hours."],
        ]);
      }
    } finally {
      await s1.close();
      await s2.close();
    }
  });
});
