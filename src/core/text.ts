/** Text shaping shared by every renderer, so each platform trims and splits the same way. */

export const ELLIPSIS = "…";

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
