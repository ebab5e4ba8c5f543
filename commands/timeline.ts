import { citationList, resolveStory } from "../src/core/briefing.js";
import { defineCommand, option } from "../src/core/command.js";
import { formatStoryDate, refuse, translator } from "../src/core/i18n.js";
import type { Button, TextBlock } from "../src/core/reply.js";

export default defineCommand({
  name: "timeline",
  description: "Step through a story's timeline, one event at a time",
  options: {
    story: option.story(),
    event: option.integer("Which event, 1 = the oldest", { min: 1 }),
    version: option.string("Story version the button was made for", { hidden: true, maxLength: 16 }),
  },
  buttonFields: ["story", "event", "version"],
  execute({ story: query, event, version }, { services, locale = "en" }) {
    const t = translator(locale);
    const { story, version: current } = resolveStory(services.library, query);
    const events = story.timeline;
    if (!events.length) {
      throw refuse("out_of_range", "err-no-timeline", { title: story.title, id: story.id });
    }
    const blocks: TextBlock[] = [];
    const stale = version !== undefined && version !== current;
    if (stale) blocks.push({ text: t("timeline-stale") });
    let position = event ?? 1;
    if (position > events.length) {
      if (!stale) {
        throw refuse("out_of_range", "err-event-out-of-range", { event: position, title: story.title, count: events.length });
      }
      position = events.length;
    }
    const shown = events[position - 1]!;
    const date = formatStoryDate(locale, shown.date);
    blocks.push({ heading: date, text: shown.text });
    const page = (label: string, target: number, disabled: boolean): Button => ({
      label,
      disabled,
      action: { command: "timeline", options: { story: story.id, event: target, version: current }, inPlace: true },
    });
    const last = events.length;
    return {
      title: story.title,
      blocks,
      fields: [
        { name: t("field-event"), value: `${position}/${last}`, inline: true },
        { name: t("field-date"), value: date, inline: true },
        { name: t("field-cites"), value: citationList(shown.citations) || t("cites-none"), inline: true },
      ],
      footer: t("footer-story-event-of", { id: story.id, event: position, count: last }),
      buttons: [
        [
          page(t("button-first"), 1, position === 1),
          page(t("button-prev"), Math.max(1, position - 1), position === 1),
          page(t("button-next"), Math.min(last, position + 1), position === last),
          page(t("button-last"), last, position === last),
        ],
      ],
    };
  },
});
