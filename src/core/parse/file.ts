import { createHash } from "node:crypto";
import { readFile as readFileCallback, stat as statCallback } from "node:fs";
import { readdir } from "node:fs/promises";
import { promisify } from "node:util";
import { basename, extname, join } from "node:path";
import { HeraldError } from "../errors.js";
import type { Story } from "../story.js";
import { parseStory } from "./story.js";
import { compareCodeUnits } from "../text.js";

// The callback forms are markedly faster than node:fs/promises when loading thousands of small files.
const readFile = promisify(readFileCallback);
const stat = promisify(statCallback);
/** Stateless between whole-buffer calls, so one decoder serves every file. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Buttons carry story ids inside 64 bytes of callback data. */
const MAX_ID_LENGTH = 24;
const ID_PREFIX_LENGTH = 15;

/** A story's id from its file name: `seeds/000_0AD9.txt` → `000_0ad9`; long names are shortened with a hash. */
export function storyIdFromPath(file: string): string {
  const name = basename(file, extname(file));
  const id = name.toLowerCase().replace(/[^a-z0-9_-]/gu, "-") || "story";
  if (id.length <= MAX_ID_LENGTH) return id;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${id.slice(0, ID_PREFIX_LENGTH)}-${hash}`;
}

/** The .txt documents of a folder, sorted by name. */
export async function listStoryFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    throw new HeraldError("bad_file", `${dir}: ${describeFsError(cause, "folder")}`, { cause });
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith(".txt"))
    .map((entry) => entry.name)
    .sort(compareCodeUnits)
    .map((name) => join(dir, name));
}

/** Reads, checks and parses one document; every problem is HeraldError("bad_file", "<file>: <problem>"). */
export async function readStoryFile(file: string, options: { maxBytes: number }): Promise<{ story: Story; version: string }> {
  const fail = (problem: string, cause?: unknown): HeraldError => new HeraldError("bad_file", `${file}: ${problem}`, { cause });
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw fail("is a folder, not a story file");
    if (info.size > options.maxBytes) throw fail(`too large (${formatBytes(info.size)}; the limit is ${formatBytes(options.maxBytes)}, config maxFileBytes)`);
    bytes = await readFile(file);
  } catch (cause) {
    if (cause instanceof HeraldError) throw cause;
    throw fail(describeFsError(cause, "file"), cause);
  }
  // The file may have grown between stat and read.
  if (bytes.length > options.maxBytes) throw fail(`too large (${formatBytes(bytes.length)}; the limit is ${formatBytes(options.maxBytes)}, config maxFileBytes)`);
  const text = decodeStoryText(bytes, fail);
  let story: Story;
  try {
    story = parseStory(text, storyIdFromPath(file));
  } catch (cause) {
    if (cause instanceof HeraldError) throw fail(cause.message, cause);
    throw fail(`could not be parsed (${(cause as Error).message})`, cause);
  }
  return { story, version: createHash("sha256").update(bytes).digest("hex").slice(0, 8) };
}

function decodeStoryText(bytes: Buffer, fail: (problem: string) => HeraldError): string {
  if (bytes.length === 0) throw fail("empty file");
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw fail(`binary file, not text (NUL byte at offset ${nul})`);
  try {
    // The decoder drops a leading BOM.
    return UTF8.decode(bytes);
  } catch {
    throw fail(`not UTF-8 text (invalid byte at offset ${firstInvalidUtf8Offset(bytes)})`);
  }
}

/** Offset of the first byte that breaks UTF-8, for a message the person can act on. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong forms, surrogates and code points above U+10FFFF.
    const c1 = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && c1 < 0xa0) || (b === 0xed && c1 > 0x9f) || (b === 0xf0 && c1 < 0x90) || (b === 0xf4 && c1 > 0x8f)) return i;
    i += need + 1;
  }
  return bytes.length;
}

function describeFsError(cause: unknown, what: "file" | "folder"): string {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return `no such ${what}`;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOTDIR") return what === "folder" ? "is not a folder" : "a part of the path is not a folder";
  if (code === "EISDIR") return "is a folder, not a story file";
  return `cannot be read (${code ?? (cause as Error | undefined)?.message ?? "unknown error"})`;
}

function formatBytes(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(1)} kB`;
  return `${n} bytes`;
}
