import { describe, expect, it } from "vitest";
import { nameKey, normalizeName, sameName } from "../../src/core/coverage/index.js";

describe("name keys", () => {
  it.each([
    ["Ouchakov", "Ushakov", "Uschakow"],
    ["Zelensky", "Zelenskyy", "Selenskyj"],
    ["Peskov", "Peskow"],
    ["Iouri", "Yuri", "Juri"],
    ["Häkkänen", "Hakkaenen", "Hakkanen"],
    ["Þorvaldur", "Thorvaldur"],
    ["Yevgeny", "Evgueni", "Jewgeni"],
  ])("folds the transliterations of one name: %s", (...spellings) => {
    expect(new Set(spellings.map(nameKey)).size).toBe(1);
  });

  it.each([["Bonne", "Bonn"], ["Ivanov", "Ivanova"], ["Macron", "Micron"], ["Scholz", "Schulz"], ["Putin", "Patton"]])("keeps %s and %s apart", (a, b) => {
    expect(sameName(a, b)).toBe(false);
  });

  it("normalises NFKC, accents, quotes, hyphens and spaces", () => {
    expect(normalizeName("Emmanuel\u202fBonne’s")).toBe("emmanuel bonne");
    expect(normalizeName("Haute\u2011Saône")).toBe("haute saone");
    expect(normalizeName("ＭＡＣＲＯＮ")).toBe("macron");
  });
});
