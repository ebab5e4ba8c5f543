import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseStory } from "../../src/core/parse/index.js";
import { StorySchema } from "../../src/core/story.js";

const seed = (name: string): string => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), "utf8");

describe("the first seed (aggregated story)", () => {
  const story = parseStory(seed("000_0ad91265f6a5c902.txt"), "000_0ad91265f6a5c902");

  it("is a valid Story of kind story", () => {
    expect(StorySchema.parse(story)).toEqual(story);
    expect(story.kind).toBe("story");
    expect(story.dek).toBeNull();
    expect(story.warnings).toEqual([]);
  });

  it("keeps the title as written, with its U+202F and U+2011", () => {
    expect(story.title).toBe("Macron’s Envoy Emmanuel\u202fBonne Meets Kremlin Adviser to Lay Groundwork for Franco\u2011Russian Talks");
  });

  it("reads the article counts and the outlet", () => {
    expect(story.articleCount).toBe(5);
    expect(story.relatedCount).toBe(5);
    expect(story.outlets).toContain("Le Monde");
  });

  it("splits four section headings from their first sentence, each citing [1]", () => {
    expect(story.sections.map((s) => s.heading)).toEqual([
      "Bonne’s Moscow Visit Scheduled and Low\u2011Profile",
      "Purpose Focused on Technical Coordination with Ukraine and Europe",
      "Link to Macron’s December\u202f2025 Announcement",
      "Timing and Publication Details",
    ]);
    for (const section of story.sections) expect(section.citations).toEqual([1]);
    expect(story.sections[0]!.text).toMatch(/^Emmanuel\u202fBonne, head of the Élysée’s diplomatic cell/u);
    expect(story.sections[3]!.text).toMatch(/^Le\u202fMonde first published/u);
    expect(story.sections.every((s) => !s.text.includes("["))).toBe(true);
  });

  it("gives ten timeline events, oldest first, with precision and qualifier", () => {
    const t = story.timeline;
    expect(t).toHaveLength(10);
    expect(t[0]!.date).toEqual({ text: "Dec\u202f20,\u202f2025", iso: "2025-12-20", precision: "day", qualifier: null });
    expect(t[0]!.citations).toEqual([4]);
    expect(t[1]!.date).toMatchObject({ iso: "2025-12", precision: "month", qualifier: null });
    expect(t[1]!.citations).toEqual([5]);
    expect(t[2]!.date).toMatchObject({ iso: "2026-01", precision: "month", qualifier: "early" });
    expect(t[2]!.citations).toEqual([1, 2, 3]);
    expect(t.filter((e) => e.date.iso === "2026-01-20")).toHaveLength(5);
    expect(t[9]!.date.iso).toBe("2026-02-05");
    expect(t[9]!.citations).toEqual([5]);
  });

  it("strips the date, the separator and the citations from event text", () => {
    expect(story.timeline[0]!.text).toMatch(/^Kremlin spokesman Dmitry\u202fPeskov says/u);
    expect(story.timeline[0]!.text).toMatch(/with France\.$/u);
    expect(story.timeline.every((e) => !/\[\d+\]/u.test(e.text))).toBe(true);
  });

  it("reads both images with caption, credit and outlet", () => {
    expect(story.images).toHaveLength(2);
    expect(story.images[0]).toEqual({ caption: null, credit: "Le Monde", outlet: "Le Monde" });
    expect(story.images[1]!.caption).toMatch(/^Emmanuel Macron et Emmanuel Bonne/u);
    expect(story.images[1]!.credit).toBe("LUDOVIC MARIN / AFP");
    expect(story.images[1]!.outlet).toBe("Le Monde");
  });

  it("drops the navigation lines", () => {
    const all = JSON.stringify(story);
    expect(all).not.toContain("Top Headlines");
    expect(all).not.toContain("Feeds");
  });
});

describe("the second seed (plain article)", () => {
  const story = parseStory(seed("002_33a7eaefd00a5b9a.txt"), "002_33a7eaefd00a5b9a");

  it("is a valid Story of kind article", () => {
    expect(StorySchema.parse(story)).toEqual(story);
    expect(story.kind).toBe("article");
    expect(story.title).toBe("Macron's top adviser holds talks with Kremlin officials in Moscow");
    expect(story.articleCount).toBeNull();
    expect(story.relatedCount).toBeNull();
    expect(story.warnings).toEqual([]);
  });

  it("reads the dek", () => {
    expect(story.dek).toMatch(/^Emmanuel Bonne, French President Emmanuel Macron's diplomatic adviser/u);
  });

  it("gives a first section without heading, then the three subheadings", () => {
    expect(story.sections.map((s) => s.heading)).toEqual([
      null,
      "France's strategic diplomatic positioning",
      "Macron's comments on dialogue with Putin",
      "Historical context of Franco-Russian contacts",
    ]);
    expect(story.sections[0]!.text).toMatch(/^French President Emmanuel Macron's chief diplomatic advisor/u);
  });

  it("drops the advertisement and the comment policy", () => {
    const all = JSON.stringify(story);
    expect(all).not.toContain("Advertisement");
    expect(all).not.toContain("Comments you share");
  });

  it("names L'Express as an outlet and invents no timeline", () => {
    expect(story.outlets).toContain("L'Express");
    expect(story.timeline).toEqual([]);
  });
});
