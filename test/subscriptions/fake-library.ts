import type { FindResult, StoryChange, StoryEntry, StoryLibrary } from "../../src/core/library.js";
import { NO_FEED_ORIGIN, type Story, type TimelineEvent } from "../../src/core/story.js";
import { normalizeWords } from "../../src/subscriptions/matching.js";

/** A timeline event on a day: `event("2026-03-01", "Talks open")`. */
export function event(iso: string, text: string): TimelineEvent {
  return { date: { text: iso, iso, precision: "day", qualifier: null }, text, citations: [1] };
}

/** A hand-made aggregated story. */
export function story(id: string, title: string, extra: Partial<Story> = {}): Story {
  return {
    id,
    kind: "story",
    title,
    dek: null,
    articleCount: 3,
    relatedCount: 3,
    sections: [{ heading: "Background", text: `${title}: what happened so far.`, citations: [1] }],
    timeline: [event("2026-01-10", `${title} begins`)],
    images: [],
    outlets: [],
    warnings: [],
    ...NO_FEED_ORIGIN,
    ...extra,
  };
}

/** An in-memory StoryLibrary whose stories tests put, edit and remove, emitting StoryChange records. */
export class FakeLibrary implements StoryLibrary {
  private entries = new Map<string, StoryEntry>();
  private listeners = new Set<(change: StoryChange) => void>();
  private clock = Date.UTC(2026, 0, 1);

  constructor(stories: Story[] = []) {
    for (const s of stories) this.put(s, false);
  }

  /** Adds or replaces a story; a new version each time. */
  put(story: Story, emit = true): StoryEntry {
    const before = this.entries.get(story.id);
    this.clock += 60_000;
    const version = `v${this.clock.toString(36)}`;
    const entry: StoryEntry = { story, version, file: `${story.id}.txt`, updatedAt: this.clock };
    this.entries.set(story.id, entry);
    if (emit) {
      const known = new Set(before?.story.timeline.map((e) => `${e.date.iso}|${e.text}`));
      this.emit({
        type: before ? "updated" : "added",
        storyId: story.id,
        title: story.title,
        version,
        previousVersion: before?.version ?? null,
        newEvents: story.timeline.filter((e) => !known.has(`${e.date.iso}|${e.text}`)),
        articleCount:
          before?.story.articleCount !== story.articleCount ? { from: before?.story.articleCount ?? null, to: story.articleCount } : null,
        titleChange: before && before.story.title !== story.title ? { from: before.story.title, to: story.title } : null,
        at: new Date(this.clock),
      });
    }
    return entry;
  }

  remove(id: string): void {
    const before = this.entries.get(id);
    if (!before) return;
    this.entries.delete(id);
    this.emit({
      type: "removed", storyId: id, title: before.story.title, version: before.version, previousVersion: before.version,
      newEvents: [], articleCount: null, titleChange: null, at: new Date(),
    });
  }

  /** The last change emitted, to replay it. */
  lastChange: StoryChange | null = null;

  /** Tells every listener about a change (tests replay one to check duplicates are ignored). */
  emit(change: StoryChange): void {
    this.lastChange = change;
    for (const listener of this.listeners) listener(change);
  }

  list(): readonly StoryEntry[] {
    return [...this.entries.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  get(id: string): StoryEntry | undefined {
    return this.entries.get(id);
  }

  after(id: string): StoryEntry | undefined {
    const list = this.list();
    const i = list.findIndex((e) => e.story.id === id);
    return i < 0 ? undefined : list[(i + 1) % list.length];
  }

  find(query: string): FindResult {
    const exact = this.entries.get(query);
    if (exact) return { kind: "found", entry: exact };
    const words = normalizeWords(query).split(" ").filter(Boolean);
    const hits = this.list().filter((e) => words.every((w) => normalizeWords(e.story.title).includes(w)));
    if (hits.length === 1) return { kind: "found", entry: hits[0]! };
    if (hits.length > 1) return { kind: "ambiguous", candidates: hits };
    return { kind: "unknown", closest: this.list().slice(0, 3) };
  }

  suggest(query: string, limit: number): StoryEntry[] {
    return this.list().slice(0, limit);
  }

  onChange(listener: (change: StoryChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
