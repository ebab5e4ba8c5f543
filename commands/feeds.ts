import { defineCommand, option } from "../src/core/command.js";
import { formatDate, translator, type Locale } from "../src/core/i18n.js";
import { pageOf } from "../src/core/paging.js";
import type { FeedStatus } from "../src/feeds/poller.js";

/** Feeds listed on one page of /feeds. */
export const FEEDS_PER_PAGE = 10;

/** The catalogue message of each health (`feed-health-not-yet-fetched` for "not yet fetched"). */
const healthId = (health: FeedStatus["health"]) => `feed-health-${health.replace(/ /g, "-")}`;

/** A fetch time in UTC, as the locale writes it (`20 Mar 2026, 11:50 UTC`). */
const fetchedAt = (locale: Locale, iso: string) =>
  `${formatDate(locale, new Date(iso), "stamp")} UTC`;

export default defineCommand({
  name: "feeds",
  description: "The news feeds Herald follows and their health",
  options: {
    page: option.integer("Page number", { min: 1 }),
  },
  buttonFields: ["page"],
  execute({ page = 1 }, { services, locale = "en" }) {
    const t = translator(locale);
    // Where feeds are not polled (a one-shot `herald ask`), the configured list is all there is to show.
    const all: FeedStatus[] =
      services.feeds?.status() ??
      services.config.feeds.sources.map((s) => ({ url: s.url, outlet: s.name ?? new URL(s.url).hostname, lastSuccess: null, items: 0, health: "not yet fetched" as const, note: null }));
    if (!all.length) return { title: t("feeds-title", { count: 0 }), blocks: [{ text: t("feeds-none") }] };
    const { items: shown, pages, buttons } = pageOf(all, page, FEEDS_PER_PAGE, "feeds", t);
    const unhealthy = all.filter((f) => f.health === "unhealthy" || f.health === "stopped").length;
    return {
      title: t("feeds-title", { count: all.length }),
      blocks: shown.map((f) => ({
        heading: f.outlet,
        text: [
          [t(healthId(f.health)), t("count-items", { count: f.items }), f.lastSuccess ? t("feed-fetched", { at: fetchedAt(locale, f.lastSuccess) }) : t("feed-never-fetched")].join(" · "),
          f.url,
          // The problem in the chat's language; state stored before problems had a catalogue message has only the English.
          f.note ? t("feed-last-problem", { problem: f.problem ?? f.note }) : null,
        ]
          .filter(Boolean)
          .join("\n"),
      })),
      footer: [pages > 1 ? t("page-of", { page, pages }) : null, unhealthy ? t("feeds-need-attention", { count: unhealthy }) : null].filter(Boolean).join(" · ") || undefined,
      buttons,
    };
  },
});
