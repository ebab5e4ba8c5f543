/** Quote marks dropped by matching, so "Macron’s" and "Macrons" meet. */
const QUOTES = /['"`´‘’‚‛“”„‟«»‹›]/gu;
/** Dashes, hyphens (U+2011 becomes U+2010 under NFKC) and all other punctuation. */
const PUNCTUATION = /[\p{P}]/gu;
const COMBINING_MARKS = /\p{M}/gu;

/**
 * The form of a text used only for matching and search, never for display:
 * `Franco‑Russian Talks` (U+2011) → `franco russian talks`, `Élysée’s` → `elysees`.
 */
export function normalizeForMatch(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .normalize("NFD")
    .replace(COMBINING_MARKS, "")
    .replace(QUOTES, "")
    .replace(PUNCTUATION, " ")
    .replace(/\s+/gu, " ")
    .trim();
}

/** The characters of the regex class `\s`. */
export function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Words of a line are separated by spaces and tabs only: U+202F-bound names (`Emmanuel\u202fBonne`) stay one word. */
export const isWordSeparator = (c: number): boolean => c === 0x20 || c === 0x09;

/** String.prototype.trim also removes U+00A0, U+202F and a BOM: every Unicode space separator. */
export const trimLine = (line: string): string => line.trim();

/** Lines of a document, whatever its line endings; trimmed, blank lines kept as "". */
export function splitLines(text: string): string[] {
  // Most documents use \n alone: a string split is cheaper than the regex one.
  const simple = !text.includes("\r") && !text.includes("\u2028") && !text.includes("\u2029");
  const lines = simple ? text.split("\n") : text.split(/\r\n|\r|\n|\u2028|\u2029/u);
  for (let i = 0; i < lines.length; i++) lines[i] = lines[i]!.trim();
  return lines;
}

/** Shortens a line for a warning so the person can find it in the file. */
export function quoteForWarning(line: string, max = 60): string {
  const chars = [...line];
  return `“${chars.length > max ? `${chars.slice(0, max).join("")}…` : line}”`;
}

/**
 * Words separated by spaces; U+202F-bound names count as one word, as the documents mean them.
 * Stops once past `stopAfter` words (returns `stopAfter + 1`): callers that compare with a small
 * limit need not read a long paragraph to its end.
 */
export function wordCount(text: string, stopAfter = Infinity): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c <= 32 || c === 0xa0;
    if (!space && !inWord && ++words > stopAfter) return words;
    inWord = !space;
  }
  return words;
}
