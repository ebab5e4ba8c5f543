import { alsoReportedBy, lastEvent, resolveStory, summaryOf } from "../src/core/briefing.js";
import { defineCommand, option } from "../src/core/command.js";
import { formatNumber, formatStoryDate, translator } from "../src/core/i18n.js";
import { linkOf, type Button, type Field } from "../src/core/reply.js";

export default defineCommand({
  name: "headline",
  description: "The most recently updated story, or the one you name",
  options: {
    story: option.story(),
  },
  buttonFields: ["story"],
  execute({ story: query }, { services, locale = "en" }) {
    const t = translator(locale);
    const entry = resolveStory(services.library, query);
    const { story } = entry;
    const next = services.library.after(story.id);
    const moved = lastEvent(story);
    const also = alsoReportedBy(entry, t);
    const fields: Field[] = [];
    const articles = story.articleCount ?? story.relatedCount;
    if (articles !== null) fields.push({ name: t("field-articles"), value: formatNumber(locale, articles), inline: true });
    if (moved) fields.push({ name: t("field-last-moved"), value: formatStoryDate(locale, moved.date), inline: true });
    if (story.timeline.length) fields.push({ name: t("field-timeline"), value: t("count-events", { count: story.timeline.length }), inline: true });
    if (story.outlets.length) fields.push({ name: t("field-outlets"), value: story.outlets.join(", "), inline: true });

    const buttons: Button[] = [];
    if (story.timeline.length) {
      buttons.push({ label: t("button-timeline"), action: { command: "timeline", options: { story: story.id }, inPlace: false } });
    }
    buttons.push({ label: t("button-sources"), action: { command: "sources", options: { story: story.id }, inPlace: false } });
    if (next && next.story.id !== story.id) {
      buttons.push({ label: t("button-next-story"), action: { command: "headline", options: { story: next.story.id }, inPlace: true } });
    }
    return {
      title: story.title,
      ...(linkOf(story.url) ? { url: linkOf(story.url) } : {}),
      blocks: [
        { text: summaryOf(story) || t("headline-no-summary") },
        ...(also.length ? [{ heading: t("heading-also-reported-by"), text: also.join("\n") }] : []),
      ],
      fields,
      footer: t("footer-story", { id: story.id }),
      ...(moved ? { timestamp: new Date(Date.parse(moved.date.iso.length === 4 ? `${moved.date.iso}-01-01` : moved.date.iso)).toISOString() } : {}),
      buttons: [buttons],
    };
  },
});
