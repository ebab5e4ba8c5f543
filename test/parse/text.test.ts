import { describe, expect, it } from "vitest";
import { normalizeForMatch } from "../../src/core/parse/index.js";
import { extractCitations } from "../../src/core/parse/citations.js";

describe("normalizeForMatch", () => {
  it("lets `franco russian` match a non-breaking hyphen (U+2011)", () => {
    expect(normalizeForMatch("Franco\u2011Russian Talks")).toBe("franco russian talks");
    expect(normalizeForMatch("Franco\u2011Russian")).toContain(normalizeForMatch("franco russian"));
  });
  it("removes accents, quotes and typographic spaces", () => {
    expect(normalizeForMatch("L’Élysée’s\u202fcell")).toBe("lelysees cell");
    expect(normalizeForMatch("“Haute‑Saône”\u00a0 —  2026")).toBe("haute saone 2026");
  });
  it("turns every dash and punctuation mark into a single space", () => {
    expect(normalizeForMatch("Abu–Dhabi—talks: (U.S.) co-op!")).toBe("abu dhabi talks u s co op");
  });
  it("folds compatibility characters (NFKC)", () => {
    expect(normalizeForMatch("ﬁnance Ⅱ")).toBe("finance ii");
  });
});

describe("extractCitations", () => {
  it("collects bracketed numbers after a narrow no-break space and removes them", () => {
    expect(extractCitations("adviser\u202f[1]. The trip\u202f[1].")).toEqual({ text: "adviser. The trip.", citations: [1] });
  });
  it("keeps the order of a run like [3][2] and drops duplicates", () => {
    expect(extractCitations("leader[3][2] and more [2][10].")).toEqual({ text: "leader and more.", citations: [3, 2, 10] });
  });
  it("reads comma lists and ignores [0]", () => {
    expect(extractCitations("text [1, 4] and [0]")).toEqual({ text: "text and", citations: [1, 4] });
  });
});
