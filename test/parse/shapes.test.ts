import { describe, expect, it } from "vitest";
import { parseStory } from "../../src/core/parse/index.js";
import { StorySchema } from "../../src/core/story.js";

const parse = (text: string) => StorySchema.parse(parseStory(text, "t"));

describe("aggregated stories written in other ways", () => {
  it("takes a heading standing on its own line above its paragraph", () => {
    const story = parse("Floods Hit Valencia\nUpdated (2 articles)\n\nRescue Efforts\nSoldiers joined firefighters on Tuesday [1].\n");
    expect(story.sections).toEqual([{ heading: "Rescue Efforts", text: "Soldiers joined firefighters on Tuesday.", citations: [1] }]);
  });

  it("reads a dated timeline that has no Timeline heading", () => {
    const story = parse("Floods Hit Valencia\nUpdated (2 articles)\n\nOct 29, 2024 – Storm reaches the coast [1].\nOct 30, 2024 – Toll rises [2].\n");
    expect(story.timeline.map((e) => [e.date.iso, e.text, e.citations])).toEqual([
      ["2024-10-29", "Storm reaches the coast.", [1]],
      ["2024-10-30", "Toll rises.", [2]],
    ]);
  });

  it("lists bulleted, numbered and comma-separated outlets under Sources", () => {
    const story = parse("Title Here\n3 articles\n\nSources\n• Reuters\n2. Le Figaro – Inondations à Valence\nAP, BBC News\n\nTimeline\n2024 – Event [1].\n");
    expect(story.outlets).toEqual(["Reuters", "Le Figaro", "AP", "BBC News"]);
  });

  it("warns about a summary paragraph with no heading and an impossible date", () => {
    const story = parse("Title Here\nUpdated (1 article)\n\nthe text starts in lowercase here.\n\nTimeline\n\nFeb 30, 2026 – Nothing.\n");
    expect(story.sections[0]).toMatchObject({ heading: null, text: "the text starts in lowercase here." });
    expect(story.warnings).toEqual([
      "line 4: no section heading found before “the text starts in lowercase here.”",
      "timeline line 1: “Feb 30, 2026” is not a calendar date in “Feb 30, 2026 – Nothing.”",
    ]);
  });

  it("knows a page with no counts or images by its timeline after summary paragraphs that open with headings", () => {
    const story = parse(
      "Harbour Strike Ends After Port Workers Accept Wage Offer\n\n" +
        "Deal Reached After Overnight Talks Union leaders and the port authority agreed a raise on 4 March 2026 [1][2].\n" +
        "Cargo Backlog Expected to Clear Officials said the queue of ships would clear within a week [3].\n\n" +
        "Timeline\nFeb 20, 2026 – Dock workers walk out over pay [1].\nMar 4, 2026 – Union accepts the wage offer [2][3].\n",
    );
    expect(story.kind).toBe("story");
    expect(story.sections.map((s) => s.heading)).toEqual(["Deal Reached After Overnight Talks", "Cargo Backlog Expected to Clear"]);
    expect(story.timeline.map((e) => [e.date.iso, e.citations])).toEqual([["2026-02-20", [1]], ["2026-03-04", [2, 3]]]);
  });

  it("reads CR-only line endings and a missing final newline", () => {
    const story = parse("Title Here\rUpdated (4 articles)\r\rKey Points Officials said little [2].");
    expect([story.title, story.articleCount, story.sections[0]?.heading]).toEqual(["Title Here", 4, "Key Points"]);
  });
});

describe("plain articles written in other ways", () => {
  it("stays an article when it has a Timeline subheading with dated lines: its paragraphs open as sentences do", () => {
    const story = parse(
      "Port strike: how three weeks of stoppage unfolded\n\n" +
        "The strike that shut the harbour for three weeks ended on Wednesday after members voted to accept the offer.\n" +
        "Union leader Maria Costa said the deal protected jobs and pay.\n" +
        "Timeline\nFeb 20, 2026 – Dock workers walk out over pay.\nMar 4, 2026 – Union accepts the wage offer.\n",
    );
    expect(story.kind).toBe("article");
    expect(story.dek).toMatch(/^The strike that shut the harbour/u);
    expect(story.sections[0]).toMatchObject({ heading: null, text: "Union leader Maria Costa said the deal protected jobs and pay." });
  });

  it("warns about a trailing short line it cannot place", () => {
    const story = parse("A title\n\nThe dek is a sentence.\nA body paragraph that says something.\nJane Doe reporting from Paris\n");
    expect(story.sections).toHaveLength(1);
    expect(story.warnings).toEqual(["line 5: ignored “Jane Doe reporting from Paris” at the end (a short line with no paragraph after it)"]);
  });

  it("keeps several paragraphs under one subheading, separated by a blank line", () => {
    const story = parse("A title\n\nThe dek.\nIntro paragraph.\nThe background\nFirst paragraph.\nSecond paragraph.\n");
    expect(story.sections).toEqual([
      { heading: null, text: "Intro paragraph.", citations: [] },
      { heading: "The background", text: "First paragraph.\n\nSecond paragraph.", citations: [] },
    ]);
  });
});
