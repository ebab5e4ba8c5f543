import { describe, expect, it } from "vitest";
import { extractFeatures } from "../../src/core/coverage/features.js";
import { CoverageGroups } from "../../src/core/coverage/groups.js";
import { DEFAULT_RULE } from "../../src/core/coverage/index.js";
import { HeldFeatures } from "../../src/core/coverage/held.js";
import { TextSpill, TextSpills } from "../../src/core/text-spill.js";
import { CoverageLibrary } from "../../src/core/coverage/library.js";
import { StoryIndex } from "../../src/core/story-index.js";
import { makeStory } from "../helpers/stories.js";
import { labelled } from "./labelled.js";

describe("features as grouping holds them", () => {
  it("reads back every labelled report's features as extracted: names in three languages, places, words, dates", () => {
    const all = labelled.reports.map(extractFeatures);
    expect(all.some((f) => f.people.size && f.organisations.size && f.places.size)).toBe(true);
    for (const features of all) expect(HeldFeatures.of(features).features()).toEqual(features);
  });

  it("reads back a report that names no one and has no words of its own", () => {
    const features = extractFeatures(makeStory({ id: "bare", title: "…", dek: null, sections: [] }));
    expect(features.people.size + features.organisations.size + features.places.size + features.words.length).toBe(0);
    expect(HeldFeatures.of(features).features()).toEqual(features);
  });

  it("keeps a person's name as written when the text has accents and apostrophes", () => {
    const story = makeStory({
      id: "accents",
      title: "Talks in Saint-Étienne",
      dek: null,
      sections: [{ heading: null, text: "The envoy Zoë O’Brien-Łukasiewicz met the negotiator Jürgen Weiß of the Rhône Shipping Company in Saint-Étienne on 3 March 2026. O’Brien-Łukasiewicz said the talks went well, and Weiß agreed.", citations: [] }],
    });
    const features = extractFeatures(story);
    expect([...features.people.values()].map((p) => p.display)).toEqual(expect.arrayContaining(["Jürgen Weiß"]));
    expect(HeldFeatures.of(features).features()).toEqual(features);
  });
});

describe.skipIf(process.platform === "win32")("features held in a spill file (skipped on Windows, where they stay in memory)", () => {
  it("writes each report's features to the file and reads them back as extracted", () => {
    const opened: TextSpill[] = [];
    const spills = new TextSpills(() => {
      const spill = TextSpill.open();
      if (spill) opened.push(spill);
      return spill;
    });
    const all = labelled.reports.map(extractFeatures);
    const held = all.map((features) => HeldFeatures.of(features, spills));
    expect(held.every((h) => h.spilled)).toBe(true);
    expect(opened[0]!.size).toBeGreaterThan(0);
    held.forEach((h, i) => expect(h.features()).toEqual(all[i]));
  });

  it("moves features to another file, or into memory when none can be written", () => {
    const features = extractFeatures(labelled.reports[0]!);
    const [from, to] = [TextSpill.open()!, TextSpill.open()!];
    const held = HeldFeatures.of(features, new TextSpills(() => from));
    held.moveTo(new TextSpills(() => to));
    expect(to.size).toBe(from.size);
    from.read = () => { throw new Error("read from the file the features left"); };
    expect(held.spilled).toBe(true);
    expect(held.features()).toEqual(features);
    held.moveTo(new TextSpills(() => null));
    to.read = () => { throw new Error("read from the file the features left"); };
    expect(held.spilled).toBe(false);
    expect(held.features()).toEqual(features);
  });

  it("groups the labelled reports as it does with the features in memory", () => {
    const inMemory = new CoverageGroups(DEFAULT_RULE);
    const spilled = new CoverageGroups(DEFAULT_RULE, new TextSpills());
    for (const story of labelled.reports) {
      inMemory.add(story);
      spilled.add(story);
    }
    expect(spilled.groups()).toEqual(inMemory.groups());
    expect(spilled.groups().some((g) => g.members.length > 1)).toBe(true);
  });

  it("presents the same stories and facts from a library whose file is renewed, reading nothing from the old files", () => {
    const entries = labelled.reports.map((story) => ({ story, version: "v1", file: `${story.id}.md`, updatedAt: Date.parse(story.published ?? "") || 0 }));
    const shown = (library: CoverageLibrary) => library.list().map((e) => ({ id: e.story.id, timeline: e.story.timeline, members: (e.reports ?? [e]).map((r) => r.story.id) }));
    const inMemory = new CoverageLibrary([new StoryIndex(entries)], DEFAULT_RULE);
    const opened: TextSpill[] = [];
    const spills = new TextSpills(() => {
      const spill = TextSpill.open();
      if (spill) opened.push(spill);
      return spill;
    }, 1);
    const source = new StoryIndex(entries);
    const library = new CoverageLibrary([source], DEFAULT_RULE, spills);
    expect(shown(library)).toEqual(shown(inMemory));
    // Stories of several reports, with facts their reports state.
    expect(shown(library).some((s) => s.members.length > 1 && s.timeline.some((e) => e.text.includes(" — ")))).toBe(true);
    const putAgain = (entry: (typeof entries)[number], version: string) => {
      source.put({ ...entry, version });
      source.emit({ type: "updated", storyId: entry.story.id, title: entry.story.title, version, previousVersion: null, newEvents: [], articleCount: null, titleChange: null, at: new Date(), quiet: true });
    };
    // Every report again: what the file held before is dead, and the live features and facts move on.
    for (const entry of entries) putAgain(entry, "v2");
    expect(opened.length).toBeGreaterThan(1);
    for (const old of opened.slice(0, -1)) old.read = () => { throw new Error("read from a file that holds only dead features and facts"); };
    // Half of them once more: their stories are presented again from the others' features and facts.
    entries.forEach((entry, i) => i % 2 && putAgain(entry, "v3"));
    expect(shown(library)).toEqual(shown(inMemory));
  });
});
