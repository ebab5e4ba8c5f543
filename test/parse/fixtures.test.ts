import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseStory, storyIdFromPath } from "../../src/core/parse/index.js";
import { StorySchema, type Story } from "../../src/core/story.js";

const FIXTURES = new URL("../fixtures/stories/", import.meta.url);

function load(name: string): Story {
  const text = readFileSync(new URL(name, FIXTURES), "utf8");
  return StorySchema.parse(parseStory(text, storyIdFromPath(name)));
}
const isos = (story: Story): string[] => story.timeline.map((e) => e.date.iso);

describe("fixture: newest-first CRLF story with a Sources list (rotterdam-port-strike)", () => {
  const story = load("rotterdam-port-strike.txt");
  it("reads title, counts and outlets under Sources", () => {
    expect(story.title).toBe("Rotterdam Dockworkers Extend Strike as Shipping Backlog Grows");
    expect([story.articleCount, story.relatedCount]).toEqual([12, 12]);
    expect(story.outlets).toEqual(["Reuters", "NOS", "Politico Europe"]);
    expect(story.images).toEqual([]);
    expect(story.warnings).toEqual([]);
  });
  it("splits headings with spaced citations", () => {
    expect(story.sections.map((s) => s.heading)).toEqual(["Walkout Enters Its Third Week", "Economic Cost for Northern Europe", "Government Calls for Mediation"]);
    expect(story.sections.map((s) => s.citations)).toEqual([[2, 1], [3, 4], [5, 6]]);
    expect(story.sections[1]!.text).toMatch(/^According to the port authority/u);
  });
  it("reverses the em-dash timeline to oldest first, long month names, month among its days", () => {
    expect(isos(story)).toEqual(["2025-02", "2025-03-10", "2025-03", "2025-03-17", "2025-03-24"]);
    expect(story.timeline[0]!.date.text).toBe("February 2025");
    expect(story.timeline[4]!.text).toBe("Union rejects the employers’ revised offer and extends the strike indefinitely.");
    expect(story.timeline[3]!.citations).toEqual([5, 6]);
  });
});

describe("fixture: one-article story with bare years and day-first dates (lithium-atacama)", () => {
  const story = load("lithium-atacama.txt");
  it("reads `1 article`, images and their outlets", () => {
    expect([story.articleCount, story.relatedCount]).toEqual([1, 1]);
    expect(story.images).toEqual([
      { caption: "Evaporation ponds in the Atacama salt flat.", credit: "Photo: Martin Bernetti", outlet: "El Mercurio" },
      { caption: null, credit: "Bloomberg Línea", outlet: "Bloomberg Línea" },
    ]);
    expect(story.outlets).toEqual(["El Mercurio", "Bloomberg Línea"]);
  });
  it("reads hyphen-separated bare years and `20 Dec 2023`", () => {
    expect(story.timeline.map((e) => [e.date.iso, e.date.precision])).toEqual([
      ["2016", "year"], ["2023", "year"], ["2023-12-20", "day"], ["2024-05-31", "day"],
    ]);
    expect(story.timeline[1]!.text).toMatch(/^President Gabriel Boric announces/u);
  });
  it("treats an empty Sources heading as no sources", () => {
    expect(story.sections.map((s) => s.heading)).toEqual(["Codelco Takes the Lead", "Environmental Concerns in the Salt Flat"]);
    expect(story.warnings).toEqual([]);
  });
});

describe("fixture: story with qualifiers and many citations (antarctic-ice-core)", () => {
  const story = load("antarctic-ice-core.txt");
  it("reads headings that run into `The`, `Researchers`, `In a` and a name", () => {
    expect(story.sections.map((s) => s.heading)).toEqual([
      "A Record Reaching Back 1.2 Million Years", "Why the Record Matters for Climate Models", "Logistics on the Plateau", "Next Steps in Venice",
    ]);
    expect(story.sections[1]!.citations).toEqual([4, 10]);
  });
  it("keeps early/late months where the document puts them among the days", () => {
    expect(story.timeline.map((e) => [e.date.iso, e.date.qualifier])).toEqual([
      ["2024-12", "early"], ["2024-12-18", null], ["2025-01", null], ["2025-01-09", null], ["2025-01", "late"],
    ]);
    expect(story.timeline[0]!.citations).toEqual([5]);
    expect(story.images[0]).toEqual({ caption: "Drillers at the Little Dome C camp.", credit: "PNRA/IPEV", outlet: "Nature" });
  });
});

describe("fixture: article with subheadings and page furniture (berlin-rent-cap)", () => {
  const story = load("berlin-rent-cap.txt");
  it("reads title, dek and subheadings, a short question included", () => {
    expect(story.kind).toBe("article");
    expect(story.dek).toMatch(/^The city's governing coalition wants to freeze rents/u);
    expect(story.sections.map((s) => s.heading)).toEqual([null, "Why the court blocked the last attempt", "What happens next?"]);
    expect(story.sections[2]!.text.split("\n\n")).toHaveLength(2);
  });
  it("drops advertisement, sign-up, read-more and comment-policy lines", () => {
    const all = JSON.stringify(story);
    for (const furniture of ["Advertisement", "Sign up", "Read more", "Comments you share"]) expect(all).not.toContain(furniture);
    expect(story.warnings).toEqual([]);
  });
  it("names the outlet the report came from", () => {
    expect(story.outlets).toEqual(["Deutsche Welle"]);
  });
});

describe("fixture: CRLF article with a byline and no subheadings (kenya-tea-auction)", () => {
  const story = load("kenya-tea-auction.txt");
  it("drops the byline and rights notice and keeps one headless section", () => {
    expect(story.title).toBe("Kenyan tea prices fall to a three-year low at Mombasa auction");
    expect(story.dek).toMatch(/^Prices at the weekly Mombasa tea auction/u);
    expect(story.sections).toHaveLength(1);
    expect(story.sections[0]!.heading).toBeNull();
    expect(JSON.stringify(story)).not.toMatch(/Amina|All rights|\r/u);
  });
  it("finds the newspaper named as the source of the figures", () => {
    expect(story.outlets).toEqual(["Business Daily"]);
  });
});

describe("fixture: story with a long file name and a line without a date", () => {
  const story = load("a-very-long-story-file-name-about-ports.txt");
  it("shortens the id to 24 characters with a hash", () => {
    expect(story.id).toMatch(/^a-very-long-sto-[0-9a-f]{8}$/u);
  });
  it("reads a bare `5 articles` marker and mixed separators", () => {
    expect(story.articleCount).toBe(5);
    expect(story.timeline.map((e) => [e.date.iso, e.date.qualifier])).toEqual([["2019", null], ["2025-09", "late"], ["2025-10-14", null]]);
    expect(story.timeline[2]!.citations).toEqual([2, 4]);
  });
  it("warns about the timeline line it could not date, quoting it", () => {
    expect(story.warnings).toEqual(["timeline line 4: no date found in “Sometime later the ship returns empty.”"]);
  });
});
