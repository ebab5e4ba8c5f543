import type { FindResult, StoryChange, StoryEntry, StoryLibrary } from "./library.js";
import { normalizeForMatch } from "./parse/index.js";
import type { Story } from "./story.js";

/** How many candidates an ambiguous or unknown story query offers. */
const CANDIDATES_SHOWN = 5;

interface Indexed {
  entry: StoryEntry;
  /** Normalised title with a leading space: " w" found in it means a word starting with w. */
  spaced: string;
  normalizedTitle: string;
  trigrams: Set<string>;
}

/** Word prefixes indexed for title search; longer query words are narrowed by their first letters. */
const PREFIX_KEY_LENGTH = 3;

const prefixKeys = (word: string): string[] =>
  Array.from({ length: Math.min(PREFIX_KEY_LENGTH, word.length) }, (_, i) => word.slice(0, i + 1));

const trigramsOf = (text: string): Set<string> => {
  const padded = `  ${text} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
};

const similarity = (a: Set<string>, b: Set<string>): number => {
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared++;
  return shared / (a.size + b.size - shared || 1);
};

/** Newest first: by updatedAt, then by file name for a stable order. */
const newestFirst = (a: StoryEntry, b: StoryEntry): number => b.updatedAt - a.updatedAt || a.file.localeCompare(b.file);

/** Start-up ordering key: the newest dated timeline event (0 when the story has none). */
export function newestEventTime(story: Story): number {
  let newest = 0;
  for (const event of story.timeline) {
    const time = Date.parse(event.date.iso.length === 4 ? `${event.date.iso}-01-01` : event.date.iso);
    if (Number.isFinite(time) && time > newest) newest = time;
  }
  return newest;
}

/** The searchable, ordered set of stories behind every StoryLibrary. */
export class StoryIndex implements StoryLibrary {
  private readonly byId = new Map<string, Indexed>();
  private ordered: StoryEntry[] | null = [];
  private positions: Map<string, number> | null = null;
  /** Word prefix (1 to 3 characters) → ids of the stories whose title has a word starting so. */
  private readonly postings = new Map<string, Set<string>>();
  private readonly listeners = new Set<(change: StoryChange) => void>();

  constructor(entries: Iterable<StoryEntry> = []) {
    for (const entry of entries) this.put(entry);
  }

  /** Adds or replaces a story. */
  put(entry: StoryEntry): void {
    this.unindex(entry.story.id);
    const normalizedTitle = normalizeForMatch(entry.story.title);
    for (const word of new Set(normalizedTitle.split(" "))) {
      for (const key of prefixKeys(word)) {
        const ids = this.postings.get(key) ?? this.postings.set(key, new Set()).get(key)!;
        ids.add(entry.story.id);
      }
    }
    this.byId.set(entry.story.id, {
      entry,
      normalizedTitle,
      spaced: ` ${normalizedTitle}`,
      trigrams: trigramsOf(normalizedTitle),
    });
    this.ordered = null;
    this.positions = null;
  }

  remove(id: string): StoryEntry | undefined {
    const found = this.byId.get(id);
    this.unindex(id);
    this.byId.delete(id);
    this.ordered = null;
    this.positions = null;
    return found?.entry;
  }

  emit(change: StoryChange): void {
    for (const listener of this.listeners) listener(change);
  }

  list(): readonly StoryEntry[] {
    this.ordered ??= [...this.byId.values()].map((i) => i.entry).sort(newestFirst);
    return this.ordered;
  }

  get(id: string): StoryEntry | undefined {
    return this.byId.get(id)?.entry;
  }

  after(id: string): StoryEntry | undefined {
    const list = this.list();
    this.positions ??= new Map(list.map((e, i) => [e.story.id, i]));
    const at = this.positions.get(id);
    return at === undefined ? list[0] : list[(at + 1) % list.length];
  }

  find(query: string): FindResult {
    const exact = this.byId.get(query.trim()) ?? this.byId.get(query.trim().toLowerCase());
    if (exact) return { kind: "found", entry: exact.entry };
    const normalized = normalizeForMatch(query);
    const matches = this.matching(normalized);
    if (matches.length === 1) return { kind: "found", entry: matches[0]!.entry };
    const sameTitle = matches.filter((m) => m.normalizedTitle === normalized);
    if (sameTitle.length === 1) return { kind: "found", entry: sameTitle[0]!.entry };
    if (matches.length > 1) {
      return { kind: "ambiguous", candidates: matches.map((m) => m.entry).sort(newestFirst).slice(0, CANDIDATES_SHOWN) };
    }
    return { kind: "unknown", closest: this.closest(normalized, CANDIDATES_SHOWN) };
  }

  suggest(query: string, limit: number): StoryEntry[] {
    const normalized = normalizeForMatch(query);
    if (!normalized) return this.list().slice(0, limit);
    const matches = this.matching(normalized).map((m) => m.entry).sort(newestFirst).slice(0, limit);
    if (matches.length >= limit) return matches;
    const seen = new Set(matches.map((m) => m.story.id));
    return [...matches, ...this.closest(normalized, limit).filter((e) => !seen.has(e.story.id))].slice(0, limit);
  }

  onChange(listener: (change: StoryChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stories whose title has every query word as the start of one of its words. */
  private matching(normalized: string): Indexed[] {
    const words = normalized.split(" ").filter(Boolean);
    if (!words.length) return [];
    let narrowest: Set<string> | undefined;
    for (const word of words) {
      const ids = this.postings.get(word.slice(0, PREFIX_KEY_LENGTH));
      if (!ids) return [];
      if (!narrowest || ids.size < narrowest.size) narrowest = ids;
    }
    const spacedWords = words.map((w) => ` ${w}`);
    const found: Indexed[] = [];
    for (const id of narrowest!) {
      const indexed = this.byId.get(id)!;
      if (spacedWords.every((w) => indexed.spaced.includes(w))) found.push(indexed);
    }
    return found;
  }

  private unindex(id: string): void {
    const old = this.byId.get(id);
    if (!old) return;
    for (const word of new Set(old.normalizedTitle.split(" "))) {
      for (const key of prefixKeys(word)) this.postings.get(key)?.delete(id);
    }
  }

  /** The most similar titles; when none shares a trigram with the query, the newest, so a person always has something to pick. */
  private closest(normalized: string, limit: number): StoryEntry[] {
    const grams = trigramsOf(normalized);
    return [...this.byId.values()]
      .map((i) => ({ entry: i.entry, score: similarity(grams, i.trigrams) }))
      .sort((a, b) => b.score - a.score || newestFirst(a.entry, b.entry))
      .slice(0, limit)
      .map((s) => s.entry);
  }
}

/** A library over fixed stories (tests, benchmarks, the one-shot CLI). */
export function createMemoryLibrary(stories: Iterable<Story | StoryEntry>): StoryIndex {
  const entries = [...stories].map((s): StoryEntry =>
    "story" in s ? s : { story: s, version: "v0", file: `${s.id}.txt`, updatedAt: newestEventTime(s) },
  );
  return new StoryIndex(entries);
}
