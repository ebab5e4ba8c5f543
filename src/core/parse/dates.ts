import type { StoryDate } from "../story.js";

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
  // French, looked up without accents: `févr.`, `août`, `déc.`
  janv: 1, janvier: 1, fev: 2, fevr: 2, fevrier: 2, mars: 3, avr: 4, avril: 4, mai: 5, juin: 6, juil: 7, juillet: 7,
  aout: 8, septembre: 9, octobre: 10, novembre: 11, decembre: 12,
};
/** A month name's number, English or French, whatever its accents and case. */
const monthOf = (name: string): number => {
  const lower = name.toLowerCase();
  return MONTHS[lower] ?? MONTHS[lower.normalize("NFD").replace(/\p{M}/gu, "")]!;
};
/** French qualifiers: `début`, `mi`, `fin` (`Févr. 2026 (début)`, `Fin mars 2024`, `mi-2023`). */
const QUALIFIERS: Record<string, StoryDate["qualifier"]> = { early: "early", mid: "mid", late: "late", debut: "early", mi: "mid", fin: "late" };
const qualifierOf = (word: string): StoryDate["qualifier"] => QUALIFIERS[word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")] ?? null;

const S = "[ \\t\\u00a0\\u202f]"; // spaces that may bind a date together
const MONTH =
  "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?" +
  "|janv(?:ier)?|f[ée]vr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t|septembre|octobre|novembre|d[ée]c(?:embre)?)\\.?";
const DAY = "(\\d{1,2})(?:st|nd|rd|th|er)?";
const YEAR = "(\\d{4})";
const QUALIFIER_WORD = "(early|mid|late|d[ée]but|mi|fin)";

// All patterns are sticky: they match where lastIndex points, so the line is never sliced to try them.
/** `Early Jan 2026`, `mid-2025`, `Late December 2025`: a qualifier written before the date. */
const LEADING_QUALIFIER = new RegExp(`${QUALIFIER_WORD}(?:-|${S}+)`, "iy");
/** `Dec 20, 2025`, `December 20 2025`, `Dec 20th, 2025`. */
const MONTH_DAY_YEAR = new RegExp(`${MONTH}${S}*${DAY},?${S}*${YEAR}(?!\\d)`, "iy");
/** `20 Dec 2025`, `20 December, 2025`. */
const DAY_MONTH_YEAR = new RegExp(`${DAY}${S}*${MONTH},?${S}*${YEAR}(?!\\d)`, "iy");
/** `Dec 2025`, `December, 2025`. */
const MONTH_YEAR = new RegExp(`${MONTH},?${S}*${YEAR}(?!\\d)`, "iy");
/** `2025-12-20`, `2025-12`. */
const ISO = /(\d{4})-(\d{2})(?:-(\d{2}))?(?![\d-])/y;
/** `2019` alone. */
const BARE_YEAR = /(\d{4})(?![\d,.:/-]\d)/y;
/** `(early)`, `(mid-month)`, `(late)` after the date. */
const TRAILING_QUALIFIER = new RegExp(`${S}*\\(${QUALIFIER_WORD}[a-z-]*\\)`, "iy");
/** The separator between date and event: en dash, em dash, other dashes, a spaced hyphen, or a colon. */
const SEPARATOR = new RegExp(`(?:${S}*[\\u2012\\u2013\\u2014\\u2015\\u2212]|${S}+-(?=${S})|${S}*:)${S}*`, "y");

/** Runs a sticky pattern at `at`. */
function execAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/** First letters of month names and of `early`, `mid`, `late`; any other letter cannot start a date. */
const DATE_INITIALS = "jfmasondel";
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
/** ASCII letters lowercased; other characters unchanged (the patterns are ASCII-only under the `i` flag). */
const asciiLower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

export interface DatedLine {
  date: StoryDate;
  /** The text after the date and its separator. */
  rest: string;
  /** False when no dash or colon separated the date from the text. */
  separated: boolean;
}

export type DateProblem = { problem: "no_date" } | { problem: "not_a_calendar_date"; text: string };

const pad = (n: number): string => String(n).padStart(2, "0");

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days of a month (1–12). Years 0–99 count as 1900–1999, as `Date.UTC` has always read them. */
function daysIn(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1]!;
  const y = year <= 99 ? 1900 + year : year;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

type Qualifier = StoryDate["qualifier"];

const NO_DATE: DateProblem = Object.freeze({ problem: "no_date" });

/** Reads the date that starts a timeline line: `Jan 2026 (early) – NATO…` → 2026-01, early, rest `NATO…`. */
export function readLeadingDate(line: string): DatedLine | DateProblem {
  const first = asciiLower(line.charCodeAt(0));
  // Most lines that are no timeline event fail here, before any pattern runs.
  if (!isDigitCode(first) && !DATE_INITIALS.includes(String.fromCharCode(first))) return NO_DATE;
  let qualifier: Qualifier = null;
  let offset = 0;
  const lead = isDigitCode(first) ? null : execAt(LEADING_QUALIFIER, line, 0);
  if (lead) {
    qualifier = qualifierOf(lead[1]!);
    offset = lead[0].length;
  }
  let year: number;
  let month: number | null = null;
  let day: number | null = null;
  let m: RegExpExecArray | null;
  const digitFirst = isDigitCode(line.charCodeAt(offset));
  if (!digitFirst && (m = execAt(MONTH_DAY_YEAR, line, offset))) {
    month = monthOf(m[1]!);
    day = Number(m[2]);
    year = Number(m[3]);
  } else if (digitFirst && (m = execAt(DAY_MONTH_YEAR, line, offset))) {
    day = Number(m[1]);
    month = monthOf(m[2]!);
    year = Number(m[3]);
  } else if (!digitFirst && (m = execAt(MONTH_YEAR, line, offset))) {
    month = monthOf(m[1]!);
    year = Number(m[2]);
  } else if (digitFirst && (m = execAt(ISO, line, offset))) {
    year = Number(m[1]);
    month = Number(m[2]);
    day = m[3] === undefined ? null : Number(m[3]);
  } else if (digitFirst && (m = execAt(BARE_YEAR, line, offset))) {
    year = Number(m[1]);
  } else {
    return NO_DATE;
  }
  let end = offset + m[0].length;
  const trailing = qualifier ? null : execAt(TRAILING_QUALIFIER, line, end);
  if (trailing) {
    qualifier = qualifierOf(trailing[1]!);
    end += trailing[0].length;
  }
  const text = line.slice(0, end);
  if (month !== null && (month < 1 || month > 12)) return { problem: "not_a_calendar_date", text };
  if (day !== null && month !== null && (day < 1 || day > daysIn(year, month))) {
    return { problem: "not_a_calendar_date", text };
  }
  const separator = execAt(SEPARATOR, line, end);
  const rest = line.slice(end + (separator?.[0].length ?? 0)).trim();
  const iso = `${String(year).padStart(4, "0")}${month === null ? "" : `-${pad(month)}`}${day === null ? "" : `-${pad(day)}`}`;
  const precision = day !== null ? "day" : month !== null ? "month" : "year";
  return { date: { text, iso, precision, qualifier }, rest, separated: separator !== null };
}

/** -1, 0 or 1 when one date is certainly before, undecidable, or certainly after the other. */
export function compareDates(a: StoryDate, b: StoryDate): number {
  // ISO forms are zero-padded, so their common prefix compares as text.
  const length = Math.min(a.iso.length, b.iso.length);
  for (let i = 0; i < length; i++) {
    const ca = a.iso.charCodeAt(i);
    const cb = b.iso.charCodeAt(i);
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  return 0;
}
