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
/** The words of a text, split at every kind of space (by hand: the regex split was the hot spot). */
function words(text: string): string[] {
  const found: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const space = i === text.length || isSpaceCode(text.charCodeAt(i));
    if (space && start >= 0) {
      found.push(text.slice(start, i));
      start = -1;
    } else if (!space && start < 0) start = i;
  }
  return found;
}

/** Letters only, nothing to strip (most words). */
const PLAIN_WORD = /^\p{L}+$/u;

/** The key a word is counted under: no surrounding punctuation or possessive, lowercased. */
export function wordKey(raw: string): string {
  if (PLAIN_WORD.test(raw)) return raw.toLowerCase();
  return stripPunctuation(raw).replace(POSSESSIVE, "").toLowerCase();
}

/** Capitalised letter first (`Union`, `Élysée`); digits and punctuation are not. */
export function isCapitalisedWord(core: string): boolean {
  const c = core.charCodeAt(0);
  if (c < 0x80 && ((c | 0x20) >= 97 && (c | 0x20) <= 122)) return c <= 90;
  const first = core.replace(LEADING, "")[0];
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
/** `said.`, `said.”`, `Note:`: the sentence ends after the word. */
const endsSentence = (raw: string): boolean => raw !== "" && ".!?:;…".includes(lastMark(raw));
const endsClause = (raw: string): boolean => raw !== "" && lastMark(raw) === ",";

/** Keys of words, kept: documents share most of their words. Null for no word (`–`, `12`). */
const keyCache = new Map<string, string | null>();
function countedKey(raw: string): string | null {
  let key = keyCache.get(raw);
  if (key === undefined) {
    if (keyCache.size >= 100_000) keyCache.clear();
    const word = wordKey(raw);
    keyCache.set(raw, (key = word && /\p{L}/u.test(word) ? word : null));
  }
  return key;
}


export class DocumentEvidence {
  // The document's words, one entry per word, read once; questions are answered by a scan, on demand
  // (counting every word and pair up front cost more than parsing the rest of the document).
  private readonly keys: (string | null)[] = [];
  private readonly capitals: boolean[] = [];
  /** Capitalised at the start of a sentence. */
  private readonly initials: boolean[] = [];
  /** A capitalised word among the opening words in doubt: not evidence. */
  private readonly skipped: boolean[] = [];
  /** May pair with the next word: same sentence, no comma between, outside the words in doubt. */
  private readonly pairable: boolean[] = [];
  /** Capitalised mid-sentence with no capitalised neighbour. */
  private readonly alone: boolean[] = [];
  private readonly uses = new Map<string, WordUse>();
  /** Where each word is written, built at the first question. */
  private positions: Map<string, number[]> | null = null;

  private at(key: string): readonly number[] {
    if (!this.positions) {
      this.positions = new Map();
      for (let i = 0; i < this.keys.length; i++) {
        const k = this.keys[i];
        if (!k) continue;
        const list = this.positions.get(k);
        if (list) list.push(i);
        else this.positions.set(k, [i]);
      }
    }
    return this.positions.get(key) ?? [];
  }

  /** Adds the words of a text; capitalised words among the first `skipCapitals` words are not counted (a heading may hold them). */
  addText(text: string, skipCapitals = 0): void {
    const tokens = words(text);
    const capitals = tokens.map(isCapitalisedWord);
    const ends = tokens.map(endsSentence);
    let sentenceStart = true;
    for (let i = 0; i < tokens.length; i++) {
      const raw = tokens[i]!;
      const dash = raw.length === 1 && DASHES.includes(raw);
      const key = dash ? null : countedKey(raw);
      const capital = capitals[i]!;
      const comma = endsClause(raw);
      const mid = capital && !sentenceStart;
      const before = i > 0 && !ends[i - 1] && capitals[i - 1]!;
      const after = i + 1 < tokens.length && !ends[i] && !comma && capitals[i + 1]!;
      this.keys.push(key);
      this.capitals.push(capital);
      this.initials.push(capital && sentenceStart);
      this.skipped.push(capital && i < skipCapitals);
      this.pairable.push(i >= skipCapitals && i + 1 < tokens.length && !ends[i]! && !comma);
      this.alone.push(mid && !before && !after);
      sentenceStart = dash || ends[i]!;
    }
  }

  of(key: string): Readonly<WordUse> {
    let use = this.uses.get(key);
    if (use) return use;
    use = { lower: 0, midCap: 0, initial: 0, alone: 0 };
    for (const i of this.at(key)) {
      if (this.skipped[i]) continue;
      if (!this.capitals[i]) use.lower++;
      else if (this.initials[i]) use.initial++;
      else {
        use.midCap++;
        if (this.alone[i]) use.alone++;
      }
    }
    this.uses.set(key, use);
    return use;
  }

  /** The two words were written side by side somewhere else in the document (`transport minister`, `World Health`). */
  together(a: string, b: string): boolean {
    for (const i of this.at(a)) if (this.pairable[i] && this.keys[i + 1] === b) return true;
    return false;
  }

}

/** No evidence: a paragraph judged on its own. */
export const NO_EVIDENCE = new DocumentEvidence();
