/**
 * Names for matching: one form per name whatever its typography, accents or transliteration.
 * `Ouchakov` (French), `Ushakov` (English) and `Uschakow` (German) share the key `usakov`.
 */
import { memoByWord, WORDS_REMEMBERED } from "../text.js";

const COMBINING_MARKS = /\p{M}/gu;
/** Quote marks and apostrophes of every typography. */
const QUOTES = /['"`´‘’‚‛“”„‟«»‹›]/gu;
/** Hyphens and dashes (U+2010–U+2015, U+2212, U+FE63, U+FF0D) and spaces of every kind. */
const SEPARATORS = /[\s\u2010-\u2015\u2212\ufe63\uff0d-]+/gu;

/** `Bonne`, `Emmanuel Bonne`: ASCII letters and single spaces, no possessive. */
const PLAIN_WORDS = /^[A-Za-z]+(?: [A-Za-z]+)*$/u;

/** A name as text to compare: NFKC, lowercase, no accents, quotes dropped, hyphens and spaces as one space. */
export function normalizeName(text: string): string {
  // Most words of English prose are plain ASCII letters: nothing to fold but the case.
  if (PLAIN_WORDS.test(text)) return text.toLowerCase();
  return text
    .normalize("NFKC")
    .toLowerCase()
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(/ß/gu, "ss")
    .replace(/þ/gu, "th")
    .replace(/[ðđ]/gu, "d")
    .replace(/æ/gu, "ae")
    .replace(/[øœ]/gu, "oe")
    .replace(/ł/gu, "l")
    .replace(/[’']s\b/gu, "")
    .replace(QUOTES, "")
    .replace(SEPARATORS, " ")
    .trim();
}

/**
 * Spelling rules of the Latin transliterations of one name, in the order they apply. Each folds the
 * spellings English, French and German give one sound into one form: `tsch`/`tch`/`sch`/`sh`/`ch` →
 * `s`, `ou` → `u`, `w` → `v`, `y`/`j` → `i`, `z` → `s`, `kh` → `h`, `ks`/`x`, double letters.
 */
const TRANSLITERATION_RULES: [RegExp, string, string][] = [
  // [pattern, replacement, a letter the pattern needs: a key without it skips the rule (a hot path)]
  [/tsch|tch|sch|sh|ch|zh/g, "s", "h"],
  [/kh/g, "h", "h"],
  [/ph/g, "f", "h"],
  [/ck|q|c(?=[aouklrt]|$)/g, "k", "cq"],
  [/x/g, "ks", "x"],
  [/gu(?=[eiy])/g, "g", "g"],
  [/ou|oo/g, "u", "o"],
  // German writes ä, ö, ü as ae, oe, ue when it has no umlaut.
  [/([aou])e(?=[^aeiou]|$)/g, "$1", "e"],
  [/w/g, "v", "w"],
  [/[yj]/g, "i", "yj"],
  [/z/g, "s", "z"],
  // Russian Е at the start: Yevgeny, Jewgeni, Evgueni; Yelena, Jelena, Elena.
  [/^i(?=e)/g, "", "e"],
  [/ie$/g, "i", "e"],
  [/ff$/g, "v", "f"],
  [/(.)\1+/g, "$1", ""],
];
const needs = (key: string, letters: string): boolean => {
  if (letters === "") return true;
  for (const letter of letters) if (key.includes(letter)) return true;
  return false;
};

/** The transliteration key of one word of a name: `Selenskyj`, `Zelenskyy`, `Zelensky` → `selenski`. Names recur across reports: keys are remembered. */
export const nameKey = memoByWord(WORDS_REMEMBERED, (word: string): string => {
  let key = normalizeName(word).replace(/[^a-z]/g, "");
  for (const [pattern, replacement, letters] of TRANSLITERATION_RULES) if (needs(key, letters)) key = key.replace(pattern, replacement);
  return key;
});

/** Whether two words are spellings of one name by their keys. */
export const sameName = (a: string, b: string): boolean => nameKey(a) === nameKey(b);
