import { lastEvent, reportsOf } from "../src/core/briefing.js";
import { defineCommand, option } from "../src/core/command.js";
import { formatStoryDate, translator } from "../src/core/i18n.js";
import { pageOf } from "../src/core/paging.js";

/** Stories listed on one page of /stories. */
export const STORIES_PER_PAGE = 10;

export default defineCommand({
  name: "stories",
  description: "All stories, newest first",
  options: {
    page: option.integer("Page number", { min: 1 }),
  },
  buttonFields: ["page"],
  execute({ page = 1 }, { services, locale = "en" }) {
    const t = translator(locale);
    const all = services.library.list();
    const { items: shown, pages, offset, buttons } = pageOf(all, page, STORIES_PER_PAGE, "stories", t);
    const lines = shown.map((entry, i) => {
      const { story } = entry;
      const moved = lastEvent(story);
      const count = story.articleCount ?? story.relatedCount;
      const reports = reportsOf(entry).length;
      const facts = [
        reports > 1 ? t("count-reports", { count: reports }) : null,
        count !== null ? t("count-articles", { count }) : null,
        moved ? t("last-moved", { date: formatStoryDate(locale, moved.date) }) : null,
        t("story-id", { id: story.id }),
      ];
      return `${offset + i + 1}. ${story.title} (${facts.filter(Boolean).join(" · ")})`;
    });
    return {
      title: t("stories-title", { count: all.length }),
      blocks: [{ text: lines.join("\n") || t("stories-none") }],
      footer: t("page-of", { page, pages }),
      buttons,
    };
  },
});
