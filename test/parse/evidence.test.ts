import { describe, expect, it } from "vitest";
import { DocumentEvidence, wordKey } from "../../src/core/parse/evidence.js";

/** How often each key is written in the texts, read the plain way: split at spaces, one key per word. */
function countKeys(texts: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of text.split(/\s+/u)) {
      const key = wordKey(word);
      if (word && /\p{L}/u.test(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

const uses = (evidence: DocumentEvidence, key: string): number => {
  const use = evidence.of(key);
  return use.lower + use.initial + use.midCap;
};

/** Every code point, in a word of each shape: plain, capitalised with a possessive and closing quote, quoted. */
function wordsWith(from: number, to: number): string[] {
  const words: string[] = [];
  for (let c = from; c < to; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCodePoint(c);
    words.push(`q${ch}u`, `Q${ch}U’s,”`, `«${ch}${ch}»`);
  }
  return words;
}

describe("document evidence", () => {
  it("finds every word under its key, whatever its letters (every code point, quotes, possessives)", () => {
    // The evidence finds words by a hash of their lowercase characters; lowercasing may change a word's
    // length (İ) or depend on context (final Σ), so check the hash never loses a word.
    const ranges: [number, number][] = [[0, 0x10000], [0x10400, 0x10500], [0x10c80, 0x10d00], [0x118a0, 0x11900], [0x16e40, 0x16ea0], [0x1e900, 0x1e960]];
    for (const [from, to] of ranges) {
      const words = wordsWith(from, to);
      for (let at = 0; at < words.length; at += 3000) {
        const texts = [words.slice(at, at + 3000).join(" ")];
        const evidence = new DocumentEvidence();
        for (const text of texts) evidence.addText(text);
        const counts = countKeys(texts);
        // Asked ahead, all in one reading (unasked questions would take one reading each).
        evidence.ask(counts.keys());
        for (const [key, count] of counts) if (uses(evidence, key) !== count) expect([key, uses(evidence, key)]).toEqual([key, count]);
      }
    }
  });

  it("reads Greek final sigma, dotted İ and the Kelvin sign as their keys", () => {
    const texts = ["ΟΔΥΣΣΕΑΣ οδυσσεας Οδυσσεας. İSTANBUL i̇stanbul \u212Aelvin kelvin Straße STRASSE"];
    const evidence = new DocumentEvidence();
    evidence.addText(texts[0]!);
    expect(wordKey("ΟΔΥΣΣΕΑΣ")).toBe("οδυσσεας");
    expect(uses(evidence, "οδυσσεας")).toBe(3);
    expect(uses(evidence, wordKey("İSTANBUL"))).toBe(2);
    expect(uses(evidence, "kelvin")).toBe(2);
    expect(uses(evidence, "straße")).toBe(1);
    expect(uses(evidence, "strasse")).toBe(1);
  });

  it("counts a word lowercase, capitalised mid-sentence, opening a sentence, or alone among lowercase words", () => {
    const evidence = new DocumentEvidence();
    evidence.addText("The union met. Union leaders and the Transport Union spoke – Union members said the Union, too, agreed.");
    expect(evidence.of("union")).toEqual({ lower: 1, initial: 2, midCap: 2, alone: 1 });
  });

  it("answers a question asked without warning, and again after a text is added", () => {
    const evidence = new DocumentEvidence();
    evidence.addText("The union met.");
    evidence.ask(["union"]);
    expect(evidence.of("union").lower).toBe(1);
    expect(evidence.of("met").lower).toBe(1);
    expect(evidence.together("union", "met")).toBe(true);
    evidence.addText("Union leaders met the union.");
    expect(evidence.of("union")).toEqual({ lower: 2, initial: 1, midCap: 0, alone: 0 });
    expect(evidence.together("union", "leaders")).toBe(true);
  });

  it("leaves out capitals among a text's opening words in doubt, and pairs no word across a comma or a sentence", () => {
    const evidence = new DocumentEvidence();
    evidence.addText("Transport Minister Ilse Harandt said the minister, Transport officials agreed.", () => 2);
    expect(evidence.of("transport")).toEqual({ lower: 0, initial: 0, midCap: 1, alone: 1 });
    expect(evidence.of("minister")).toEqual({ lower: 1, initial: 0, midCap: 0, alone: 0 });
    expect(evidence.together("transport", "minister")).toBe(false);
    expect(evidence.together("ilse", "harandt")).toBe(true);
    expect(evidence.together("minister", "transport")).toBe(false);
    expect(evidence.together("harandt", "2025")).toBe(false);
  });
});
