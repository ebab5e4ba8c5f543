import { alsoReportedBy, lastEvent, plural, resolveStory, summaryOf } from "../src/core/briefing.js";
import { defineCommand, option } from "../src/core/command.js";
import { linkOf, type Button, type Field } from "../src/core/reply.js";

export default defineCommand({
  name: "headline",
  description: "The most recently updated story, or the one you name",
  options: {
    story: option.story(),
  },
  execute({ story: query }, { services }) {
    const entry = resolveStory(services.library, query);
    const { story } = entry;
    const next = services.library.after(story.id);
    const moved = lastEvent(story);
    const also = alsoReportedBy(entry);
    const fields: Field[] = [];
    const articles = story.articleCount ?? story.relatedCount;
    if (articles !== null) fields.push({ name: "Articles", value: String(articles), inline: true });
    if (moved) fields.push({ name: "Last moved", value: moved.date.text, inline: true });
    if (story.timeline.length) fields.push({ name: "Timeline", value: plural(story.timeline.length, "event"), inline: true });
    if (story.outlets.length) fields.push({ name: "Outlets", value: story.outlets.join(", "), inline: true });

    const buttons: Button[] = [];
    if (story.timeline.length) {
      buttons.push({ label: "Timeline", action: { command: "timeline", options: { story: story.id }, inPlace: false } });
    }
    buttons.push({ label: "Sources", action: { command: "sources", options: { story: story.id }, inPlace: false } });
    if (next && next.story.id !== story.id) {
      buttons.push({ label: "Next story ▶", action: { command: "headline", options: { story: next.story.id }, inPlace: true } });
    }
    return {
      title: story.title,
      ...(linkOf(story.url) ? { url: linkOf(story.url) } : {}),
      blocks: [
        { text: summaryOf(story) || "No summary in this document." },
        ...(also.length ? [{ heading: "Also reported by", text: also.join("\n") }] : []),
      ],
      fields,
      footer: `Story ${story.id}`,
      ...(moved ? { timestamp: new Date(Date.parse(moved.date.iso.length === 4 ? `${moved.date.iso}-01-01` : moved.date.iso)).toISOString() } : {}),
      buttons: [buttons],
    };
  },
});
