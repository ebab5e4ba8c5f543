import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { runParse } from "../../src/cli/parse.js";
import { StorySchema } from "../../src/core/story.js";

const SEED_A = "seeds/000_0ad91265f6a5c902.txt";
const SEED_B = "seeds/002_33a7eaefd00a5b9a.txt";

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runParse(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const dir = mkdtempSync(join(tmpdir(), "herald-cli-"));
const write = (name: string, content: string | Uint8Array): string => {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
};

afterEach(() => vi.unstubAllEnvs());

describe("herald parse --json", () => {
  it("prints one Story object for one file, valid against StorySchema", async () => {
    const { code, out, err } = await run(SEED_A, "--json");
    expect([code, err]).toEqual([0, ""]);
    const story = StorySchema.parse(JSON.parse(out));
    expect(story.id).toBe("000_0ad91265f6a5c902");
    expect(story.timeline).toHaveLength(10);
  });

  it("prints url, published, outlet and feed as null for a document of the stories folder", async () => {
    const { out } = await run(SEED_B, "--json");
    const story = JSON.parse(out) as Record<string, unknown>;
    expect([story.url, story.published, story.outlet, story.feed]).toEqual([null, null, null, null]);
  });

  it("prints an array for several files and for a folder, sorted by name", async () => {
    const several = await run("--json", SEED_B, SEED_A);
    expect(StorySchema.array().parse(JSON.parse(several.out)).map((s) => s.kind)).toEqual(["article", "story"]);
    const folder = await run("seeds/", "--json");
    expect(folder.code).toBe(0);
    expect(StorySchema.array().parse(JSON.parse(folder.out)).map((s) => s.id)).toEqual(["000_0ad91265f6a5c902", "002_33a7eaefd00a5b9a"]);
  });
});

describe("herald parse (briefing)", () => {
  it("shows title, counts, sections, dated timeline with citations, and outlets", async () => {
    const { code, out } = await run(SEED_A);
    expect(code).toBe(0);
    expect(out).toContain("Macron’s Envoy Emmanuel\u202fBonne Meets Kremlin Adviser");
    expect(out).toContain("5 articles");
    expect(out).toContain("Outlets: Le Monde");
    expect(out).toContain("Timing and Publication Details [1]");
    expect(out).toContain("Timeline (10 events, oldest first)");
    expect(out).toMatch(/Jan\u202f2026 \(early\)\s+\[1\]\[2\]\[3\]/u);
  });

  it("shows an article's dek and subheadings", async () => {
    const { out } = await run(SEED_B);
    expect(out).toContain("Historical context of Franco-Russian contacts");
    expect(out).toContain("Outlets: L'Express");
    expect(out).toContain("Emmanuel Bonne, French President");
  });
});

describe("herald parse with bad input", () => {
  it("gives one line per bad file, exits 1, and still prints the good files", async () => {
    const files = [
      write("empty.txt", ""),
      write("binary.txt", new Uint8Array([0x48, 0x00, 0x01])),
      write("latin1.txt", Buffer.from("Caf\xe9 story\n", "latin1")),
      join(dir, "missing.txt"),
    ];
    const { code, out, err } = await run(files[0]!, SEED_A, ...files.slice(1), "--json");
    expect(code).toBe(1);
    expect(err.split("\n")).toEqual([
      `${files[0]}: empty file`,
      `${files[1]}: binary file, not text (NUL byte at offset 1)`,
      `${files[2]}: not UTF-8 text (invalid byte at offset 3)`,
      `${files[3]}: no such file`,
    ]);
    expect(err).not.toMatch(/\n\s+at /u);
    expect(StorySchema.array().parse(JSON.parse(out)).map((s) => s.id)).toEqual(["000_0ad91265f6a5c902"]);
  });

  it("refuses a file over the configured size limit (maxFileBytes)", async () => {
    vi.stubEnv("HERALD_MAX_FILE_BYTES", "1000");
    const { code, err } = await run(SEED_A);
    expect(code).toBe(1);
    expect(err).toBe(`${SEED_A}: too large (5.4 kB; the limit is 1.0 kB, config maxFileBytes)`);
  });

  it("names an unknown flag and a missing file list", async () => {
    expect(await run(SEED_A, "--yaml")).toMatchObject({ code: 1, out: "", err: expect.stringMatching(/^herald parse: unknown option --yaml/u) });
    expect(await run()).toMatchObject({ code: 1, err: expect.stringMatching(/^herald parse: no file given/u) });
  });

  it("exits 1 with a clear line and no stack trace through the real command", async () => {
    const missing = join(dir, "absent.txt");
    const result = await promisify(execFile)("npx", ["tsx", "src/cli/herald.ts", "parse", missing], { cwd: process.cwd() }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n").filter((l) => l && !l.startsWith("npm warn"))).toEqual([`${missing}: no such file`]);
  });
});
