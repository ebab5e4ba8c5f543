import { deflateRawSync, inflateRawSync } from "node:zlib";
import { citing, loneReportStory, reportEvent } from "../core/coverage/from-reports.js";
import type { StoryEntry } from "../core/library.js";
import { ownCopy } from "../core/text.js";
import type { Section, Story } from "../core/story.js";
import type { StoryIndex } from "../core/story-index.js";
import type { ReportSink } from "./poller.js";
import { contentHash, NONE, outletsOf, SharedValues, type Report } from "./report.js";
import { TextSpills, type TextSpill } from "../core/text-spill.js";

/** Without a spill file, text at least this long is held deflated; shorter text would gain less than the reading function costs. */
export const PACKED_TEXT_MIN_CHARS = 1_000;

/** The text read last, by where it was read from: grouping reads a new report's text four or five times in a row. */
let lastRead: { from: string | TextSpill; at: number; text: string } | null = null;

function remembered(from: string | TextSpill, at: number, read: () => string): string {
  if (lastRead?.from !== from || lastRead.at !== at) lastRead = { from, at, text: read() };
  return lastRead.text;
}

/**
 * The section of a report's text, citing [1]. Text in the spill file or held deflated is read each
 * time it is asked for: a 3,000-character article took 6 KB of heap (typographic quotes make a string
 * two bytes a character), deflated about 1.5 KB, spilled nothing. The text is a property like any
 * other: spreads, JSON and schema checks read it.
 */
const sectionOf = (text: string): Section => ({ heading: null, text, citations: citing(1) });
const sectionReading = (read: () => string): Section => ({
  heading: null,
  get text() {
    return read();
  },
  citations: citing(1),
});

/**
 * A feed report as an entry of the source: a story of its own, numbered as feeds.md says (it is report
 * [1]). It holds the report's own fields only and makes its story when read: a library of 25,000 lone
 * reports held a story, its section and its timeline event for each (0.4 KB a report), and most are
 * never read. Presented alone, the library shows this very entry, so it is held once; `cited` is a
 * getter, so it holds no list per report either. Its text is in the spill file when there is one
 * (`TextSpills`), else in memory, deflated when long.
 *
 * A report of another shape (more than one section, a heading, a timeline of its own: no feed item
 * makes one today) is held as its story, see `HeldReportEntry`.
 */
class ReportEntry implements StoryEntry {
  private constructor(
    private readonly id: string,
    private readonly title: string,
    private readonly dek: string | null,
    /** The one section's text held in memory (deflated when `packed`), or null: no text, or spilled. */
    private text: string | null,
    private readonly packed: boolean,
    /** Where the text is when spilled: its file, start and length in bytes. */
    private spill: TextSpill | null,
    private textAt: number,
    private textBytes: number,
    private readonly url: string | null,
    /** The publication time as written, or null when it is `updatedAt`'s ISO form (most are: 40 bytes a report). */
    private readonly publishedText: string | null,
    private readonly outlet: string | null,
    private readonly feed: string | null,
    private readonly warnings: string[],
    readonly version: string,
    readonly updatedAt: number,
  ) {}

  /** The entry of a report, or null when the report has a shape this entry does not hold. */
  static of(report: Report, version: string, updatedAt: number, spills: TextSpills, shared: (value: string) => string): ReportEntry | null {
    const [section, ...more] = report.sections;
    const plain =
      report.kind === "article" && !more.length && (!section || section.heading === null) && !report.timeline.length && !report.images.length &&
      report.articleCount === null && report.relatedCount === null &&
      report.outlets.length === (report.outlet === null ? 0 : 1) && (report.outlet === null || report.outlets[0] === report.outlet);
    if (!plain) return null;
    const spilled = section ? spills.write(section.text) : null;
    const packed = !spilled && !!section && section.text.length >= PACKED_TEXT_MIN_CHARS;
    const text = !section || spilled ? null : packed ? deflateRawSync(section.text).toString("latin1") : section.text;
    const warnings = report.warnings.length ? report.warnings : NONE;
    // Copies of their own: parts of a feed's text are views that keep it whole, two bytes a character
    // throughout when it has one typographic quote (see ownCopy).
    // The outlet's name and the feed's address are alike across a feed's reports: one copy each.
    const own = (value: string | null): string | null => (value === null ? null : ownCopy(value));
    const publishedText = report.published !== null && updatedAt !== 0 && new Date(updatedAt).toISOString() === report.published ? null : own(report.published);
    return new ReportEntry(report.id, ownCopy(report.title), own(report.dek), text, packed, spilled?.spill ?? null, spilled?.at ?? 0, spilled?.bytes ?? 0,
      own(report.url), publishedText, report.outlet === null ? null : shared(report.outlet), report.feed === null ? null : shared(report.feed), warnings, version, updatedAt);
  }

  private get published(): string | null {
    return this.publishedText ?? (this.updatedAt !== 0 ? new Date(this.updatedAt).toISOString() : null);
  }

  /** Copies the spilled text to the spills' current file (see `TextSpills.renew`); kept in memory if that fails. */
  moveText(spills: TextSpills): void {
    if (!this.spill) return;
    const text = this.spill.read(this.textAt, this.textBytes);
    const moved = spills.write(text);
    if (moved) [this.spill, this.textAt] = [moved.spill, moved.at];
    else [this.spill, this.text] = [null, text];
  }

  get file(): string {
    return this.url ?? this.feed ?? this.id;
  }

  private section(): Section {
    const { spill, textAt, textBytes, text } = this;
    if (spill) return sectionReading(() => remembered(spill, textAt, () => spill.read(textAt, textBytes)));
    if (this.packed) return sectionReading(() => remembered(text!, -1, () => inflateRawSync(Buffer.from(text!, "latin1")).toString("utf8")));
    return sectionOf(text!);
  }

  /** The report alone: its text citing [1], its event (`<Outlet>: <title>` on its day) when dated, one article. */
  get story(): Story {
    const event = reportEvent(this.title, this.outlet, this.published, 1);
    return {
      id: this.id,
      kind: "article",
      title: this.title,
      dek: this.dek,
      articleCount: 1,
      relatedCount: null,
      sections: this.text === null && !this.spill ? NONE : [this.section()],
      timeline: event ? [event] : NONE,
      images: NONE,
      outlets: outletsOf(this.outlet),
      warnings: this.warnings,
      url: this.url,
      published: this.published,
      outlet: this.outlet,
      feed: this.feed,
    };
  }

  get cited(): readonly StoryEntry[] {
    return [this];
  }
}

/** A report of a shape `ReportEntry` does not hold, as its story alone (report [1]). */
class HeldReportEntry implements StoryEntry {
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

const entryOf = (report: Report, spills: TextSpills, shared: (value: string) => string): StoryEntry => {
  const version = contentHash(report);
  const updatedAt = Date.parse(report.published ?? "") || 0;
  return ReportEntry.of(report, version, updatedAt, spills, shared) ?? new HeldReportEntry(loneReportStory(report), version, report.url ?? report.feed ?? report.id, updatedAt);
};

/**
 * Feed reports into a report source of the library (issue 10 groups them with the stories folder's
 * reports into stories). Every report is put and told as a change; only a new report from a feed
 * already read is news, the rest (reports from the store, a feed's backlog, updated items) is told
 * as `quiet`, so the grouping takes it in and no chat hears of it.
 */
export function libraryReportSink(source: StoryIndex, now: () => Date = () => new Date(), spills: TextSpills = new TextSpills()): ReportSink {
  /** A feed's address and an outlet's name: one copy each across the reports that hold them. */
  const values = new SharedValues();
  const shared = (value: string): string => values.string(value);
  const tell = (report: Report, type: "added" | "updated", quiet: boolean): void => {
    const before = source.get(report.id);
    const entry = entryOf(report, spills, shared);
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
  /** Copies the live texts to a new spill file once the current one holds too many dead ones. */
  const renewIfDue = (): void => {
    if (!spills.due) return;
    spills.renew(() => {
      for (const entry of source.list()) if (entry instanceof ReportEntry) entry.moveText(spills);
    });
  };
  return {
    load(reports) {
      for (const report of reports) tell(report, "added", true);
      renewIfDue();
    },
    apply({ added, updated, announce }) {
      for (const report of updated) tell(report, "updated", true);
      for (const report of added) tell(report, "added", !announce);
      renewIfDue();
    },
  };
}
