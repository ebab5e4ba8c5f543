import { isSpaceCode } from "./text.js";

/**
 * Splitting a summary paragraph into its Title-Case heading and the sentence that follows it:
 * `Timing and Publication Details Le Monde first published…` → `Timing and Publication Details`.
 *
 * The heading is a run of capitalised words and lowercase minor words; the sentence starts with a
 * capitalised word inside that run. Which one is decided by clues, strongest first:
 * 1. an explicit delimiter (`Background: The…`, `Background – The…`);
 * 2. a capitalised function word that Title Case would have lowercased (`… Europe The talks…`),
 *    or a pronoun followed by a lowercase word (`… Week It was…`);
 * 3. a word that typically opens a news sentence (`President`, `During`, `Officials`);
 * 4. a name particle (`Le Monde`, `Van Rompuy`);
 * 5. otherwise the subject is the last capitalised word (two when an appositive comma follows).
 * Names bound with U+202F (`Emmanuel\u202fBonne`) count as one word, as the documents write them.
 */

const MINOR = new Set(
  "a an and as at but by for from in into nor of off on onto or out over per the to up upon via vs vs. with amid than".split(" "),
);
/** Capitalised, these start a sentence: Title Case would have lowercased them inside a heading. */
const SENTENCE_FUNCTION_WORDS = new Set("the a an in on at for to by of and but as or".split(" "));
const ARTICLES = new Set("the a an".split(" "));
/** Title Case capitalises pronouns, so they open a sentence only when a lowercase verb follows (`It was`). */
const PRONOUNS = new Set("it he she they we i this these those there its his her their our".split(" "));
/** Words that typically open a news sentence: titles, connectives, time words, collective subjects. */
const SENTENCE_OPENERS = new Set(
  (
    "president prime minister chancellor secretary senator governor mayor king queen pope general " +
    "foreign defence defense finance interior former acting deputy spokesman spokeswoman spokesperson " +
    "mr mrs ms dr sir lord lady ambassador envoy officials experts analysts critics authorities police " +
    "researchers scientists investigators lawmakers diplomats sources residents witnesses protesters " +
    "during after before while when although though despite since following according amid meanwhile " +
    "however earlier later speaking asked last yesterday today tomorrow several many most some both " +
    "each every no one two three four five six seven eight nine ten"
  ).split(" "),
);
/** Nationality and institution words that attach to a following opener (`French President`). */
const OPENER_PREFIXES = new Set(
  "french german british russian ukrainian american us u.s. chinese european eu italian spanish polish un nato israeli iranian indian japanese canadian".split(" "),
);
const NAME_PARTICLES = new Set("le la les l de del della der den des di da dos du van von al el bin ibn ben ter".split(" "));
const DASH = /^[-\u2012\u2013\u2014\u2015\u2212]$/u;

type Kind = "cap" | "minor" | "joiner" | "other";

interface Token {
  raw: string;
  start: number;
  /** The word without surrounding quotes and punctuation, lowercased. */
  word: string;
  kind: Kind;
  /** Ends with , ; . ! ? : the token belongs to the sentence. */
  terminal: boolean;
  /** Ends with a colon: the heading ends at this token. */
  colon: boolean;
}

const LEADING_PUNCT = /^[“‘"'(\[¿¡«‹]+/;
const TRAILING_PUNCT = /[”’"')\].,;:!?…»›]+$/;
const LEADING_CHARS = "“‘\"'([¿¡«‹";
const TRAILING_CHARS = "”’\"')].,;:!?…»›";
const DASHES = "-\u2012\u2013\u2014\u2015\u2212";
const CLOSING = "”’\"')";

/** The last character that is not a closing quote or bracket. */
function lastMeaningful(raw: string): string {
  let i = raw.length - 1;
  while (i > 0 && CLOSING.includes(raw[i]!)) i--;
  return raw[i] ?? "";
}

/** Capitalised, titlecase or a digit: `Low‑Profile`, `2025`, `Élysée`. */
function startsCapitalised(core: string): boolean {
  const c = core.charCodeAt(0);
  if (c < 0x80) return (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  const first = core[0]!;
  return first !== first.toLowerCase();
}
const ABBREVIATION = /^(?:\p{Lu}\.)+$/u; // U.S., E.U., J.

function classify(raw: string, start: number): Token {
  // Most words have nothing to strip; skip the regexes for them (a hot path).
  const plain = !LEADING_CHARS.includes(raw[0]!) && !TRAILING_CHARS.includes(raw[raw.length - 1]!);
  // Without trailing punctuation a word is neither terminal nor a colon.
  if (plain) return { raw, start, word: raw.toLowerCase(), kind: kindOf(raw), terminal: false, colon: false };
  const core = raw.replace(LEADING_PUNCT, "").replace(TRAILING_PUNCT, "");
  const word = core.toLowerCase();
  const colon = raw.endsWith(":");
  const end = lastMeaningful(raw);
  const terminal = colon || (end !== "" && ",;!?…".includes(end)) || (end === "." && !ABBREVIATION.test(`${core}.`));
  return { raw, start, word, kind: kindOf(core), terminal, colon };
}

function kindOf(core: string): Kind {
  if (core === "" || (core.length === 1 && (DASHES.includes(core) || "&+/".includes(core)))) return "joiner";
  if (MINOR.has(core)) return "minor";
  return startsCapitalised(core) ? "cap" : "other";
}

/** A heading without the spaces, colons and dashes that lead into its sentence. */
function trimHeading(text: string): string {
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (!isSpaceCode(c) && c !== 0x3a && c !== 0x2d && !(c >= 0x2012 && c <= 0x2015) && c !== 0x2212) break;
    end--;
  }
  return text.slice(0, end).trim();
}

const isWordSeparator = (c: number): boolean => c === 0x20 || c === 0x09;

/** The first words of a paragraph: enough to hold a heading run and the word after it. */
function tokenize(paragraph: string, limit: number): Token[] {
  const tokens: Token[] = [];
  let stopAfter = limit;
  let at = 0;
  while (tokens.length < stopAfter) {
    // Words are separated by spaces and tabs only: U+202F-bound names stay one word.
    while (at < paragraph.length && isWordSeparator(paragraph.charCodeAt(at))) at++;
    if (at >= paragraph.length) break;
    const start = at;
    while (at < paragraph.length && !isWordSeparator(paragraph.charCodeAt(at))) at++;
    const token = classify(paragraph.slice(start, at), start);
    tokens.push(token);
    // The heading run ends at the first lowercase word, or one word after a terminal one.
    if (token.kind === "other") break;
    if (token.terminal) stopAfter = Math.min(stopAfter, tokens.length + 1);
  }
  return tokens;
}

export interface HeadedParagraph {
  heading: string | null;
  text: string;
}

const MAX_HEADING_WORDS = 20;

/** Splits the heading run from the first sentence of a paragraph; heading null when none is found. */
export function splitHeading(paragraph: string): HeadedParagraph {
  const none = { heading: null, text: paragraph };
  const tokens = tokenize(paragraph, MAX_HEADING_WORDS + 6);
  const split = findSentenceStart(tokens);
  if (split === null) return none;
  const heading = trimHeading(paragraph.slice(0, tokens[split]!.start));
  const text = paragraph.slice(tokens[split]!.start).trim();
  if (!heading || !text) return none;
  return { heading, text };
}

function findSentenceStart(tokens: Token[]): number | null {
  if (tokens[0]?.kind !== "cap") return null;
  // The run of heading-like tokens; a terminal token (comma, full stop) already belongs to the sentence.
  let end = 0;
  for (; end < tokens.length && end < MAX_HEADING_WORDS + 4; end++) {
    const token = tokens[end]!;
    if (token.colon && end + 1 < tokens.length) return end + 1;
    if (token.kind === "joiner" && DASH.test(token.word) && end > 0 && tokens[end + 1]?.kind === "cap") return end + 1;
    if (token.kind === "other") break;
    if (token.terminal) {
      end++;
      break;
    }
  }
  // No lowercase sentence word follows: not a heading and a sentence.
  if (end >= tokens.length || end >= MAX_HEADING_WORDS + 4) return null;
  const run = tokens.slice(0, end);
  const valid = (s: number): boolean =>
    s >= 1 && s < tokens.length && s <= MAX_HEADING_WORDS && tokens[s]!.kind === "cap" && run[s - 1]!.kind === "cap" && !run[s - 1]!.terminal;

  // 2. A capitalised function word: the heading's style would have lowercased it.
  let titleCaseSeen = false;
  for (let i = 1; i < run.length; i++) {
    const before = run[i - 1]!;
    if (before.kind === "minor" && before.raw === before.raw.toLowerCase()) titleCaseSeen = true;
    const token = run[i]!;
    if (!SENTENCE_FUNCTION_WORDS.has(token.word) || !valid(i)) continue;
    const next = tokens[i + 1];
    const precededByFunctionWord = SENTENCE_FUNCTION_WORDS.has(run[i - 1]!.word);
    if (next?.kind !== "cap" || titleCaseSeen || (ARTICLES.has(token.word) && !precededByFunctionWord)) return i;
  }
  for (let i = 1; i < run.length; i++) {
    if (PRONOUNS.has(run[i]!.word) && tokens[i + 1]?.kind === "other" && valid(i)) return i;
  }

  // The block of capitalised words the sentence's subject lives in: after the last minor word of the run.
  let last = run.length - 1;
  while (last > 0 && run[last]!.kind !== "cap") last--;
  let first = last;
  while (first > 0 && run[first - 1]!.kind === "cap") first--;

  // 3. The last group of sentence-opening words in that block.
  for (let i = last; i >= Math.max(first, 1); i--) {
    if (!SENTENCE_OPENERS.has(run[i]!.word)) continue;
    let s = i;
    while (s - 1 >= Math.max(first, 1) && (SENTENCE_OPENERS.has(run[s - 1]!.word) || OPENER_PREFIXES.has(run[s - 1]!.word))) s--;
    if (valid(s)) return s;
  }

  // 4. A name particle opens the subject.
  for (let i = last; i >= Math.max(first, 1); i--) {
    if (NAME_PARTICLES.has(run[i]!.word) && valid(i)) return i;
  }

  // 5. The subject is the last capitalised word, or the last two before an appositive comma.
  const appositive = run[last]!.terminal && /,["”’)]*$/u.test(run[last]!.raw);
  if (appositive && last - 1 >= Math.max(first, 2) && valid(last - 1)) return last - 1;
  if (valid(last)) return last;
  return null;
}
