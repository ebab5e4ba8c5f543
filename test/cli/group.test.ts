import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runGroup } from "../../src/cli/group.js";
import type { CliIO } from "../../src/cli/io.js";

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runGroup(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("herald group", () => {
  it("prints the seeds as one story with sorted members (--json contract)", async () => {
    const { code, out, err } = await run("seeds/", "--json");
    expect([code, err]).toEqual([0, ""]);
    expect(JSON.parse(out)).toEqual([{ story: "000_0ad91265f6a5c902", members: ["000_0ad91265f6a5c902", "002_33a7eaefd00a5b9a"] }]);
  });

  it("puts every document in exactly one group, groups sorted by story", async () => {
    const { out } = await run("test/fixtures/coverage", "--json");
    const groups = JSON.parse(out) as { story: string; members: string[] }[];
    const members = groups.flatMap((g) => g.members);
    expect(new Set(members).size).toBe(members.length);
    // Every document of the folder, however many the labelled set grows to (33, then 38).
    expect(members).toHaveLength(readdirSync("test/fixtures/coverage").filter((f) => f.endsWith(".txt")).length);
    expect(groups.map((g) => g.story)).toEqual(groups.map((g) => g.story).sort());
    for (const g of groups) expect(g.members).toContain(g.story);
  });

  it("shows the evidence of each join readably", async () => {
    const { code, out } = await run("seeds/000_0ad91265f6a5c902.txt", "seeds/002_33a7eaefd00a5b9a.txt");
    expect(code).toBe(0);
    expect(out).toContain("Story 000_0ad91265f6a5c902 (2 reports)");
    expect(out).toContain("Iouri Ouchakov = Yuri Ushakov");
    expect(out).toMatch(/score \d/u);
  });

  it("--explain says why two reports were kept apart", async () => {
    const { code, out } = await run("test/fixtures/coverage", "--explain", "n6-earlier-fine", "g1-detention-story");
    expect(code).toBe(0);
    expect(out).toContain("in different stories");
    expect(out).toContain("time frames do not meet");
  });

  it("refuses --explain without two ids, an unknown id, and an unknown option", async () => {
    expect((await run("seeds/", "--explain", "x")).err).toMatch(/--explain needs two report ids/u);
    expect((await run("seeds/", "--explain", "nope", "000_0ad91265f6a5c902")).err).toMatch(/no report with id "nope"/u);
    expect((await run("seeds/", "--yaml")).err).toMatch(/unknown option --yaml/u);
    expect((await run()).code).toBe(1);
  });
});
