import { DASHES, DocumentEvidence, hasPunctuationAround, lastMark, NO_EVIDENCE, stripPunctuation, wordKey } from "./evidence.js";
import { canBeVerb, canModify, isCommonWord, primaryTag } from "./lexicon.js";
import { isSpaceCode, isWordSeparator } from "./text.js";

/**
 * Splitting a summary paragraph into its heading and the sentence that follows it:
 * `Timing and Publication Details Le Monde first published…` → `Timing and Publication Details`.
 *
 * A Title Case heading is a run of capitalised words and lowercase minor words; the sentence starts
 * with a capitalised word inside that run. Which one is decided by clues, strongest first:
 * 1. an explicit delimiter (`Background: The…`, `Background – The…`);
 * 2. a capitalised function word that Title Case would have lowercased (`… Europe The talks…`),
 *    or a pronoun followed by a lowercase word (`… Week It was…`);
 * 3. otherwise every possible start is weighed (see `weigh`) with what the rest of the document says
 *    about its words (DocumentEvidence) and what English says (lexicon.ts); when the two best are
 *    close, the split is kept and the other one is returned as a doubt for the document's warnings.
 * A sentence-case heading (`Une visite restée discrète Emmanuel Bonne s’est rendu…`) is weighed the
 * same way, among the capitalised words of the first clause.
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
/** Words that typically open a news sentence: connectives, time words, quantifiers, collective subjects. */
const SENTENCE_OPENERS = new Set(
  (
    "officials experts analysts critics authorities police researchers scientists investigators lawmakers " +
    "diplomats sources residents witnesses protesters " +
    "during after before while when although though despite since following according amid meanwhile " +
    "however earlier later speaking asked last yesterday today tomorrow several many most some both " +
    "each every no one two three four five six seven eight nine ten"
  ).split(" "),
);
/** Titles written before a name (`Transport Minister Kaisa Lehtonen`, `Mayor Carlos Moedas`): they belong with it. */
const TITLES = new Set(
  (
    "president minister secretary chancellor senator governor mayor king queen pope general ambassador envoy " +
    "commissioner judge justice chief leader spokesman spokeswoman spokesperson director chairman chairwoman " +
    "mr mrs ms dr sir lord lady prince princess sheikh cardinal archbishop bishop rabbi imam"
  ).split(" "),
);
/** `Macron’s`: a possessive belongs to the noun after it. */
const POSSESSIVE_END = /['’]s$/u;
const NAME_PARTICLES = new Set("le la les l de del della der den des di da dos du van von al el bin ibn ben ter".split(" "));
const DASH = /^[-\u2012\u2013\u2014\u2015\u2212]$/u;
/** Penn tags of finite verbs and participles (`VBD` struck, `VBN` reached, `VBZ` says). */
const FINITE_VERB_TAGS = new Set(["VB", "VBD", "VBN", "VBP", "VBZ"]);
const isDigitCode = (c: number): boolean => c >= 0x30 && c <= 0x39;

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
  // Without trailing punctuation a word is neither terminal nor a colon.
  if (!hasPunctuationAround(raw)) return { raw, start, word: raw.toLowerCase(), kind: kindOf(raw), terminal: false, colon: false };
  const core = stripPunctuation(raw);
  const word = core.toLowerCase();
  const colon = raw.endsWith(":");
  const end = lastMark(raw);
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

/** The first words of a paragraph: enough to hold a heading run and the word after it. */
function tokenize(paragraph: string, limit: number, style: HeadingStyle): Token[] {
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
    if (token.kind === "other" && style === "title") break;
    if (token.terminal) stopAfter = Math.min(stopAfter, tokens.length + 1);
  }
  return tokens;
}

export interface HeadedParagraph {
  heading: string | null;
  text: string;
  /** Set when the evidence could not tell two splits apart: the other heading the paragraph may have. */
  doubt?: string;
}

/** How a document writes its headings: `Title Case`, or `Sentence case` as French and German outlets do. */
export type HeadingStyle = "title" | "sentence";

export interface HeadingContext {
  /** Read only when a split is weighed: most paragraphs are decided by a clue or have one candidate. */
  evidence: () => DocumentEvidence;
  style: HeadingStyle;
}

const MAX_HEADING_WORDS = 20;
const NO_CONTEXT: HeadingContext = { evidence: () => NO_EVIDENCE, style: "title" };

/** Splits the heading run from the first sentence of a paragraph; heading null when none is found. */
export function splitHeading(paragraph: string, context: HeadingContext = NO_CONTEXT): HeadedParagraph {
  const planned = planHeading(paragraph, context.style);
  if (!(planned instanceof Weighing)) return planned;
  const evidence = context.evidence();
  planned.askAhead(evidence);
  return planned.resolve(evidence);
}

/**
 * The split a paragraph's clues decide, or the places to weigh with the document's evidence: a
 * parser can then ask the evidence about every paragraph at once, in one reading of the document.
 */
export function planHeading(paragraph: string, style: HeadingStyle): HeadedParagraph | Weighing {
  const tokens = tokenize(paragraph, MAX_HEADING_WORDS + 6, style);
  const found = style === "title" ? findSentenceStart(tokens) : findSentenceCaseStart(tokens);
  if (found === null || "at" in found) return headed(paragraph, tokens, found);
  const candidates = found.candidates.filter((s) => !MINOR.has(wordKey(tokens[s - 1]!.raw)));
  if (candidates.length < 2) return headed(paragraph, tokens, candidates.length === 0 ? null : sure(candidates[0]!));
  return new Weighing(paragraph, found.span, found.end, candidates, found.sentenceCase);
}

function headed(paragraph: string, tokens: Token[], split: Split | null): HeadedParagraph {
  const none = { heading: null, text: paragraph };
  if (split === null) return none;
  const heading = trimHeading(paragraph.slice(0, tokens[split.at]!.start));
  const text = paragraph.slice(tokens[split.at]!.start).trim();
  if (!heading || !text) return none;
  if (split.doubt === null) return { heading, text };
  return { heading, text, doubt: trimHeading(paragraph.slice(0, tokens[split.doubt]!.start)) };
}

interface Split {
  at: number;
  /** The runner-up when the evidence barely separates them. */
  doubt: number | null;
}
const sure = (at: number): Split => ({ at, doubt: null });

/** Places the sentence may start, to weigh with the first `end` words of `span`. */
interface Candidates {
  candidates: number[];
  span: Token[];
  end: number;
  sentenceCase: boolean;
}

function findSentenceStart(tokens: Token[]): Split | Candidates | null {
  if (tokens[0]?.kind !== "cap") return null;
  // The run of heading-like tokens; a terminal token (comma, full stop) already belongs to the sentence.
  let end = 0;
  for (; end < tokens.length && end < MAX_HEADING_WORDS + 4; end++) {
    const token = tokens[end]!;
    if (token.colon && end + 1 < tokens.length) return sure(end + 1);
    if (token.kind === "joiner" && DASH.test(token.word) && end > 0 && tokens[end + 1]?.kind === "cap") return sure(end + 1);
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
    if (next?.kind !== "cap" || titleCaseSeen || (ARTICLES.has(token.word) && !precededByFunctionWord)) return sure(i);
  }
  for (let i = 1; i < run.length; i++) {
    if (PRONOUNS.has(run[i]!.word) && tokens[i + 1]?.kind === "other" && valid(i)) return sure(i);
  }

  // 3. Otherwise weigh every place the sentence could start by what the rest of the document says.
  const candidates: number[] = [];
  for (let s = 1; s < run.length; s++) if (valid(s)) candidates.push(s);
  return { candidates, span: run, end: run.length, sentenceCase: false };
}

/**
 * Sentence case (`Une visite restée discrète Emmanuel Bonne s’est rendu…`): the heading's words are
 * lowercase but for names, so the sentence starts at a capitalised word inside the first sentence.
 */
function findSentenceCaseStart(tokens: Token[]): Split | Candidates | null {
  if (tokens[0]?.kind !== "cap") return null;
  const candidates: number[] = [];
  let end = 0;
  for (; end < tokens.length && end < MAX_HEADING_WORDS; end++) {
    const token = tokens[end]!;
    if (end > 0 && token.kind === "cap" && !tokens[end - 1]!.terminal && !ENDS_ON_FUNCTION_WORD.has(tokens[end - 1]!.word)) candidates.push(end);
    if (token.colon && end + 1 < tokens.length) return sure(end + 1);
    if (token.terminal) break;
  }
  // The word after the span may still be read (whether it is a noun).
  return { candidates, span: tokens, end: Math.min(end + 1, tokens.length), sentenceCase: true };
}

/** Words a heading never ends on, in the languages of the documents: the sentence cannot start after them. */
const ENDS_ON_FUNCTION_WORD = new Set(
  [...MINOR, ..."à au aux de du des la le les l d un une et ou en pour par sur sous avec dans chez vers entre".split(" ")],
);

/**
 * How many capitalised words a paragraph opens with before its first lowercase word that is not a
 * function word (`Deal Reached After Overnight Talks Union leaders…` → 6), stopping at a comma or a
 * full stop: a summary paragraph opens with a heading run, an article's paragraph as a sentence does.
 */
export function openingCapitals(paragraph: string, limit = 12): number {
  let capitals = 0;
  for (const raw of paragraph.split(/\s+/u, limit)) {
    const core = stripPunctuation(raw);
    if (core && startsCapitalised(core)) capitals++;
    else if (!ENDS_ON_FUNCTION_WORD.has(core.toLowerCase())) break;
    if (/[,.;:]$/u.test(raw)) break;
  }
  return capitals;
}

/** Below this margin between the two cheapest splits, the split is reported as a doubt. */
const DOUBT_MARGIN = 0.5;

/** Names bound with U+202F (`Emmanuel\u202fBonne`) are written as one word, as names. */
const bound = (token: Token): boolean => token.raw.includes("\u202f") && !/\d/u.test(token.raw);

/** A capitalised word that is a name here: capitalised mid-sentence and never lowercase, or unknown to English. */
function isNameLike(key: string, evidence: DocumentEvidence): boolean {
  const use = evidence.of(key);
  if (use.lower > 0) return false;
  return use.midCap > 0 || !isCommonWord(key);
}

/**
 * A paragraph whose sentence may start at two or more places: weighed with the document's evidence
 * (see `weigh`), asked ahead about the words it may weigh so that one reading answers every paragraph.
 */
export class Weighing {
  private readonly keys: string[];

  constructor(
    private readonly paragraph: string,
    /** The words looked at, the first `end` weighed; the sentence starts at one of `candidates`. */
    private readonly tokens: Token[],
    private readonly end: number,
    private readonly candidates: number[],
    private readonly sentenceCase: boolean,
  ) {
    this.keys = tokens.slice(0, end).map((token) => wordKey(token.raw));
  }

  /** Asks the evidence about every word and pair of neighbours `weigh` may ask about (a capitalised word, the word before a candidate). */
  askAhead(evidence: DocumentEvidence): void {
    const { keys, tokens } = this;
    const words: string[] = [];
    const pairs: [string, string][] = [];
    for (let j = 0; j < keys.length; j++) {
      if (tokens[j]!.kind === "cap") words.push(keys[j]!);
      if (j > 0 && tokens[j]!.kind === "cap" && tokens[j - 1]!.kind === "cap") pairs.push([keys[j - 1]!, keys[j]!]);
    }
    for (const s of this.candidates) {
      words.push(keys[s - 1]!);
      pairs.push([keys[s - 1]!, keys[s]!]);
    }
    evidence.ask(words, pairs);
  }

  resolve(evidence: DocumentEvidence): HeadedParagraph {
    return headed(this.paragraph, this.tokens, weigh(this.candidates, this.tokens, this.end, this.keys, evidence, this.sentenceCase));
  }
}

/**
 * The split whose sentence needs the fewest unexplained capitals. Costs, in units of "one
 * capitalised word the document gives no reason for":
 * - inside the sentence, after its first word, a capitalised word must be a name or part of one:
 *   free when the document capitalises it mid-sentence elsewhere or writes it next to the same
 *   neighbour, cheap when English does not know the word (a name) or it stands next to a name
 *   (`Minister` in `Transport Minister Kaisa Lehtonen`), dear when English knows it as a common
 *   word, dearer when this document writes it lowercase;
 * - cutting between two words the document writes together, or after a name particle, is dear;
 * - an opening word the document or news style opens sentences with is a small bonus, a word that
 *   is only ever a verb a small cost (headings end on verbs: `Deal Struck`).
 * Ties go to the later split, which moves fewer words into the sentence.
 */
function weigh(candidates: number[], tokens: Token[], end: number, keys: string[], evidence: DocumentEvidence, sentenceCase: boolean): Split {
  // What each word of the span is, read once: every candidate asks about the same words.
  const caps: boolean[] = [];
  const bounds: boolean[] = [];
  for (let j = 0; j < end; j++) {
    caps.push(tokens[j]!.kind === "cap");
    bounds.push(bound(tokens[j]!));
  }
  // After a title, a capitalised word is a name even when English lists it (`Prime Minister Dick Schoof`),
  // unless another title follows it (`Leader Finance Director`: `Finance` belongs to the next title).
  const nameLike = keys.map(
    (key, j) =>
      caps[j]! &&
      (bounds[j]! || isNameLike(key, evidence) || (j > 0 && caps[j - 1]! && TITLES.has(keys[j - 1]!) && !(j + 1 < end && TITLES.has(keys[j + 1]!)))),
  );
  const titles = keys.map((key, j) => TITLES.has(key) && j + 1 < end && caps[j + 1]!);
  /** A plural noun followed by a capitalised noun: two phrases meet there (`Doctors Paediatricians`). */
  const phraseBreaks = keys.map(
    (key, i) => i > 0 && caps[i]! && primaryTag(keys[i - 1]!) === "NNS" && !nameLike[i - 1] && !canBeVerb(key) && !MINOR.has(key),
  );
  /** Whether each word is written after the word before it elsewhere in the document; asked at most once a word. */
  const pairs: (boolean | undefined)[] = [];
  const afterItsNeighbour = (j: number): boolean => (pairs[j] ??= evidence.together(keys[j - 1]!, keys[j]!));
  /** The capitalised words from `from` to `to` (inclusive) hold a name or a title. */
  const chainHoldsName = (from: number, to: number): boolean => {
    let a = to;
    while (a - 1 >= from && caps[a - 1]) a--;
    let b = to;
    while (b + 1 < end && caps[b + 1]) b++;
    for (let k = a; k <= b; k++) if (k !== to && (nameLike[k] || titles[k])) return true;
    return false;
  };
  /** What a capitalised word costs inside a sentence that starts at `s`. */
  const inSentence = (s: number, j: number): number => {
    const key = keys[j]!;
    if (bounds[j] || isDigitCode(key.charCodeAt(0))) return 0;
    const use = evidence.of(key);
    if (use.lower > 0 && use.midCap === 0) return chainHoldsName(s, j) ? 0.4 : 3;
    if (use.midCap > 0) return 0;
    if (j - 1 >= s && caps[j - 1] && afterItsNeighbour(j)) return 0;
    if (!isCommonWord(key)) return 0.2;
    return chainHoldsName(s, j) || titles[j] ? 0.2 : 1;
  };
  const cost = (s: number): number => {
    let total = 0;
    // The capitalised words inside the sentence, up to its end or the end of the span looked at.
    for (let j = s + 1; j < end; j++) if (caps[j]) total += inSentence(s, j);
    // In sentence case the heading's own capitals (after its first word) must be names too.
    if (sentenceCase) {
      for (let j = 1; j < s; j++) if (caps[j]) total += inSentence(1, j);
    } else {
      for (let i = 1; i < end; i++) if (i !== s && phraseBreaks[i]) total += 0.5;
    }
    const before = keys[s - 1]!;
    const first = keys[s]!;
    if (NAME_PARTICLES.has(before) || POSSESSIVE_END.test(tokens[s - 1]!.raw)) total += 3;
    else if (afterItsNeighbour(s)) total += 2;
    else if (TITLES.has(before) && nameLike[s]) total += 1.5;
    else if (nameLike[s - 1] && nameLike[s] && !isCommonWord(before) && evidence.of(before).alone === 0) {
      // People are introduced by their full name: cutting one off its first name is the likelier mistake.
      total += s + 1 < end && nameLike[s + 1] ? 0.4 : 0.8;
    } else if (primaryTag(before) === "JJ") total += 0.5;
    else if (canModify(before) && nameLike[s]) total += 0.5;
    // A title and a name left at the end of the heading (`Response Mayor Carlos | Moedas`).
    for (let k = s - 2; k >= 0 && caps[k] && caps[k + 1]; k--) if (titles[k] && nameLike[k + 1]) total += 1.5;
    if (!sentenceCase && phraseBreaks[s]) total -= 0.3;
    // How the sentence opens.
    if (evidence.of(first).initial > 0) total -= 0.3;
    if (SENTENCE_OPENERS.has(first)) total -= 0.5;
    // A finite verb or participle: headings end on them (`Deal Struck`), sentences rarely open with one; `According` may.
    const tag = primaryTag(first);
    if (tag !== undefined && FINITE_VERB_TAGS.has(tag)) total += 1;
    if (MINOR.has(first)) total += 0.5;
    const next = tokens[s + 1];
    const nextIsNoun = next !== undefined && next.kind === "other" && (primaryTag(next.word)?.startsWith("NN") ?? false);
    if (tag === "NN" && !nameLike[s] && !titles[s] && !nextIsNoun) total += 0.7;
    return total;
  };
  let best = -1;
  let bestCost = Infinity;
  let second = -1;
  let secondCost = Infinity;
  // Ties go to the later split: candidates are read from the last.
  for (let c = candidates.length - 1; c >= 0; c--) {
    const s = candidates[c]!;
    const total = cost(s);
    if (total < bestCost) {
      [second, secondCost] = [best, bestCost];
      [best, bestCost] = [s, total];
    } else if (total < secondCost) [second, secondCost] = [s, total];
  }
  // Costs are sums of tenths: compare with a tolerance, so 0.7 − 0.2 counts as the 0.5 it is.
  return { at: best, doubt: second >= 0 && secondCost - bestCost < DOUBT_MARGIN - 1e-9 ? second : null };
}
