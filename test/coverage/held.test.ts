import { describe, expect, it } from "vitest";
import { extractFeatures } from "../../src/core/coverage/features.js";
import { HeldFeatures } from "../../src/core/coverage/held.js";
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
