import { loadEnLexicon } from "./en-lexicon-table.js";

/**
 * What English says about a word: its Penn tags from en-lexicon, the lexicon of the en-pos tagger
 * (112,000 words with their inflections and nationality adjectives; names of people and places are
 * mostly absent). Loaded on first use, which the real process makes at start (the seeds are parsed),
 * and let go when unused (LEXICON_IDLE_MS).
 * Measured in bench/headings.ts against wink-lexicon (13,000 base words: as accurate on the test
 * documents, faster to load, but without inflections or `French`, `Czech`, so `French Foreign
 * Minister` splits wrong) and compromise (no more accurate, over a second to load); without any
 * lexicon the splitter gets 7 more of 48 headings wrong.
 *
 * Read from the package's file into a compact table (en-lexicon-table.ts), not loaded with require:
 * in a bare process the package's object cost 40 MB of RSS and 9.6 MB of heap after GC, the table
 * 11 MB and 1.5 MB (plus 1.8 MB of typed arrays), and it loads in 0.12–0.2 s instead of 0.26–0.45
 * (bench/lexicon.ts); the real process starts about 24 MB lighter (BENCHMARKS.md, "Start-up memory").
 */
export type Lexicon = (word: string) => readonly string[] | undefined;

/**
 * The default lexicon is let go once no word was looked up for a whole minute (checked every minute):
 * Herald parses documents at start and when a story file changes, and the table (2.5 MB of heap) would
 * otherwise stay for good in a process that spends its life following feeds, which never ask it. The
 * next document loads it again (about 50 ms).
 */
export const LEXICON_IDLE_MS = 60_000;

let lexicon: Lexicon | null = null;
/** Set by useLexicon: a lexicon given is kept. */
let given = false;
let usedSinceCheck = false;
let idleCheck: NodeJS.Timeout | null = null;

/** Swaps the lexicon (bench/headings.ts compares several); null restores the default. */
export function useLexicon(next: Lexicon | null): void {
  release();
  lexicon = next;
  given = next !== null;
  facts.clear();
}

/** Whether the default lexicon is in memory now. */
export const holdsLexicon = (): boolean => lexicon !== null && !given;

function release(): void {
  if (idleCheck) clearInterval(idleCheck);
  idleCheck = null;
  lexicon = null;
}

/** Penn tags of a lowercased word, or undefined for a word English does not list (most names). */
export function englishTags(word: string): readonly string[] | undefined {
  if (!lexicon) {
    lexicon = loadEnLexicon();
    idleCheck = setInterval(() => {
      if (!usedSinceCheck) release();
      usedSinceCheck = false;
    }, LEXICON_IDLE_MS).unref();
  }
  usedSinceCheck = true;
  return lexicon(word);
}

/** What the splitter asks of a word, read from its tags once per process (the same words come back in every document). */
interface WordFacts {
  common: boolean;
  primary: string | undefined;
  verb: boolean;
  modifier: boolean;
}
const facts = new Map<string, WordFacts>();
const PROPER = new Set(["NNP", "NNPS"]);

function factsOf(word: string): WordFacts {
  let found = facts.get(word);
  if (found) return found;
  const tags = englishTags(word);
  const first = tags?.[0];
  found = {
    common: tags?.some((tag) => !PROPER.has(tag)) ?? false,
    primary: first,
    verb: tags?.some((tag) => tag.startsWith("VB")) ?? false,
    modifier:
      tags !== undefined &&
      (first === "JJ" || first === "NN" || (first!.startsWith("VB") && tags.includes("NN") && !tags.includes("NNS"))),
  };
  if (facts.size >= 100_000) facts.clear();
  facts.set(word, found);
  return found;
}

/** A common English word: listed with at least one tag that is not a proper noun's. */
export const isCommonWord = (word: string): boolean => factsOf(word).common;

/** The word's most frequent tag in English (`said` → VBD, `talks` → NNS), or undefined. */
export const primaryTag = (word: string): string | undefined => factsOf(word).primary;

/** Can be a verb (`claim`, `open`): a plural noun before it may be its subject, not the end of a phrase. */
export const canBeVerb = (word: string): boolean => factsOf(word).verb;

/** An adjective or a singular noun, as English uses it most: it may modify the next noun (`Transport Minister`). */
export const canModify = (word: string): boolean => factsOf(word).modifier;
