import { describe, expect, it } from "vitest";
import { readLeadingDate } from "../../src/core/parse/dates.js";
import { orderOldestFirst, readEvent } from "../../src/core/parse/timeline.js";
import type { TimelineEvent } from "../../src/core/story.js";

const NB = "\u202f";

describe("readLeadingDate", () => {
  it.each([
    [`Dec${NB}20,${NB}2025 – text`, `Dec${NB}20,${NB}2025`, "2025-12-20", "day", null],
    ["December 20, 2025 — text", "December 20, 2025", "2025-12-20", "day", null],
    ["20 Dec 2025 - text", "20 Dec 2025", "2025-12-20", "day", null],
    ["3rd September 2024 – text", "3rd September 2024", "2024-09-03", "day", null],
    [`Dec${NB}2025 – text`, `Dec${NB}2025`, "2025-12", "month", null],
    [`Jan${NB}2026 (early) – text`, `Jan${NB}2026 (early)`, "2026-01", "month", "early"],
    ["Sept 2025 (mid-month) – text", "Sept 2025 (mid-month)", "2025-09", "month", "mid"],
    ["Late March 2024 – text", "Late March 2024", "2024-03", "month", "late"],
    ["2019 – text", "2019", "2019", "year", null],
    ["mid-2023 – text", "mid-2023", "2023", "year", "mid"],
    ["2025-03-04 – text", "2025-03-04", "2025-03-04", "day", null],
    // French timelines
    ["14 oct. 2025 – text", "14 oct. 2025", "2025-10-14", "day", null],
    ["1er mars 2026 – text", "1er mars 2026", "2026-03-01", "day", null],
    ["21 octobre 2025 – text", "21 octobre 2025", "2025-10-21", "day", null],
    ["Déc. 2025 – text", "Déc. 2025", "2025-12", "month", null],
    ["Févr. 2026 (début) – text", "Févr. 2026 (début)", "2026-02", "month", "early"],
    ["Fin août 2024 – text", "Fin août 2024", "2024-08", "month", "late"],
    ["mi-2023 – text", "mi-2023", "2023", "year", "mid"],
  ])("reads %j", (line, text, iso, precision, qualifier) => {
    const read = readLeadingDate(line);
    expect(read).toMatchObject({ date: { text, iso, precision, qualifier }, rest: "text", separated: true });
  });

  it("accepts en dash, em dash and spaced hyphen as separators", () => {
    for (const sep of ["–", "—", "-"]) expect(readLeadingDate(`May 2024 ${sep} Vote held`)).toMatchObject({ rest: "Vote held", separated: true });
  });

  it("reports a date that is not on the calendar", () => {
    expect(readLeadingDate("Feb 30, 2026 – text")).toEqual({ problem: "not_a_calendar_date", text: "Feb 30, 2026" });
  });

  it("finds no date in plain text", () => {
    expect(readLeadingDate("Sometime later – text")).toEqual({ problem: "no_date" });
    expect(readLeadingDate("Mayor resigns – text")).toEqual({ problem: "no_date" });
  });
});

const event = (line: string): TimelineEvent => {
  const read = readEvent(line);
  if (!("event" in read)) throw new Error(`no event in ${line}`);
  return read.event;
};
const isos = (events: TimelineEvent[]): string[] => events.map((e) => `${e.date.iso}:${e.text}`);

describe("orderOldestFirst", () => {
  it("keeps an oldest-first timeline, a month staying among the days of its month", () => {
    const events = ["Dec 20, 2025 – a", "Dec 2025 – b", "Jan 2026 (early) – c", "Jan 20, 2026 – d", "Jan 20, 2026 – e"].map(event);
    expect(isos(orderOldestFirst(events))).toEqual(["2025-12-20:a", "2025-12:b", "2026-01:c", "2026-01-20:d", "2026-01-20:e"]);
  });
  it("reverses a newest-first timeline", () => {
    const events = ["March 24, 2025 — a", "March 2025 — b", "March 10, 2025 — c", "2024 — d"].map(event);
    expect(isos(orderOldestFirst(events))).toEqual(["2024:d", "2025-03-10:c", "2025-03:b", "2025-03-24:a"]);
  });
  it("moves a single misplaced event back to its date", () => {
    const events = ["Jan 1, 2025 – a", "Mar 1, 2025 – b", "Feb 1, 2025 – c", "Apr 1, 2025 – d"].map(event);
    expect(isos(orderOldestFirst(events))).toEqual(["2025-01-01:a", "2025-02-01:c", "2025-03-01:b", "2025-04-01:d"]);
  });
});
