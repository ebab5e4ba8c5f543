import { describe, expect, it } from "vitest";
import { memoByWord, ownCopy } from "../../src/core/text.js";

describe("ownCopy", () => {
  it("gives the same text, whatever its characters", () => {
    for (const text of ["", "plain", "L’Express “quoted” 🇫🇷", "a\u001fb\nc\\\"d", "x".repeat(10_000)]) expect(ownCopy(text)).toBe(text);
  });
});

describe("memoByWord", () => {
  it("reads each word once while it is remembered, and again after the bound forgot it", () => {
    const reads: string[] = [];
    const upper = memoByWord(2, (word: string) => {
      reads.push(word);
      return word.toUpperCase();
    });
    const text = "alpha beta alpha";
    expect(text.split(" ").map(upper)).toEqual(["ALPHA", "BETA", "ALPHA"]);
    expect(reads).toEqual(["alpha", "beta"]);
    // A third word is past the bound of two: all are forgotten, then it is remembered.
    expect(upper("gamma")).toBe("GAMMA");
    expect(upper("alpha")).toBe("ALPHA");
    expect(reads).toEqual(["alpha", "beta", "gamma", "alpha"]);
  });

  it("remembers false and empty answers too", () => {
    let reads = 0;
    const never = memoByWord(10, () => (reads++, false));
    never("x");
    never("x");
    expect(reads).toBe(1);
  });
});
