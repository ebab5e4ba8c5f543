import { normalizeForMatch } from "./text.js";

/** Words naming the kind of publisher before its name: `the French weekly L'Express`. */
const OUTLET_NOUNS =
  "weekly|daily|newspaper|paper|magazine|broadcaster|news\\s+agency|agency|news\\s+site|website|site|outlet|channel|network|tabloid|radio|station|publication|newsletter|journal|broadsheet|wire\\s+service|television|tv";
/** Every pattern needs one of these words; a quick test spares the costly patterns most paragraphs. */
const OUTLET_NOUN_WORDS = /weekly|daily|paper|magazine|broadcaster|agency|site|outlet|channel|network|tabloid|radio|station|publication|newsletter|journal|broadsheet|wire|television|tv|report|article|investigation/;
/** A publisher's name: capitalised words, possibly joined by `of`/`de`/`&` (`The Wall Street Journal`, `L'Express`). */
const WORD = "[\\p{Lu}\\d](?:[\\p{L}\\p{N}'’&-]|\\.(?=\\p{L}))*";
const NAME = `((?:The\\s+)?${WORD}(?:[ \\u00a0\\u202f]+(?:(?:of|de|du|des|la|le|the|&)[ \\u00a0\\u202f]+)?${WORD}){0,4})`;
const DESCRIPTOR = `(?:[\\p{Lu}\\p{Ll}-]+[ \\u00a0\\u202f]+){0,3}?(?:${OUTLET_NOUNS})[ \\u00a0\\u202f,]+`;
const SP = "[ \\u00a0\\u202f]+";

/**
 * Phrases that name a publisher as the origin of a report. Matches, for example:
 * `according to a report by the French weekly L'Express`, `reported by the daily Le Figaro`,
 * `the German magazine Der Spiegel reported`, `told the broadcaster BBC`.
 */
const ORIGIN_PATTERNS: { gate: string[]; pattern: RegExp }[] = [
  { gate: ["report", "article", "investigation"], pattern: new RegExp(`\\b(?:report|reports|reporting|article|investigation)${SP}(?:by|in|from|with)${SP}(?:the${SP})?(?:${DESCRIPTOR})?${NAME}`, "gu") },
  { gate: ["according", "reported", "told", "telling", "tells", "cited", "quoted", "published"], pattern: new RegExp(`\\b(?:according${SP}to|reported${SP}by|told|telling|tells|cited${SP}by|quoted${SP}by|published${SP}(?:by|in))${SP}(?:the${SP})?${DESCRIPTOR}${NAME}`, "gu") },
  { gate: ["reported", "said", "wrote", "revealed", "published", "quoted"], pattern: new RegExp(`\\b(?:the${SP})?(?:${DESCRIPTOR})${NAME}${SP}(?:reported|said|wrote|revealed|published|quoted)`, "gu") },
];

/** First words that make a name a person, a nation or an institution rather than a publisher. */
const NOT_OUTLETS = new Set(
  "president prime minister mr mrs ms dr sir officials government french german british russian ukrainian american us chinese european eu kremlin white".split(" "),
);

/** Publishers the document names as the origin of what it reports. */
export function outletsNamedIn(text: string): string[] {
  const found: { at: number; name: string }[] = [];
  // Cheap word checks first: the patterns are costly on paragraphs that cannot match.
  const lower = text.toLowerCase();
  if (!OUTLET_NOUN_WORDS.test(lower)) return [];
  for (const { gate, pattern } of ORIGIN_PATTERNS) {
    if (!gate.some((word) => lower.includes(word))) continue;
    for (const m of text.matchAll(pattern)) {
      const name = cleanOutletName(m[1] ?? "");
      if (name && !NOT_OUTLETS.has(normalizeForMatch(name).split(" ")[0]!)) found.push({ at: m.index + m[0].indexOf(m[1]!), name });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.name);
}

/** An outlet name without trailing punctuation or possessive. */
export function cleanOutletName(name: string): string {
  return name
    .replace(/[’']s$/u, "")
    .replace(/[.,;:!?’'”"]+$/u, "")
    .trim();
}

/** Adds names not yet present (compared loosely), keeping first-seen spelling and order. */
export function addOutlets(outlets: string[], names: readonly string[]): void {
  if (names.length === 0) return;
  const seen = new Set(outlets.map(normalizeForMatch));
  for (const name of names) {
    const key = normalizeForMatch(name);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    outlets.push(name);
  }
}
