import { citationList, outletOf, plural, reportsOf, resolveStory } from "../src/core/briefing.js";
import type { StoryEntry } from "../src/core/library.js";
import { defineCommand, option } from "../src/core/command.js";
import { HeraldError } from "../src/core/errors.js";
import { linkOf, type Field } from "../src/core/reply.js";

/** Where each citation number is used: section headings and 1-based event positions. */
function citationUses(story: import("../src/core/story.js").Story, onlyEvent?: number) {
  const uses = new Map<number, { sections: string[]; events: number[] }>();
  const use = (n: number) => uses.get(n) ?? uses.set(n, { sections: [], events: [] }).get(n)!;
  if (onlyEvent === undefined) {
    story.sections.forEach((section, i) => {
      for (const n of new Set(section.citations)) use(n).sections.push(section.heading ?? `Section ${i + 1}`);
    });
  }
  story.timeline.forEach((event, i) => {
    if (onlyEvent !== undefined && i + 1 !== onlyEvent) return;
    for (const n of new Set(event.citations)) use(n).events.push(i + 1);
  });
  return [...uses.entries()].sort(([a], [b]) => a - b);
}

/** One report as /sources lists it: outlet, title, link and publication time when known. */
function reportDetails(entry: StoryEntry): string {
  const { story } = entry;
  const when = story.published ? ` (${new Date(story.published).toISOString().slice(0, 16).replace("T", " ")} UTC)` : "";
  return `${outletOf(entry) ?? "Outlet not named"}: ${story.title}${when}${story.url ? ` ${story.url}` : ""}`;
}

export default defineCommand({
  name: "sources",
  description: "Which sources back which statement of a story",
  options: {
    story: option.story(),
    event: option.integer("Only this timeline event (1 = the oldest)", { min: 1 }),
  },
  buttonFields: ["story", "event"],
  execute({ story: query, event }, { services }) {
    const entry = resolveStory(services.library, query);
    const { story } = entry;
    const reports = reportsOf(entry);
    if (event !== undefined && event > story.timeline.length) {
      throw new HeraldError(
        "out_of_range",
        `Event ${event} is out of range: “${story.title}” has ${plural(story.timeline.length, "event")}.`,
      );
    }
    const numbered = entry.cited;
    const fields: Field[] = citationUses(story, event).map(([n, where]) => {
      const report = numbered?.[n - 1];
      const parts = [report ? reportDetails(report) : "Outlet not named in the document"];
      if (where.sections.length) parts.push(`Sections: ${where.sections.join("; ")}`);
      if (where.events.length) parts.push(`Events: ${where.events.join(", ")}`);
      return { name: citationList([n]), value: parts.join("\n") };
    });
    const related = story.relatedCount ?? story.articleCount;
    const blocks = [
      ...(reports.length > 1 && event === undefined ? [{ heading: `Reports (${reports.length})`, text: reports.map((r) => `• ${reportDetails(r)}`).join("\n") }] : []),
      {
        text: fields.length
          ? `${event ? `Event ${event} cites` : "This story cites"} ${plural(fields.length, "numbered article")}.${numbered ? " Each number is one report, numbered in order of publication." : " The document does not say which outlet published each number, so none is guessed."}`
          : `${event ? `Event ${event} cites` : "This document cites"} no numbered articles.`,
      },
      { heading: "Outlets named", text: story.outlets.length ? story.outlets.join(", ") : "None named in the document." },
    ];
    if (related !== null) blocks.push({ heading: "Related articles", text: String(related) });
    return {
      title: `Sources: ${story.title}`,
      ...(linkOf(story.url) ? { url: linkOf(story.url) } : {}),
      blocks,
      fields,
      footer: `Story ${story.id}${event ? ` · event ${event}` : ""}`,
      buttons: story.timeline.length
        ? [[{ label: "Timeline", action: { command: "timeline", options: { story: story.id, ...(event ? { event } : {}) }, inPlace: false } }]]
        : [],
    };
  },
});
