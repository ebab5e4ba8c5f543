import { isSpaceCode } from "./text.js";

/** Navigation of the aggregator page above the title. */
const NAVIGATION = new Set(
  ["top headlines", "feeds", "top stories", "headlines", "for you", "following", "home", "menu", "news", "full coverage", "local", "world"],
);

/** Whole lines that are page furniture, compared after normalisation. */
const FURNITURE_LINES = new Set([
  "advertisement", "advertisements", "ad", "sponsored", "sponsored content", "promoted", "skip advertisement",
  "story continues below advertisement", "continue reading", "read more", "read also", "read next", "see also",
  "share", "share this", "share this article", "share this story", "follow us", "related", "related articles",
  "related stories", "most read", "most popular", "recommended", "more on this story", "subscribe", "sign in",
  "log in", "listen to this article", "print", "comments", "view comments", "show comments",
]);

/**
 * Lines that start like furniture: `Sign up for our newsletter…`, `Read more: …`,
 * `Comments you share on our site…`, `© 2026 Example Media. All rights reserved.`
 */
const FURNITURE_START = /^[\s"“‘']*(?:sign up\b|subscribe (?:to|now|for)\b|read (?:more|also|next)\b|comments you share\b|copyright\b|©|click here\b|download (?:our|the) app\b|follow us\b|(?:image|photo|video) credit\b)/;
/** Phrases that mark a comment-policy or rights paragraph anywhere in it. */
const FURNITURE_PHRASE = /please be respectful|comment policy|community guidelines|all rights reserved|avoid using rude|comments are (?:closed|moderated)/i;
/**
 * The end of every FURNITURE_PHRASE, or of its `co`/`a`/`please be respe`, read alike (ASCII case only): a regex
 * whose first letters are rare scans a line about twice as fast, and rules out almost every line before the
 * phrase regex runs.
 */
const MAY_HOLD_PHRASE = /mm(?:ent policy|unity guidelines|ents are (?:closed|moderated))|ghts reserved|void using rude|ctful/i;
/** Whole-line furniture and navigation are short (all keys are ASCII words). */
const SHORT_LINE = 40;
const START_CHARS = 40;

/** First two letters of each FURNITURE_START phrase after its opening quotes and spaces. */
const START_PAIRS = new Set(["si", "su", "re", "co", "cl", "do", "fo", "im", "ph", "vi"].map((p) => p.charCodeAt(0) * 128 + p.charCodeAt(1)));
const isOpening = (c: number): boolean => c === 0x22 || c === 0x27 || c === 0x201c || c === 0x2018 || isSpaceCode(c);
const lowerAsciiLetter = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/** False when FURNITURE_START cannot match, decided from the first two letters (no slicing or lowercasing). */
function mayStartFurniture(line: string): boolean {
  let at = 0;
  while (at < line.length && isOpening(line.charCodeAt(at))) at++;
  if (at >= START_CHARS) return true;
  const first = line.charCodeAt(at);
  if (first === 0xa9) return true; // ©
  // Only U+0130 and U+212A lowercase to ASCII letters, and neither can begin one of these phrases.
  const a = lowerAsciiLetter(first);
  const b = lowerAsciiLetter(line.charCodeAt(at + 1));
  return a < 128 && b < 128 && START_PAIRS.has(a * 128 + b);
}

/** `Top  Headlines!` → `top headlines`: ASCII letters and digits, single spaces (a hot path: no regex). */
function lineKey(line: string): string {
  // isFurniture and isNavigation ask about the same line one after the other.
  if (line === lastLine) return lastKey;
  let key = "";
  let space = false;
  for (let i = 0; i < line.length; i++) {
    let c = line.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (space && key) key += " ";
      key += String.fromCharCode(c);
      space = false;
    } else space = true;
  }
  lastLine = line;
  lastKey = key;
  return key;
}
let lastLine = "";
let lastKey = "";

export const isNavigation = (line: string): boolean => line.length <= SHORT_LINE && NAVIGATION.has(lineKey(line));

/** Page furniture: ads, sharing and sign-up prompts, the comment policy, rights notices. */
export function isFurniture(line: string): boolean {
  if (line.length <= SHORT_LINE && FURNITURE_LINES.has(lineKey(line))) return true;
  if (mayStartFurniture(line) && FURNITURE_START.test(line.slice(0, START_CHARS).toLowerCase())) return true;
  return MAY_HOLD_PHRASE.test(line) && FURNITURE_PHRASE.test(line);
}

/** `By Jane Doe`, `Published 5 February 2026`: bylines and datelines of an article page. */
export const isByline = (line: string): boolean =>
  line.length <= 80 &&
  "BbPpUuLl".includes(line.charAt(0)) &&
  (/^[Bb]y\s+\p{Lu}[\p{L}.'’-]*(?:\s+(?:and\s+)?\p{Lu}[\p{L}.'’-]*){0,5}$/u.test(line) ||
    /^(published|updated|last updated)\b[^.]{0,60}$/iu.test(line));
