import type { PersonName, ReportFeatures, TimeFrame } from "./features.js";
import { compareCodeUnits } from "../text.js";

/** The thresholds of grouping (config `coverage.*`, see docs/coverage.md). */
export interface CoverageRule {
  /** Days by which two reports' time frames may miss each other and still tell of one event. */
  windowDays: number;
  /** Specific actors (people other than heads of state, organisations) two reports must share. */
  minSharedActors: number;
  /** Similarity of wording (0–1) that lets one shared actor and one shared place suffice. */
  oneActorSimilarity: number;
  /** Score two reports must reach to be joined. */
  minScore: number;
}

export const DEFAULT_RULE: CoverageRule = { windowDays: 3, minSharedActors: 2, oneActorSimilarity: 0.4, minScore: 2.5 };

/** What two reports share and whether that makes them one event. */
export interface Comparison {
  joined: boolean;
  score: number;
  people: string[];
  organisations: string[];
  places: string[];
  /** Days both state exactly, as YYYY-MM-DD. */
  days: string[];
  similarity: number;
  timeCompatible: boolean;
  /** Why they were joined or kept apart, in words. */
  reason: string;
}

const DAY_MS = 86_400_000;
const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Whether two time frames overlap once widened by `slack` days. */
export function framesMeet(a: TimeFrame | null, b: TimeFrame | null, slack: number): boolean {
  if (!a || !b) return false;
  if (a.dayOfYear) return dayMeets(a.dayOfYear, b, slack);
  if (b.dayOfYear) return dayMeets(b.dayOfYear, a, slack);
  return a.from - slack <= b.to && b.from - slack <= a.to;
}

/** The longest frame a day of an unstated year is checked against: a publication week, not a month. */
const DAY_OF_YEAR_FRAME_DAYS = 8;

/**
 * Whether a day of an unstated year falls, in one of the years a frame spans, within `slack` days of
 * it. Only against a frame of known days, at most a week or so long: an open-ended frame, one of no
 * known year, or a whole month (`in March 2026`) would let a report of another meeting that month in.
 */
function dayMeets({ month, day }: { month: number; day: number }, frame: TimeFrame, slack: number): boolean {
  if (!Number.isFinite(frame.from) || !Number.isFinite(frame.to) || frame.to - frame.from > DAY_OF_YEAR_FRAME_DAYS) return false;
  const first = new Date((frame.from - slack) * DAY_MS).getUTCFullYear();
  const last = new Date((frame.to + slack) * DAY_MS).getUTCFullYear();
  for (let year = first; year <= last; year++) {
    const at = Date.UTC(year, month - 1, day);
    if (new Date(at).getUTCDate() !== day) continue; // 29 February of a common year
    const d = at / DAY_MS;
    if (frame.from - slack <= d && d <= frame.to + slack) return true;
  }
  return false;
}

/** Names both maps hold, as written: `Iouri Ouchakov = Yuri Ushakov` when the spellings differ. */
function sharedNames<V>(a: ReadonlyMap<string, V>, b: ReadonlyMap<string, V>, display: (v: V) => string, same: (x: V, y: V) => boolean = () => true): string[] {
  const shared: [string, string][] = [];
  for (const [key, value] of a) {
    const other = b.get(key);
    if (other === undefined || !same(value, other)) continue;
    const [x, y] = [display(value), display(other)];
    shared.push([key, x === y ? x : `${x} = ${y}`]);
  }
  return shared.sort(([k1], [k2]) => compareCodeUnits(k1, k2)).map(([, text]) => text);
}

/** Given names that may be one name: a key in common (see PersonName.given), or one missing. */
const givenNamesMeet = (x: PersonName, y: PersonName): boolean =>
  !x.given || !y.given || x.given === y.given || x.given.split(" ").some((key) => y.given!.split(" ").includes(key));

/** What two sorted arrays of distinct values share, sorted (one pass over both). */
function common<T extends string | number>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]! < b[j]!) i++;
    else if (b[j]! < a[i]!) j++;
    else {
      out.push(a[i]!);
      i++;
      j++;
    }
  }
  return out;
}

function overlap(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  return common(a, b).length / Math.min(a.length, b.length);
}

/**
 * Whether two reports tell of one event: they share specific actors (never a head of state, a
 * country or a topic word alone) and their time frames meet. Symmetric and independent of any
 * other report, so grouping cannot depend on the order reports arrive in.
 */
export function compareReports(a: ReportFeatures, b: ReportFeatures, rule: CoverageRule): Comparison {
  // Symmetric: the pair is always read in id order, so a/b and b/a give the same evidence.
  if (b.id < a.id) [a, b] = [b, a];
  const people = sharedNames(a.people, b.people, (p) => p.display, givenNamesMeet);
  const organisations = sharedNames(a.organisations, b.organisations, String);
  const places = sharedNames(a.places, b.places, String);
  const days = common(a.days, b.days);
  const similarity = Math.max(overlap(a.words, b.words), 0);
  const actors = people.length + organisations.length;
  const known = a.frame !== null && b.frame !== null;
  const timeCompatible = framesMeet(a.frame, b.frame, rule.windowDays);
  const score = people.length + 0.8 * organisations.length + 0.3 * Math.min(places.length, 3) + 0.3 * Math.min(days.length, 3) + 2 * similarity;
  const enoughActors = actors >= rule.minSharedActors || (actors >= 1 && places.length >= 1 && similarity >= rule.oneActorSimilarity);
  let reason: string;
  if (!known) reason = `kept apart: ${a.frame ? b.id : a.id} tells no date, so the time window cannot be checked`;
  else if (!timeCompatible) reason = `kept apart: time frames do not meet (${a.frame!.basis} / ${b.frame!.basis}, ±${rule.windowDays} days)`;
  else if (!enoughActors) reason = `kept apart: ${actors} shared specific actor(s)${actors ? ` (${[...people, ...organisations].join(", ")})` : ""}, ${rule.minSharedActors} needed`;
  else if (score < rule.minScore) reason = `kept apart: score ${score.toFixed(2)} below ${rule.minScore}`;
  else reason = `joined: score ${score.toFixed(2)} ≥ ${rule.minScore}, same time window`;
  return {
    joined: reason.startsWith("joined"),
    score: Math.round(score * 100) / 100,
    people,
    organisations,
    places,
    days: days.map(isoDay),
    similarity: Math.round(similarity * 100) / 100,
    timeCompatible,
    reason,
  };
}
