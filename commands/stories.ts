import { lastEvent, plural, reportsOf } from "../src/core/briefing.js";
import { defineCommand, option } from "../src/core/command.js";
import { HeraldError } from "../src/core/errors.js";

/** Stories listed on one page of /stories. */
export const STORIES_PER_PAGE = 10;

export default defineCommand({
  name: "stories",
  description: "All stories, newest first",
  options: {
    page: option.integer("Page number", { min: 1 }),
  },
  execute({ page = 1 }, { services }) {
    const all = services.library.list();
    const pages = Math.max(1, Math.ceil(all.length / STORIES_PER_PAGE));
    if (page > pages) throw new HeraldError("out_of_range", `Page ${page} is out of range: there ${pages === 1 ? "is 1 page" : `are ${pages} pages`}.`);
    const shown = all.slice((page - 1) * STORIES_PER_PAGE, page * STORIES_PER_PAGE);
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
      return `${(page - 1) * STORIES_PER_PAGE + i + 1}. ${story.title} (${facts.filter(Boolean).join(" · ")})`;
    });
    const turn = (label: string, target: number, disabled: boolean) => ({
      label,
      disabled,
      action: { command: "stories", options: { page: target }, inPlace: true },
    });
    return {
      title: `Stories (${all.length})`,
      blocks: [{ text: lines.join("\n") || "No stories yet." }],
      footer: `Page ${page} of ${pages}`,
      buttons: pages > 1 ? [[turn("◀ Prev", Math.max(1, page - 1), page === 1), turn("Next ▶", Math.min(pages, page + 1), page === pages)]] : [],
    };
  },
});
