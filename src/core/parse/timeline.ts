import type { TimelineEvent } from "../story.js";
import { extractCitations } from "./citations.js";
import { compareDates, readLeadingDate } from "./dates.js";

const LONG_TIMELINE = 500;

export type ReadEvent =
  | { event: TimelineEvent; separated: boolean }
  | { problem: "no_date" }
  | { problem: "not_a_calendar_date"; text: string };

/** One timeline line: `Dec 20, 2025 – Kremlin spokesman…[4].` → date, text without citations, [4]. */
export function readEvent(line: string): ReadEvent {
  const dated = readLeadingDate(line);
  if ("problem" in dated) return dated;
  const { text, citations } = extractCitations(dated.rest);
  return { event: { date: dated.date, text, citations }, separated: dated.separated };
}

/**
 * Oldest first. A newest-first document (more steps back in time than forward) is reversed; then an
 * event moves back only past events certainly later than it, so events of undecidable order
 * (a month beside the days of that month) stay where the document puts them.
 */
export function orderOldestFirst(events: TimelineEvent[]): TimelineEvent[] {
  let forward = 0;
  let backward = 0;
  for (let i = 1; i < events.length; i++) {
    const step = compareDates(events[i - 1]!.date, events[i]!.date);
    if (step < 0) forward++;
    else if (step > 0) backward++;
  }
  const ordered = backward > forward ? [...events].reverse() : [...events];
  // Insertion is quadratic on shuffled input; a long timeline gets the library's stable sort instead.
  if (ordered.length > LONG_TIMELINE) return ordered.sort((a, b) => compareDates(a.date, b.date));
  for (let i = 1; i < ordered.length; i++) {
    const event = ordered[i]!;
    let j = i;
    while (j > 0 && compareDates(ordered[j - 1]!.date, event.date) > 0) {
      ordered[j] = ordered[j - 1]!;
      j--;
    }
    ordered[j] = event;
  }
  return ordered;
}
