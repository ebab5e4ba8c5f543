import * as chrono from "chrono-node";
import { outletOf } from "../briefing.js";
import type { StoryEntry } from "../library.js";
import { normalizeForMatch } from "../parse/index.js";
import type { Story, TimelineEvent } from "../story.js";

/** Words that put a sentence in the future or the hypothetical: its date is no fact yet. */
const NOT_YET = /\b(will|would|plans?|planned|scheduled|expected|due to|next|upcoming|could|may|might)\b/iu;
/** Relative weekday words chrono reads but that shift the day: "next Tuesday", "last Friday". */
const SHIFTED = /\b(next|last|this|coming|previous)\b/iu;
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const DAY_MS = 86_400_000;
const pad = (n: number): string => String(n).padStart(2, "0");

/** Sentences of a paragraph; a full stop after a capital initial (`U.S.`) does not end one. */
const sentencesOf = (text: string): string[] => text.split(/(?<=[.!?])\s+(?=[\p{Lu}“"])/u).map((s) => s.trim()).filter(Boolean);

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
  const facts: TimelineEvent[] = [];
  const paragraphs = [story.dek ?? "", ...story.sections.map((s) => s.text)];
  for (const paragraph of paragraphs) {
    for (const sentence of sentencesOf(paragraph)) {
      const found = chrono.en.parse(sentence, published ?? new Date(0), { forwardDate: false });
      if (found.length !== 1 || NOT_YET.test(sentence)) continue;
      const result = found[0]!;
      // chrono may take the comma after a date into its text.
      const dateText = result.text.replace(/[\s,]+$/u, "");
      const date = resolve(result, published);
      if (!date) continue;
      const text = withoutDate(sentence, dateText);
      if (text.split(/\s+/u).length < 4) continue;
      facts.push({ date: { text: dateText.replace(/^(on|in)\s+/iu, ""), ...date, qualifier: null }, text, citations: [] });
    }
  }
  return facts.sort((a, b) => (a.date.iso < b.date.iso ? -1 : a.date.iso > b.date.iso ? 1 : 0));
}

function resolve(result: chrono.ParsedResult, published: Date | null): { iso: string; precision: "month" | "day" } | null {
  const c = result.start;
  if (c.isCertain("year") && c.isCertain("month")) {
    const [y, m] = [c.get("year")!, c.get("month")!];
    if (c.isCertain("day")) return { iso: `${y}-${pad(m)}-${pad(c.get("day")!)}`, precision: "day" };
    return { iso: `${y}-${pad(m)}`, precision: "month" };
  }
  if (!published || !c.isCertain("weekday") || c.isCertain("month") || SHIFTED.test(result.text)) return null;
  const named = WEEKDAYS.findIndex((d) => result.text.toLowerCase().includes(d));
  if (named < 0) return null;
  const back = (published.getUTCDay() - named + 7) % 7;
  if (back === 0) return null;
  const day = new Date(published.getTime() - back * DAY_MS);
  return { iso: `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`, precision: "day" };
}

/** The sentence without its date phrase: `Earlier, in April 2024, the ministers spoke.` → `Earlier, the ministers spoke.` */
function withoutDate(sentence: string, dateText: string): string {
  const at = sentence.indexOf(dateText);
  const before = sentence.slice(0, at).replace(/\b(in|on|since|during)\s*$/iu, "").trim();
  let after = sentence.slice(at + dateText.length).trim();
  if (!before || before.endsWith(",")) after = after.replace(/^,\s*/u, "");
  const joined = (before && !/^[,.;:]/u.test(after) ? `${before} ${after}` : `${before}${after}`).trim();
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

const factsOf = new WeakMap<Story, TimelineEvent[]>();
const undatedFactsOf = new WeakMap<Story, TimelineEvent[]>();

/**
 * Adds the dated facts a report states to a timeline, each marked with its origin (`— L'Express`)
 * and citing `citations`; a fact already on the timeline (same date, mostly the same words) is not
 * repeated. `trustPublished: false` when the report's publication time is only when it was first
 * seen: weekdays are then not read against it.
 */
export function addDatedFacts(timeline: TimelineEvent[], report: StoryEntry, citations: number[] = [], trustPublished = true): void {
  const cache = trustPublished ? factsOf : undatedFactsOf;
  let facts = cache.get(report.story);
  if (!facts) cache.set(report.story, (facts = datedFacts(report.story, trustPublished ? report.story.published : null)));
  for (const fact of facts) {
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
