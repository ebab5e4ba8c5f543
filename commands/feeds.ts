import { plural } from "../src/core/briefing.js";
import { defineCommand, option } from "../src/core/command.js";
import { pageOf } from "../src/core/paging.js";
import type { FeedStatus } from "../src/feeds/poller.js";

/** Feeds listed on one page of /feeds. */
export const FEEDS_PER_PAGE = 10;

const HEALTH_MARK: Record<FeedStatus["health"], string> = {
  healthy: "✅ healthy",
  failing: "⚠️ failing",
  unhealthy: "❌ unhealthy (failing for 24 h or more)",
  stopped: "⛔ stopped (the feed is gone: HTTP 410)",
  "not yet fetched": "… not yet fetched",
};

const when = (iso: string | null): string => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "never");

export default defineCommand({
  name: "feeds",
  description: "The news feeds Herald follows and their health",
  options: {
    page: option.integer("Page number", { min: 1 }),
  },
  buttonFields: ["page"],
  execute({ page = 1 }, { services }) {
    // Where feeds are not polled (a one-shot `herald ask`), the configured list is all there is to show.
    const all: FeedStatus[] =
      services.feeds?.status() ??
      services.config.feeds.sources.map((s) => ({ url: s.url, outlet: s.name ?? new URL(s.url).hostname, lastSuccess: null, items: 0, health: "not yet fetched" as const, note: null }));
    if (!all.length) {
      return { title: "Feeds (0)", blocks: [{ text: "No news feed is followed. An operator adds feeds in the configuration (feeds.sources or HERALD_FEEDS)." }] };
    }
    const { items: shown, pages, buttons } = pageOf(all, page, FEEDS_PER_PAGE, "feeds");
    const unhealthy = all.filter((f) => f.health === "unhealthy" || f.health === "stopped").length;
    return {
      title: `Feeds (${all.length})`,
      blocks: shown.map((f) => ({
        heading: f.outlet,
        text: [`${HEALTH_MARK[f.health]} · ${plural(f.items, "item")} · last fetched ${when(f.lastSuccess)}`, f.url, f.note ? `Last problem: ${f.note}` : null].filter(Boolean).join("\n"),
      })),
      footer: [pages > 1 ? `Page ${page} of ${pages}` : null, unhealthy ? `${unhealthy} need attention` : null].filter(Boolean).join(" · ") || undefined,
      buttons,
    };
  },
});
