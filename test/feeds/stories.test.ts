import { describe, expect, it, vi } from "vitest";
import { renderReply as renderDiscord } from "../../src/adapters/discord/render.js";
import { createTelegramRenderer, htmlToPlain } from "../../src/adapters/telegram/render.js";
import { renderReply as renderTerminal } from "../../src/adapters/terminal/render.js";
import { CoverageLibrary, DEFAULT_RULE } from "../../src/core/coverage/index.js";
import { DatedFacts } from "../../src/core/coverage/dated-facts.js";
import { loneReportStory, presentReports } from "../../src/core/coverage/from-reports.js";
import type { StoryEntry } from "../../src/core/library.js";
import { loadCommands } from "../../src/core/registry.js";
import { StorySchema } from "../../src/core/story.js";
import { StoryIndex } from "../../src/core/story-index.js";
import { libraryReportSink, PACKED_TEXT_MIN_CHARS } from "../../src/feeds/library-sink.js";
import { toReport, type Report } from "../../src/feeds/report.js";
import { TextSpills } from "../../src/core/text-spill.js";
import { makeServices } from "../helpers/services.js";
import { press, run } from "../helpers/run.js";
import { visibleText as discordText } from "../discord/embeds.js";
import { testRegistry } from "../discord/fixtures.js";

/** A feed item as the poller makes it; `published: null` is an item the feed gave no date. */
const report = (id: string, outlet: string, title: string, published: string | null, text: string, firstSeen = "2026-02-06T09:00:00.000Z"): Report =>
  toReport(
    { guid: `urn:${id}`, link: `https://${outlet.toLowerCase().replace(/\W/g, "")}.example/${id}`, titleHtml: title, summaryHtml: `<p>${text}</p>`, contentHtml: null, published },
    { feedUrl: `https://${outlet.toLowerCase().replace(/\W/g, "")}.example/rss`, outlet, firstSeen },
  );

// Three outlets on one event (the envoy's talks in Moscow), each stating a different dated fact.
const MONDE = report(
  "a",
  "Le Monde",
  "Macron's envoy in Moscow",
  "2026-02-05T10:00:00.000Z",
  "French envoy Emmanuel Bonne met his counterpart Yuri Ushakov at the Kremlin, and spokesman Dmitry Peskov called the talks useful. The two men last met in April 2024 in Paris, according to diplomats.",
);
const EXPRESS = report(
  "b",
  "L'Express",
  "Bonne held talks in Moscow",
  "2026-02-05T14:00:00.000Z",
  "French envoy Emmanuel Bonne held talks with his counterpart Yuri Ushakov on Tuesday, the Elysee said. Kremlin spokesman Dmitry Peskov confirmed the meeting to reporters. Emmanuel Bonne had travelled to Kyiv on 12 January 2026 to brief Ukrainian officials. Yuri Ushakov will visit Paris next month, an aide said.",
);
const TASS = report("c", "TASS", "Kremlin confirms the meeting", "2026-02-06T08:00:00.000Z", "Kremlin spokesman Dmitry Peskov confirmed that presidential aide Yuri Ushakov received French envoy Emmanuel Bonne. Dmitry Peskov gave no details.");

/** The stories readers see when the feeds brought these reports: the real sink into the real grouping. */
function storiesOf(...reports: Report[]): CoverageLibrary {
  return storiesHeldBy(new TextSpills(), ...reports);
}

/**
 * The same with the report texts, and the grouping's features and dated facts, in these spills (`new
 * TextSpills(() => null)`: none, everything held in memory).
 */
function storiesHeldBy(spills: TextSpills, ...reports: Report[]): CoverageLibrary {
  const source = new StoryIndex();
  const stories = new CoverageLibrary([source], DEFAULT_RULE, spills);
  libraryReportSink(source, undefined, spills).load(reports);
  return stories;
}

const timelineOf = (entry: StoryEntry) => entry.story.timeline.map((e) => [e.date.iso, e.text, e.citations]);

describe("a story built from feed reports", () => {
  it("has one event per report plus the dated facts each states, oldest first, each citing its report's number", () => {
    const stories = storiesOf(TASS, EXPRESS, MONDE);
    expect(stories.list()).toHaveLength(1);
    const entry = stories.list()[0]!;
    expect(StorySchema.parse(entry.story)).toBeTruthy();
    expect(timelineOf(entry)).toEqual([
      ["2024-04", "The two men last met in Paris, according to diplomats. — Le Monde", [1]],
      ["2026-01-12", "Emmanuel Bonne had travelled to Kyiv to brief Ukrainian officials. — L'Express", [2]],
      // "on Tuesday", read against L'Express's own publication (Thursday 5 February).
      ["2026-02-03", "French envoy Emmanuel Bonne held talks with his counterpart Yuri Ushakov, the Elysee said. — L'Express", [2]],
      ["2026-02-05", "Le Monde: Macron's envoy in Moscow", [1]],
      ["2026-02-05", "L'Express: Bonne held talks in Moscow", [2]],
      ["2026-02-06", "TASS: Kremlin confirms the meeting", [3]],
    ]);
  });

  it("numbers reports by publication: the lead's text cites its own number, and each number names its outlet", () => {
    const entry = storiesOf(MONDE, EXPRESS, TASS).list()[0]!;
    expect(entry.story.title).toBe(EXPRESS.title);
    expect(entry.story.sections.map((s) => s.citations)).toEqual([[2]]);
    expect(entry.story.outlets).toEqual(["Le Monde", "L'Express", "TASS"]);
    expect(entry.cited!.map((r) => r.story.id)).toEqual([MONDE.id, EXPRESS.id, TASS.id]);
  });

  it("of several reports, builds its timeline and lists only when one of them is read, once for each read of the story", () => {
    const source = new StoryIndex();
    libraryReportSink(source).load([MONDE, EXPRESS, TASS]);
    const facts = new DatedFacts();
    const read = vi.spyOn(facts, "of");
    const entries = [MONDE, EXPRESS, TASS].map((r) => source.get(r.id)!);
    const entry = presentReports(entries[1]!, entries, facts);
    const story = entry.story;
    expect([story.id, story.title, story.dek, story.url]).toEqual([EXPRESS.id, EXPRESS.title, EXPRESS.dek, EXPRESS.url]);
    expect(read).not.toHaveBeenCalled();
    expect(story.outlets).toEqual(["Le Monde", "L'Express", "TASS"]);
    expect(read).toHaveBeenCalledTimes(3);
    expect([story.timeline.length, story.articleCount, story.sections[0]!.citations]).toEqual([6, 3, [2]]);
    expect(read).toHaveBeenCalledTimes(3);
    // Read again, the same story, built again from the facts kept.
    expect(entry.story).toEqual(story);
    expect(read).toHaveBeenCalledTimes(6);
  });

  it("does not depend on the order the reports arrive in", () => {
    const one = storiesOf(MONDE, EXPRESS, TASS).list()[0]!;
    const other = storiesOf(TASS, MONDE, EXPRESS).list()[0]!;
    expect(other.story).toEqual(one.story);
    expect(other.version).toBe(one.version);
  });

  it("a story of one report gets its event and its own dated facts", () => {
    const entry = storiesOf(EXPRESS).list()[0]!;
    expect(timelineOf(entry)).toEqual([
      ["2026-01-12", "Emmanuel Bonne had travelled to Kyiv to brief Ukrainian officials. — L'Express", [1]],
      ["2026-02-03", "French envoy Emmanuel Bonne held talks with his counterpart Yuri Ushakov, the Elysee said. — L'Express", [1]],
      ["2026-02-05", "L'Express: Bonne held talks in Moscow", [1]],
    ]);
  });

  it("gives back each report's publication time as the report wrote it, outlet and feed too", () => {
    const written = ["2026-02-05T14:00:00.000Z", "2026-02-05T14:00:00Z", "2026-02-05T15:00:00+01:00", "1970-01-01T00:00:00.000Z"];
    const reports = written.map((published, i) => report(`p${i}`, `Outlet ${i}`, `Title ${i}`, published, "No date in this text."));
    const library = storiesOf(...reports);
    for (const [i, published] of written.entries()) {
      const { story } = library.get(reports[i]!.id)!;
      expect([story.published, story.outlet, story.feed]).toEqual([published, `Outlet ${i}`, reports[i]!.feed]);
    }
  });

  it("reads no weekday against the time an undated item was first seen, and states no future or ambiguous date", () => {
    const undated = report("u", "Undated Daily", "Envoy's talks", null, "Emmanuel Bonne held talks with Yuri Ushakov on Tuesday. The envoy first went to Moscow in March 2019 for a summit.");
    const vague = report("v", "Vague Post", "Talks go on", "2026-02-05T10:00:00.000Z", "The talks began in July and went on this week. They will resume on 3 March 2026, officials said. Both sides met in 2023 and in 2024.");
    const [u] = storiesOf(undated).list();
    // The item's own event is dated when it was first seen (feeds.md); its "Tuesday" is not trusted.
    expect(timelineOf(u!)).toEqual([
      ["2019-03", "The envoy first went to Moscow for a summit. — Undated Daily", [1]],
      ["2026-02-06", "Undated Daily: Envoy's talks", [1]],
    ]);
    expect(timelineOf(storiesOf(vague).list()[0]!)).toEqual([["2026-02-05", "Vague Post: Talks go on", [1]]]);
  });

  it("an item the feed updated is presented anew: its facts follow its text", () => {
    const source = new StoryIndex();
    const stories = new CoverageLibrary([source], DEFAULT_RULE);
    const sink = libraryReportSink(source);
    sink.load([EXPRESS]);
    const corrected = { ...EXPRESS, sections: [{ heading: null, text: "Emmanuel Bonne had travelled to Kyiv on 14 January 2026 to brief Ukrainian officials.", citations: [] }] };
    sink.apply({ added: [], updated: [corrected], announce: true });
    expect(timelineOf(stories.list()[0]!)).toEqual([
      ["2026-01-14", "Emmanuel Bonne had travelled to Kyiv to brief Ukrainian officials. — L'Express", [1]],
      ["2026-02-05", "L'Express: Bonne held talks in Moscow", [1]],
    ]);
  });

  it("without a spill file, holds a long article's text deflated and gives it back whole: grouped, dated and serialised as a short one", () => {
    const noSpill = new TextSpills(() => null);
    const more = "Diplomats in Paris said the envoy’s visit, his first since the summit in Genève, “went as planned” 🇫🇷. ".repeat(12);
    const long = report("l", "L'Express", "Bonne held talks in Moscow", "2026-02-05T14:00:00.000Z", `${EXPRESS.sections[0]!.text} ${more}`);
    const text = long.sections[0]!.text;
    expect(text.length).toBeGreaterThanOrEqual(PACKED_TEXT_MIN_CHARS);

    const alone = storiesHeldBy(noSpill, long).list()[0]!;
    expect(alone.story.sections.map((s) => s.text)).toEqual([text]);
    expect(JSON.parse(JSON.stringify(alone.story)).sections[0].text).toBe(text);
    expect(StorySchema.parse(alone.story).sections[0]!.text).toBe(text);
    expect(timelineOf(alone)).toContainEqual(["2026-01-12", "Emmanuel Bonne had travelled to Kyiv to brief Ukrainian officials. — L'Express", [1]]);

    const grouped = storiesHeldBy(noSpill, MONDE, long, TASS).list();
    expect(grouped).toHaveLength(1);
    expect(grouped[0]!.story.title).toBe(long.title);
    expect(grouped[0]!.story.sections.map((s) => [s.text, s.citations])).toEqual([[text, [2]]]);
  });

  it("presents a report alone as its own story: report [1], one event, the source's own entry", () => {
    const source = new StoryIndex();
    const stories = new CoverageLibrary([source], DEFAULT_RULE);
    const later = { ...TASS, id: "later", title: "Kremlin talks on fishing rights", published: "2026-03-20T08:00:00.000Z" };
    libraryReportSink(source).load([TASS, later]);
    const alone = stories.get(TASS.id)!;
    expect(alone.cited!.map((r) => r.story.id)).toEqual([TASS.id]);
    expect(timelineOf(alone)).toEqual([["2026-02-06", "TASS: Kremlin confirms the meeting", [1]]]);
    expect(alone.story.sections.map((s) => s.citations)).toEqual([[1]]);
    // Not a copy: a library of lone reports holds one entry for each.
    expect(alone).toBe(source.get(TASS.id));
    expect(stories.list().map((e) => e.story.id).sort()).toEqual([TASS.id, "later"].sort());
  });

  it("a report's entry makes the same story as the report alone, whatever its shape", () => {
    const long = report("l", "L'Express", "Long read", "2026-02-05T14:00:00.000Z", "A paragraph of the envoy's visit. ".repeat(40));
    const shapes: Report[] = [
      TASS,
      report("u", "Undated Daily", "Envoy's talks", null, "Emmanuel Bonne held talks."),
      long,
      { ...TASS, id: "bare", sections: [], dek: "Only a standfirst" },
      { ...TASS, id: "no-outlet", outlet: null, outlets: [] },
      // Shapes no feed item has today: held as their story.
      { ...TASS, id: "two", sections: [{ heading: "One", text: "First.", citations: [] }, { heading: null, text: "Second.", citations: [] }] },
      { ...TASS, id: "pictured", images: [{ caption: "A photo", credit: null, outlet: null }] },
    ];
    const source = new StoryIndex();
    libraryReportSink(source).load(shapes);
    for (const shape of shapes) {
      const entry = source.get(shape.id)!;
      expect(entry.story).toEqual(loneReportStory(shape));
      expect(StorySchema.parse(entry.story)).toEqual(loneReportStory(shape));
      expect(entry.cited).toEqual([entry]);
      expect(entry.file).toBe(shape.url);
    }
  });

  it("leaves a story with no feed report as the coverage library presents it", () => {
    const folderArticle: StoryEntry = { story: { ...EXPRESS, feed: null, url: null, outlet: null }, version: "v", file: "b.txt", updatedAt: 0 };
    expect(presentReports(folderArticle, [folderArticle]).cited).toHaveLength(1);
    const source = new StoryIndex();
    source.put(folderArticle);
    const entry = new CoverageLibrary([source], DEFAULT_RULE).list()[0]!;
    expect(entry.cited).toBeUndefined();
    expect(entry.story.timeline.every((e) => e.citations.length === 0)).toBe(true);
  });
});

describe("commands on a story built from feed reports", () => {
  const services = () => makeServices([], { library: storiesOf(MONDE, EXPRESS, TASS) });

  it("/timeline steps through reports and facts, on every renderer", async () => {
    const s = await services();
    const first = await run(s, "timeline", { story: TASS.id });
    expect(renderTerminal(first).text).toContain("The two men last met in Paris, according to diplomats. — Le Monde");
    expect(renderTerminal(first).text).toContain("1/6");
    const second = await press(s, first, /Next/);
    const telegram = createTelegramRenderer(await loadCommands()).render(second).map((m) => htmlToPlain(m.text)).join("\n");
    expect(telegram).toContain("Emmanuel Bonne had travelled to Kyiv to brief Ukrainian officials. — L'Express");
    expect(telegram).toContain("[2]");
    const last = await press(s, second, /Last/);
    const discord = renderDiscord(last, await testRegistry()).map(discordText).join("\n");
    expect(discord).toContain("TASS: Kremlin confirms the meeting");
    expect(discord).toContain("[3]");
  });

  it("/sources names the outlet and link of every number", async () => {
    const text = renderTerminal(await run(await services(), "sources", { story: MONDE.id })).text;
    expect(text).toMatch(/\[1\][^[]*Le Monde: Macron's envoy in Moscow \(5 Feb 2026, 10:00 UTC\) https:\/\/lemonde\.example\/a/);
    expect(text).toMatch(/\[2\][^[]*L'Express: Bonne held talks in Moscow/);
    expect(text).toMatch(/\[3\][^[]*TASS: Kremlin confirms the meeting/);
    expect(text).not.toContain("Outlet not named");
  });

  it("/sources for one event names the report it cites", async () => {
    const text = renderTerminal(await run(await services(), "sources", { story: MONDE.id, event: 2 })).text;
    expect(text).toContain("[2]: L'Express: Bonne held talks in Moscow (5 Feb 2026, 14:00 UTC) https://lexpress.example/b");
    expect(text).not.toContain("[1]:");
  });
});
