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

const wordKeys = new Map<string, string>();
/** The key a word is counted under: no surrounding punctuation or possessive, lowercased. */
export function wordKey(raw: string): string {
  // Kept: the splitter asks again about the words of every heading it weighs.
  let key = wordKeys.get(raw);
  if (key === undefined) {
    if (wordKeys.size >= 100_000) wordKeys.clear();
    key = PLAIN_WORD.test(raw) ? raw.toLowerCase() : stripPunctuation(raw).replace(POSSESSIVE, "").toLowerCase();
    wordKeys.set(raw, key);
  }
  return key;
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
/** The same for ASCII, looked up without a branch on the cache; spaces are SPACE, to end a word. */
const SPACE = -2;
const ASCII_FOLDED = Int32Array.from({ length: 0x80 }, (_, c) => computeFold(c));
const ASCII_READ = Int32Array.from({ length: 0x80 }, (_, c) => (isSpaceCode(c) ? SPACE : computeFold(c)));
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

const CAPITAL = 1;
const ENDS = 1 << 1;
const COMMA = 1 << 2;
const DASH = 1 << 3;
const NO_SKIP = (): number => 0;

/** Whether the word from `start` to `end` is capitalised, and what its last mark before closing quotes ends (lastMark), read in place. */
function flagsOf(text: string, start: number, end: number): number {
  let flags = isCapitalisedAt(text, start, end) ? CAPITAL : 0;
  let at = end - 1;
  while (at > start && CLOSER_CODES.has(text.charCodeAt(at))) at--;
  const mark = text.charCodeAt(at);
  if (SENTENCE_END_CODES.has(mark)) flags |= ENDS;
  if (mark === 0x2c) flags |= COMMA;
  if (end - start === 1 && DASH_CODES.has(text.charCodeAt(start))) flags |= DASH;
  return flags;
}

/**
 * The key of the word from `start` to `end` is `key` (a key with a letter). Read in place, as
 * `wordKey` reads a word: its core lowercased. A word with other than ASCII in its core (lowercasing
 * may change its length) goes through its key.
 */
function isKeyAt(text: string, start: number, end: number, key: string): boolean {
  const { from, to } = coreOf(text, start, end);
  for (let k = 0; from + k < to; k++) {
    const c = text.charCodeAt(from + k);
    if (c >= 0x80) return countedKey(text.slice(start, end)) === key;
    if ((c >= 0x41 && c <= 0x5a ? c | 0x20 : c) !== key.charCodeAt(k)) return false;
  }
  return to - from === key.length;
}

/** Word bounds and hashes of the text being read, reused from one reading to the next (readings never overlap: they are synchronous). */
let starts: Int32Array = new Int32Array(1024);
let ends: Int32Array = new Int32Array(1024);
let hashes: Int32Array = new Int32Array(1024);

/**
 * The words of `all` from `i` to `end`, with the hash of each one's key (hashOfCounted), into
 * `starts`, `ends` and `hashes` from `count` on; returns the count after them. The hot loop of the
 * evidence: one pass over every character.
 */
function readWords(all: string, i: number, end: number, count: number): number {
  let wordStarts = starts;
  let wordEnds = ends;
  let wordHashes = hashes;
  while (i < end) {
    const start = i;
    // The word's end, its first three counted characters and its last two (the last may be a possessive's `s`).
    let hash = HASH_SEED;
    let counted = 0;
    let last = -1;
    let lastFolded = 0;
    let beforeLastFolded = 0;
    for (; i < end; i++) {
      const c = all.charCodeAt(i);
      let folded: number;
      if (c < 0x80) {
        folded = ASCII_READ[c]!;
        if (folded < 0) {
          if (folded === SPACE) break;
          continue;
        }
      } else {
        folded = foldOf(c);
        if (folded === NOT_COUNTED) {
          if (isSpaceCode(c)) break;
          continue;
        }
      }
      if (counted < 3) hash = mix(hash, folded);
      counted++;
      beforeLastFolded = lastFolded;
      lastFolded = folded;
      last = i;
    }
    if (i === start) {
      i++;
      continue;
    }
    if (counted > 0) {
      // `Macron’s`: the key drops the possessive (its core then ends before the `s`). A short word's first three held the `s`: hashed again.
      if (lastFolded === 0x73 && isPossessiveAt(all, start, last, i)) {
        hash = counted <= 3 ? hashOfCounted(all, start, lastCounted(all, start, last - 2)) : mix(hash, beforeLastFolded);
      } else hash = mix(hash, lastFolded);
    }
    if (count === wordStarts.length) {
      wordStarts = starts = grown(starts);
      wordEnds = ends = grown(ends);
      wordHashes = hashes = grown(hashes);
    }
    wordStarts[count] = start;
    wordEnds[count] = i;
    wordHashes[count] = hash;
    count++;
  }
  return count;
}
/** The `s` at `last`, after an apostrophe, is a possessive the key of the word from `start` to `end` drops. */
function isPossessiveAt(all: string, start: number, last: number, end: number): boolean {
  const apostrophe = last > start ? all.charCodeAt(last - 1) : 0;
  return all.charCodeAt(last) === 0x73 && (apostrophe === 0x27 || apostrophe === 0x2019) && coreOf(all, start, end).to < last;
}
const grown = (array: Int32Array): Int32Array => {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
};

/** Questions about one word: how it is written, and which words were asked to follow it. */
interface Question {
  key: string;
  hash: number;
  use: WordUse;
  /** Asked `together(key, next)`: the next words, with whether they were found after this one. */
  next: Map<string, boolean>;
}

export class DocumentEvidence {
  // The document's texts are kept as given. Questions are answered together, in one reading of every
  // word: the splitter asks first about all the words it may weigh (ask), then weighs. A question not
  // asked before is answered by one more reading.
  private readonly texts: string[] = [];
  private readonly skipsOf: ((text: string) => number)[] = [];
  private readonly answered = new Map<string, Question>();
  private readonly pending = new Map<string, Question>();

  /**
   * Adds the words of a text; capitalised words among its first `skipCapitals(text)` words are not
   * counted (a heading may hold them); it is called only for a text holding a word asked about.
   */
  addText(text: string, skipCapitals: (text: string) => number = NO_SKIP): void {
    this.texts.push(text);
    this.skipsOf.push(skipCapitals);
    // Answers given before are answered again, with this text.
    for (const question of this.answered.values()) this.reopen(question);
  }

  /** Questions to come: how `words` are written, and whether each pair `[a, b]` is written side by side. */
  ask(words: Iterable<string>, pairs: Iterable<readonly [string, string]> = []): void {
    for (const word of words) this.question(word);
    for (const [a, b] of pairs) {
      const question = this.question(a);
      if (!question || question.next.has(b) || !HAS_LETTER.test(b)) continue;
      if (this.answered.has(a)) this.reopen(question);
      question.next.set(b, false);
    }
  }

  /** Moves an answered question back to the pending ones, its counts cleared. */
  private reopen(question: Question): void {
    this.answered.delete(question.key);
    question.use = { lower: 0, midCap: 0, initial: 0, alone: 0 };
    for (const next of question.next.keys()) question.next.set(next, false);
    this.pending.set(question.key, question);
  }

  private question(key: string): Question | null {
    let question = this.answered.get(key) ?? this.pending.get(key);
    if (question) return question;
    // A key without a letter (`2025`, `–`) is no word's.
    if (!HAS_LETTER.test(key)) return null;
    this.pending.set(key, (question = { key, hash: keyHash(key), use: { lower: 0, midCap: 0, initial: 0, alone: 0 }, next: new Map() }));
    return question;
  }

  of(key: string): Readonly<WordUse> {
    const question = this.answered.get(key);
    if (question) return question.use;
    this.ask([key]);
    this.read();
    return this.answered.get(key)?.use ?? NO_USE;
  }

  /** The two words were written side by side somewhere else in the document (`transport minister`, `World Health`). */
  together(a: string, b: string): boolean {
    const found = this.answered.get(a)?.next.get(b);
    if (found !== undefined) return found;
    this.ask([], [[a, b]]);
    this.read();
    return this.answered.get(a)?.next.get(b) ?? false;
  }

  /** Answers every pending question in one pass over the document's words. */
  private read(): void {
    if (this.pending.size === 0) return;
    // The pending questions by hash, in an open-addressed table at most a quarter full: slots hold
    // a question's place in `questions` plus one (0 for none).
    const questions = [...this.pending.values()];
    let size = 64;
    while (size < questions.length * 4) size <<= 1;
    const slots = new Array<number>(size).fill(0);
    const mask = size - 1;
    questions.forEach((question, q) => {
      let slot = question.hash & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = q + 1;
    });
    // One flat string reads faster than the many slices of lines the texts are.
    const all = this.texts.join("\n");
    let from = 0;
    for (let t = 0; t < this.texts.length; t++) {
      const to = from + this.texts[t]!.length;
      const count = readWords(all, from, to, 0);
      let skip = -1;
      for (let w = 0; w < count; w++) {
        const hash = hashes[w]!;
        for (let slot = hash & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
          const question = questions[slots[slot]! - 1]!;
          if (question.hash !== hash || !isKeyAt(all, starts[w]!, ends[w]!, question.key)) continue;
          if (skip < 0) skip = this.skipsOf[t]!(this.texts[t]!);
          this.count(question, all, w, count, skip);
        }
      }
      from = to + 1;
    }
    for (const question of this.pending.values()) this.answered.set(question.key, question);
    this.pending.clear();
  }

  /** Counts word `w` of a text of `count` words, whose key is the question's. */
  private count(question: Question, text: string, w: number, count: number, skip: number): void {
    const flags = flagsOf(text, starts[w]!, ends[w]!);
    const use = question.use;
    const capital = (flags & CAPITAL) !== 0;
    if (!(capital && w < skip)) {
      const previous = w > 0 ? flagsOf(text, starts[w - 1]!, ends[w - 1]!) : 0;
      if (!capital) use.lower++;
      else if (w === 0 || (previous & (DASH | ENDS)) !== 0) use.initial++;
      else {
        use.midCap++;
        const before = (previous & ENDS) === 0 && (previous & CAPITAL) !== 0;
        const after = w + 1 < count && (flags & (ENDS | COMMA)) === 0 && (flagsOf(text, starts[w + 1]!, ends[w + 1]!) & CAPITAL) !== 0;
        if (!before && !after) use.alone++;
      }
    }
    if (question.next.size === 0 || w < skip || w + 1 >= count || (flags & (ENDS | COMMA)) !== 0) return;
    for (const [next, found] of question.next) {
      if (!found && isKeyAt(text, starts[w + 1]!, ends[w + 1]!, next)) question.next.set(next, true);
    }
  }
}

const NO_USE: Readonly<WordUse> = { lower: 0, midCap: 0, initial: 0, alone: 0 };

/** No evidence: a paragraph judged on its own. */
export const NO_EVIDENCE = new DocumentEvidence();
