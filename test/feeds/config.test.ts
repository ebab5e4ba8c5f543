import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/core/config.js";

describe("feeds configuration", () => {
  it("defaults: no feed, 14 days kept, pages fetched, private addresses refused", () => {
    expect(loadConfig({}).feeds).toEqual({ sources: [], keepDays: 14, fetchPages: true, allowPrivateAddresses: false });
  });

  it("adds HERALD_FEEDS to the configured feeds, each once, every 10 minutes by default", () => {
    const { sources } = loadConfig({ HERALD_FEEDS: " https://a.example/rss.xml,https://b.example/atom.xml,https://a.example/rss.xml" }).feeds;
    expect(sources).toEqual([
      { url: "https://a.example/rss.xml", everyMinutes: 10 },
      { url: "https://b.example/atom.xml", everyMinutes: 10 },
    ]);
  });

  it("reads HERALD_FEEDS_ALLOW_PRIVATE, HERALD_FEEDS_FETCH_PAGES and HERALD_FEEDS_KEEP_DAYS", () => {
    const feeds = loadConfig({ HERALD_FEEDS_ALLOW_PRIVATE: "true", HERALD_FEEDS_FETCH_PAGES: "false", HERALD_FEEDS_KEEP_DAYS: "3" }).feeds;
    expect(feeds).toMatchObject({ allowPrivateAddresses: true, fetchPages: false, keepDays: 3 });
  });

  it("refuses a feed URL that is not http(s), naming it", () => {
    expect(() => loadConfig({ HERALD_FEEDS: "ftp://x.example/feed" })).toThrow('feeds.sources.0.url: "ftp://x.example/feed" is not an http(s) URL');
    expect(() => loadConfig({ HERALD_FEEDS_ALLOW_PRIVATE: "yes" })).toThrow(/feeds\.allowPrivateAddresses: "yes" is not a boolean/);
  });
});
