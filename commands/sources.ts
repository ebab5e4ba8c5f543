import { citationList, outletOf, reportsOf, resolveStory } from "../src/core/briefing.js";
import type { StoryEntry } from "../src/core/library.js";
import { defineCommand, option } from "../src/core/command.js";
import { formatDate, formatNumber, refuse, translator, type Locale, type Translate } from "../src/core/i18n.js";
import { linkOf, type Field } from "../src/core/reply.js";

/** Where each citation number is used: section headings and 1-based event positions. */
function citationUses(story: import("../src/core/story.js").Story, t: Translate, onlyEvent?: number) {
  const uses = new Map<number, { sections: string[]; events: number[] }>();
  const use = (n: number) => uses.get(n) ?? uses.set(n, { sections: [], events: [] }).get(n)!;
  if (onlyEvent === undefined) {
    story.sections.forEach((section, i) => {
      for (const n of new Set(section.citations)) use(n).sections.push(section.heading ?? t("section-number", { number: i + 1 }));
    });
  }
  story.timeline.forEach((event, i) => {
    if (onlyEvent !== undefined && i + 1 !== onlyEvent) return;
    for (const n of new Set(event.citations)) use(n).events.push(i + 1);
  });
  return [...uses.entries()].sort(([a], [b]) => a - b);
}

/** One report as /sources lists it: outlet, title, link and publication time when known. */
function reportDetails(entry: StoryEntry, locale: Locale, t: Translate): string {
  const { story } = entry;
  const when = story.published ? ` (${formatDate(locale, new Date(story.published), "stamp")} UTC)` : "";
  return `${outletOf(entry) ?? t("outlet-not-named")}: ${story.title}${when}${story.url ? ` ${story.url}` : ""}`;
}

export default defineCommand({
  name: "sources",
  description: "Which sources back which statement of a story",
  options: {
    story: option.story(),
    event: option.integer("Only this timeline event (1 = the oldest)", { min: 1 }),
  },
  buttonFields: ["story", "event"],
  execute({ story: query, event }, { services, locale = "en" }) {
    const t = translator(locale);
    const entry = resolveStory(services.library, query);
    const { story } = entry;
    const reports = reportsOf(entry);
    if (event !== undefined && event > story.timeline.length) {
      throw refuse("out_of_range", "err-event-out-of-range", { event, title: story.title, count: story.timeline.length });
    }
    const numbered = entry.cited;
    const fields: Field[] = citationUses(story, t, event).map(([n, where]) => {
      const report = numbered?.[n - 1];
      const parts = [report ? reportDetails(report, locale, t) : t("sources-outlet-not-named")];
      if (where.sections.length) parts.push(t("sources-sections", { sections: where.sections.join("; ") }));
      if (where.events.length) parts.push(t("sources-events", { events: where.events.join(", ") }));
      return { name: citationList([n]), value: parts.join("\n") };
    });
    const related = story.relatedCount ?? story.articleCount;
    const blocks = [
      ...(reports.length > 1 && event === undefined ? [{ heading: t("sources-reports", { count: reports.length }), text: reports.map((r) => `• ${reportDetails(r, locale, t)}`).join("\n") }] : []),
      {
        text: fields.length
          ? `${t(event ? "sources-event-cites" : "sources-story-cites", { event: event ?? 0, count: fields.length })} ${t(numbered ? "sources-numbers-are-reports" : "sources-numbers-unattributed")}`
          : t(event ? "sources-event-cites-none" : "sources-story-cites-none", { event: event ?? 0 }),
      },
      { heading: t("heading-outlets-named"), text: story.outlets.length ? story.outlets.join(", ") : t("sources-no-outlets") },
    ];
    if (related !== null) blocks.push({ heading: t("heading-related-articles"), text: formatNumber(locale, related) });
    return {
      title: t("sources-title", { title: story.title }),
      ...(linkOf(story.url) ? { url: linkOf(story.url) } : {}),
      blocks,
      fields,
      footer: event ? t("footer-story-event", { id: story.id, event }) : t("footer-story", { id: story.id }),
      buttons: story.timeline.length
        ? [[{ label: t("button-timeline"), action: { command: "timeline", options: { story: story.id, ...(event ? { event } : {}) }, inPlace: false } }]]
        : [],
    };
  },
});
