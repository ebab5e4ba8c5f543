import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HeraldError } from "../../src/core/errors.js";
import { parseStory } from "../../src/core/parse/index.js";
import { StorySchema } from "../../src/core/story.js";

const SEEDS = new URL("../../seeds/", import.meta.url);
const FIXTURES = new URL("../fixtures/stories/", import.meta.url);
const documents = [
  ...readdirSync(SEEDS).map((name) => readFileSync(new URL(name, SEEDS), "utf8")),
  ...readdirSync(FIXTURES).map((name) => readFileSync(new URL(name, FIXTURES), "utf8")),
];

/** Parses or fails with bad_file; anything else (a throw, an invalid Story) fails the property. */
function parsesOrRejects(text: string): void {
  try {
    StorySchema.parse(parseStory(text, "prop"));
  } catch (err) {
    expect(err).toBeInstanceOf(HeraldError);
    expect((err as HeraldError).code).toBe("bad_file");
  }
}

const unicodeNoise = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.constantFrom("\u202f", "\u2011", "\u00a0", "–", "—", "[", "]", "[1]", "(", "•", "\r", "\n", "\ufeff", "\u0000", "\ud800", "Image:", " Source Full size", "Timeline", "Sources", "Updated (3 articles)", "Dec 2025 – ", "2019 - "),
);

type Mutation =
  | { kind: "drop"; at: number }
  | { kind: "duplicate"; at: number }
  | { kind: "insert"; at: number; offset: number; noise: string }
  | { kind: "crlf" }
  | { kind: "swap"; at: number; to: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("drop" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), offset: fc.nat(), noise: unicodeNoise }),
  fc.record({ kind: fc.constant("crlf" as const) }),
  fc.record({ kind: fc.constant("swap" as const), at: fc.nat(), to: fc.nat() }),
);

function mutate(text: string, mutations: Mutation[]): string {
  const lines = text.split("\n");
  let crlf = false;
  for (const m of mutations) {
    if (lines.length === 0) break;
    if (m.kind === "crlf") crlf = !crlf;
    else if (m.kind === "drop") lines.splice(m.at % lines.length, 1);
    else if (m.kind === "duplicate") lines.splice(m.at % lines.length, 0, lines[m.at % lines.length]!);
    else if (m.kind === "swap") {
      const [a, b] = [m.at % lines.length, m.to % lines.length];
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    } else {
      const i = m.at % lines.length;
      const line = lines[i]!;
      const cut = m.offset % (line.length + 1);
      lines[i] = line.slice(0, cut) + m.noise + line.slice(cut);
    }
  }
  return lines.join(crlf ? "\r\n" : "\n");
}

describe("parseStory on any input", () => {
  it("returns a valid Story or a bad_file error for arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 400 }), parsesOrRejects), { numRuns: 500 });
  });

  it("returns a valid Story or a bad_file error for mutated seeds and fixtures", () => {
    fc.assert(
      fc.property(fc.constantFrom(...documents), fc.array(mutation, { maxLength: 12 }), (doc, mutations) => parsesOrRejects(mutate(doc, mutations))),
      { numRuns: 400 },
    );
  });

  it("rejects empty and whitespace-only text as bad_file", () => {
    for (const text of ["", "  \n\r\n\t", "\ufeff", "Advertisement\nRead more"]) {
      expect(() => parseStory(text, "x")).toThrowError(HeraldError);
    }
  });

  it("still finds the title and timeline of a seed after inserting noise everywhere", () => {
    const seed = documents[0]!;
    const noisy = seed.replace(/\n\n/gu, "\n \u00a0\n").replace(/\n/gu, "\r\n");
    const story = parseStory(noisy, "x");
    expect(story.title).toMatch(/^Macron’s Envoy/u);
    expect(story.timeline).toHaveLength(10);
  });
});
