import { describe, expect, it } from "vitest";
import { StorySchema } from "../../src/core/story.js";
import { article } from "../helpers/stories.js";

describe("Story model: the origin fields of a report", () => {
  it("accepts a feed report's link, publication time with offset, outlet and feed", () => {
    const report = { ...article, url: "https://example.org/a", published: "2026-02-05T09:30:00+01:00", outlet: "L'Express", feed: "https://example.org/rss" };
    expect(StorySchema.parse(report)).toEqual(report);
  });

  it("refuses a publication time that is not an ISO 8601 date-time", () => {
    expect(StorySchema.safeParse({ ...article, published: "5 February 2026" }).success).toBe(false);
    expect(StorySchema.safeParse({ ...article, published: "2026-02-05" }).success).toBe(false);
  });

  it("refuses a report without the origin fields (they are null, never absent)", () => {
    const { url: _url, ...withoutUrl } = article;
    expect(StorySchema.safeParse(withoutUrl).success).toBe(false);
  });
});
