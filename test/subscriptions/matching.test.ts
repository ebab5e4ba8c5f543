import { describe, expect, it } from "vitest";
import { matchesFilter, matchTextCached, MATCH_TEXT_CACHE_CHARS } from "../../src/subscriptions/matching.js";
import { story } from "./fake-library.js";

describe("topic matching over a large library", () => {
  it("holds at most its bound of normalised text, and matches the same after a story's text was dropped", () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 997}`).join(" ");
    const stories = Array.from({ length: 4 }, (_, i) => ({
      story: story(`s${i}`, `Harbour strike day ${i}`, { sections: [{ heading: null, text: words(MATCH_TEXT_CACHE_CHARS / 24), citations: [1] }] }),
      version: "v",
      file: `s${i}.txt`,
      updatedAt: 0,
    }));
    const topic = { kind: "topic" as const, words: "harbour strike" };
    for (const entry of stories) expect(matchesFilter(entry, topic)).toBe(true);
    expect(matchTextCached()).toBeLessThanOrEqual(MATCH_TEXT_CACHE_CHARS);
    expect(matchTextCached()).toBeGreaterThan(MATCH_TEXT_CACHE_CHARS / 2);
    expect(matchesFilter(stories[0]!, topic)).toBe(true);
    expect(matchesFilter(stories[0]!, { kind: "topic", words: "word996" })).toBe(true);
    expect(matchesFilter(stories[0]!, { kind: "topic", words: "ferry" })).toBe(false);
  });
});
