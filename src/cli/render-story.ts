import type { Story, TimelineEvent } from "../core/story.js";

const WIDTH = 88;
const INDENT = "    ";

/** Wraps text to the terminal width, each line after an indent. */
function wrap(text: string, indent: string, width = WIDTH): string {
  const lines: string[] = [];
  for (const paragraph of text.split(/\n+/u)) {
    let line = "";
    for (const word of paragraph.split(/[ \t]+/u).filter(Boolean)) {
      if (line && indent.length + line.length + 1 + word.length > width) {
        lines.push(indent + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(indent + line);
  }
  return lines.join("\n");
}

const cites = (citations: number[]): string => citations.map((n) => `[${n}]`).join("");

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

function renderEvent(event: TimelineEvent): string {
  const qualifier = event.date.qualifier && !event.date.text.toLowerCase().includes(event.date.qualifier) ? ` (${event.date.qualifier})` : "";
  const head = `  ${event.date.text}${qualifier}${event.citations.length ? `  ${cites(event.citations)}` : ""}`;
  return `${head}\n${wrap(event.text, INDENT)}`;
}

/** A readable briefing of a story for the terminal: title, counts, sections, timeline, outlets. */
export function renderStoryBriefing(story: Story, file?: string): string {
  const out: string[] = [];
  out.push(story.title, "=".repeat(Math.min([...story.title].length, WIDTH)));
  const facts = [`id ${story.id}`, story.kind === "article" ? "article" : "aggregated story"];
  if (story.articleCount !== null) facts.push(plural(story.articleCount, "article"));
  if (story.relatedCount !== null) facts.push(`${story.relatedCount} related`);
  if (file) facts.push(file);
  out.push(facts.join(" · "));
  if (story.outlets.length) out.push(`Outlets: ${story.outlets.join(", ")}`);
  if (story.dek) out.push("", wrap(story.dek, ""));

  if (story.sections.length) {
    out.push("", `Sections (${story.sections.length})`);
    for (const section of story.sections) {
      out.push("", `  ${section.heading ?? "(no heading)"}${section.citations.length ? ` ${cites(section.citations)}` : ""}`);
      out.push(wrap(section.text, INDENT));
    }
  }
  if (story.timeline.length) {
    out.push("", `Timeline (${plural(story.timeline.length, "event")}, oldest first)`);
    for (const event of story.timeline) out.push(renderEvent(event));
  }
  if (story.images.length) {
    out.push("", `Images (${story.images.length})`);
    for (const image of story.images) {
      out.push(`  ${image.caption ?? "(no caption)"}${image.outlet ? ` — ${image.outlet}` : ""}${image.credit && image.credit !== image.outlet ? ` (credit: ${image.credit})` : ""}`);
    }
  }
  if (story.warnings.length) {
    out.push("", `Warnings (${story.warnings.length})`);
    for (const warning of story.warnings) out.push(`  ! ${warning}`);
  }
  return out.join("\n");
}
