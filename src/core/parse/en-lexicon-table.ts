import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * en-lexicon's 112,000 words and their Penn tags, read from the package's file instead of loading it:
 * V8 compiling its one 2.6 MB object literal is what cost the memory (BENCHMARKS.md, "Start-up
 * memory"). The answers are the package's own for every word (test/parse/lexicon.test.ts).
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const CLOSING_BRACE = 0x7d;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * en-lexicon's words with no character beyond U+00FF (all but about 1,300), in an open-addressing
 * hash table: the words in one Latin-1 string (one byte a character), each word's start in `starts`,
 * its tags as an index into `tagSets`, and `slots` holding entry numbers plus one (0: free slot).
 */
interface CompactTable {
  text: string;
  starts: Int32Array;
  tags: Uint16Array;
  slots: Int32Array;
  tagSets: readonly (readonly string[])[];
  /** The words beyond U+00FF (emoji, CJK quotes), which would make `text` two bytes a character. */
  wide: Map<string, readonly string[]>;
}

/** FNV-1a over UTF-16 code units (here all below 0x100), the same for a word looked up and a word stored. */
const mixHash = (hash: number, code: number): number => Math.imul(hash ^ code, FNV_PRIME);

function lookUp(table: CompactTable, word: string): readonly string[] | undefined {
  let hash = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code > 0xff) return table.wide.get(word);
    hash = mixHash(hash, code);
  }
  const { slots, starts, text } = table;
  const mask = slots.length - 1;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const entry = slots[slot]! - 1;
    if (entry < 0) return undefined;
    const start = starts[entry]!;
    if (starts[entry + 1]! - start === word.length && text.startsWith(word, start)) return table.tagSets[table.tags[entry]!];
  }
}

/** The index of the quote closing the string literal that opens at `open`, and whether it needs decoding. */
function closingQuote(bytes: Buffer, open: number): { close: number; plain: boolean } {
  let plain = true;
  for (let at = open + 1; at < bytes.length; at++) {
    const byte = bytes[at]!;
    if (byte === QUOTE) return { close: at, plain };
    if (byte === BACKSLASH) at++;
    if (byte === BACKSLASH || byte >= 0x80) plain = false;
  }
  throw new Error("en-lexicon: a string literal is not closed");
}

/**
 * Reads en-lexicon's dist/lexicon.js (`var lexicon = { "'": "POS|\"", … };`) as bytes instead of
 * running it: V8 compiling the 2.6 MB object literal is what costs the memory. Each string literal is
 * taken as it is when it holds only ASCII without escapes, else read by JSON.parse (which throws on
 * escapes only JavaScript knows, so none is misread). Anything but string keys and string values
 * stops the reading with an error rather than leaving words out.
 */
function readEnLexicon(): CompactTable {
  const file = createRequire(import.meta.url).resolve("en-lexicon/dist/lexicon.js");
  const bytes = readFileSync(file);
  const unexpected = (at: number) => new Error(`en-lexicon: ${file} is not the object literal of strings this reader knows (at byte ${at})`);
  const skipSpace = (at: number) => {
    while (bytes[at] === 0x20 || bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x09) at++;
    return at;
  };
  const decode = (open: number, { close, plain }: { close: number; plain: boolean }) =>
    plain ? bytes.toString("latin1", open + 1, close) : (JSON.parse(bytes.toString("utf8", open, close + 1)) as string);

  const tagSetIndex = new Map<string, number>();
  const tagSets: (readonly string[])[] = [];
  const tagSetOf = (tags: string) => {
    let index = tagSetIndex.get(tags);
    if (index === undefined) {
      if (tagSets.length > 0xffff) throw new Error(`en-lexicon: more tag sets than a Uint16Array holds`);
      tagSetIndex.set(tags, (index = tagSets.length));
      tagSets.push(Object.freeze(tags.split("|")));
    }
    return index;
  };
  // Each entry takes at least 6 bytes of the file (`"":"",`), which bounds their number.
  const keyBytes = Buffer.allocUnsafe(bytes.length);
  const starts = new Int32Array(Math.ceil(bytes.length / 6) + 1);
  const tags = new Uint16Array(starts.length);
  const wide = new Map<string, readonly string[]>();
  let count = 0;
  let textLength = 0;
  const declared = bytes.indexOf("var lexicon = {");
  if (declared < 0) throw unexpected(0);
  let at = skipSpace(bytes.indexOf("{", declared) + 1);
  while (bytes[at] === QUOTE) {
    const key = closingQuote(bytes, at);
    const keyOpen = at;
    at = skipSpace(key.close + 1);
    if (bytes[at] !== COLON) throw unexpected(at);
    at = skipSpace(at + 1);
    if (bytes[at] !== QUOTE) throw unexpected(at);
    const value = closingQuote(bytes, at);
    const tagSet = tagSetOf(decode(at, value));
    at = skipSpace(value.close + 1);
    if (bytes[at] === COMMA) at = skipSpace(at + 1);

    const word = key.plain ? undefined : decode(keyOpen, key);
    // In an object literal, "__proto__" sets the prototype instead of making an entry.
    if ((word ?? (key.close - keyOpen === 10 && bytes.toString("latin1", keyOpen + 1, key.close))) === "__proto__") continue;
    if (word !== undefined && /[^\u0000-\u00ff]/.test(word)) {
      wide.set(word, tagSets[tagSet]!);
      continue;
    }
    starts[count] = textLength;
    tags[count++] = tagSet;
    if (word === undefined) textLength += bytes.copy(keyBytes, textLength, keyOpen + 1, key.close);
    else textLength += keyBytes.write(word, textLength, "latin1");
  }
  if (bytes[at] !== CLOSING_BRACE || count + wide.size === 0) throw unexpected(at);
  starts[count] = textLength;

  // Twice as many slots as words: a lookup of a word not listed probes 2–3 slots on average.
  const slots = new Int32Array(2 ** Math.ceil(Math.log2(count * 2)));
  const mask = slots.length - 1;
  for (let entry = 0; entry < count; entry++) {
    let hash = FNV_OFFSET;
    for (let i = starts[entry]!; i < starts[entry + 1]!; i++) hash = mixHash(hash, keyBytes[i]!);
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const other = slots[slot]! - 1;
      // A word listed twice keeps its last tags, as in the object literal.
      if (other < 0 || keyBytes.compare(keyBytes, starts[other]!, starts[other + 1]!, starts[entry]!, starts[entry + 1]!) === 0) {
        slots[slot] = entry + 1;
        break;
      }
    }
  }
  return {
    text: keyBytes.toString("latin1", 0, textLength),
    starts: starts.slice(0, count + 1),
    tags: tags.slice(0, count),
    slots,
    tagSets,
    wide,
  };
}

/** en-lexicon as a lookup, read from its file into the compact table. */
export function loadEnLexicon(): (word: string) => readonly string[] | undefined {
  const table = readEnLexicon();
  return (word) => lookUp(table, word);
}
