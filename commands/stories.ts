import { lastEvent, plural, reportsOf } from "../src/core/briefing.js";
import { defineCommand, option } from "../src/core/command.js";
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
  execute({ page = 1 }, { services }) {
    const all = services.library.list();
    const { items: shown, pages, offset, buttons } = pageOf(all, page, STORIES_PER_PAGE, "stories");
    const lines = shown.map((entry, i) => {
      const { story } = entry;
      const moved = lastEvent(story);
      const count = story.articleCount ?? story.relatedCount;
      const reports = reportsOf(entry).length;
      const facts = [
        reports > 1 ? plural(reports, "report") : null,
        count !== null ? plural(count, "article") : null,
        moved ? `last moved ${moved.date.text}` : null,
        `id ${story.id}`,
      ];
      return `${offset + i + 1}. ${story.title} (${facts.filter(Boolean).join(" · ")})`;
    });
    return {
      title: `Stories (${all.length})`,
      blocks: [{ text: lines.join("\n") || "No stories yet." }],
      footer: `Page ${page} of ${pages}`,
      buttons,
    };
  },
});
