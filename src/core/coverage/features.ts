import type { Story } from "../story.js";
import { isSpaceCode } from "../parse/text.js";
import { memoByWord, WORDS_REMEMBERED } from "../text.js";
import { nameKey, normalizeName } from "./names.js";

/** What grouping compares of a report, extracted once when the report arrives. */
export interface ReportFeatures {
  id: string;
  kind: Story["kind"];
  /** People other than heads of state and government: surname key → the name as first written. */
  people: ReadonlyMap<string, PersonName>;
  /** Organisations (multi-word names ending in an organisation word, acronyms): key → display. */
  organisations: ReadonlyMap<string, string>;
  /** Places named after `in`, `to`, `from`, `at`: key → display. */
  places: ReadonlyMap<string, string>;
  /** Content words of the title, standfirst and first paragraph (stemmed, names excluded; sorted, as `days`). */
  words: readonly string[];
  /** Days (days since 1970) the report states exactly: `5 February 2026`, timeline days. */
  days: readonly number[];
  /** When the reported event happened, as far as the report tells (days since 1970), or null. */
  frame: TimeFrame | null;
  /** How much the report says (words), for choosing the lead. */
  size: number;
  /** Publication time (ms) when known. */
  published: number | null;
}

export interface PersonName {
  display: string;
  /**
   * Key of the given name when written (`iuri` for Iouri, Yuri, Juri). A name of three or more words
   * keeps the keys of its first and its second-to-last word, space-separated: in German a noun before
   * a name is capitalised too (`den Ökonomen Jewgeni Schtscherbakow`), and either may be the given name.
   */
  given: string | null;
}

/**
 * An interval of days; `to` is Infinity when the report only says "after this date". A report whose
 * only date is a day without its year (a wire dateline, `KYIV, March 3 (Reuters)`) has `dayOfYear`
 * and an unbounded interval: it meets only a frame of known years that holds that day.
 */
export interface TimeFrame {
  from: number;
  to: number;
  /** How the frame was found, for `--explain`. */
  basis: string;
  dayOfYear?: { month: number; day: number };
}

const DAY_MS = 86_400_000;
/** Shared values (frames, one-day lists) kept per process: far more than the days a library spans. */
const SHARED_VALUES_KEPT = 4_096;
const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** Titles written before a head of state or government: their name alone never joins two reports. */
const LEADER_TITLES = new Set([
  "president", "chancellor", "king", "queen", "pope", "emperor", "premier", "prime", "ayatollah", "sultan", "emir", "tsar",
  // French and German
  "président", "présidente", "roi", "reine", "pape", "präsident", "präsidentin", "kanzler", "kanzlerin", "bundeskanzler",
  "bundeskanzlerin", "bundespräsident", "bundespräsidentin", "premierminister", "premierministerin", "könig", "königin", "papst",
]);
/** Words that end an organisation's name. */
const ORGANISATION_WORDS = new Set([
  "union", "ministry", "party", "council", "commission", "bank", "agency", "authority", "court", "company", "group",
  "corporation", "corp", "inc", "ltd", "university", "institute", "organisation", "organization", "association",
  "federation", "committee", "parliament", "assembly", "office", "department", "board", "fund", "foundation",
  "alliance", "coalition", "league", "club", "airlines", "airways", "motors", "service", "police", "army", "navy",
]);
/** Capitalised words that are no names: sentence starters, titles, months, days, demonym-free fillers. */
const NOT_NAMES = new Set(
  ("the a an and or but if in on at to of for from by with as after before during while when where this that these those " +
    "there here it its his her their our we they he she i you mr mrs ms dr sir minister secretary general adviser advisor spokesman " +
    "spokeswoman spokesperson foreign defence defense interior finance deputy chief head senior former official officials " +
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september " +
    "october november december jan feb mar apr jun jul aug sep sept oct nov dec earlier later meanwhile however also according " +
    "speaking top updated image source sources timeline advertisement new no not one two three some many most all both each " +
    "what who why how than then so yet still despite although though because since until unless about into over under between " +
    "against among across through per via sunday s").split(" "),
);
/**
 * German articles and determiners: the capitalised word after one is a noun (German capitalises them
 * all), not the start of a name: `einer Welle von Verfahren`, `den Ökonomen Jewgeni Schtscherbakow`.
 */
const GERMAN_DETERMINERS = new Set([
  "der", "die", "das", "dem", "den", "ein", "eine", "einer", "einem", "einen", "eines", "kein", "keine", "keinen",
  "sein", "seine", "seinen", "seiner", "seinem", "ihr", "ihre", "ihren", "ihrer", "ihrem", "dieser", "diese", "diesen", "diesem",
]);
const CONNECTORS = new Set(["de", "da", "di", "del", "van", "von", "der", "den", "al", "bin", "le", "la", "du", "dos", "y"]);
/** Lowercase words written before a person's name: `counterpart Yuri Ushakov`, `spokesman Dmitry Peskov`. */
const ROLE_WORDS = new Set([
  "adviser", "advisor", "counterpart", "spokesman", "spokeswoman", "spokesperson", "envoy", "minister", "secretary",
  "ambassador", "director", "chief", "leader", "founder", "ceo", "chairman", "chairwoman", "chair", "mayor", "governor",
  "senator", "judge", "general", "commander", "negotiator", "official", "economist", "researcher", "professor", "coach",
  "captain", "mr", "mrs", "ms", "dr", "sir", "dame", "lawyer", "activist", "author", "journalist", "head", "deputy",
  // French (written lowercase before a name: `l'avocate Marina Volkova`)
  "avocat", "avocate", "porte-parole", "conseiller", "conseillère", "ministre", "directeur", "directrice", "maire",
  "ambassadeur", "ambassadrice", "général", "économiste", "juge", "chef", "cheffe", "homologue", "envoyé", "envoyée",
  "secrétaire", "député", "députée", "sénateur", "sénatrice", "professeur", "professeure", "journaliste", "militant",
  "militante", "entraîneur", "capitaine", "commandant", "patron", "patronne", "fondateur", "fondatrice", "dirigeant",
  "dirigeante", "hydrologue", "chercheur", "chercheuse",
  // German (capitalised, so they open the name's run: `Anwältin Marina Wolkowa`, `den Ökonomen Jewgeni …`)
  "anwalt", "anwältin", "sprecher", "sprecherin", "berater", "beraterin", "ministerin", "bürgermeister",
  "bürgermeisterin", "oberbürgermeister", "oberbürgermeisterin", "direktor", "direktorin", "chefin", "botschafter",
  "botschafterin", "ökonom", "ökonomin", "ökonomen", "richter", "richterin", "professorin", "trainer", "trainerin",
  "kommandeur", "generalmajor", "generalleutnant", "außenminister", "außenministerin", "verteidigungsminister",
  "verteidigungsministerin", "regierungssprecher", "regierungssprecherin", "hydrologin", "hydrologe", "gründer", "gründerin",
]);
/** `economist`, `hydrologist`, `executive`, `negotiator`: a lowercase word naming what a person does. */
const isRoleWord = (word: string): boolean => ROLE_WORDS.has(word) || (!STOP_WORDS.has(word) && !NOT_NAMES.has(word) && /^\p{Ll}{4,}(ist|ian|er|or|ive|ant|ent)$/u.test(word));
const SPEECH_VERBS = new Set([
  "said", "says", "told", "added", "announced", "warned", "called", "asked", "wrote", "stated", "according",
  "selon", "déclaré", "affirmé", "indiqué", "expliqué", "précisé", "laut", "sagte", "erklärte", "betonte",
]);
/**
 * What follows a person's name: an apposition (`, chairman of`), a verb of saying (`said`), or an
 * affiliation (`of the Bavarian Flood Service`, `of Codelco`).
 */
const PERSON_AFTER =
  /^(?:,\s*\p{Ll}|\s+(?:said|says|told|added|announced|warned|called|asked|wrote|stated|thanked|dedicated)\b|\s+of\s+(?:the\s+)?\p{Lu}|\s+a\s+(?:déclaré|affirmé|indiqué|expliqué|précisé|ajouté|annoncé|dit)(?!\p{L})|\s+(?:sagte|erklärte|bestätigte|betonte|warnte|kündigte|teilte)(?!\p{L}))/u;
/** Words that make a name a place's: `United States`, `Gulf of Mexico`, `Red Square`. */
const PLACE_WORDS = new Set([
  "united", "states", "kingdom", "republic", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
  "new", "saint", "gulf", "sea", "ocean", "lake", "river", "mount", "mountains", "island", "islands", "city", "county",
  "province", "region", "valley", "bay", "coast", "street", "square", "strait", "peninsula", "desert", "airport", "port",
]);
const PLACE_PREPOSITIONS = new Set([
  "in", "to", "from", "at", "near", "outside", "across", "visited", "visiting", "toward", "towards",
  "à", "au", "aux", "en", "près", "vers", "nach", "aus", "bei", "im",
]);
const STOP_WORDS = new Set(
  ("the a an and or but of in on at to for from by with as is are was were be been being has have had will would could should " +
    "that this these those it its their his her they he she we you i not no than then so said says say also after before " +
    "during while when where which who whom whose what about into over under more most other some such only own same very " +
    "can just now new one two three first last week year years month months day days time").split(" "),
);

/** A sentence ends at one of these between two words (the word after starts a new one). */
const SENTENCE_END_CHARS = ".!?:;\"“”";
const isCapitalised = (word: string): boolean => {
  const c = word.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : /^\p{Lu}/u.test(word);
};
const readTitleWord = (word: string): boolean => {
  const lower = word.toLowerCase();
  return NOT_NAMES.has(lower) || LEADER_TITLES.has(lower) || ROLE_WORDS.has(lower) || lower.split(/[\u2010\u2011-]/u).every((part) => ROLE_WORDS.has(part) || NOT_NAMES.has(part));
};
/** A capitalised word that is no part of a name: `President`, `Secretary‑General`, `Tuesday`, `The`. */
const isTitleWord = memoByWord(WORDS_REMEMBERED, readTitleWord);

/** Crude stem for content words: lowercase, accents off, common English endings off, first 6 letters. */
const stem = memoByWord(WORDS_REMEMBERED, (word: string): string => normalizeName(word).replace(/[^a-z]/gu, "").replace(/(ings?|ed|es|s)$/u, "").slice(0, 6));

interface Token {
  word: string;
  /** Offset just after the token in its text. */
  end: number;
  /** Only spaces separate it from the token before. */
  spaced: boolean;
  /** Written with a possessive `’s`, which ends a name. */
  possessive: boolean;
  /** The token starts a sentence (its capital says nothing). */
  start: boolean;
}

/** Letters and digits of any script (`\p{L}`, `\p{N}`): ASCII by code, the rest by a memoised test. */
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const otherLetters = new Map<number, boolean>();
function isLetterOrDigit(code: number): boolean {
  if (code < 0x80) return (code >= 48 && code <= 57) || ((code | 0x20) >= 97 && (code | 0x20) <= 122);
  let known = otherLetters.get(code);
  if (known === undefined) otherLetters.set(code, (known = LETTER_OR_DIGIT.test(String.fromCharCode(code))));
  return known;
}
/** Inside a word, after its first character: `'` `’` and hyphens (`Franco‑Russian`, `Macron’s`). */
const isWordJoiner = (code: number): boolean => code === 0x27 || code === 0x2019 || code === 0x2d || code === 0x2010 || code === 0x2011;

/**
 * The words of a text (`[\p{L}\p{N}][\p{L}\p{N}'’‐‑-]*`), scanned by hand: a regex with a match
 * object per word was the hot spot of reading a library. Letters outside the Basic Multilingual
 * Plane are not word characters here (no name is written in them).
 */
/** French and Italian elisions: `l'`, `d'`, `qu'`, `jusqu'`, `dell'`, `all'`… (`L'économiste`, `d'Emmanuel`). */
const ELIDED = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|dell|dall|nell|sull|all)['’]\p{L}$/iu;

function tokens(text: string): Token[] {
  const found: Token[] = [];
  let start = true;
  let spaced = false;
  let lastMark = -1;
  let at = 0;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (!isLetterOrDigit(code)) {
      // What separates this word from the one before: spaces only, or a mark that may end a sentence.
      if (!isSpaceCode(code)) {
        spaced = false;
        lastMark = at;
      }
      at++;
      continue;
    }
    let begin = at;
    let apostrophe = -1;
    at++;
    while (at < text.length) {
      const c = text.charCodeAt(at);
      if (!isLetterOrDigit(c) && !isWordJoiner(c)) break;
      if (apostrophe < 0 && (c === 0x27 || c === 0x2019)) apostrophe = at;
      at++;
    }
    if (found.length && lastMark >= 0 && SENTENCE_END_CHARS.includes(text[lastMark]!)) start = true;
    // An elided article or preposition (`d'Emmanuel Macron`, `l'Élysée`, `L'économiste`): the word is
    // what follows it, as if a space stood there (so a sentence's `L'` does not make a noun a name).
    if (apostrophe > 0 && apostrophe - begin <= 6 && ELIDED.test(text.slice(begin, apostrophe + 2))) {
      begin = apostrophe + 1;
      if (found.length) spaced = true;
    }
    const word = text.slice(begin, at);
    const possessive = word.length > 2 && word.charCodeAt(word.length - 1) === 115 && (word[word.length - 2] === "’" || word[word.length - 2] === "'");
    found.push({ word: possessive ? word.slice(0, -2) : word, start, end: at, spaced: found.length > 0 && spaced && begin > 0, possessive });
    start = false;
    spaced = true;
    lastMark = -1;
  }
  return found;
}

/** The word is written lowercase somewhere in the text: a capital at a sentence start says nothing about it. */
function writtenLowercase(all: Token[], word: string): boolean {
  for (const t of all) if (t.word === word) return true;
  return false;
}

/** How often a capitalised word stands alone (not inside a longer run of capitals): a surname used alone. */
function aloneCount(all: Token[], word: string): number {
  let count = 0;
  for (let k = 0; k < all.length; k++) {
    if (all[k]!.word !== word) continue;
    const joinedBefore = k > 0 && all[k]!.spaced && isCapitalised(all[k - 1]!.word);
    const joinedAfter = k + 1 < all.length && all[k + 1]!.spaced && isCapitalised(all[k + 1]!.word);
    if (!joinedBefore && !joinedAfter) count++;
  }
  return count;
}

/** Month names in English, French and German (the languages whose dates Herald reads), and English abbreviations. */
const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  janvier: 1, février: 2, fevrier: 2, mars: 3, avril: 4, mai: 5, juin: 6, juillet: 7, août: 8, aout: 8, septembre: 9, octobre: 10, novembre: 11, décembre: 12, decembre: 12,
  januar: 1, jänner: 1, februar: 2, märz: 3, maerz: 3, juni: 6, juli: 7, oktober: 10, dezember: 12,
};
// Longest first, so that `mar` is not taken for the start of `mars` or `march`.
const MONTH = `(${Object.keys(MONTHS).sort((a, b) => b.length - a.length).join("|")})\\.?`;
const SP = "[\\s\\u00a0\\u202f]+";
/** `5 February 2026`, `February 5, 2026`, `February 2026`, `1er mars 2025`, `12. März 2025` in running text. */
const PROSE_DATE = new RegExp(
  `\\b(?:(\\d{1,2})(?:er|\\.)?${SP}${MONTH},?${SP}(\\d{4})|${MONTH}${SP}(\\d{1,2})(?:st|nd|rd|th)?,?${SP}(\\d{4})|${MONTH},?${SP}(\\d{4}))\\b`,
  "giu",
);

interface StatedDate {
  /** Where the date is written in the text. */
  at: number;
  from: number;
  to: number;
  exactDay: boolean;
}

/** A day without a year: `March 3`, `3 March`, `3 mars`, `3. März`, not followed by a year. */
const YEARLESS_DATE = new RegExp(
  `\\b(?:${MONTH}${SP}(\\d{1,2})(?:st|nd|rd|th)?|(\\d{1,2})(?:er|\\.)?${SP}${MONTH})\\b(?!,?${SP}\\d{4})`,
  "giu",
);

/** The one day without a year that a text states, if it states exactly one. */
function yearlessDay(text: string): { month: number; day: number; text: string } | null {
  let found: { month: number; day: number; text: string } | null = null;
  for (const m of text.matchAll(YEARLESS_DATE)) {
    const month = MONTHS[(m[1] ?? m[4] ?? "").toLowerCase().replace(".", "")];
    const day = Number(m[2] ?? m[3]);
    // February 29 exists in a leap year only; any other day must exist in every year.
    if (!month || day < 1 || day > new Date(Date.UTC(2024, month, 0)).getUTCDate()) continue;
    if (found && (found.month !== month || found.day !== day)) return null;
    found = { month, day, text: m[0] };
  }
  return found;
}

/** Four digits: every date PROSE_DATE reads ends with its year. */
const YEARS = /\d{4}/gu;
/** Longer than any date before its year (`30th September, ` with spaces to spare). */
const BEFORE_YEAR = 32;

/** Dates stated in running text. PROSE_DATE runs only just before each year, not over the whole text (a hot spot). */
function statedDates(text: string): StatedDate[] {
  const dates: StatedDate[] = [];
  let done = 0;
  for (const year of text.matchAll(YEARS)) {
    const yearEnd = year.index + 4;
    const from = Math.max(done, year.index - BEFORE_YEAR);
    const window = text.slice(from, Math.min(text.length, yearEnd + 1));
    for (const m of window.matchAll(PROSE_DATE)) {
      const at = from + m.index;
      // The window may start inside a word: `\b` there is no boundary in the text.
      if (at + m[0].length !== yearEnd || (at > 0 && /[\p{L}\p{N}]/u.test(text[at - 1]!))) continue;
      done = yearEnd;
      const date = dateOf(m, at);
      if (date) dates.push(date);
    }
  }
  return dates;
}

function dateOf(m: RegExpMatchArray, at: number): StatedDate | null {
  const day = Number(m[1] ?? m[5] ?? 0);
  const month = MONTHS[(m[2] ?? m[4] ?? m[7] ?? "").toLowerCase().replace(".", "")];
  const year = Number(m[3] ?? m[6] ?? m[8]);
  if (!month || year < 1900 || year > 2200) return null;
  if (day) {
    const ms = Date.UTC(year, month - 1, day);
    if (new Date(ms).getUTCDate() !== day) return null;
    return { at, from: dayOf(ms), to: dayOf(ms), exactDay: true };
  }
  return { at, from: dayOf(Date.UTC(year, month - 1, 1)), to: dayOf(Date.UTC(year, month, 1)) - 1, exactDay: false };
}

function isoSpan(iso: string): { from: number; to: number } | null {
  const [y, m, d] = iso.split("-").map(Number);
  if (!y) return null;
  if (d) return { from: dayOf(Date.UTC(y, m! - 1, d)), to: dayOf(Date.UTC(y, m! - 1, d)) };
  if (m) return { from: dayOf(Date.UTC(y, m - 1, 1)), to: dayOf(Date.UTC(y, m, 1)) - 1 };
  return { from: dayOf(Date.UTC(y, 0, 1)), to: dayOf(Date.UTC(y + 1, 0, 1)) - 1 };
}

const formatDay = (date: StatedDate): string => new Date(date.from * DAY_MS).toISOString().slice(0, date.exactDay ? 10 : 7);

/** Days a report may cover before its publication: a report tells of what happened shortly before. */
const DAYS_BEFORE_PUBLICATION = 7;

/**
 * The frame of a report dated by its publication: one shared, frozen frame per day, since a feed
 * library holds thousands of reports published on a few days (each frame with its text was 0.1 KB).
 */
const publicationFrames = new Map<number, TimeFrame>();
function publicationFrame(day: number): TimeFrame {
  let frame = publicationFrames.get(day);
  if (!frame) {
    frame = Object.freeze({ from: day - DAYS_BEFORE_PUBLICATION, to: day, basis: `published ${new Date(day * DAY_MS).toISOString().slice(0, 10)}` });
    if (publicationFrames.size >= SHARED_VALUES_KEPT) publicationFrames.clear();
    publicationFrames.set(day, frame);
  }
  return frame;
}

/**
 * When the event a report tells of happened. A feed item: the week before its publication. A story
 * page: the day (or month) of its newest timeline event. An undated article: after the newest date
 * it states (it cannot tell of an event before dates it already looks back on).
 */
function timeFrame(story: Story, stated: StatedDate[], ledeDates: StatedDate[], lede: string): TimeFrame | null {
  if (story.published) return publicationFrame(dayOf(Date.parse(story.published)));
  let newest: { from: number; to: number; text: string } | null = null;
  for (const event of story.timeline) {
    if (event.date.precision === "year") continue;
    const span = isoSpan(event.date.iso);
    if (span && (!newest || span.from > newest.from)) newest = { ...span, text: event.date.iso };
  }
  if (newest) return { from: newest.from, to: newest.to, basis: `newest timeline event ${newest.text}` };
  // The lede of a news report states when its event happened; other dates look back.
  let peg: StatedDate | null = null;
  for (const date of ledeDates) if (!peg || date.from > peg.from) peg = date;
  if (peg) return { from: peg.from, to: peg.to, basis: `${formatDay(peg)}, the date its opening states` };
  let latest: StatedDate | null = null;
  for (const date of stated) if (!latest || date.from > latest.from) latest = date;
  if (latest) return { from: latest.from, to: Infinity, basis: `after ${formatDay(latest)}, the newest date it states` };
  // No year anywhere: a day its opening states (a dateline) is still a day of some year.
  const day = yearlessDay(lede);
  if (!day) return null;
  return { from: -Infinity, to: Infinity, basis: `${day.text}, of a year it does not state`, dayOfYear: { month: day.month, day: day.day } };
}

const NO_MAP: ReadonlyMap<unknown, unknown> = new Map();
const NO_ARRAY: readonly never[] = Object.freeze([]);
/**
 * Features as they are kept: every report keeps its features for as long as it is held, and a Map or
 * Set costs about 0.2 KB even when empty. An empty map is one shared empty map (read-only by type);
 * a set becomes a sorted array (a tenth of the size; `compare.ts` meets two of them in one pass).
 */
const kept = <K, V>(map: ReadonlyMap<K, V>): ReadonlyMap<K, V> => (map.size ? map : (NO_MAP as ReadonlyMap<K, V>));
const sortedStrings = (set: ReadonlySet<string>): readonly string[] => (set.size ? [...set].sort() : NO_ARRAY);
const oneDays = new Map<number, readonly number[]>();
/** Most reports state one day (their publication's): one shared list per day. */
const sortedNumbers = (set: ReadonlySet<number>): readonly number[] => {
  if (set.size !== 1) return set.size ? [...set].sort((x, y) => x - y) : NO_ARRAY;
  const [day] = set as Iterable<number>;
  let list = oneDays.get(day!);
  if (!list) {
    if (oneDays.size >= SHARED_VALUES_KEPT) oneDays.clear();
    oneDays.set(day!, (list = Object.freeze([day!])));
  }
  return list;
};

/** Reads the names, dates and content words of a report. */
export function extractFeatures(story: Story): ReportFeatures {
  // Titles and headings are Title Case: their capitals say nothing, so names come from the prose only.
  const body = [story.dek ?? "", ...story.sections.map((s) => s.text), ...story.timeline.map((e) => e.text)].join(". ");
  const all = tokens(body);
  const outlets = new Set([...story.outlets, story.outlet ?? ""].map(normalizeName));
  const people = new Map<string, PersonName>();
  const organisations = new Map<string, string>();
  const places = new Map<string, string>();
  const candidates: { run: string[]; place: boolean }[] = [];
  const addPerson = (names: string[]): void => {
    const surname = nameKey(names[names.length - 1]!);
    const known = people.get(surname);
    const given = names.length >= 3 ? `${nameKey(names[0]!)} ${nameKey(names[names.length - 2]!)}` : nameKey(names[0]!);
    if (!known) people.set(surname, { display: names.join(" "), given });
  };
  /** The text after token k-1, up to the end of the third token after it. */
  const after = (k: number): string => (k < all.length ? body.slice(all[k - 1]!.end, all[Math.min(k + 2, all.length - 1)]!.end) : "");

  for (let i = 0; i < all.length; ) {
    if (!isCapitalised(all[i]!.word)) {
      i++;
      continue;
    }
    // A run of capitalised words (with connectors such as `de`, `von`) that nothing but spaces separates.
    let j = i + 1;
    while (
      j < all.length && !all[j]!.start && !all[j - 1]!.possessive && all[j]!.spaced &&
      (isCapitalised(all[j]!.word) || (CONNECTORS.has(all[j]!.word) && isCapitalised(all[j + 1]?.word ?? "")))
    ) j++;
    let run = all.slice(i, j).map((t) => t.word);
    const startsSentence = all[i]!.start;
    let before = all[i - 1]?.word.toLowerCase() ?? "";
    const beforeTwo = all[i - 2]?.word.toLowerCase() ?? "";
    let leader = LEADER_TITLES.has(before) || (before === "minister" && beforeTwo === "prime") || (before === "ministre" && beforeTwo === "premier");
    i = j;
    if (GERMAN_DETERMINERS.has(before) && run.length >= 2) {
      let k = 1;
      while (k < run.length && CONNECTORS.has(run[k]!)) k++;
      if (ROLE_WORDS.has(run[0]!.toLowerCase())) before = run[0]!.toLowerCase();
      run = run.slice(k);
    }
    // A sentence's first word is a name only where the text never writes it lowercase.
    // (Both looked up only when needed: a set or map of every word per report was a hot spot.)
    if (startsSentence && writtenLowercase(all, run[0]!.toLowerCase())) run = run.slice(1);
    // Titles and other non-names inside the run (`NATO Secretary‑General Mark Rutte`): the name follows the last.
    let lastTitle = -1;
    for (let k = 0; k < run.length; k++) if (isTitleWord(run[k]!) || (k === 0 && startsSentence && isRoleWord(run[0]!.toLowerCase()))) lastTitle = k;
    if (lastTitle >= 0) {
      const titles = run.slice(0, lastTitle + 1).map((w) => w.toLowerCase());
      if (titles.some((w) => LEADER_TITLES.has(w))) leader = true;
      before = titles.some((w) => ROLE_WORDS.has(w) || w.split(/[\u2010\u2011-]/u).some((part) => ROLE_WORDS.has(part))) ? "adviser" : before;
      run = run.slice(lastTitle + 1);
    }
    if (!run.length || outlets.has(normalizeName(run.join(" ")))) continue;
    const last = run[run.length - 1]!;
    if (ORGANISATION_WORDS.has(last.toLowerCase()) && run.length > 1) {
      organisations.set(run.map(nameKey).join(" "), run.join(" "));
    } else if (leader) {
      // A head of state or government: named in too many reports to tell one event, so not an actor.
    } else if (run.some((w) => PLACE_WORDS.has(w.toLowerCase()))) {
      places.set(run.map(nameKey).join(" "), run.join(" "));
    } else if (run.length >= 2 && run.length <= 4 && (isRoleWord(before) || SPEECH_VERBS.has(before) || PERSON_AFTER.test(after(i)))) {
      addPerson(run);
    } else if (run.length <= 4 && (run.length >= 2 || PLACE_PREPOSITIONS.has(before))) {
      candidates.push({ run, place: PLACE_PREPOSITIONS.has(before) });
    }
    // Anything else capitalised (a lone word, a run of five or more) tells no actor.
  }
  // A two-word name is a person's when its last word is used alone elsewhere (`Emmanuel Bonne` … `Bonne`).
  for (const { run, place } of candidates) {
    const surname = run[run.length - 1]!;
    if (run.length >= 2 && aloneCount(all, surname) > 0) addPerson(run);
    else if (place || run.length >= 2) places.set(run.map(nameKey).join(" "), run.join(" "));
  }

  const words = new Set<string>();
  // The lead is the title, then the start of the body (standfirst and first paragraph): its tokens are read once.
  const ledeEnd = (story.dek ?? "").length + 2 + (story.sections[0]?.text.length ?? 0);
  const leadTokens = tokens(`${story.title}. `);
  for (const t of all) {
    if (t.end > ledeEnd) break;
    leadTokens.push(t);
  }
  for (const t of leadTokens) {
    if (isCapitalised(t.word) && !t.start) continue;
    const lowerWord = t.word.toLowerCase();
    if (STOP_WORDS.has(lowerWord) || NOT_NAMES.has(lowerWord) || lowerWord.length < 3 || /\d/u.test(lowerWord)) continue;
    words.add(stem(t.word));
  }

  const stated = statedDates(body);
  const days = new Set<number>();
  for (const date of stated) if (date.exactDay) days.add(date.from);
  for (const event of story.timeline) if (event.date.precision === "day") days.add(isoSpan(event.date.iso)!.from);

  return {
    id: story.id,
    kind: story.kind,
    people: kept(people),
    organisations: kept(organisations),
    places: kept(places),
    words: sortedStrings(words),
    days: sortedNumbers(days),
    frame: timeFrame(story, stated, stated.filter((date) => date.at < ledeEnd), body.slice(0, ledeEnd)),
    size: body.length,
    published: story.published ? Date.parse(story.published) : null,
  };
}
