import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { datedFacts } from "../../src/core/coverage/dated-facts.js";
import { extractFeatures } from "../../src/core/coverage/features.js";
import { CoverageLibrary, DEFAULT_RULE } from "../../src/core/coverage/index.js";
import { withTimeline } from "../../src/core/coverage/library.js";
import type { StoryEntry } from "../../src/core/library.js";
import { renderReply } from "../../src/adapters/terminal/render.js";
import { makeServices } from "../helpers/services.js";
import { run } from "../helpers/run.js";
import { event, makeStory } from "../helpers/stories.js";
import { labelled } from "./labelled.js";

const article = (text: string, published: string | null = null) =>
  makeStory({ id: "a", kind: "article", title: "Talks", dek: null, sections: [{ heading: null, text, citations: [] }], published, outlets: ["L'Express"] });
const facts = (text: string, published: string | null = null) => datedFacts(article(text, published)).map((e) => [e.date.iso, e.text]);

describe("dated facts from an article", () => {
  it("reads a month with its year and takes the date out of the sentence", () => {
    expect(facts("Earlier, in April 2024, the defence ministers of both countries spoke by phone.")).toEqual([
      ["2024-04", "Earlier, the defence ministers of both countries spoke by phone."],
    ]);
  });

  it("reads a full date as a day", () => {
    expect(facts("The court fined the economist on 21 March 2024 for an article.")).toEqual([["2024-03-21", "The court fined the economist for an article."]]);
  });

  it("resolves a weekday against the publication time: the last such day before it", () => {
    expect(facts("The envoy met his counterpart on Tuesday in Moscow.", "2026-02-05T10:00:00Z")).toEqual([["2026-02-03", "The envoy met his counterpart in Moscow."]]);
  });

  it.each([
    ["a weekday without a publication time", "The envoy met his counterpart on Tuesday in Moscow.", null],
    ["a weekday that is the publication day", "The envoy met his counterpart on Thursday in Moscow.", "2026-02-05T10:00:00Z"],
    ["a month without a year", "Macron and Putin spoke by phone in July for two hours.", "2026-02-05T10:00:00Z"],
    ["next Tuesday", "The envoy meets his counterpart next Tuesday in Moscow.", "2026-02-05T10:00:00Z"],
    ["a sentence in the future", "The ministers will meet on 5 March 2026 in Geneva.", null],
    ["two dates in one sentence", "Prices rose in April 2024 and fell in May 2024 across the region.", null],
    ["this week", "The adviser travelled to Moscow this week for talks.", "2026-02-05T10:00:00Z"],
  ])("gives nothing for %s", (_case, text, published) => {
    expect(facts(text, published)).toEqual([]);
  });

  it("reads nothing from an aggregated story page (its timeline is its own)", () => {
    expect(datedFacts({ ...article("It happened on 21 March 2024 in town."), kind: "story" })).toEqual([]);
  });
});

describe("dated facts in French and German (the report's language found by franc)", () => {
  const story = (text: string, published: string | null = null) =>
    makeStory({ id: "a", kind: "article", title: "Entretiens", dek: null, sections: [{ heading: null, text, citations: [] }], published, outlets: ["Le Monde"] });
  const read = (text: string, published: string | null = null) => datedFacts(story(text, published)).map((e) => [e.date.iso, e.text, e.date.text]);
  const wednesday = "2026-02-06T10:00:00Z"; // a Friday

  it.each([
    ["a French day", "L'envoyé a rencontré le conseiller du Kremlin le 5 février 2026 à Moscou, selon ses proches.", null, ["2026-02-05", "L'envoyé a rencontré le conseiller du Kremlin à Moscou, selon ses proches.", "5 février 2026"]],
    ["a French month with its year", "L'économiste avait déjà été condamné en mars 2024 pour un article sur la politique monétaire.", null, ["2024-03", "L'économiste avait déjà été condamné pour un article sur la politique monétaire.", "mars 2024"]],
    ["a French weekday, against the publication time", "L'économiste a été arrêté mercredi à Iekaterinbourg, selon son avocat.", wednesday, ["2026-02-04", "L'économiste a été arrêté à Iekaterinbourg, selon son avocat.", "mercredi"]],
    ["a German day", "Der Berater traf seinen Amtskollegen am 5. Februar 2026 in Moskau zu einem langen Gespräch.", null, ["2026-02-05", "Der Berater traf seinen Amtskollegen in Moskau zu einem langen Gespräch.", "5. Februar 2026"]],
    ["a German month with its year", "Der Ökonom war bereits im März 2024 wegen eines Artikels zu einer Geldstrafe verurteilt worden.", null, ["2024-03", "Der Ökonom war bereits wegen eines Artikels zu einer Geldstrafe verurteilt worden.", "März 2024"]],
    ["a German weekday, against the publication time", "Der Ökonom wurde am Mittwoch in Jekaterinburg festgenommen, sagte sein Anwalt.", wednesday, ["2026-02-04", "Der Ökonom wurde in Jekaterinburg festgenommen, sagte sein Anwalt.", "Mittwoch"]],
  ])("reads %s", (_case, text, published, expected) => {
    expect(read(text, published)).toEqual([expected]);
  });

  it.each([
    ["a French future", "Les ministres se rencontreront le 5 mars 2026 à Genève pour signer l'accord.", null],
    ["a French conditional", "Le sommet pourrait avoir lieu le 5 mars 2026 à Genève, selon les diplomates.", null],
    ["a French month without a year", "Les deux présidents se sont parlé en juillet pendant deux heures au téléphone.", wednesday],
    ["a French shifted weekday", "L'envoyé a rencontré son homologue mardi dernier à Moscou pour des entretiens.", wednesday],
    ["a German future", "Die Minister werden sich am 5. März 2026 in Genf treffen, um das Abkommen zu unterzeichnen.", null],
    ["a German shifted weekday", "Der Gesandte traf seinen Amtskollegen am vergangenen Dienstag in Moskau zu Gesprächen.", wednesday],
    ["a German month without a year", "Die beiden Präsidenten telefonierten im Juli zwei Stunden lang miteinander.", wednesday],
  ])("gives nothing for %s", (_case, text, published) => {
    expect(read(text, published)).toEqual([]);
  });

  it("reads an English report with English rules even when it quotes French words", () => {
    expect(read("The envoy, known in Paris as « le conseiller », met the Kremlin adviser on 5 February 2026 in Moscow.")).toEqual([
      ["2026-02-05", "The envoy, known in Paris as « le conseiller », met the Kremlin adviser in Moscow.", "5 February 2026"],
    ]);
  });
});

describe("the story's timeline with other reports' facts", () => {
  const entries = labelled.reports.filter((r) => r.id.startsWith("00")).map((story): StoryEntry => ({ story, version: "v1", file: `${story.id}.txt`, updatedAt: 0 }));
  const source = { list: () => entries, get: (id: string) => entries.find((e) => e.story.id === id), onChange: () => () => {} };
  const stories = new CoverageLibrary([source], DEFAULT_RULE);

  it("adds the joined article's dated fact, marked with its origin, in date order", () => {
    const timeline = stories.get("000_0ad91265f6a5c902")!.story.timeline;
    expect(timeline).toHaveLength(11);
    expect(timeline[0]).toMatchObject({ date: { iso: "2024-04", precision: "month" }, text: expect.stringMatching(/terrorist attack in Moscow\. — L'Express$/u) });
    expect(timeline[1]!.date.iso).toBe("2025-12-20");
  });

  it("does not repeat a fact already on the timeline", () => {
    const lead: StoryEntry = { story: makeStory({ id: "lead", timeline: [event("2026-02-05", "Envoy Emmanuel Bonne meets Kremlin adviser Iouri Ouchakov in Moscow")] }), version: "v1", file: "lead.txt", updatedAt: 0 };
    const echo = article("Envoy Emmanuel Bonne met the Kremlin adviser Iouri Ouchakov in Moscow on 5 February 2026.");
    const other = article("The economists met in Geneva on 6 February 2026 to compare notes.");
    expect(datedFacts(echo)).toHaveLength(1);
    const timeline = withTimeline(lead, [lead, { ...lead, story: echo }, { ...lead, story: { ...other, id: "b" } }]).story.timeline;
    expect(timeline.map((e) => e.date.iso)).toEqual(["2026-02-05", "2026-02-06"]);
  });

  it("/timeline shows the origin of a fact on the terminal", async () => {
    const services = await makeServices([], { library: stories });
    const reply = await run(services, "timeline", { story: "000_0ad91265f6a5c902", event: 1 });
    expect(renderReply(reply).text).toContain("— L'Express");
  });
});

describe("reading any text in any of the three languages", () => {
  // Pieces that reach every rule (elisions, German ordinals, yearless days, shifted weekdays, futures,
  // letters whose case folds oddly) mixed with arbitrary graphemes.
  const pieces = ["le ", "l'", "d'", "L'", "1er ", "am ", "5. ", "12 ", "mars ", "März ", "Jänner ", "March ", "2024", "2026 ", "mercredi ", "Mittwoch ",
    "Tuesday ", "dernier ", "vergangenen ", "sera ", "wird ", ". ", ", ", "« ", "» ", "Élysée ", "Ökonomen ", "einer ", "von ", "ſ", "İ", "\u202f", "’", "KYIV, ", "Dec 31 ", "29 février "];
  const text = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: "grapheme", maxLength: 6 })), { maxLength: 60 }).map((a) => a.join(""));

  it("never throws, and every dated fact has a valid date", () => {
    fc.assert(
      fc.property(text, fc.option(fc.constantFrom("2026-02-06T10:00:00Z", "2024-02-29T00:00:00Z")), (t, published) => {
        const story = makeStory({ id: "a", kind: "article", title: "T", dek: t.slice(0, 80) || null, sections: [{ heading: null, text: t, citations: [] }], published: published ?? null, outlets: [] });
        for (const fact of datedFacts(story)) expect(Number.isNaN(Date.parse(fact.date.iso))).toBe(false);
        expect(() => extractFeatures(story)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
