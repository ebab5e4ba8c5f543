import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/core/config.js";
import { runCommand } from "../../src/core/dispatch.js";
import type { Logger } from "../../src/core/log.js";
import { StoryIndex } from "../../src/core/story-index.js";
import { libraryReportSink } from "../../src/feeds/library-sink.js";
import { FeedPoller, type FeedStatus } from "../../src/feeds/poller.js";
import { createStore } from "../../src/subscriptions/store.js";
import { withNewsSite } from "../fakes/news-server.js";
import { makeServices } from "../helpers/services.js";
import { context, run } from "../helpers/run.js";

const site = withNewsSite();

const feed = (n: number, extra: Partial<FeedStatus> = {}): FeedStatus => ({
  url: `https://news${n}.example/rss.xml`,
  outlet: `Outlet ${n}`,
  lastSuccess: "2026-03-20T11:50:00.000Z",
  items: 20,
  health: "healthy",
  note: null,
  ...extra,
});

describe("/feeds", () => {
  it("lists every feed with its outlet, last fetch, items and health, and the last problem of a failing one", async () => {
    const services = await makeServices([], {
      feeds: { status: () => [feed(1), feed(2, { health: "unhealthy", note: "HTTP 503 Service Unavailable", lastSuccess: null, items: 0 })] },
    });
    const reply = await run(services, "feeds");
    expect(reply.title).toBe("Feeds (2)");
    expect(reply.blocks[0]).toEqual({ heading: "Outlet 1", text: "✅ healthy · 20 items · last fetched 20 Mar 2026, 11:50 UTC\nhttps://news1.example/rss.xml" });
    expect(reply.blocks[1]!.text).toBe(
      "❌ unhealthy (failing for 24 h or more) · 0 items · last fetched never\nhttps://news2.example/rss.xml\nLast problem: HTTP 503 Service Unavailable",
    );
    expect(reply.footer).toBe("1 need attention");
  });

  it("pages ten feeds at a time", async () => {
    const services = await makeServices([], { feeds: { status: () => Array.from({ length: 23 }, (_, i) => feed(i + 1)) } });
    const third = await run(services, "feeds", { page: 3 });
    expect(third.blocks.map((b) => b.heading)).toEqual(["Outlet 21", "Outlet 22", "Outlet 23"]);
    expect(third.footer).toBe("Page 3 of 3");
    await expect(run(services, "feeds", { page: 4 })).rejects.toThrow("Page 4 is out of range: there are 3 pages.");
  });

  it("says how to add feeds when none is followed, and shows configured feeds where they are not polled", async () => {
    expect((await run(await makeServices([]), "feeds")).blocks[0]!.text).toMatch(/^No news feed is followed\. An operator adds feeds/);
    const config = loadConfig({ HERALD_FEEDS: "https://a.example/rss.xml" });
    const reply = await run(await makeServices([], { config }), "feeds");
    expect(reply.blocks[0]!.text).toMatch(/^… not yet fetched · 0 items · last fetched never/);
  });

  it("shows a feed's last problem in the chat's language, and the stored English of a problem from before problems were catalogued", async () => {
    const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };
    const clock = new Date("2026-02-06T08:00:00Z");
    const html = `${site.server.url}/feeds/not-a-feed.html`;
    const redirects = `${site.server.url}/redirect/6?to=/feeds/atom.xml`;
    const old = `${site.server.url}/status/500`;
    const store = await createStore("memory");
    // State saved by an older Herald: an English lastError, no catalogue message, not due again yet.
    await store.space("feeds").set(`state:${old}`, { url: old, failures: 1, failingSince: clock.toISOString(), lastAttempt: clock.toISOString(), lastError: "HTTP 500 Internal Server Error", nextAt: "2026-02-07T08:00:00Z" });
    const sources = [html, redirects, old].map((url, i) => ({ url, name: `Outlet ${i + 1}`, everyMinutes: 10 }));
    const poller = new FeedPoller({ sources, settings: { ...loadConfig({}).feeds, fetchPages: false }, store, client: site.client, sink: libraryReportSink(new StoryIndex(), () => clock), log: quiet, now: () => clock, random: () => 1 });
    await poller.start();
    await poller.tick();
    const services = await makeServices([], { feeds: { status: () => poller.status() } });
    const problems = async (locale: "en" | "fr") => {
      const [reply] = await runCommand({ command: "feeds", options: {} }, { ...context(services), locale });
      return reply!.blocks.map((b) => b.text!.split("\n").at(-1));
    };
    expect(await problems("fr")).toEqual([
      "Dernier problème : ce n'est pas un flux (le serveur a envoyé une page HTML)",
      "Dernier problème : trop de redirections (plus de 5)",
      "Dernier problème : HTTP 500 Internal Server Error",
    ]);
    // English reads as before, and the English reason the logs carry is that same message.
    expect(await problems("en")).toEqual([
      "Last problem: not a feed (the server sent an HTML page)",
      "Last problem: too many redirects (more than 5)",
      "Last problem: HTTP 500 Internal Server Error",
    ]);
    expect(poller.status().map((s) => s.note)).toEqual(["not a feed (the server sent an HTML page)", "too many redirects (more than 5)", "HTTP 500 Internal Server Error"]);
    await store.close();
  });
});
