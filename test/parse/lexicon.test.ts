import { createRequire } from "node:module";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { englishTags, holdsLexicon, LEXICON_IDLE_MS, useLexicon } from "../../src/core/parse/lexicon.js";

/** The package's own object, as en-pos reads it. */
const table = (createRequire(import.meta.url)("en-lexicon/dist/lexicon.js") as { default: Record<string, string> }).default;
const words = Object.keys(table);
const expected = (word: string) => (Object.hasOwn(table, word) ? table[word]!.split("|") : undefined);

describe("englishTags (en-lexicon read from its file)", () => {
  beforeAll(() => useLexicon(null));

  it("gives every listed word the package's own tags", () => {
    expect(words.length).toBeGreaterThan(100_000);
    const wrong = words.filter((word) => JSON.stringify(englishTags(word)) !== JSON.stringify(expected(word)));
    expect(wrong).toEqual([]);
  });

  it("reads escaped and wide entries as JavaScript does", () => {
    expect(englishTags('"')).toEqual(['"']);
    expect(englishTags("'")).toEqual(["POS", '"']);
    expect(englishTags("“")).toEqual(['"']);
    expect(englishTags("🇫🇷")).toEqual(["EM"]);
    expect(englishTags("french")).toEqual(expected("french"));
  });

  it("lists no word the package does not list, near or far from a listed one", () => {
    const near = words.flatMap((word) => [word.slice(0, -1), `${word}q`, `${word}\u0000`, word.toUpperCase(), `${word}\u0101`]);
    const others = ["", "schoof", "codelco", "__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "🇫🇷🇫🇷", "\uffff"];
    const wrong = [...near, ...others].filter((word) => JSON.stringify(englishTags(word)) !== JSON.stringify(expected(word)));
    expect(wrong).toEqual([]);
    expect(englishTags("schoof")).toBeUndefined();
  });
});

describe("the lexicon's life", () => {
  afterEach(() => {
    vi.useRealTimers();
    useLexicon(null);
  });

  it("is let go after a minute in which no word was looked up, kept while words are, and loaded again when asked", () => {
    vi.useFakeTimers();
    useLexicon(null);
    expect(holdsLexicon()).toBe(false);
    expect(englishTags("talks")).toEqual(expected("talks"));
    expect(holdsLexicon()).toBe(true);
    // Used within every minute: kept.
    for (let minute = 0; minute < 3; minute++) {
      vi.advanceTimersByTime(LEXICON_IDLE_MS - 1);
      englishTags("said");
    }
    vi.advanceTimersByTime(LEXICON_IDLE_MS);
    expect(holdsLexicon()).toBe(true);
    // A whole minute unused: gone, and the same answers once asked again.
    vi.advanceTimersByTime(LEXICON_IDLE_MS);
    expect(holdsLexicon()).toBe(false);
    expect(englishTags("french")).toEqual(expected("french"));
    expect(holdsLexicon()).toBe(true);
  });

  it("keeps a lexicon it was given", () => {
    vi.useFakeTimers();
    useLexicon((word) => (word === "x" ? ["NN"] : undefined));
    expect(englishTags("x")).toEqual(["NN"]);
    vi.advanceTimersByTime(LEXICON_IDLE_MS * 3);
    expect(englishTags("x")).toEqual(["NN"]);
  });
});
