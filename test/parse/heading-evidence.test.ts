import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseStory } from "../../src/core/parse/index.js";
import { StorySchema } from "../../src/core/story.js";

/**
 * Aggregated stories written for this test, in English (Title Case headings) and French (sentence
 * case), whose headings run into sentences that open with names, titles and organisations. The
 * expected headings were written with the documents, before the splitter was run on them:
 * `headings/` then served to build the splitter, `headings-unseen/` was written after it was built.
 */
const SETS = ["headings", "headings-unseen"];
/**
 * Splits the parser gets wrong with no doubt raised naming the right heading: known limits,
 * documented in docs/parsing.md. A test below fails when one of them starts to pass, so the list
 * stays true.
 */
const KNOWN_WRONG = new Set([
  "lisbon-market-hall.txt#2", // `Maria` is also an English plural (maria, of mare): not taken for a first name
  "danube-flood.txt#1", // `General Directorate of Water Management`: an organisation of common words, across `of`
  "danube-flood.txt#3", // `Czech Interior Minister`: a nationality before a title, no evidence elsewhere
  "airline-ceo-resigns.txt#3", // `Interim Leader Finance Director`: two titles side by side
  "hague-tribunal.txt#2", // `Reporters Without Borders`: an organisation with a capitalised preposition
]);

const doubtsOf = (warnings: string[]): string[] =>
  warnings.flatMap((w) => /the heading may be “(.*)” rather than “(.*)”/u.exec(w)?.slice(1, 3) ?? []);

describe("headings that run into a capitalised sentence, judged with the whole document", () => {
  for (const set of SETS) {
    const dir = new URL(`../fixtures/${set}/`, import.meta.url);
    const expected = JSON.parse(readFileSync(new URL("expected.json", dir), "utf8")) as Record<string, string[]>;
    for (const [name, headings] of Object.entries(expected)) {
      const story = StorySchema.parse(parseStory(readFileSync(new URL(name, dir), "utf8"), name));
      headings.forEach((heading, i) => {
        const label = `${set}/${name}: section ${i + 1} is “${heading}”, or the warnings say it may be`;
        const check = (): void => {
          const section = story.sections[i];
          expect(section, `${name} has section ${i + 1}`).toBeDefined();
          if (section!.heading === heading) return;
          // A wrong split is acceptable only when it is flagged, naming the right heading.
          expect(doubtsOf(story.warnings)).toContain(heading);
          expect(doubtsOf(story.warnings)).toContain(section!.heading);
        };
        if (KNOWN_WRONG.has(`${name}#${i + 1}`)) it.fails(`${label} (known limit: fails today)`, check);
        else it(label, check);
      });
      it(`${set}/${name}: every section's text starts with a capital, as a sentence does`, () => {
        for (const section of story.sections) expect(section.text).toMatch(/^\p{Lu}/u);
      });
    }
  }

  it("gives the same heading for an identical paragraph in two documents only when their evidence agrees", () => {
    const paragraph = "Reaction to the Agreement Transport Minister Ilse Harandt called the deal fair [1].";
    const withTitle = parseStory(`Rail Unions Accept Pay Deal\nUpdated (2 articles)\n\n${paragraph}\n\nTimeline\nMay 2, 2025 – Transport Minister Ilse Harandt meets the unions [2].\n`, "a");
    const lowercase = parseStory(`Rail Unions Accept Pay Deal\nUpdated (2 articles)\n\n${paragraph}\n\nTimeline\nMay 2, 2025 – Harandt, the transport minister, meets the unions [2].\n`, "b");
    expect(withTitle.sections[0]!.heading).toBe("Reaction to the Agreement");
    expect(withTitle.warnings).toEqual([]);
    // Without the title written out elsewhere, `Transport` may end the heading: the split must be flagged.
    const alone = lowercase.sections[0]!.heading;
    if (alone !== "Reaction to the Agreement") expect(doubtsOf(lowercase.warnings)).toContain("Reaction to the Agreement");
  });

  it("moves a heading word the document writes lowercase back into the heading (`talks`, `union`)", () => {
    const story = parseStory(
      "Dockers End Strike\nUpdated (2 articles)\n\nDeal Reached After Overnight Talks Union leaders and employers signed at dawn [1].\n\nTimeline\nMay 1, 2025 – The union walks out; talks stall [2].\n",
      "c",
    );
    expect(story.sections[0]!.heading).toBe("Deal Reached After Overnight Talks");
    expect(story.sections[0]!.text).toMatch(/^Union leaders and employers/u);
  });

  it("reads a French aggregated page: its markers, sentence-case headings and dated timeline", () => {
    const story = parseStory(readFileSync(new URL("../fixtures/headings/visite-bonne-moscou.txt", import.meta.url), "utf8"), "v");
    expect([story.kind, story.articleCount, story.relatedCount]).toEqual(["story", 2, 2]);
    expect(story.timeline.map((e) => [e.date.iso, e.date.qualifier])).toEqual([["2025-12", null], ["2026-02", "early"]]);
    expect(story.warnings).toEqual([]);
  });

  it("reads Title Case headings as such under a sentence-case title", () => {
    const story = parseStory(
      "Ferry crews end nine-day strike after overnight talks\nUpdated (2 articles)\n\nDeal Struck After Overnight Talks Union leaders and the operators signed an agreement at dawn [1].\nGovernment Welcomes the Outcome Transport Minister Kaisa Lehtonen called the deal a relief [2].\n\nTimeline\nMar 7, 2025 – Transport Minister Kaisa Lehtonen appoints a mediator as the union and the operators resume talks [1].\n",
      "e",
    );
    expect(story.sections.map((s) => s.heading)).toEqual(["Deal Struck After Overnight Talks", "Government Welcomes the Outcome"]);
  });

  it("reads sentence-case headings when the title and the paragraphs are written so", () => {
    const story = parseStory(
      "Ferry crews end nine-day strike after overnight talks\nUpdated (2 articles)\n\nDeal struck after overnight talks Union leaders and the operators signed an agreement at dawn [1].\nA relief for the islands Transport Minister Kaisa Lehtonen called the deal a relief [2].\n\nTimeline\nMar 7, 2025 – Transport Minister Kaisa Lehtonen appoints a mediator as the union and the operators resume talks [1].\n",
      "f",
    );
    expect(story.sections.map((s) => s.heading)).toEqual(["Deal struck after overnight talks", "A relief for the islands"]);
  });

  it("keeps a name the document writes together in one piece (`World Health Organization`)", () => {
    const story = parseStory(
      "Measles Returns\nUpdated (2 articles)\n\nGlobal Picture World Health Organization figures show a rise [1].\n\nTimeline\nMay 2, 2024 – The World Health Organization warns of a rise [2].\n",
      "d",
    );
    expect(story.sections[0]!.heading).toBe("Global Picture");
  });
});
