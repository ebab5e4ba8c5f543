// Placeholder of the parser's public API until the parser work (issue 2) lands; replaced wholesale.
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { HeraldError } from "../errors.js";
import type { Story } from "../story.js";

export function parseStory(text: string, id: string): Story {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (!lines.length) throw new HeraldError("bad_file", "the document is empty");
  return { id, kind: "article", title: lines[0]!, dek: null, articleCount: null, relatedCount: null, sections: lines.slice(1).map((t) => ({ heading: null, text: t, citations: [] })), timeline: [], images: [], outlets: [], warnings: [] };
}

export const storyIdFromPath = (file: string): string =>
  path.basename(file).replace(/\.[^.]*$/, "").toLowerCase().replace(/[^a-z0-9_-]/g, "-").slice(0, 24);

export async function readStoryFile(file: string, options: { maxBytes: number }): Promise<{ story: Story; version: string }> {
  const bytes = await readFile(file).catch(() => {
    throw new HeraldError("bad_file", `${file}: cannot be read`);
  });
  if (bytes.length > options.maxBytes) throw new HeraldError("bad_file", `${file}: too large`);
  const version = createHash("sha256").update(bytes).digest("hex").slice(0, 8);
  try {
    return { story: parseStory(bytes.toString("utf8"), storyIdFromPath(file)), version };
  } catch (err) {
    throw new HeraldError("bad_file", `${file}: ${(err as Error).message}`);
  }
}

export const normalizeForMatch = (text: string): string =>
  text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();

export const listStoryFiles = async (dir: string): Promise<string[]> =>
  (await readdir(dir)).filter((f) => f.endsWith(".txt")).sort().map((f) => path.join(dir, f));
