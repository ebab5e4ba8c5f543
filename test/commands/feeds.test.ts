import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/core/config.js";
import type { FeedStatus } from "../../src/feeds/poller.js";
import { makeServices } from "../helpers/services.js";
import { run } from "../helpers/run.js";

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
});
