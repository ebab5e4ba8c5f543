import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HeraldError } from "../../src/core/errors.js";
import { listStoryFiles, readStoryFile, storyIdFromPath } from "../../src/core/parse/index.js";

const dir = mkdtempSync(join(tmpdir(), "herald-parse-"));
const write = (name: string, content: string | Uint8Array): string => {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
};
const STORY = "Harbour Reopens After Storm\n\nUpdated (2 articles)\n\nDamage Assessed The port said cranes were intact [1].\n";

async function problemOf(file: string, maxBytes = 5_000_000): Promise<string> {
  try {
    await readStoryFile(file, { maxBytes });
  } catch (err) {
    expect(err).toBeInstanceOf(HeraldError);
    expect((err as HeraldError).code).toBe("bad_file");
    return (err as HeraldError).message;
  }
  throw new Error("expected a bad_file error");
}

describe("storyIdFromPath", () => {
  it("keeps short names, lowercased, other characters as dashes", () => {
    expect(storyIdFromPath("seeds/000_0ad91265f6a5c902.txt")).toBe("000_0ad91265f6a5c902");
    expect(storyIdFromPath("/x/My Story (v2).TXT")).toBe("my-story--v2-");
  });
  it("shortens names over 24 characters to 15 characters, a dash and 8 hex of a hash", () => {
    const id = storyIdFromPath("seeds/a-very-long-story-file-name-about-ports.txt");
    expect(id).toMatch(/^a-very-long-sto-[0-9a-f]{8}$/u);
    expect(id).toHaveLength(24);
    expect(storyIdFromPath("other/a-very-long-story-file-name-about-ports.txt")).toBe(id);
    expect(storyIdFromPath("seeds/a-very-long-story-file-name-about-portz.txt")).not.toBe(id);
  });
  it("never gives an empty id", () => {
    expect(storyIdFromPath("seeds/.txt")).not.toBe("");
  });
});

describe("readStoryFile", () => {
  it("parses a story and gives a version that changes with the bytes", async () => {
    const file = write("harbour.txt", STORY);
    const first = await readStoryFile(file, { maxBytes: 1000 });
    expect(first.story.id).toBe("harbour");
    expect(first.story.articleCount).toBe(2);
    expect(first.version).toMatch(/^[0-9a-f]{8}$/u);
    write("harbour.txt", STORY.replace("2 articles", "3 articles"));
    const second = await readStoryFile(file, { maxBytes: 1000 });
    expect(second.version).not.toBe(first.version);
    expect(second.story.id).toBe(first.story.id);
  });

  it("strips a byte-order mark", async () => {
    const { story } = await readStoryFile(write("bom.txt", `\ufeff${STORY}`), { maxBytes: 1000 });
    expect(story.title).toBe("Harbour Reopens After Storm");
  });

  it("names the file and the problem for each bad input", async () => {
    expect(await problemOf(join(dir, "missing.txt"))).toBe(`${join(dir, "missing.txt")}: no such file`);
    expect(await problemOf(write("empty.txt", ""))).toBe(`${join(dir, "empty.txt")}: empty file`);
    expect(await problemOf(write("blank.txt", " \n\n"))).toMatch(/blank\.txt: empty document$/u);
    expect(await problemOf(write("nul.txt", "Title\n\u0000rest"))).toMatch(/nul\.txt: binary file, not text \(NUL byte at offset 6\)$/u);
    expect(await problemOf(write("latin1.txt", Buffer.from([0x54, 0x69, 0x74, 0x6c, 0x65, 0x20, 0xe9, 0x74, 0xe9])))).toMatch(
      /latin1\.txt: not UTF-8 text \(invalid byte at offset 6\)$/u,
    );
    expect(await problemOf(write("big.txt", STORY), 10)).toMatch(/big\.txt: too large \(\d+ bytes; the limit is 10 bytes, config maxFileBytes\)$/u);
    mkdirSync(join(dir, "folder.txt"), { recursive: true });
    expect(await problemOf(join(dir, "folder.txt"))).toMatch(/folder\.txt: is a folder, not a story file$/u);
  });
});

describe("listStoryFiles", () => {
  it("lists the .txt files of a folder sorted by name", async () => {
    const folder = mkdtempSync(join(tmpdir(), "herald-list-"));
    for (const name of ["b.txt", "a.txt", "notes.md", "c.TXT"]) writeFileSync(join(folder, name), STORY);
    mkdirSync(join(folder, "sub.txt"));
    expect(await listStoryFiles(folder)).toEqual(["a.txt", "b.txt", "c.TXT"].map((n) => join(folder, n)));
  });
  it("names a missing folder", async () => {
    await expect(listStoryFiles(join(dir, "nope"))).rejects.toThrow(`${join(dir, "nope")}: no such folder`);
  });
});
