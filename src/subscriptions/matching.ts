import type { SubscriptionFilter } from "../core/subscriptions.js";
import type { StoryEntry } from "../core/library.js";
import { WeightedCache } from "../core/weighted-cache.js";

/** Folds accents, typographic hyphens and spaces so "franco-russian" matches "Franco‑Russian". */
export function normalizeWords(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * Characters of normalised story text kept for topic matching: a digest matches every story of the
 * library against a chat's topic, and a feed library of 25,000 full-text reports would otherwise keep
 * about 100 million (each story's text was kept for as long as the story lived).
 */
export const MATCH_TEXT_CACHE_CHARS = 8_000_000;

/** Keyed by entry: a feed report's entry makes its story each time it is read. */
const searchable = new WeightedCache<StoryEntry, string>(MATCH_TEXT_CACHE_CHARS, (text) => text.length);

function textOf(entry: StoryEntry): string {
  let text = searchable.get(entry);
  if (text === undefined) {
    const story = entry.story;
    const parts = [story.title, story.dek ?? "", ...story.sections.map((s) => `${s.heading ?? ""} ${s.text}`), ...story.timeline.map((e) => e.text)];
    text = ` ${normalizeWords(parts.join(" "))} `;
    searchable.set(entry, text);
  }
  return text;
}

/** Characters of story text held for matching now (tests check the bound). */
export const matchTextCached = (): number => searchable.weight;

/** Whether a story belongs in a chat with this filter: every topic word must appear in its title or text. */
export function matchesFilter(entry: StoryEntry, filter: SubscriptionFilter | null): boolean {
  if (!filter) return true;
  if (filter.kind === "story") return entry.story.id === filter.storyId;
  const words = normalizeWords(filter.words).split(" ").filter(Boolean);
  const text = textOf(entry);
  return words.every((word) => text.includes(` ${word}`));
}
