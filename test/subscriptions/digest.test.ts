import { describe, expect, it } from "vitest";
import { buildDigest, DIGEST_REPLY_CHARS, DIGEST_STORY_CHARS } from "../../src/subscriptions/digest.js";
import { event, FakeLibrary, story } from "./fake-library.js";

const options = { maxStories: 2, whenQuiet: "message" as const, timezone: "Europe/Paris", now: new Date("2026-03-02T07:00:00Z") };
const textOf = (replies: { blocks: { heading?: string; text: string }[] }[]) =>
  replies.flatMap((r) => r.blocks.map((b) => `${b.heading ?? ""}\n${b.text}`)).join("\n---\n");

describe("buildDigest", () => {
  it("covers the current stories, newest first, up to maxStories in a chat's first digest", () => {
    const library = new FakeLibrary([story("a", "Alpha talks"), story("b", "Bravo strike"), story("c", "Charlie vote")]);
    const digest = buildDigest(library.list(), null, null, options);
    expect(digest.replies).toHaveLength(1);
    expect(digest.replies[0]!.blocks.map((b) => b.heading)).toEqual(["Charlie vote", "Bravo strike"]);
    expect(digest.replies[0]!.footer).toBe("1 more: /stories");
  });

  it("shows only what changed since the last digest: new events, article count, title, new stories", () => {
    const library = new FakeLibrary([story("a", "Alpha talks"), story("b", "Bravo strike")]);
    const before = buildDigest(library.list(), null, null, options);
    library.put(story("a", "Alpha talks collapse", { articleCount: 7, timeline: [event("2026-01-10", "Alpha talks begins"), event("2026-03-01", "Delegations walk out")] }));
    library.put(story("d", "Delta floods"));
    const digest = buildDigest(library.list(), null, { snapshot: before.snapshot, at: new Date("2026-03-01T07:00:00Z") }, options);
    const text = textOf(digest.replies);
    expect(digest.replies[0]!.blocks.map((b) => b.heading)).toEqual(["Delta floods", "Alpha talks collapse"]);
    expect(text).toContain("New story");
    expect(text).toContain("Title changed (was “Alpha talks”).");
    expect(text).toContain("Articles: 3 → 7.");
    expect(text).toContain("• 1 March 2026 – Delegations walk out");
    expect(text).not.toContain("Alpha talks begins");
    expect(text).not.toContain("Bravo");
  });

  it("lists at most maxStories changed stories, newest first, and counts the others that have news", () => {
    const library = new FakeLibrary([story("a", "Alpha talks"), story("b", "Bravo strike"), story("c", "Charlie vote")]);
    const before = buildDigest(library.list(), null, null, options);
    library.put(story("a", "Alpha talks", { articleCount: 9 }));
    // A new version with nothing a reader is told of (its text only): neither listed nor counted.
    library.put(story("b", "Bravo strike", { sections: [{ heading: null, text: "Reworded.", citations: [] }] }));
    library.put(story("d", "Delta floods"));
    library.put(story("e", "Echo election"));
    const digest = buildDigest(library.list(), null, { snapshot: before.snapshot, at: new Date("2026-03-01T07:00:00Z") }, options);
    expect(digest.replies.flatMap((r) => r.blocks.map((b) => b.heading))).toEqual(["Echo election", "Delta floods"]);
    expect(digest.replies.at(-1)!.footer).toBe("1 more: /stories");
    // The snapshot covers every story, listed or not: the next digest does not repeat the left-out one.
    const next = buildDigest(library.list(), null, { snapshot: digest.snapshot, at: new Date("2026-03-02T07:00:00Z") }, options);
    expect(next.quiet).toBe(true);
  });

  it("says there is nothing new, naming the last digest's date, or sends nothing when told to skip", () => {
    const library = new FakeLibrary([story("a", "Alpha talks")]);
    const before = buildDigest(library.list(), null, null, options);
    const quiet = buildDigest(library.list(), null, { snapshot: before.snapshot, at: new Date("2026-03-01T07:00:00Z") }, options);
    expect(quiet.quiet).toBe(true);
    expect(quiet.replies[0]!.blocks[0]!.text).toBe("No new developments since 1 Mar 2026.");
    expect(buildDigest(library.list(), null, { snapshot: before.snapshot, at: new Date() }, { ...options, whenQuiet: "skip" }).replies).toEqual([]);
  });

  it("keeps to one story or to a topic when the subscription is filtered", () => {
    const library = new FakeLibrary([story("a", "Alpha talks"), story("b", "Bravo strike", { sections: [{ heading: null, text: "Rail workers in Lyon stop work.", citations: [] }] })]);
    expect(buildDigest(library.list(), { kind: "story", storyId: "a", title: "Alpha talks" }, null, options).replies[0]!.blocks.map((b) => b.heading)).toEqual(["Alpha talks"]);
    expect(buildDigest(library.list(), { kind: "topic", words: "lyon RAIL" }, null, options).replies[0]!.blocks.map((b) => b.heading)).toEqual(["Bravo strike"]);
  });

  it("splits a long digest into several messages within the limit, cutting only at words with an ellipsis", () => {
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const stories = Array.from({ length: 12 }, (_, i) => story(`s${i}`, `Story ${i}`, { dek: long }));
    const library = new FakeLibrary(stories);
    const digest = buildDigest(library.list(), null, null, { ...options, maxStories: 12 });
    expect(digest.replies.length).toBeGreaterThan(1);
    expect(digest.replies.map((r) => r.title)).toContain(`Digest · 2 Mar 2026 (2/${digest.replies.length})`);
    for (const reply of digest.replies) {
      const size = reply.blocks.reduce((n, b) => n + b.text.length + (b.heading?.length ?? 0), 0);
      expect(size).toBeLessThanOrEqual(DIGEST_REPLY_CHARS);
      for (const block of reply.blocks) {
        expect(block.text.length).toBeLessThanOrEqual(DIGEST_STORY_CHARS);
        const summary = block.text.split("\n")[1]!;
        expect(summary).toMatch(/ word\d+…$/);
      }
    }
    expect(digest.replies.flatMap((r) => r.blocks)).toHaveLength(12);
  });
});

describe("links in digests", () => {
  it("links a story's heading to its report when it has a URL, first digest and changes alike", () => {
    const library = new FakeLibrary([story("a", "Alpha talks", { url: "https://news.example/alpha" }), story("b", "Bravo strike")]);
    const first = buildDigest(library.list(), null, null, options);
    const blocks = first.replies.flatMap((r) => r.blocks);
    expect(blocks.find((b) => b.heading === "Alpha talks")?.url).toBe("https://news.example/alpha");
    expect(blocks.find((b) => b.heading === "Bravo strike")?.url).toBeUndefined();
    library.put(story("a", "Alpha talks", { url: "https://news.example/alpha", timeline: [event("2026-01-10", "Alpha talks begins"), event("2026-03-01", "Deal")] }));
    const later = buildDigest(library.list(), null, { snapshot: first.snapshot, at: new Date("2026-03-01T07:00:00Z") }, options);
    expect(later.replies.flatMap((r) => r.blocks).find((b) => b.heading === "Alpha talks")?.url).toBe("https://news.example/alpha");
  });
});
