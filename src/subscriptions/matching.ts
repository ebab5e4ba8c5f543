import type { SubscriptionFilter } from "../core/subscriptions.js";
import type { StoryEntry } from "../core/library.js";
import type { Story } from "../core/story.js";

/** Folds accents, typographic hyphens and spaces so "franco-russian" matches "Franco‑Russian". */
export function normalizeWords(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const searchable = new WeakMap<Story, string>();

function textOf(story: Story): string {
  let text = searchable.get(story);
  if (text === undefined) {
    const parts = [story.title, story.dek ?? "", ...story.sections.map((s) => `${s.heading ?? ""} ${s.text}`), ...story.timeline.map((e) => e.text)];
    text = ` ${normalizeWords(parts.join(" "))} `;
    searchable.set(story, text);
  }
  return text;
}

/** Whether a story belongs in a chat with this filter: every topic word must appear in its title or text. */
export function matchesFilter(entry: StoryEntry, filter: SubscriptionFilter | null): boolean {
  if (!filter) return true;
  if (filter.kind === "story") return entry.story.id === filter.storyId;
  const words = normalizeWords(filter.words).split(" ").filter(Boolean);
  const text = textOf(entry.story);
  return words.every((word) => text.includes(` ${word}`));
}
