import { HeraldError } from "./errors.js";
import type { StoryEntry, StoryLibrary } from "./library.js";
import type { Story, TimelineEvent } from "./story.js";

const titled = (e: StoryEntry) => `“${e.story.title}” (${e.story.id})`;

/** The story a person means: the newest when they named none; otherwise an error that offers candidates. */
export function resolveStory(library: StoryLibrary, query: string | undefined): StoryEntry {
  if (query === undefined) {
    const newest = library.list()[0];
    if (!newest) throw new HeraldError("unknown_story", "There are no stories yet. Add documents to the stories folder.");
    return newest;
  }
  const found = library.find(query);
  if (found.kind === "found") return found.entry;
  if (found.kind === "ambiguous") {
    throw new HeraldError(
      "ambiguous_story",
      `"${query}" matches ${found.candidates.length} stories: ${found.candidates.map(titled).join("; ")}. Add words or use the id.`,
    );
  }
  const closest = found.closest.length ? ` Closest: ${found.closest.slice(0, 3).map(titled).join("; ")}.` : "";
  throw new HeraldError("unknown_story", `No story matches "${query}".${closest}`);
}

/** The newest dated event, whatever order the document used. */
export function lastEvent(story: Story): TimelineEvent | undefined {
  let newest: TimelineEvent | undefined;
  for (const event of story.timeline) if (!newest || event.date.iso >= newest.date.iso) newest = event;
  return newest;
}

/**
 * Up to `count` sentences from the start of `text`. A sentence ends at . ! or ? (after any closing
 * quote or citation) when the next word starts with a capital or a digit, so "the U.S. envoy" stays whole.
 */
export function firstSentences(text: string, count: number): string {
  const sentences = text.trim().split(/(?<=[.!?]["”’)\]]*(?:\s?\[\d+\])*)\s+(?=[\p{Lu}\d"“‘(])/u);
  return sentences.slice(0, count).join(" ").trim();
}

/** The 1–3 sentence summary of a story: its standfirst, or the start of its first section. */
export function summaryOf(story: Story): string {
  const source = story.dek ?? story.sections[0]?.text ?? "";
  const summary = firstSentences(source, 3);
  return summary.length > 600 ? firstSentences(source, 1) : summary;
}

/** `[1][2]` for citation numbers, empty for none. */
export const citationList = (citations: readonly number[]): string => citations.map((n) => `[${n}]`).join("");

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
