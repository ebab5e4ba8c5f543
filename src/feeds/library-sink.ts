import type { StoryEntry } from "../core/library.js";
import type { StoryIndex } from "../core/story-index.js";
import type { ReportSink } from "./poller.js";
import { contentHash, type Report } from "./report.js";

const entryOf = (report: Report): StoryEntry => ({
  story: report,
  version: contentHash(report),
  file: report.url ?? report.feed ?? report.id,
  updatedAt: Date.parse(report.published ?? "") || 0,
});

/**
 * Feed reports into the library: each report a story of its own until grouping joins reports of one
 * event (issue 10). A new report from a feed already read is announced as a new story; updated
 * reports refresh their story quietly (a feed that rewrites its items is not news).
 */
export function libraryReportSink(library: StoryIndex, now: () => Date = () => new Date()): ReportSink {
  return {
    load(reports) {
      for (const report of reports) library.put(entryOf(report));
    },
    apply({ added, updated, announce }) {
      for (const report of updated) library.put(entryOf(report));
      for (const report of added) {
        const entry = entryOf(report);
        library.put(entry);
        if (!announce) continue;
        library.emit({
          type: "added",
          storyId: report.id,
          title: report.title,
          version: entry.version,
          previousVersion: null,
          newEvents: [],
          articleCount: null,
          titleChange: null,
          at: now(),
        });
      }
    },
  };
}
