import { citationList, resolveStory } from "../src/core/briefing.js";
import { defineCommand, option } from "../src/core/command.js";
import { HeraldError } from "../src/core/errors.js";
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
  execute({ story: query, event, version }, { services }) {
    const { story, version: current } = resolveStory(services.library, query);
    const events = story.timeline;
    if (!events.length) {
      throw new HeraldError("out_of_range", `“${story.title}” has no dated timeline. Try /headline story:${story.id}.`);
    }
    const blocks: TextBlock[] = [];
    const stale = version !== undefined && version !== current;
    if (stale) blocks.push({ text: "This story has changed since that button was made; here is the current version." });
    let position = event ?? 1;
    if (position > events.length) {
      if (!stale) {
        throw new HeraldError(
          "out_of_range",
          `Event ${position} is out of range: “${story.title}” has ${events.length} events (1–${events.length}).`,
        );
      }
      position = events.length;
    }
    const shown = events[position - 1]!;
    blocks.push({ heading: shown.date.text, text: shown.text });
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
        { name: "Event", value: `${position}/${last}`, inline: true },
        { name: "Date", value: shown.date.text, inline: true },
        { name: "Cites", value: citationList(shown.citations) || "none", inline: true },
      ],
      footer: `Story ${story.id} · event ${position} of ${last}`,
      buttons: [
        [
          page("⏮ First", 1, position === 1),
          page("◀ Prev", Math.max(1, position - 1), position === 1),
          page("Next ▶", Math.min(last, position + 1), position === last),
          page("Last ⏭", last, position === last),
        ],
      ],
    };
  },
});
