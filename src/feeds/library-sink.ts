import { deflateRawSync, inflateRawSync } from "node:zlib";
import { loneReportStory } from "../core/coverage/from-reports.js";
import type { StoryEntry } from "../core/library.js";
import type { Section, Story } from "../core/story.js";
import type { StoryIndex } from "../core/story-index.js";
import type { ReportSink } from "./poller.js";
import { contentHash, type Report } from "./report.js";

/** Text at least this long is held deflated; shorter text would gain less than the reading function costs. */
export const PACKED_TEXT_MIN_CHARS = 1_000;

/**
 * A section whose text is held deflated and inflated each time it is read. A report's text is read
 * when it is grouped (once: features and dated facts are kept) and when a story is shown; a
 * 3,000-character article took 6 KB (typographic quotes make a string two bytes a character) and
 * takes about 1.5 KB so. The text is a property like any other: spreads, JSON and schema checks read it.
 */
function packedSection(section: Section): Section {
  if (section.text.length < PACKED_TEXT_MIN_CHARS) return section;
  // Deflated bytes as a one-byte string: one heap object, no buffer and its bookkeeping per report.
  const packed = deflateRawSync(section.text).toString("latin1");
  return {
    heading: section.heading,
    get text() {
      if (lastInflated?.packed !== packed) lastInflated = { packed, text: inflateRawSync(Buffer.from(packed, "latin1")).toString("utf8") };
      return lastInflated.text;
    },
    citations: section.citations,
  };
}

/** The text inflated last: grouping reads a new report's text four or five times in a row. */
let lastInflated: { packed: string; text: string } | null = null;

const packedStory = (story: Story): Story =>
  story.sections.some((s) => s.text.length >= PACKED_TEXT_MIN_CHARS) ? { ...story, sections: story.sections.map(packedSection) } : story;

/**
 * A report as an entry of the source: a story of its own, numbered as feeds.md says (it is report [1]).
 * Presented alone, the library shows this very entry, so a library of lone reports holds one entry
 * per report, not two; `cited` is a getter, so it holds no list per report either (0.1 KB a report).
 */
class ReportEntry implements StoryEntry {
  constructor(
    readonly story: Story,
    readonly version: string,
    readonly file: string,
    readonly updatedAt: number,
  ) {}

  get cited(): readonly StoryEntry[] {
    return [this];
  }
}

const entryOf = (report: Report): StoryEntry =>
  new ReportEntry(packedStory(loneReportStory(report)), contentHash(report), report.url ?? report.feed ?? report.id, Date.parse(report.published ?? "") || 0);

/**
 * Feed reports into a report source of the library (issue 10 groups them with the stories folder's
 * reports into stories). Every report is put and told as a change; only a new report from a feed
 * already read is news, the rest (reports from the store, a feed's backlog, updated items) is told
 * as `quiet`, so the grouping takes it in and no chat hears of it.
 */
export function libraryReportSink(source: StoryIndex, now: () => Date = () => new Date()): ReportSink {
  const tell = (report: Report, type: "added" | "updated", quiet: boolean): void => {
    const before = source.get(report.id);
    const entry = entryOf(report);
    source.put(entry);
    source.emit({
      type: before ? "updated" : type,
      storyId: report.id,
      title: report.title,
      version: entry.version,
      previousVersion: before?.version ?? null,
      newEvents: [],
      articleCount: null,
      titleChange: null,
      at: now(),
      ...(quiet ? { quiet: true as const } : {}),
    });
  };
  return {
    load(reports) {
      for (const report of reports) tell(report, "added", true);
    },
    apply({ added, updated, announce }) {
      for (const report of updated) tell(report, "updated", true);
      for (const report of added) tell(report, "added", !announce);
    },
  };
}
