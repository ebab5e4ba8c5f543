import { plural } from "../src/core/briefing.js";
import { defineCommand, option } from "../src/core/command.js";
import { HeraldError } from "../src/core/errors.js";
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
  execute({ page = 1 }, { services }) {
    // Where feeds are not polled (a one-shot `herald ask`), the configured list is all there is to show.
    const all: FeedStatus[] =
      services.feeds?.status() ??
      services.config.feeds.sources.map((s) => ({ url: s.url, outlet: s.name ?? new URL(s.url).hostname, lastSuccess: null, items: 0, health: "not yet fetched" as const, note: null }));
    if (!all.length) {
      return { title: "Feeds (0)", blocks: [{ text: "No news feed is followed. An operator adds feeds in the configuration (feeds.sources or HERALD_FEEDS)." }] };
    }
    const pages = Math.ceil(all.length / FEEDS_PER_PAGE);
    if (page > pages) throw new HeraldError("out_of_range", `Page ${page} is out of range: there ${pages === 1 ? "is 1 page" : `are ${pages} pages`}.`);
    const shown = all.slice((page - 1) * FEEDS_PER_PAGE, page * FEEDS_PER_PAGE);
    const unhealthy = all.filter((f) => f.health === "unhealthy" || f.health === "stopped").length;
    const turn = (label: string, target: number, disabled: boolean) => ({ label, disabled, action: { command: "feeds", options: { page: target }, inPlace: true } });
    return {
      title: `Feeds (${all.length})`,
      blocks: shown.map((f) => ({
        heading: f.outlet,
        text: [`${HEALTH_MARK[f.health]} · ${plural(f.items, "item")} · last fetched ${when(f.lastSuccess)}`, f.url, f.note ? `Last problem: ${f.note}` : null].filter(Boolean).join("\n"),
      })),
      footer: [pages > 1 ? `Page ${page} of ${pages}` : null, unhealthy ? `${unhealthy} need attention` : null].filter(Boolean).join(" · ") || undefined,
      buttons: pages > 1 ? [[turn("◀ Prev", Math.max(1, page - 1), page === 1), turn("Next ▶", Math.min(pages, page + 1), page === pages)]] : [],
    };
  },
});
