/** Text shaping shared by every renderer, so each platform trims and splits the same way. */

export const ELLIPSIS = "…";

/**
 * A string of its own. V8 makes a part of a string (a slice of 13 or more characters, a token, a
 * sentence) a view that keeps the whole string in memory: anything kept beyond the text's own life
 * (a cache key, a fact kept per report) takes a copy, or a feed report's text stays in the heap beside
 * the spill file.
 */
export const ownCopy = (text: string): string => JSON.parse(JSON.stringify(text)) as string;

/**
 * How many words a word memo remembers: the words that recur across reports (common words, the names
 * of the day) fit; a name read once is forgotten. At 50,000–100,000 words, three memos of a feed
 * library's names held about 10 MB.
 */
export const WORDS_REMEMBERED = 10_000;

/**
 * Values kept by key, up to `max` keys (all forgotten past the bound): shared copies of values many
 * holders have alike, and memos. Each key is kept as a copy of its own (`ownCopy`).
 */
export class BoundedMap<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly max: number) {}

  /** The value kept for `key`, made by `make` when there is none. */
  get(key: string, make: () => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      if (this.values.size >= this.max) this.values.clear();
      this.values.set(ownCopy(key), (value = make()));
    }
    return value;
  }
}

/** `read` remembered for up to `max` words (words recur across texts). */
export function memoByWord<V>(max: number, read: (word: string) => V): (word: string) => V {
  const known = new BoundedMap<V>(max);
  return (word) => known.get(word, () => read(word));
}

/**
 * Shortens `text` to at most `max` characters (UTF-16 code units, as the platforms count), cutting at a
 * word boundary when one is near and ending with an ellipsis. `truncate("alpha beta gamma", 12)` → "alpha beta…".
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return ELLIPSIS.slice(0, max);
  let cut = text.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  if (space > max * 0.6) cut = cut.slice(0, space);
  // Never leave half of a surrogate pair behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

/**
 * Splits `text` into chunks of at most `max` characters, preferring paragraph, then line, then word
 * boundaries; a single word longer than `max` is cut hard. Concatenating the chunks with the separators
 * they were cut at gives the text back (modulo whitespace at the cuts).
 */
export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new RangeError("max must be positive");
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = window.lastIndexOf("\n\n");
    if (cut < max * 0.5) cut = window.lastIndexOf("\n");
    if (cut < max * 0.5) cut = window.search(/\s\S*$/);
    if (cut <= 0) {
      cut = max;
      if (/[\uD800-\uDBFF]/.test(rest[cut - 1] ?? "")) cut -= 1;
    }
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length || chunks.length === 0) chunks.push(rest);
  return chunks;
}

/**
 * Strings in code-unit order (what `<` compares): for ids, file names and ISO times, a stable order
 * that needs no locale. `localeCompare` asked ICU for collation on each call (slower, and its
 * collation tables stay in the process's memory once read).
 */
export const compareCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A string's 30-bit hash (FNV-1a): a small integer V8 holds without a string or a heap number, for
 * keeping many keys or fingerprints where a rare collision only costs a second look (the callers say
 * what it costs them).
 */
export function hash30(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash & 0x3fffffff;
}
