import { isSpaceCode } from "./text.js";

/**
 * How a document uses its words outside the spots in doubt: whether a word is written lowercase
 * (`the union said` → `Union` is a common word here), capitalised in mid-sentence (a name, or part
 * of one), or next to the same word (`transport minister`, `World Health Organization`).
 * The heading splitter asks it which capitalised words can sit inside a sentence.
 */

interface WordUse {
  lower: number;
  /** Capitalised, not at the start of a sentence. */
  midCap: number;
  /** Capitalised at the start of a sentence. */
  initial: number;
  /** Capitalised mid-sentence with no capitalised word on either side: a name of one word. */
  alone: number;
}

const LEADING = /^[“‘"'(\[¿¡«‹]+/u;
const TRAILING = /[”’"')\].,;:!?…»›]+$/u;
const LEADING_CHARS = "“‘\"'([¿¡«‹";
const TRAILING_CHARS = "”’\"')].,;:!?…»›";
/** Quotes, brackets or punctuation around a word (most words have none: checked before any regex, a hot path). */
export const hasPunctuationAround = (raw: string): boolean =>
  raw !== "" && (LEADING_CHARS.includes(raw[0]!) || TRAILING_CHARS.includes(raw[raw.length - 1]!));
/** The word without them (`“Union,` → `Union`). */
export const stripPunctuation = (raw: string): string => raw.replace(LEADING, "").replace(TRAILING, "");
const POSSESSIVE = /['’]s$/u;
/** Letters only, nothing to strip (most words). */
const PLAIN_WORD = /^\p{L}+$/u;

/** The key a word is counted under: no surrounding punctuation or possessive, lowercased. */
export function wordKey(raw: string): string {
  if (PLAIN_WORD.test(raw)) return raw.toLowerCase();
  return stripPunctuation(raw).replace(POSSESSIVE, "").toLowerCase();
}

/** Capitalised letter first (`Union`, `Élysée`); digits and punctuation are not. */
export const isCapitalisedWord = (core: string): boolean => isCapitalisedAt(core, 0, core.length);

/** The same of the word written from `start` to `end` in `text`, read in place when it starts with an ASCII letter (most words). */
export function isCapitalisedAt(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(start);
  if (c < 0x80 && (c | 0x20) >= 97 && (c | 0x20) <= 122) return c <= 90;
  const first = text.slice(start, end).replace(LEADING, "")[0];
  return first !== undefined && first !== first.toLowerCase() && first === first.toUpperCase();
}

/** One dash standing alone between words: a joiner, or the start of a new clause. */
export const DASHES = "-\u2012\u2013\u2014\u2015\u2212";
const CLOSERS = "\"'”’)»";
/** The character before any closing quotes or brackets (`said.”` → `.`). */
export function lastMark(raw: string): string {
  let at = raw.length - 1;
  while (at > 0 && CLOSERS.includes(raw[at]!)) at--;
  return raw[at] ?? "";
}
/** `said.`, `said.”`, `Note:`: the sentence ends after the word (a comma ends a clause). */
const SENTENCE_ENDS = ".!?:;…";
/** The same sets of characters as codes, for reading words in place. */
const codesOf = (chars: string): Set<number> => new Set([...chars].map((c) => c.charCodeAt(0)));
const LEADING_CODES = codesOf(LEADING_CHARS);
const TRAILING_CODES = codesOf(TRAILING_CHARS);
const CLOSER_CODES = codesOf(CLOSERS);
const SENTENCE_END_CODES = codesOf(SENTENCE_ENDS);
const DASH_CODES = codesOf(DASHES);
const HAS_LETTER = /\p{L}/u;

/** Keys of words, kept: documents share most of their words. Null for no word (`–`, `12`). */
const keyCache = new Map<string, string | null>();
function countedKey(raw: string): string | null {
  let key = keyCache.get(raw);
  if (key === undefined) {
    if (keyCache.size >= 100_000) keyCache.clear();
    const word = wordKey(raw);
    keyCache.set(raw, (key = word && HAS_LETTER.test(word) ? word : null));
  }
  return key;
}

/**
 * What each UTF-16 unit adds to the hash of a word's key: its lowercase, or nothing (NOT_COUNTED)
 * for the quotes and marks stripped around a word (they count nowhere, not even inside a word).
 * A word and its key (`“Macron’s,` and `macron`) then hash alike without slicing or lowercasing the
 * word. Lowercasing is not always one unit for one: `İ` counts as the `i` of its lowercase `i̇`
 * (U+0307 counts nothing), `ς` as `σ` (final sigma depends on context), surrogates not at all (an
 * astral letter's lowercase has another low surrogate). test/parse/evidence.test.ts checks this for
 * every code point. 0 in the table: not computed yet.
 */
const FOLDED = new Int32Array(0x10000);
const NOT_COUNTED = -1;
function foldOf(c: number): number {
  let folded = FOLDED[c]!;
  if (folded === 0) FOLDED[c] = folded = computeFold(c);
  return folded;
}
function computeFold(c: number): number {
  if (isSpaceCode(c) || LEADING_CODES.has(c) || TRAILING_CODES.has(c) || c === 0x307 || (c >= 0xd800 && c <= 0xdfff)) return NOT_COUNTED;
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
  if (c === 0x130) return 0x69;
  const lower = String.fromCharCode(c).toLowerCase();
  if (lower.length !== 1) return NOT_COUNTED;
  return lower === "ς" ? 0x3c3 : lower.charCodeAt(0);
}
/** The same for ASCII, looked up without a branch on the cache. */
const ASCII_FOLDED = Int32Array.from({ length: 0x80 }, (_, c) => computeFold(c));
const HASH_SEED = 0x811c9dc5 | 0;
const mix = (hash: number, folded: number): number => Math.imul(hash ^ folded, 0x01000193);

const fold = (c: number): number => (c < 0x80 ? ASCII_FOLDED[c]! : foldOf(c));

/**
 * The hash of a word's key, from the key itself (`macron`) or from any spelling of the word in
 * `text` between `start` and `last` inclusive, `last` being its last counted character (`“Macron’s,`,
 * `MACRON`): the first three counted characters and the last, folded. Words that share it are told
 * apart by their keys; hashing every character cost more than that.
 */
function hashOfCounted(text: string, start: number, last: number): number {
  let hash = HASH_SEED;
  let taken = 0;
  for (let i = start; i <= last && taken < 3; i++) {
    const folded = fold(text.charCodeAt(i));
    if (folded === NOT_COUNTED) continue;
    hash = mix(hash, folded);
    taken++;
  }
  return taken === 0 ? hash : mix(hash, fold(text.charCodeAt(last)));
}

/** The last counted character at or before `at`, not before `start`; `start - 1` when there is none. */
function lastCounted(text: string, start: number, at: number): number {
  while (at >= start && fold(text.charCodeAt(at)) === NOT_COUNTED) at--;
  return at;
}

const keyHash = (key: string): number => hashOfCounted(key, 0, lastCounted(key, 0, key.length - 1));

/**
 * Where the key of the word from `start` to `end` is written, as `wordKey` strips it: after its
 * opening quotes, before its closing punctuation and possessive (`“Macron’s,”` → `Macron`).
 */
function coreOf(text: string, start: number, end: number): { from: number; to: number } {
  let from = start;
  while (from < end && LEADING_CODES.has(text.charCodeAt(from))) from++;
  let to = end;
  while (to > from && TRAILING_CODES.has(text.charCodeAt(to - 1))) to--;
  const apostrophe = text.charCodeAt(to - 2);
  if (to - from >= 2 && text.charCodeAt(to - 1) === 0x73 && (apostrophe === 0x27 || apostrophe === 0x2019)) to -= 2;
  return { from, to };
}

const COMPUTED = 1;
const CAPITAL = 1 << 1;
const ENDS = 1 << 2;
const COMMA = 1 << 3;
const DASH = 1 << 4;
const NO_SKIP = (): number => 0;

export class DocumentEvidence {
  // The document's texts are kept as given and read at the first question: every word's place and the
  // hash of its key, chained by hash. A question then looks at the few words that share its key's hash
  // and at their neighbours; nothing is sliced, lowercased or counted for the other words.
  private readonly texts: string[] = [];
  private readonly skipsOf: ((text: string) => number)[] = [];
  private index: WordIndex | null = null;
  private readonly uses = new Map<string, WordUse>();

  /**
   * Adds the words of a text; capitalised words among its first `skipCapitals(text)` words are not
   * counted (a heading may hold them). The count is asked only when one of the text's words is.
   */
  addText(text: string, skipCapitals: (text: string) => number = NO_SKIP): void {
    this.texts.push(text);
    this.skipsOf.push(skipCapitals);
    this.index = null;
  }

  of(key: string): Readonly<WordUse> {
    let use = this.uses.get(key);
    if (use) return use;
    use = { lower: 0, midCap: 0, initial: 0, alone: 0 };
    const index = (this.index ??= new WordIndex(this.texts, this.skipsOf));
    for (const w of index.wordsOf(key)) {
      const text = index.textOf(w);
      const at = w - index.firstWord[text]!;
      const capital = index.has(w, CAPITAL);
      if (capital && at < index.skip(text)) continue;
      if (!capital) use.lower++;
      else if (at === 0 || index.has(w - 1, DASH | ENDS)) use.initial++;
      else {
        use.midCap++;
        const before = !index.has(w - 1, ENDS) && index.has(w - 1, CAPITAL);
        const after = w + 1 < index.firstWord[text + 1]! && !index.has(w, ENDS | COMMA) && index.has(w + 1, CAPITAL);
        if (!before && !after) use.alone++;
      }
    }
    this.uses.set(key, use);
    return use;
  }

  /** The two words were written side by side somewhere else in the document (`transport minister`, `World Health`). */
  together(a: string, b: string): boolean {
    // A key without a letter (`2025`, `–`) is no word's.
    if (!HAS_LETTER.test(b)) return false;
    const index = (this.index ??= new WordIndex(this.texts, this.skipsOf));
    for (const w of index.wordsOf(a)) {
      const text = index.textOf(w);
      const pairable = w - index.firstWord[text]! >= index.skip(text) && w + 1 < index.firstWord[text + 1]! && !index.has(w, ENDS | COMMA);
      if (pairable && index.isKey(w + 1, b)) return true;
    }
    return false;
  }
}

/** Where the words of a document's texts are, and which share the hash of a key. */
class WordIndex {
  /** The texts joined by line breaks: one flat string reads faster than many slices of lines. */
  private readonly all: string;
  // Plain arrays of small integers, three entries a word: typed arrays of this size live outside V8's
  // heap and cost more to allocate than the index costs to fill. A word ends at the next space.
  private readonly startOf: number[] = [];
  private readonly hashOf: number[] = [];
  /** The next word with the same bucket, or -1. */
  private readonly chain: number[] = [];
  private readonly buckets: number[];
  /** The first word of each text, and one past the last. */
  readonly firstWord: number[] = [];
  /** Flags of each word, 0 until asked (allocated at the first question: most words are never asked about). */
  private flags: number[] | null = null;
  /** How many opening words of each text may be a heading's, or -1 until asked. */
  private readonly skips: number[] = [];

  constructor(
    private readonly texts: string[],
    private readonly skipsOf: ((text: string) => number)[],
  ) {
    const all = (this.all = texts.join("\n"));
    // About one word in six characters; the table grows no further, chains just get longer.
    let size = 16;
    while (size * 8 < all.length) size <<= 1;
    const buckets = (this.buckets = new Array<number>(size).fill(-1));
    const mask = size - 1;
    let count = 0;
    let at = 0;
    for (let t = 0; t < texts.length; t++) {
      this.firstWord.push(count);
      this.skips.push(-1);
      const end = at + texts[t]!.length;
      let i = at;
      while (i < end) {
        if (isSpaceCode(all.charCodeAt(i))) {
          i++;
          continue;
        }
        const start = i;
        // The hot loop of the index, over every character of the document: the word's end, its first
        // three counted characters and its last two (the last may be a possessive's `s`).
        let hash = HASH_SEED;
        let counted = 0;
        let last = -1;
        let lastFolded = 0;
        let beforeLastFolded = 0;
        for (; i < end; i++) {
          const c = all.charCodeAt(i);
          let folded: number;
          if (c < 0x80) {
            folded = ASCII_FOLDED[c]!;
            if (folded === NOT_COUNTED) {
              if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) break;
              continue;
            }
          } else {
            if (isSpaceCode(c)) break;
            folded = foldOf(c);
            if (folded === NOT_COUNTED) continue;
          }
          if (counted < 3) hash = mix(hash, folded);
          counted++;
          beforeLastFolded = lastFolded;
          lastFolded = folded;
          last = i;
        }
        if (counted > 0) {
          const s = all.charCodeAt(last);
          const apostrophe = last > start ? all.charCodeAt(last - 1) : 0;
          // `Macron’s`: the key drops the possessive (its core then ends before the `s`). A short word's first three held the `s`: hashed again.
          if (s === 0x73 && (apostrophe === 0x27 || apostrophe === 0x2019) && coreOf(all, start, i).to < last) {
            hash = counted <= 3 ? hashOfCounted(all, start, lastCounted(all, start, last - 2)) : mix(hash, beforeLastFolded);
          } else hash = mix(hash, lastFolded);
        }
        this.startOf.push(start);
        this.hashOf.push(hash);
        this.chain.push(buckets[hash & mask]!);
        buckets[hash & mask] = count++;
      }
      at = end + 1;
    }
    this.firstWord.push(count);
  }

  /** One past the word's last character. */
  private endOf(w: number): number {
    const all = this.all;
    let end = this.startOf[w]! + 1;
    while (end < all.length && !isSpaceCode(all.charCodeAt(end))) end++;
    return end;
  }

  /**
   * The word's key is `key`, a key with a letter. Read in place, as `wordKey` reads a word, without slicing it: its core
   * without surrounding punctuation or possessive, lowercased. Words with other than ASCII in it
   * (lowercasing may change their length) go through their key.
   */
  isKey(w: number, key: string): boolean {
    const all = this.all;
    const start = this.startOf[w]!;
    const end = this.endOf(w);
    const { from, to } = coreOf(all, start, end);
    for (let k = 0; from + k < to; k++) {
      const c = all.charCodeAt(from + k);
      if (c >= 0x80) return countedKey(all.slice(start, end)) === key;
      if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== key.charCodeAt(k)) return false;
    }
    return to - from === key.length;
  }

  /** The words whose key is `key`, last first. */
  wordsOf(key: string): number[] {
    const found: number[] = [];
    // A key without a letter (`2025`, `–`) is no word's.
    if (!HAS_LETTER.test(key)) return found;
    const hash = keyHash(key);
    for (let w = this.buckets[hash & (this.buckets.length - 1)]!; w >= 0; w = this.chain[w]!) {
      if (this.hashOf[w] === hash && this.isKey(w, key)) found.push(w);
    }
    return found;
  }

  has(w: number, flag: number): boolean {
    const known = (this.flags ??= new Array<number>(this.hashOf.length).fill(0));
    let flags = known[w]!;
    if (flags === 0) {
      // Whether the word is capitalised, and what its last mark before closing quotes ends (lastMark), read in place.
      const all = this.all;
      const start = this.startOf[w]!;
      const end = this.endOf(w);
      flags = COMPUTED;
      if (isCapitalisedAt(all, start, end)) flags |= CAPITAL;
      let at = end - 1;
      while (at > start && CLOSER_CODES.has(all.charCodeAt(at))) at--;
      const mark = all.charCodeAt(at);
      if (SENTENCE_END_CODES.has(mark)) flags |= ENDS;
      if (mark === 0x2c) flags |= COMMA;
      if (end - start === 1 && DASH_CODES.has(all.charCodeAt(start))) flags |= DASH;
      known[w] = flags;
    }
    return (flags & flag) !== 0;
  }

  /** The text a word belongs to. */
  textOf(w: number): number {
    let low = 0;
    let high = this.texts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.firstWord[mid]! <= w) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** How many opening words of a text may be a heading's. */
  skip(text: number): number {
    let skip = this.skips[text]!;
    if (skip < 0) this.skips[text] = skip = this.skipsOf[text]!(this.texts[text]!);
    return skip;
  }
}

/** No evidence: a paragraph judged on its own. */
export const NO_EVIDENCE = new DocumentEvidence();
