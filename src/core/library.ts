import type { Story, TimelineEvent } from "./story.js";

/** A loaded story with what identifies its current version. */
export interface StoryEntry {
  story: Story;
  /** Short content hash: changes whenever the document changes. */
  version: string;
  /** The document's path. */
  file: string;
  /** Ordering key (ms since epoch): newest first. See README "How stories are ordered". */
  updatedAt: number;
  /**
   * Every report of the story, the lead first, then by publication (docs/coverage.md); absent or of
   * length 1 when the story has one report.
   */
  reports?: readonly StoryEntry[];
  /** Where the story's numbering is known (built from feed reports, feeds.md): report n is cited as [n]. */
  cited?: readonly StoryEntry[];
}

/**
 * `entry` with another story (and, when given, another version, time, reports or numbering), built
 * field by field: a spread (`{ ...lead, cited }`) gave each of a feed library's entries a hidden class
 * of its own (6 MB of heap at 25,000 reports), and does not copy an entry's getters (a feed report's
 * entry makes its story and file when read).
 */
export function entryWith(
  entry: StoryEntry,
  story: Story,
  { version = entry.version, updatedAt = entry.updatedAt, reports = entry.reports, cited = entry.cited }: Partial<Pick<StoryEntry, "version" | "updatedAt" | "reports" | "cited">> = {},
): StoryEntry {
  return { story, version, file: entry.file, updatedAt, reports, cited };
}

/** A report that joined a story, as "Now also reported by" shows it. */
export interface JoinedReport {
  id: string;
  title: string;
  outlet: string | null;
}

/** What changed in the library; the digest and update notices consume these. */
export interface StoryChange {
  type: "added" | "updated" | "removed";
  storyId: string;
  title: string;
  /** Version after the change (the last version for "removed"). */
  version: string;
  previousVersion: string | null;
  /** Timeline events that were not in the previous version. */
  newEvents: TimelineEvent[];
  articleCount: { from: number | null; to: number | null } | null;
  titleChange: { from: string; to: string } | null;
  /** Reports that joined the story with this change (coverage). */
  joined?: JoinedReport[];
  /** Not news: a report loaded from the store or a feed's backlog. Libraries take it in without telling their listeners. */
  quiet?: true;
  at: Date;
}

export type FindResult =
  | { kind: "found"; entry: StoryEntry }
  | { kind: "ambiguous"; candidates: StoryEntry[] }
  | { kind: "unknown"; closest: StoryEntry[] };

/** The stories Herald knows, kept current with the seeds folder. */
export interface StoryLibrary {
  /** Every story, newest first. */
  list(): readonly StoryEntry[];
  get(id: string): StoryEntry | undefined;
  /** The story after `id` in newest-first order, wrapping around (for "Next story"). */
  after(id: string): StoryEntry | undefined;
  /** Resolve what a person typed: an id, or words of a title (accent- and punctuation-insensitive). */
  find(query: string): FindResult;
  /** Best matches for a partial query, for autocomplete (newest first when the query is empty). */
  suggest(query: string, limit: number): StoryEntry[];
  /** Subscribe to changes; returns the unsubscribe function. */
  onChange(listener: (change: StoryChange) => void): () => void;
}
