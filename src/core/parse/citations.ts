/**
 * Bracketed article numbers and the space before them:
 * `adviser\u202f[1].` → ` [1]` matched, `France[4][5]` → `[4][5]`, `[1, 2]` too.
 */
const CITATION_RUN = /[ \t\u00a0\u202f]*(?:\[\s*\d{1,9}(?:\s*,\s*\d{1,9})*\s*\])+/gu;
const NUMBER = /\d+/gu;

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
  const stripped = text.replace(CITATION_RUN, (run) => {
    for (const digits of run.match(NUMBER) ?? []) {
      const n = Number(digits);
      if (Number.isSafeInteger(n) && n > 0) citations.add(n);
    }
    return "";
  });
  return { text: stripped.trim(), citations: [...citations] };
}

/** Union of citation lists, keeping first-appearance order. */
export function mergeCitations(lists: number[][]): number[] {
  const merged = new Set<number>();
  for (const list of lists) for (const n of list) merged.add(n);
  return [...merged];
}
