import { isSpaceCode } from "./text.js";

/**
 * Citation markers are bracketed article numbers and the space before them:
 * `adviser\u202f[1].` → `adviser.`, `France[4][5]` → `France`, `[1, 2]` too.
 * Read by hand rather than by regex: every summary sentence and timeline event has them (a hot path).
 * A marker is `[`, spaces, 1–9 digits, then any `, digits`, spaces, `]`; spaces are those of `\s`.
 */
const MAX_CITATION_DIGITS = 9;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function skipSpaces(text: string, at: number): number {
  while (at < text.length && isSpaceCode(text.charCodeAt(at))) at++;
  return at;
}

/** End of the marker that starts at `at` (a `[`), pushing its numbers; -1 when there is none. */
function markerEnd(text: string, at: number, numbers: number[]): number {
  const found = numbers.length;
  let i = at + 1;
  for (;;) {
    i = skipSpaces(text, i);
    const digitsFrom = i;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
    if (i === digitsFrom || i - digitsFrom > MAX_CITATION_DIGITS) break;
    numbers.push(Number(text.slice(digitsFrom, i)));
    i = skipSpaces(text, i);
    const c = text.charCodeAt(i);
    if (c === 0x5d) return i + 1; // ]
    if (c !== 0x2c) break; // ,
    i++;
  }
  numbers.length = found;
  return -1;
}

/** End of `text` before `end`, without the spaces that lead up to a citation. */
function endBeforeSpaces(text: string, start: number, end: number): number {
  while (end > start) {
    const c = text.charCodeAt(end - 1);
    if (c !== 0x20 && c !== 0x09 && c !== 0xa0 && c !== 0x202f) break;
    end--;
  }
  return end;
}

export interface Cited {
  /** The text without its citation markers. */
  text: string;
  /** Cited numbers, each once, in order of first appearance. */
  citations: number[];
}

/** Splits citation markers from a text. */
export function extractCitations(text: string): Cited {
  let open = text.indexOf("[");
  if (open < 0) return { text: text.trim(), citations: [] };
  const numbers: number[] = [];
  let stripped = "";
  let from = 0;
  while (open >= 0) {
    let end = markerEnd(text, open, numbers);
    if (end < 0) {
      open = text.indexOf("[", open + 1);
      continue;
    }
    // Markers written back to back form one run: `[4][5]`.
    for (let next = end; text.charCodeAt(next) === 0x5b && (next = markerEnd(text, next, numbers)) >= 0; ) end = next;
    // The space before a citation goes with it: `adviser\u202f[1].` → `adviser.`
    stripped += text.slice(from, endBeforeSpaces(text, from, open));
    from = end;
    open = text.indexOf("[", end);
  }
  stripped += text.slice(from);
  const citations = new Set<number>();
  for (const n of numbers) if (n > 0) citations.add(n);
  return { text: stripped.trim(), citations: [...citations] };
}

/** Union of citation lists, keeping first-appearance order. */
export function mergeCitations(lists: number[][]): number[] {
  const merged = new Set<number>();
  for (const list of lists) for (const n of list) merged.add(n);
  return [...merged];
}
