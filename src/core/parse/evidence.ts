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
const POSSESSIVE = /['’]s$/u;
const ENDS_SENTENCE = /[.!?:;…]["”’)»]*$/u;
const DASH_TOKEN = /^[-\u2012\u2013\u2014\u2015\u2212]$/u;
const SPACES = /[\s\u00a0\u202f]+/u;

/** The key a word is counted under: no surrounding punctuation or possessive, lowercased. */
export function wordKey(raw: string): string {
  return raw.replace(LEADING, "").replace(TRAILING, "").replace(POSSESSIVE, "").toLowerCase();
}

/** Capitalised letter first (`Union`, `Élysée`); digits and punctuation are not. */
export function isCapitalisedWord(core: string): boolean {
  const first = core.replace(LEADING, "")[0];
  return first !== undefined && first !== first.toLowerCase() && first === first.toUpperCase();
}

const NONE: WordUse = { lower: 0, midCap: 0, initial: 0, alone: 0 };

export class DocumentEvidence {
  private readonly words = new Map<string, WordUse>();
  private readonly pairs = new Set<string>();

  /** Counts the words of a text; capitalised words among the first `skipCapitals` words are not counted (a heading may hold them). */
  addText(text: string, skipCapitals = 0): void {
    const tokens = text.split(SPACES).filter(Boolean);
    let sentenceStart = true;
    for (let i = 0; i < tokens.length; i++) {
      const raw = tokens[i]!;
      if (DASH_TOKEN.test(raw)) {
        sentenceStart = true;
        continue;
      }
      const key = wordKey(raw);
      const capital = isCapitalisedWord(raw);
      if (key && /\p{L}/u.test(key) && !(capital && i < skipCapitals)) {
        const use = this.use(key);
        if (!capital) use.lower++;
        else if (sentenceStart) use.initial++;
        else {
          use.midCap++;
          const before = i > 0 && !ENDS_SENTENCE.test(tokens[i - 1]!) && isCapitalisedWord(tokens[i - 1]!);
          const after = i + 1 < tokens.length && !ENDS_SENTENCE.test(raw) && !/,$/u.test(raw) && isCapitalisedWord(tokens[i + 1]!);
          if (!before && !after) use.alone++;
        }
        // Pairs inside the opening words would be the very words in doubt.
        const next = tokens[i + 1];
        if (next !== undefined && i >= skipCapitals && !ENDS_SENTENCE.test(raw) && !/,["”’)]*$/u.test(raw)) this.pairs.add(`${key} ${wordKey(next)}`);
      }
      sentenceStart = ENDS_SENTENCE.test(raw);
    }
  }

  private use(key: string): WordUse {
    let use = this.words.get(key);
    if (!use) this.words.set(key, (use = { lower: 0, midCap: 0, initial: 0, alone: 0 }));
    return use;
  }

  of(key: string): Readonly<WordUse> {
    return this.words.get(key) ?? NONE;
  }

  /** The two words were written side by side somewhere else in the document (`transport minister`, `World Health`). */
  together(a: string, b: string): boolean {
    return this.pairs.has(`${a} ${b}`);
  }
}

/** No evidence: a paragraph judged on its own. */
export const NO_EVIDENCE = new DocumentEvidence();
