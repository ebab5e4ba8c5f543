import { createHash } from "node:crypto";
import { entryWith, type FindResult, type JoinedReport, type StoryChange, type StoryEntry, type StoryLibrary } from "../library.js";
import { outletOf } from "../briefing.js";
import { diffStories } from "../story-folder.js";
import { compareDates } from "../parse/dates.js";
import { StoryIndex } from "../story-index.js";
import { addDatedFacts, DatedFacts } from "./dated-facts.js";
import { isBuiltFromReports, presentReports } from "./from-reports.js";
import type { CoverageRule } from "./compare.js";
import { CoverageGroups, type CoverageGroup, type GroupsChange } from "./groups.js";
import type { TextSpills } from "../text-spill.js";
import { compareCodeUnits } from "../text.js";

/** Where reports come from: the stories folder now, feeds later. Ids must be unique across sources. */
export interface ReportSource {
  list(): readonly StoryEntry[];
  get(id: string): StoryEntry | undefined;
  onChange(listener: (change: StoryChange) => void): () => void;
}


const publishedAt = (entry: StoryEntry): number => (entry.story.published ? Date.parse(entry.story.published) : Infinity);

/**
 * The stories of one or more report sources: reports of one event are grouped (docs/coverage.md)
 * and presented as one story, with the lead's id and content and every report in `reports`. A
 * member's id keeps resolving to its story, so buttons and subscriptions made before a report
 * joined keep working.
 */
export class CoverageLibrary implements StoryLibrary {
  private readonly groups: CoverageGroups;
  /** The reports' dated facts, kept once read. */
  private readonly facts: DatedFacts;
  private readonly stories = new StoryIndex();
  private readonly listeners = new Set<(change: StoryChange) => void>();
  private readonly unsubscribers: (() => void)[] = [];

  /**
   * The reports are the sources' own entries, read from them (a map of its own was 40 bytes a report).
   * `spills`: where each report's grouping features and dated facts are held between readings (a
   * file: see `CoverageGroups` and `DatedFacts`); in memory without.
   */
  constructor(
    private readonly sources: readonly ReportSource[],
    rule: CoverageRule,
    private readonly spills: TextSpills | null = null,
  ) {
    this.groups = new CoverageGroups(rule, spills);
    this.facts = new DatedFacts(spills);
    for (const source of sources) {
      for (const entry of source.list()) this.apply(this.put(entry), null);
      this.unsubscribers.push(source.onChange((change) => this.onSourceChange(source, change)));
    }
    this.renewSpillIfDue();
  }

  /** Stops following the sources. */
  close(): void {
    for (const stop of this.unsubscribers.splice(0)) stop();
  }

  list(): readonly StoryEntry[] {
    return this.stories.list();
  }

  get(id: string): StoryEntry | undefined {
    const group = this.groups.groupOf(id);
    return group ? this.stories.get(group.id) : undefined;
  }

  after(id: string): StoryEntry | undefined {
    return this.stories.after(this.groups.groupOf(id)?.id ?? id);
  }

  find(query: string): FindResult {
    const member = this.get(query.trim()) ?? this.get(query.trim().toLowerCase());
    return member ? { kind: "found", entry: member } : this.stories.find(query);
  }

  suggest(query: string, limit: number): StoryEntry[] {
    return this.stories.suggest(query, limit);
  }

  onChange(listener: (change: StoryChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private put(entry: StoryEntry): GroupsChange {
    return this.groups.add(entry.story);
  }

  /** A report of one of the sources. */
  private report(id: string): StoryEntry {
    for (const source of this.sources) {
      const entry = source.get(id);
      if (entry) return entry;
    }
    throw new Error(`coverage: no source holds report ${id}`);
  }

  private onSourceChange(source: ReportSource, change: StoryChange): void {
    if (change.type === "removed") this.apply(this.groups.remove(change.storyId), change.quiet ? null : change.at);
    else {
      const entry = source.get(change.storyId);
      if (entry) this.apply(this.put(entry), change.quiet ? null : change.at);
    }
    this.renewSpillIfDue();
  }

  /**
   * Copies the live features and facts to a new spill file once the current one holds more dead ones
   * (of replaced and removed reports) than it should; the old file goes when nothing points into it.
   */
  private renewSpillIfDue(): void {
    const { spills } = this;
    if (!spills?.due) return;
    spills.renew(() => {
      this.groups.moveSpilled(spills);
      for (const source of this.sources) for (const entry of source.list()) this.facts.moveTo(entry, spills);
    });
  }

  /** Presents the groups a change formed, and tells listeners (when `at` is given) what readers should hear. */
  private apply(change: GroupsChange, at: Date | null): void {
    const before = new Map<string, StoryEntry>();
    for (const group of change.before) {
      const old = this.stories.get(group.id);
      if (old) before.set(group.id, old);
    }
    const afterIds = new Set(change.after.map((g) => g.id));
    for (const group of change.before) if (!afterIds.has(group.id)) this.stories.remove(group.id);
    const presented = change.after.map((group) => this.present(group));
    for (const entry of presented) this.stories.put(entry);
    if (!at) return;

    for (const entry of presented) {
      // The story this one continues: the one with its id, else the one most of its reports came from.
      const previous = before.get(entry.story.id) ?? largestOverlap(entry, [...before.values()]);
      if (previous?.version === entry.version) continue;
      const diff = diffStories(previous, entry, at);
      const known = new Set((previous?.reports ?? (previous ? [previous] : [])).map((r) => r.story.id));
      const joined: JoinedReport[] = (entry.reports ?? [])
        .filter((r) => previous && !known.has(r.story.id) && r.story.id !== entry.story.id)
        .map((r) => ({ id: r.story.id, title: r.story.title, outlet: outletOf(r) }));
      this.emit({ ...diff, ...(joined.length ? { joined } : {}) });
    }
    // A story whose reports all went away is removed; one whose reports joined another lives on in it.
    for (const [id, old] of before) {
      if (afterIds.has(id)) continue;
      const members = old.reports?.map((r) => r.story.id) ?? [id];
      if (members.some((m) => this.groups.groupOf(m))) continue;
      this.emit({ type: "removed", storyId: id, title: old.story.title, version: old.version, previousVersion: old.version, newEvents: [], articleCount: null, titleChange: null, at });
    }
  }

  private emit(change: StoryChange): void {
    for (const listener of this.listeners) listener(change);
  }

  /**
   * A group as a story: the lead's content, every report, a version that changes with its members.
   * A group of feed reports with no aggregated page is a story built from reports (feeds.md).
   */
  private present(group: CoverageGroup): StoryEntry {
    const lead = this.report(group.id);
    const reports = [lead, ...this.othersOf(group)];
    // A group of several has its own version, time and list of reports; a report alone is its own.
    const presented = reports.length === 1 ? undefined : this.groupFields(reports);
    if (isBuiltFromReports(reports)) return presentReports(lead, reports, this.facts, presented);
    const shown = withTimeline(lead, reports, this.facts);
    return presented ? entryWith(shown, shown.story, presented) : shown;
  }

  /** A group's reports other than its lead, oldest first. */
  private othersOf(group: CoverageGroup): StoryEntry[] {
    return group.members
      .filter((id) => id !== group.id)
      .map((id) => this.report(id))
      .sort((a, b) => publishedAt(a) - publishedAt(b) || compareCodeUnits(a.story.id, b.story.id));
  }

  /** The version (of every member's id and version), time and reports of a group of several reports. */
  private groupFields(reports: StoryEntry[]): Pick<StoryEntry, "version" | "updatedAt" | "reports"> {
    const version = createHash("sha256").update(reports.map((r) => `${r.story.id}:${r.version}`).sort().join("\n")).digest("hex").slice(0, 8);
    return { version, updatedAt: Math.max(...reports.map((r) => r.updatedAt)), reports };
  }
}

/**
 * The lead with the timeline readers see: its own events plus the dated facts its articles state,
 * each marked with its origin (`— L'Express`), oldest first; a fact already on the timeline (same
 * date, mostly the same words) is not repeated. `facts`: where the reports' facts are kept once read.
 */
export function withTimeline(lead: StoryEntry, reports: readonly StoryEntry[], facts?: DatedFacts): StoryEntry {
  const timeline = [...lead.story.timeline];
  for (const report of reports) addDatedFacts(timeline, report, [], true, facts);
  if (timeline.length === lead.story.timeline.length) return lead;
  // Stable: the lead's events keep their order among themselves.
  timeline.sort((a, b) => compareDates(a.date, b.date));
  return entryWith(lead, { ...lead.story, timeline });
}

function largestOverlap(entry: StoryEntry, candidates: StoryEntry[]): StoryEntry | undefined {
  const members = new Set((entry.reports ?? [entry]).map((r) => r.story.id));
  let best: StoryEntry | undefined;
  let bestCount = 0;
  for (const candidate of candidates) {
    const count = (candidate.reports ?? [candidate]).filter((r) => members.has(r.story.id)).length;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}
