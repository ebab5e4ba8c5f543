import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { framesMeet } from "../../src/core/coverage/compare.js";
import { extractFeatures } from "../../src/core/coverage/features.js";
import { hash30 as keyHash } from "../../src/core/text.js";
import { SmallIntMap } from "../../src/core/coverage/groups.js";
import { CoverageGroups, CoverageLibrary, DEFAULT_RULE } from "../../src/core/coverage/index.js";
import type { StoryChange } from "../../src/core/library.js";
import type { Story } from "../../src/core/story.js";
import { StoryIndex } from "../../src/core/story-index.js";
import { nameKey } from "../../src/core/coverage/names.js";
import { makeStory } from "../helpers/stories.js";
import { labelled, pairScores } from "./labelled.js";

const groupsOf = (g: CoverageGroups): string[][] => g.groups().map((x) => x.members);

function groupAll(order: readonly number[]): CoverageGroups {
  const groups = new CoverageGroups(DEFAULT_RULE);
  for (const i of order) groups.add(labelled.reports[i]!);
  return groups;
}

describe("grouping the labelled set", () => {
  const groups = groupAll(labelled.reports.map((_, i) => i));
  const scores = pairScores(groups.groups(), labelled.eventOf);

  it("never joins reports of different events (precision 1.0)", () => {
    expect(scores.wrong).toEqual([]);
    expect(scores.precision).toBe(1);
  });

  it("finds at least 90% of the pairs that tell of one event", () => {
    expect(scores.recall).toBeGreaterThanOrEqual(0.9);
  });

  it("joins the seed 002_33a7eaefd00a5b9a to 000_0ad91265f6a5c902, led by the aggregated page", () => {
    const group = groups.groupOf("002_33a7eaefd00a5b9a")!;
    expect(group.id).toBe("000_0ad91265f6a5c902");
    expect(group.members).toEqual(["000_0ad91265f6a5c902", "002_33a7eaefd00a5b9a"]);
  });

  it("keeps apart the same people at a later event, and an earlier event on a story's timeline", () => {
    expect(groups.groupOf("n1-release")!.members).toEqual(["n1-release"]);
    expect(groups.groupOf("n6-earlier-fine")!.members).toEqual(["n6-earlier-fine"]);
    expect(groups.groupOf("n9-chess-later")!.members).toEqual(["n9-chess-later"]);
    expect(groups.explain("n6-earlier-fine", "g1-detention-story")!.reason).toMatch(/time frames do not meet/u);
  });

  it("keeps apart a different event at the same place in the same week", () => {
    expect(groups.groupOf("n3-flamingos")!.members).toEqual(["n3-flamingos"]);
    expect(groups.groupOf("n5-berlin-transit")!.members).toEqual(["n5-berlin-transit"]);
    expect(groups.explain("n4-mombasa-port", "g4-tea-a")!.joined).toBe(false);
  });

  it("joins reports written in French and German to the English ones: their dates read, names after an elision", () => {
    expect(groups.groupOf("l1-tea-fr")!.members).toEqual(["g4-tea-a", "g4-tea-b", "l1-tea-fr"]);
    expect(groups.groupOf("l1-flood-de")!.members).toContain("g7-flood-a");
    const tea = groups.explain("g4-tea-a", "l1-tea-fr")!;
    expect(tea.days).toEqual(["2025-09-17"]); // `le 17 septembre 2025`
    expect(tea.organisations).toEqual(["East African Tea Trade Association"]); // `a indiqué l'East African…`
    expect(groups.explain("g7-flood-a", "l1-flood-de")!.days).toEqual(["2024-06-03"]); // `am 3. Juni 2024`
  });

  it("keeps apart French and German near misses: the same people at the auction's resumption a week later, the same mayor at a council vote", () => {
    expect(groups.groupOf("n12-tea-resumes-fr")!.members).toEqual(["n12-tea-resumes-fr"]);
    expect(groups.groupOf("n13-passau-de")!.members).toEqual(["n13-passau-de"]);
  });

  it("gives the evidence of a join: names across spellings, places, dates", () => {
    const seeds = groups.explain("000_0ad91265f6a5c902", "002_33a7eaefd00a5b9a")!;
    expect(seeds.people).toContain("Iouri Ouchakov = Yuri Ushakov");
    expect(seeds.people).toContain("Emmanuel Bonne");
    expect(seeds.places).toContain("Moscow");
    expect(groups.explain("g1-detention-de", "g1-detention-fr")!.people).toContain("Jewgeni Schtscherbakow = Evgueni Chtcherbakov");
  });
});

describe("grouping is independent of arrival order", () => {
  const reference = groupsOf(groupAll(labelled.reports.map((_, i) => i)));

  it("gives the same groups for any order of arrival", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(labelled.reports.map((_, i) => i), { minLength: labelled.reports.length }), (order) => {
        expect(groupsOf(groupAll(order))).toEqual(reference);
      }),
      { numRuns: 20 },
    );
  });

  it("gives the same groups after reports are removed and added again", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(labelled.reports.length - 1), { maxLength: 10 }), (removed) => {
        const groups = groupAll(labelled.reports.map((_, i) => i));
        for (const i of removed) groups.remove(labelled.reports[i]!.id);
        const without = new Set(removed.map((i) => labelled.reports[i]!.id));
        const fresh = groupAll(labelled.reports.map((_, i) => i).filter((i) => !without.has(labelled.reports[i]!.id)));
        expect(groupsOf(groups)).toEqual(groupsOf(fresh));
        for (const i of removed) groups.add(labelled.reports[i]!);
        expect(groupsOf(groups)).toEqual(reference);
      }),
      { numRuns: 20 },
    );
  });
});

describe("incremental changes", () => {
  it("reports the groups a joining report replaces and the group it forms", () => {
    const groups = new CoverageGroups(DEFAULT_RULE);
    const [a, b] = ["000_0ad91265f6a5c902", "002_33a7eaefd00a5b9a"].map((id) => labelled.reports.find((r) => r.id === id)!);
    groups.add(b!);
    const change = groups.add(a!);
    expect(change.before.map((g) => g.members)).toEqual([["002_33a7eaefd00a5b9a"]]);
    expect(change.after.map((g) => [g.id, g.members])).toEqual([["000_0ad91265f6a5c902", ["000_0ad91265f6a5c902", "002_33a7eaefd00a5b9a"]]]);
  });

  it("gives a report alone a group of its own: formed when it comes, formed again when it is replaced, gone when removed", () => {
    const groups = new CoverageGroups(DEFAULT_RULE);
    const report = labelled.reports.find((r) => r.id === "002_33a7eaefd00a5b9a")!;
    const added = groups.add(report);
    expect([added.before, added.after.map((g) => g.members)]).toEqual([[], [[report.id]]]);
    expect(groups.groupOf(report.id)).toMatchObject({ id: report.id, members: [report.id], joins: [] });
    expect(groups.groups().map((g) => g.id)).toEqual([report.id]);
    // Replaced, it is told as changed: the group it was in and the group it is in now.
    const replaced = groups.add({ ...report, title: `${report.title}, updated` });
    expect([replaced.before.map((g) => g.members), replaced.after.map((g) => g.members)]).toEqual([[[report.id]], [[report.id]]]);
    const removed = groups.remove(report.id);
    expect([removed.before.map((g) => g.members), removed.after]).toEqual([[[report.id]], []]);
    expect(groups.groupOf(report.id)).toBeUndefined();
    expect(groups.groups()).toEqual([]);
  });

  it("tells a replaced report's group as changed when it keeps its members, and the library keeps its story", () => {
    const [a, b] = ["g2-drones-a", "g2-drones-b"].map((id) => labelled.reports.find((r) => r.id === id)!);
    const groups = new CoverageGroups(DEFAULT_RULE);
    groups.add(a!);
    groups.add(b!);
    const replaced = groups.add({ ...a!, title: `${a!.title}, updated` });
    expect([replaced.before.map((g) => g.members), replaced.after.map((g) => g.members)]).toEqual([[[a!.id, b!.id].sort()], [[a!.id, b!.id].sort()]]);

    const entryOf = (story: Story, version: string) => ({ story, version, file: `${story.id}.md`, updatedAt: 0 });
    const source = new StoryIndex([entryOf(a!, "v1"), entryOf(b!, "v1")]);
    const library = new CoverageLibrary([source], DEFAULT_RULE);
    const heard: StoryChange[] = [];
    library.onChange((change) => heard.push(change));
    const story = library.get(a!.id)!;
    expect(story.reports).toHaveLength(2);
    source.put(entryOf({ ...a!, title: `${a!.title}, updated` }, "v2"));
    source.emit({ type: "updated", storyId: a!.id, title: a!.title, version: "v2", previousVersion: "v1", newEvents: [], articleCount: null, titleChange: null, at: new Date() });
    expect(library.get(a!.id)?.reports).toHaveLength(2);
    expect(library.get(b!.id)).toBe(library.get(a!.id));
    expect(library.list()).toContain(library.get(a!.id));
    expect(heard.map((c) => [c.type, c.storyId, c.previousVersion])).toEqual([["updated", story.story.id, story.version]]);
  });

  it("keeps apart two people whose name keys share the index's hash, and keeps each filed when the other goes", () => {
    // `Bepofiz` and `Botecif`: different keys (bepofis, botecif) with one 30-bit hash, found by search.
    expect([nameKey("Bepofiz"), nameKey("Botecif")]).toEqual(["bepofis", "botecif"]);
    expect(keyHash("bepofis")).toBe(keyHash("botecif"));
    const meeting = (id: string, envoy: string, other: string, place: string, who: string) =>
      makeStory({
        id,
        kind: "article",
        title: `Talks in ${place}`,
        published: "2026-03-03T12:00:00.000Z",
        sections: [{ heading: null, text: `The envoy ${envoy} met the economist ${other} in ${place} on 3 March 2026, ${who} said. The two spoke about the harbour.`, citations: [] }],
      });
    const groups = new CoverageGroups(DEFAULT_RULE);
    groups.add(meeting("a", "Anna Bepofiz", "Jonas Kalderup", "Lyon", "officials"));
    groups.add(meeting("b", "Marta Botecif", "Pavel Rundqvist", "Porto", "officials"));
    expect(groupsOf(groups)).toEqual([["a"], ["b"]]);
    expect(groups.explain("a", "b")!.joined).toBe(false);
    groups.remove("a");
    groups.add(meeting("c", "Marta Botecif", "Pavel Rundqvist", "Porto", "the ministry"));
    expect(groupsOf(groups)).toEqual([["b", "c"]]);
  });

  it("splits a story again when the report joining it is removed", () => {
    const groups = groupAll(labelled.reports.map((_, i) => i));
    const change = groups.remove("000_0ad91265f6a5c902");
    expect(change.after.map((g) => g.members)).toEqual([["002_33a7eaefd00a5b9a"]]);
    expect(groups.groupOf("002_33a7eaefd00a5b9a")!.id).toBe("002_33a7eaefd00a5b9a");
  });
});

describe("a report whose only date has no year (a wire dateline)", () => {
  const DAY = 86_400_000;
  const day = (iso: string) => Date.parse(iso) / DAY;
  const frameOf = (text: string) => extractFeatures(makeStory({ id: "w", kind: "article", title: "Wire", dek: null, sections: [{ heading: null, text, citations: [] }], published: null, timeline: [] })).frame;
  const exact = (iso: string) => ({ from: day(iso), to: day(iso), basis: iso });

  it("takes the one day its opening states, of no year", () => {
    expect(frameOf("KYIV, March 3 (Reuters) - The commander met a German general on Tuesday.")).toMatchObject({ dayOfYear: { month: 3, day: 3 } });
    expect(frameOf("PARIS, 3 mars (AFP) - Le commandant a rencontré un général allemand.")).toMatchObject({ dayOfYear: { month: 3, day: 3 } });
  });

  it("takes none when it states two different days, and a dated year when one is written", () => {
    expect(frameOf("KYIV, March 3 (Reuters) - The talks of March 1 were cut short.")).toBeNull();
    expect(frameOf("KYIV, March 3 (Reuters) - The talks of 1 March 2026 were cut short.")?.dayOfYear).toBeUndefined();
  });

  it("meets a frame of known days that holds that day in one of its years, within the window, and nothing vaguer", () => {
    const wire = frameOf("KYIV, March 3 (Reuters) - The commander met a German general.")!;
    expect(framesMeet(wire, exact("2026-03-03"), 3)).toBe(true);
    expect(framesMeet(exact("2019-03-05"), wire, 3)).toBe(true);
    expect(framesMeet(wire, exact("2026-03-09"), 3)).toBe(false);
    expect(framesMeet(wire, { from: day("2026-03-01"), to: day("2026-03-31"), basis: "March 2026" }, 3)).toBe(false);
    expect(framesMeet(wire, { from: day("2026-03-01"), to: Infinity, basis: "after" }, 3)).toBe(false);
    expect(framesMeet(wire, wire, 3)).toBe(false);
    const newYear = frameOf("MOSCOW, Dec 31 (Reuters) - The ministers met late at night.")!;
    expect(framesMeet(newYear, exact("2027-01-02"), 3)).toBe(true);
  });

  it("joins the wire report of the labelled set to the dated reports of its event, not to the same men's other meeting that month", () => {
    const groups = new CoverageGroups(DEFAULT_RULE);
    for (const report of labelled.reports) groups.add(report);
    expect(groups.groupOf("h1-syrskyi-wire")!.members).toEqual(["h1-syrskyi-en", "h1-syrskyi-translit", "h1-syrskyi-wire"]);
    expect(groups.explain("n10-syrskyi-berlin", "h1-syrskyi-wire")!.reason).toMatch(/time frames do not meet/u);
  });
});

describe("names in French and German reports", () => {
  const featuresOf = (text: string) => extractFeatures(makeStory({ id: "x", kind: "article", title: "T", dek: null, sections: [{ heading: null, text, citations: [] }], published: null, timeline: [] }));
  const people = (text: string) => [...featuresOf(text).people.values()].map((p) => p.display);

  it("reads a name after an elided article, and no noun after a sentence's L'", () => {
    expect(people("L'économiste Evgueni Chtcherbakov a été arrêté, selon l'avocate Marina Volkova. Volkova fera appel.")).toEqual(["Evgueni Chtcherbakov", "Marina Volkova"]);
    expect(featuresOf("La délégation a rencontré le président Emmanuel Macron à Paris. Macron a salué la rencontre.").people.size).toBe(0); // a head of state: never a specific actor
    expect([...featuresOf("Les ministres se sont réunis à l'Élysée avec l'Organisation mondiale du commerce.").places.values()]).toContain("Élysée");
  });

  it("reads a German name after a capitalised role noun, and none in a noun phrase after an article", () => {
    expect(people("Die Behörden haben den Ökonomen Jewgeni Schtscherbakow festgenommen, wie seine Anwältin Marina Wolkowa sagte.")).toEqual(["Jewgeni Schtscherbakow", "Marina Wolkowa"]);
    expect(people("Menschenrechtsgruppen sprachen von einer Welle von Verfahren gegen Akademiker. Verfahren dauern lange.")).toEqual([]);
  });
});

describe("the actor index's map of small integers", () => {
  it("finds a key past a slot emptied before it, and sets it again in place", () => {
    const map = new SmallIntMap<string>();
    // 16 slots at first: 5, 21 and 37 probe from the same slot.
    for (const key of [5, 21, 37]) map.set(key, `v${key}`);
    map.delete(5);
    map.delete(21);
    expect([map.get(5), map.get(21), map.get(37)]).toEqual([undefined, undefined, "v37"]);
    map.set(37, "again");
    expect([map.size, map.get(37)]).toEqual([1, "again"]);
  });

  it("holds what a Map holds through any sequence of sets and deletes, growing and reusing emptied slots", () => {
    const op = fc.oneof(
      fc.record({ set: fc.integer({ min: 0, max: 2 ** 30 - 1 }), value: fc.integer() }),
      // Keys from a range a few times the table's size too, so sets, deletes and collisions meet on the same slots.
      fc.record({ set: fc.integer({ min: 0, max: 200 }), value: fc.integer() }),
      fc.record({ del: fc.integer({ min: 0, max: 200 }) }),
      fc.record({ del: fc.integer({ min: 0, max: 200 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const map = new SmallIntMap<number>();
        const expected = new Map<number, number>();
        for (const o of ops) {
          if ("del" in o) {
            map.delete(o.del);
            expected.delete(o.del);
          } else {
            map.set(o.set, o.value);
            expected.set(o.set, o.value);
          }
        }
        expect(map.size).toBe(expected.size);
        for (const [key, value] of expected) expect(map.get(key)).toBe(value);
        for (let key = 0; key <= 200; key++) expect(map.get(key)).toBe(expected.get(key));
      }),
      { numRuns: 300 },
    );
  });
});
