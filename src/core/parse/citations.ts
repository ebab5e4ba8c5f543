/**
 * Bracketed article numbers and the space before them:
 * `adviser\u202f[1].` → ` [1]` matched, `France[4][5]` → `[4][5]`, `[1, 2]` too.
 */
const CITATION_RUN = /(?:\[\s*\d{1,9}(?:\s*,\s*\d{1,9})*\s*\])+/g;

/** End of `text` before `end`, without the spaces that lead up to a citation (no regex: a hot path). */
function endBeforeSpaces(text: string, start: number, end: number): number {
  while (end > start) {
    const c = text.charCodeAt(end - 1);
    if (c !== 0x20 && c !== 0x09 && c !== 0xa0 && c !== 0x202f) break;
    end--;
  }
  return end;
}
const NUMBER = /\d+/g;

export interface Cited {
  /** The text without its citation markers. */
  text: string;
  /** Cited numbers, each once, in order of first appearance. */
  citations: number[];
}

/** Splits citation markers from a text. */
export function extractCitations(text: string): Cited {
  if (!text.includes("[")) return { text: text.trim(), citations: [] };
  const citations = new Set<number>();
  let stripped = "";
  let from = 0;
  CITATION_RUN.lastIndex = 0;
  for (let m = CITATION_RUN.exec(text); m; m = CITATION_RUN.exec(text)) {
    // The space before a citation goes with it: `adviser\u202f[1].` → `adviser.`
    stripped += text.slice(from, endBeforeSpaces(text, from, m.index));
    from = m.index + m[0].length;
    for (const digits of m[0].match(NUMBER) ?? []) {
      const n = Number(digits);
      if (Number.isSafeInteger(n) && n > 0) citations.add(n);
    }
  }
  stripped += text.slice(from);
  return { text: stripped.trim(), citations: [...citations] };
}

/** Union of citation lists, keeping first-appearance order. */
export function mergeCitations(lists: number[][]): number[] {
  const merged = new Set<number>();
  for (const list of lists) for (const n of list) merged.add(n);
  return [...merged];
}
