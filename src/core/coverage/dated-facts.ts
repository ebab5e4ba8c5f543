// Only the three locales Herald reads: the package's root loads all sixteen (about 10 MB more at start).
import * as de from "chrono-node/de";
import * as en from "chrono-node/en";
import * as fr from "chrono-node/fr";
import { franc } from "franc-min";
import { outletOf } from "../briefing.js";
import type { StoryEntry } from "../library.js";
import { normalizeForMatch } from "../parse/index.js";
import type { Story, StoryDate, TimelineEvent } from "../story.js";
import { BoundedMap, compareCodeUnits, ownCopy } from "../text.js";
import type { SpilledText, TextSpills } from "../text-spill.js";

/** How dates are stated in one language: chrono's parser and the words that make a date no fact. */
interface DateLanguage {
  chrono: en.Chrono;
  /** Words that put a sentence in the future or the hypothetical: its date is no fact yet. */
  notYet: RegExp;
  /** Words that shift a weekday ("next Tuesday", "mardi dernier", "am vergangenen Dienstag"), in or just before the date. */
  shifted: RegExp;
  /** A preposition left before the date once it is taken out of the sentence. */
  before: RegExp;
  /** A preposition at the start of the date's own text. */
  leading: RegExp;
}

/** chrono's French and German parsers read `5 février 2026` but not a month with its year alone (`mars 2024`): added. */
function withMonthYear(parser: en.Chrono, months: string[]): en.Chrono {
  const withIt = parser.clone();
  const names = new Map(months.flatMap((forms, i) => forms.split("|").map((form) => [form, i + 1] as const)));
  const pattern = new RegExp(`(?<!\\p{L})(${[...names.keys()].join("|")})\\s+(\\d{4})(?!\\d)`, "iu");
  withIt.parsers.push({ pattern: () => pattern, extract: (_context, match) => ({ month: names.get(match[1]!.toLowerCase())!, year: Number(match[2]) }) });
  return withIt;
}

const LANGUAGES: Record<"eng" | "fra" | "deu", DateLanguage> = {
  eng: {
    chrono: en.casual,
    notYet: /\b(will|would|plans?|planned|scheduled|expected|due to|next|upcoming|could|may|might)\b/iu,
    shifted: /\b(next|last|this|coming|previous)\b/iu,
    before: /\b(in|on|since|during)\s*$/iu,
    leading: /^(on|in)\s+/iu,
  },
  fra: {
    chrono: withMonthYear(fr.casual, ["janvier", "février|fevrier", "mars", "avril", "mai", "juin", "juillet", "août|aout", "septembre", "octobre", "novembre", "décembre|decembre"]),
    // Also the future and the conditional by their endings (sera, rencontreront, pourrait): a past
    // sentence that only looks like one (an opéra) loses its date, which is the safe side.
    notYet: /(?<!\p{L})(va|vont|doit|doivent|prévue?s?|prochaine?s?|prochainement|à venir|envisagée?s?|\p{Ll}{2,}(?:rai|ras|ra|rons|rez|ront|rait|raient))(?!\p{L})/u,
    shifted: /(?<!\p{L})(prochaine?s?|derni(?:er|ère)s?|ce|cette|passée?s?|précédente?s?)(?!\p{L})/iu,
    before: /(?<!\p{L})(en|le|depuis|pendant|dès|début|fin|mi-)\s*$/iu,
    leading: /^(le|en)\s+/iu,
  },
  deu: {
    chrono: withMonthYear(de.casual, ["januar|jänner", "februar", "märz|maerz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"]),
    notYet: /(?<!\p{L})(wird|werden|wirst|würden?|soll|sollen|sollten?|plant|planen|geplant|nächste[nmrs]?|kommende[nmrs]?|könnten?|dürften?|voraussichtlich|erwartet)(?!\p{L})/iu,
    shifted: /(?<!\p{L})(nächste[nmrs]?|letzte[nmrs]?|kommende[nmrs]?|diese[nmrs]?|vergangene[nmrs]?|vorige[nmrs]?)(?!\p{L})/iu,
    before: /(?<!\p{L})(in|im|am|seit|während|anfang|ende|mitte)\s*$/iu,
    leading: /^(am|im|in)\s+/iu,
  },
};

/** The language a report is written in, among those dates are read in; English when unsure. */
function languageOf(story: Story): DateLanguage {
  let sample = story.title;
  for (const part of [story.dek ?? "", ...story.sections.map((s) => s.text)]) {
    if (sample.length >= 600) break;
    sample += `\n${part}`;
  }
  const code = franc(sample, { only: ["eng", "fra", "deu"], minLength: 20 });
  return code === "fra" || code === "deu" ? LANGUAGES[code] : LANGUAGES.eng;
}

const DAY_MS = 86_400_000;
const pad = (n: number): string => String(n).padStart(2, "0");


/**
 * Sentences of a paragraph; a full stop after a capital initial (`U.S.`) does not end one, nor one after
 * a day's number (German `am 5. Februar`).
 */
const sentencesOf = (text: string): string[] => text.split(/(?<=[.!?])(?<!(?:^|\D)\d{1,2}\.)\s+(?=[\p{Lu}“"«„])/u).map((s) => s.trim()).filter(Boolean);

/**
 * Dated facts an article states, as timeline events (oldest first): one per sentence that states
 * exactly one date, when that date is unambiguous against the report's own time frame:
 * - a month or day with its year (`in April 2024`, `on 5 February 2026`);
 * - a weekday (`on Tuesday`) only when the report's publication time is known: the last such day
 *   before it (never the publication day itself, which "on Tuesday" may or may not mean).
 * A month without a year (`in July`), `this week`, a bare year, a sentence in the future or with two
 * dates give nothing: a wrong date is worse than none. `publishedIso` is the time frame weekdays are
 * read against (null: none is trusted, so weekdays give nothing).
 */
export function datedFacts(story: Story, publishedIso: string | null = story.published): TimelineEvent[] {
  if (story.kind !== "article") return [];
  const published = publishedIso ? new Date(publishedIso) : null;
  const language = languageOf(story);
  const facts: TimelineEvent[] = [];
  const paragraphs = [story.dek ?? "", ...story.sections.map((s) => s.text)];
  for (const paragraph of paragraphs) {
    for (const sentence of sentencesOf(paragraph)) {
      const found = language.chrono.parse(sentence, published ?? new Date(0), { forwardDate: false });
      if (found.length !== 1 || language.notYet.test(sentence)) continue;
      const result = found[0]!;
      // chrono may take the comma after a date into its text.
      const dateText = result.text.replace(/[\s,]+$/u, "");
      // A word that shifts a weekday may stand just before what chrono matched (`am vergangenen Dienstag`).
      const near = `${sentence.slice(Math.max(0, result.index - 16), result.index)} ${dateText}`;
      const date = resolve(result, published, language.shifted.test(near));
      if (!date) continue;
      const text = withoutDate(sentence, dateText, language.before);
      if (text.split(/\s+/u).length < 4) continue;
      facts.push({ date: factDate(dateText.replace(language.leading, ""), date.iso, date.precision), text: ownCopy(text), citations: NO_CITATIONS });
    }
  }
  return facts.sort((a, b) => compareCodeUnits(a.date.iso, b.date.iso));
}

/**
 * Facts are kept per report and most state one of a few days: a fact's date is shared, one frozen
 * copy per written form (each fact held its own date, with its two strings, and an empty list).
 */
const NO_CITATIONS: number[] = Object.freeze([]) as never[];
const factDates = new BoundedMap<StoryDate>(4_096);
const factDate = (text: string, iso: string, precision: "month" | "day"): StoryDate =>
  factDates.get(`${iso} ${precision} ${text}`, () => Object.freeze({ text: ownCopy(text), iso, precision, qualifier: null }));

function resolve(result: en.ParsedResult, published: Date | null, shifted: boolean): { iso: string; precision: "month" | "day" } | null {
  const c = result.start;
  // A year only when it is written out: a duration (`pendant deux heures`) can come back "certain" too.
  if (c.isCertain("year") && c.isCertain("month") && /\d{4}/u.test(result.text)) {
    const [y, m] = [c.get("year")!, c.get("month")!];
    if (c.isCertain("day")) return { iso: `${y}-${pad(m)}-${pad(c.get("day")!)}`, precision: "day" };
    return { iso: `${y}-${pad(m)}`, precision: "month" };
  }
  if (!published || !c.isCertain("weekday") || c.isCertain("month") || shifted) return null;
  const named = c.get("weekday");
  if (named === null) return null;
  const back = (published.getUTCDay() - named + 7) % 7;
  if (back === 0) return null;
  const day = new Date(published.getTime() - back * DAY_MS);
  return { iso: `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`, precision: "day" };
}

/** The sentence without its date phrase: `Earlier, in April 2024, the ministers spoke.` → `Earlier, the ministers spoke.` */
function withoutDate(sentence: string, dateText: string, preposition: RegExp): string {
  const at = sentence.indexOf(dateText);
  const before = sentence.slice(0, at).replace(preposition, "").trim();
  let after = sentence.slice(at + dateText.length).trim();
  if (!before || before.endsWith(",")) after = after.replace(/^,\s*/u, "");
  const joined = (before && !/^[,.;:]/u.test(after) ? `${before} ${after}` : `${before}${after}`).trim();
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

const NO_FACTS: readonly TimelineEvent[] = Object.freeze([]);

/** A fact as written to a spill: its date's written form, ISO date, precision, and its text. */
type FactRow = [string, string, "month" | "day", string];

/**
 * Reports' dated facts, kept per entry once read (a feed report's entry makes its story each time it
 * is read, so the story is no key; reading a report's facts again means parsing its text again). Most
 * reports state none and share one empty list. Given spills (`TextSpills`), the facts of a report go
 * to their file and are read back when a story is presented: in memory, 25,000 feed reports held 7 MB
 * of facts (0.3 KB a report), most never shown.
 */
export class DatedFacts {
  private readonly trusted = new WeakMap<StoryEntry, readonly TimelineEvent[] | SpilledText>();
  private readonly untrusted = new WeakMap<StoryEntry, readonly TimelineEvent[] | SpilledText>();

  constructor(private readonly spills: TextSpills | null = null) {}

  /** The facts `report` states (`trustPublished: false`: its publication time is only when it was first seen). */
  of(report: StoryEntry, trustPublished: boolean): readonly TimelineEvent[] {
    const cache = trustPublished ? this.trusted : this.untrusted;
    const held = cache.get(report);
    if (held) return Array.isArray(held) ? held : readFacts(held as SpilledText);
    const story = report.story;
    const found = datedFacts(story, trustPublished ? story.published : null);
    cache.set(report, found.length ? (this.spilled(found) ?? found) : NO_FACTS);
    return found.length ? found : NO_FACTS;
  }

  /** Copies the spilled facts of `report` to the spills' current file (see `TextSpills.renew`); kept in memory if that fails. */
  moveTo(report: StoryEntry, spills: TextSpills): void {
    for (const cache of [this.trusted, this.untrusted]) {
      const held = cache.get(report);
      if (!held || Array.isArray(held)) continue;
      const { spill, at, bytes } = held as SpilledText;
      const text = spill.read(at, bytes);
      cache.set(report, spills.write(text) ?? factsFrom(text));
    }
  }

  private spilled(facts: readonly TimelineEvent[]): SpilledText | null {
    if (!this.spills) return null;
    const rows: FactRow[] = facts.map((f) => [f.date.text, f.date.iso, f.date.precision as FactRow[2], f.text]);
    return this.spills.write(JSON.stringify(rows));
  }
}

const factsFrom = (json: string): readonly TimelineEvent[] =>
  (JSON.parse(json) as FactRow[]).map(([text, iso, precision, fact]) => ({ date: factDate(text, iso, precision), text: fact, citations: NO_CITATIONS }));
const readFacts = ({ spill, at, bytes }: SpilledText): readonly TimelineEvent[] => factsFrom(spill.read(at, bytes));

/** Facts kept in memory, for callers that keep no `DatedFacts` of their own. */
const IN_MEMORY = new DatedFacts();

/**
 * Adds the dated facts a report states to a timeline, each marked with its origin (`— L'Express`)
 * and citing `citations`; a fact already on the timeline (same date, mostly the same words) is not
 * repeated. `trustPublished: false` when the report's publication time is only when it was first
 * seen: weekdays are then not read against it. `facts`: where the report's facts are kept once read.
 */
export function addDatedFacts(timeline: TimelineEvent[], report: StoryEntry, citations: number[] = [], trustPublished = true, facts: DatedFacts = IN_MEMORY): void {
  for (const fact of facts.of(report, trustPublished)) {
    if (timeline.some((event) => sameEvent(event, fact))) continue;
    timeline.push({ ...fact, text: `${fact.text} — ${outletOf(report) ?? "outlet not named"}`, citations });
  }
}

const wordsOf = (text: string): Set<string> => new Set(normalizeForMatch(text).split(" ").filter((w) => w.length > 3));

/** Same date (or one within the other's month) and at least half the words of the shorter text. */
function sameEvent(a: TimelineEvent, b: TimelineEvent): boolean {
  if (!a.date.iso.startsWith(b.date.iso) && !b.date.iso.startsWith(a.date.iso)) return false;
  const [x, y] = [wordsOf(a.text), wordsOf(b.text)];
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared >= Math.min(x.size, y.size) / 2;
}
