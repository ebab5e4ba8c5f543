import { loneReportStory } from "../core/coverage/from-reports.js";
import type { StoryEntry } from "../core/library.js";
import type { StoryIndex } from "../core/story-index.js";
import type { ReportSink } from "./poller.js";
import { contentHash, type Report } from "./report.js";

/** A report as an entry of the source, as a story of its own; the library presents its story as feeds.md says. */
const entryOf = (report: Report): StoryEntry => ({
  story: loneReportStory(report),
  version: contentHash(report),
  file: report.url ?? report.feed ?? report.id,
  updatedAt: Date.parse(report.published ?? "") || 0,
});

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
