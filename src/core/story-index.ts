import type { FindResult, StoryChange, StoryEntry, StoryLibrary } from "./library.js";
import { normalizeForMatch } from "./parse/index.js";
import type { Story } from "./story.js";
import { compareCodeUnits } from "./text.js";

/** How many candidates an ambiguous or unknown story query offers. */
const CANDIDATES_SHOWN = 5;

/**
 * What title search needs, built on the first search and kept current after it: a library that is
 * never searched (a report source under the coverage library) never pays for it.
 */
interface SearchIndex {
  /** Story id → normalised title with a leading space: " w" found in it means a word starting with w. */
  spaced: Map<string, string>;
  /** Word prefix (1 to 3 characters) → ids of the stories whose title has a word starting so. */
  postings: Map<string, Set<string>>;
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

/**
 * Trigram similarity of a title to the query's trigrams, read off the title as it is scanned (no
 * title's trigrams are stored; a trigram repeated in one title counts each time, which barely moves a rank).
 */
const similarity = (query: Set<string>, spacedTitle: string): number => {
  const padded = ` ${spacedTitle} `;
  const count = padded.length - 2;
  let shared = 0;
  for (let i = 0; i < count; i++) if (query.has(padded.slice(i, i + 3))) shared++;
  return shared / (query.size + count - shared || 1);
};

/** Newest first: by updatedAt, then by file name for a stable order. */
const newestFirst = (a: StoryEntry, b: StoryEntry): number => b.updatedAt - a.updatedAt || compareCodeUnits(a.file, b.file);

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
  private readonly byId = new Map<string, StoryEntry>();
  private ordered: StoryEntry[] | null = [];
  private positions: Map<string, number> | null = null;
  private search: SearchIndex | null = null;
  private readonly listeners = new Set<(change: StoryChange) => void>();

  constructor(entries: Iterable<StoryEntry> = []) {
    for (const entry of entries) this.put(entry);
  }

  /** Adds or replaces a story. */
  put(entry: StoryEntry): void {
    if (this.search) {
      this.unindex(this.search, entry.story.id);
      index(this.search, entry);
    }
    this.byId.set(entry.story.id, entry);
    this.ordered = null;
    this.positions = null;
  }

  remove(id: string): StoryEntry | undefined {
    const found = this.byId.get(id);
    if (this.search) this.unindex(this.search, id);
    this.byId.delete(id);
    this.ordered = null;
    this.positions = null;
    return found;
  }

  emit(change: StoryChange): void {
    for (const listener of this.listeners) listener(change);
  }

  list(): readonly StoryEntry[] {
    this.ordered ??= [...this.byId.values()].sort(newestFirst);
    return this.ordered;
  }

  get(id: string): StoryEntry | undefined {
    return this.byId.get(id);
  }

  after(id: string): StoryEntry | undefined {
    const list = this.list();
    this.positions ??= new Map(list.map((e, i) => [e.story.id, i]));
    const at = this.positions.get(id);
    return at === undefined ? list[0] : list[(at + 1) % list.length];
  }

  find(query: string): FindResult {
    const exact = this.byId.get(query.trim()) ?? this.byId.get(query.trim().toLowerCase());
    if (exact) return { kind: "found", entry: exact };
    const normalized = normalizeForMatch(query);
    const matches = this.matching(normalized);
    if (matches.length === 1) return { kind: "found", entry: matches[0]!.entry };
    const sameTitle = matches.filter((m) => m.spaced === ` ${normalized}`);
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
  private matching(normalized: string): { entry: StoryEntry; spaced: string }[] {
    const words = normalized.split(" ").filter(Boolean);
    if (!words.length) return [];
    const search = this.searchIndex();
    let narrowest: Set<string> | undefined;
    for (const word of words) {
      const ids = search.postings.get(word.slice(0, PREFIX_KEY_LENGTH));
      if (!ids) return [];
      if (!narrowest || ids.size < narrowest.size) narrowest = ids;
    }
    const spacedWords = words.map((w) => ` ${w}`);
    const found: { entry: StoryEntry; spaced: string }[] = [];
    for (const id of narrowest!) {
      const spaced = search.spaced.get(id)!;
      if (spacedWords.every((w) => spaced.includes(w))) found.push({ entry: this.byId.get(id)!, spaced });
    }
    return found;
  }

  private searchIndex(): SearchIndex {
    if (!this.search) {
      this.search = { spaced: new Map(), postings: new Map() };
      for (const entry of this.byId.values()) index(this.search, entry);
    }
    return this.search;
  }

  private unindex(search: SearchIndex, id: string): void {
    const spaced = search.spaced.get(id);
    if (spaced === undefined) return;
    search.spaced.delete(id);
    for (const word of new Set(spaced.slice(1).split(" "))) {
      for (const key of prefixKeys(word)) search.postings.get(key)?.delete(id);
    }
  }

  /** The most similar titles; when none shares a trigram with the query, the newest, so a person always has something to pick. */
  private closest(normalized: string, limit: number): StoryEntry[] {
    const grams = trigramsOf(normalized);
    const { spaced } = this.searchIndex();
    // The best `limit` kept in order as the titles are scanned: no sort of the whole library.
    const best: { entry: StoryEntry; score: number }[] = [];
    const before = (a: { entry: StoryEntry; score: number }, b: { entry: StoryEntry; score: number }) => b.score - a.score || newestFirst(a.entry, b.entry);
    for (const entry of this.byId.values()) {
      const candidate = { entry, score: similarity(grams, spaced.get(entry.story.id)!) };
      if (best.length === limit && before(candidate, best[limit - 1]!) >= 0) continue;
      let at = best.length;
      while (at > 0 && before(candidate, best[at - 1]!) < 0) at--;
      best.splice(at, 0, candidate);
      if (best.length > limit) best.pop();
    }
    return best.map((s) => s.entry);
  }
}

function index(search: SearchIndex, entry: StoryEntry): void {
  const normalizedTitle = normalizeForMatch(entry.story.title);
  search.spaced.set(entry.story.id, ` ${normalizedTitle}`);
  for (const word of new Set(normalizedTitle.split(" "))) {
    for (const key of prefixKeys(word)) {
      const ids = search.postings.get(key) ?? search.postings.set(key, new Set()).get(key)!;
      ids.add(entry.story.id);
    }
  }
}

/** A library over fixed stories (tests, benchmarks, the one-shot CLI). */
export function createMemoryLibrary(stories: Iterable<Story | StoryEntry>): StoryIndex {
  const entries = [...stories].map((s): StoryEntry =>
    "story" in s ? s : { story: s, version: "v0", file: `${s.id}.txt`, updatedAt: newestEventTime(s) },
  );
  return new StoryIndex(entries);
}
