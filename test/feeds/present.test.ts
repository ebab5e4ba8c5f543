import { describe, expect, it } from "vitest";
import { StorySchema } from "../../src/core/story.js";
import { storyFromReports } from "../../src/feeds/present.js";
import { toReport, type Report } from "../../src/feeds/report.js";
import { makeServices } from "../helpers/services.js";
import { run } from "../helpers/run.js";

const report = (id: string, outlet: string, title: string, published: string, text: string): Report =>
  toReport(
    { guid: `urn:${id}`, link: `https://${outlet.toLowerCase().replace(/\W/g, "")}.example/${id}`, titleHtml: title, summaryHtml: `<p>${text}</p>`, contentHtml: null, published },
    { feedUrl: `https://${id}.example/rss`, outlet, firstSeen: published },
  );

const EXPRESS = report("b", "L'Express", "Bonne held talks in Moscow", "2026-02-05T14:00:00.000Z", "Emmanuel Bonne held talks with Yuri Ushakov. ".repeat(8));
const MONDE = report("a", "Le Monde", "Macron's envoy in Moscow", "2026-02-05T10:00:00.000Z", "Short report.");
const TASS = report("c", "TASS", "Kremlin confirms the meeting", "2026-02-06T08:00:00.000Z", "Peskov confirmed the meeting.");

describe("a story built from reports", () => {
  it("numbers reports by publication, leads with the one that says most, and has one timeline event per report", () => {
    const story = StorySchema.parse(storyFromReports([TASS, EXPRESS, MONDE]));
    expect(story.title).toBe("Bonne held talks in Moscow");
    expect(story.sections[0]!.citations).toEqual([2]);
    expect(story.outlets).toEqual(["Le Monde", "L'Express", "TASS"]);
    expect(story.articleCount).toBe(3);
    expect(story.timeline.map((e) => [e.date.text, e.date.iso, e.text, e.citations])).toEqual([
      ["Feb 5, 2026", "2026-02-05", "Le Monde: Macron's envoy in Moscow", [1]],
      ["Feb 5, 2026", "2026-02-05", "L'Express: Bonne held talks in Moscow", [2]],
      ["Feb 6, 2026", "2026-02-06", "TASS: Kremlin confirms the meeting", [3]],
    ]);
  });

  it("does not depend on the order the reports come in", () => {
    expect(storyFromReports([MONDE, TASS, EXPRESS])).toEqual(storyFromReports([EXPRESS, MONDE, TASS]));
  });

  it("answers /timeline and /sources for a story of one feed report", async () => {
    const services = await makeServices([storyFromReports([MONDE])]);
    const timeline = await run(services, "timeline", { story: MONDE.id });
    expect(JSON.stringify(timeline)).toContain("Le Monde: Macron's envoy in Moscow");
    const sources = await run(services, "sources", { story: MONDE.id });
    expect(JSON.stringify(sources)).toContain("Le Monde");
  });
});
