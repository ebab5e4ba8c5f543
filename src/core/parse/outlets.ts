import { normalizeForMatch } from "./text.js";

/** Words naming the kind of publisher before its name: `the French weekly L'Express`. */
const OUTLET_NOUNS =
  "weekly|daily|newspaper|paper|magazine|broadcaster|news\\s+agency|agency|news\\s+site|website|site|outlet|channel|network|tabloid|radio|station|publication|newsletter|journal|broadsheet|wire\\s+service|television|tv";
/** A publisher's name: capitalised words, possibly joined by `of`/`de`/`&` (`The Wall Street Journal`, `L'Express`). */
const WORD = "[\\p{Lu}\\d](?:[\\p{L}\\p{N}'’&-]|\\.(?=\\p{L}))*";
const NAME = `((?:The\\s+)?${WORD}(?:[ \\u00a0\\u202f]+(?:(?:of|de|du|des|la|le|the|&)[ \\u00a0\\u202f]+)?${WORD}){0,4})`;
const DESCRIPTOR = `(?:[\\p{Lu}\\p{Ll}-]+[ \\u00a0\\u202f]+){0,3}?(?:${OUTLET_NOUNS})[ \\u00a0\\u202f,]+`;
const SP = "[ \\u00a0\\u202f]+";

/**
 * Phrases that name a publisher as the origin of a report, each read from its trigger word. Matches, for example:
 * `report by the French weekly L'Express`, `according to the newspaper Business Daily`,
 * `telling the German broadcaster Deutsche Welle`, `magazine Der Spiegel reported`.
 */
const ORIGIN_PATTERNS: { triggers: string[]; pattern: RegExp }[] = [
  {
    triggers: ["report", "article", "investigation"],
    pattern: new RegExp(`(?:reports?|reporting|article|investigation)${SP}(?:by|in|from|with)${SP}(?:the${SP})?(?:${DESCRIPTOR})?${NAME}`, "uy"),
  },
  {
    triggers: ["according", "reported", "told", "telling", "tells", "cited", "quoted", "published"],
    pattern: new RegExp(`(?:according${SP}to|reported${SP}by|told|telling|tells|cited${SP}by|quoted${SP}by|published${SP}(?:by|in))${SP}(?:the${SP})?${DESCRIPTOR}${NAME}`, "uy"),
  },
  {
    triggers: OUTLET_NOUNS.split("|").filter((noun) => !noun.includes("\\")),
    pattern: new RegExp(`(?:${OUTLET_NOUNS})${SP}${NAME}${SP}(?:reported|said|wrote|revealed|published|quoted)`, "uy"),
  },
];

/** First words that make a name a person, a nation or an institution rather than a publisher. */
const NOT_OUTLETS = new Set(
  "president prime minister mr mrs ms dr sir officials government french german british russian ukrainian american us chinese european eu kremlin white".split(" "),
);

const PATTERNS_BY_TRIGGER = new Map<string, RegExp[]>();
for (const { triggers, pattern } of ORIGIN_PATTERNS) {
  for (const trigger of triggers) PATTERNS_BY_TRIGGER.set(trigger, [...(PATTERNS_BY_TRIGGER.get(trigger) ?? []), pattern]);
}
/**
 * Any trigger word; longest first so `reported` is not read as `report`. Grouped by first letter
 * (`r(?:eported|eport|adio)`): the regex scans faster than one flat list of the words.
 */
const TRIGGER = triggerRegex([...PATTERNS_BY_TRIGGER.keys()].sort((a, b) => b.length - a.length));
function triggerRegex(words: string[]): RegExp {
  const byFirst = new Map<string, string[]>();
  for (const word of words) byFirst.set(word[0]!, [...(byFirst.get(word[0]!) ?? []), word.slice(1)]);
  return new RegExp([...byFirst].map(([first, rests]) => `${first}(?:${rests.join("|")})`).join("|"), "g");
}

const isWordStart = (text: string, at: number): boolean => at === 0 || !/[\p{L}\p{N}]/u.test(text[at - 1]!);

/** Publishers the document names as the origin of what it reports. */
export function outletsNamedIn(text: string): string[] {
  const found: { at: number; name: string }[] = [];
  // The patterns run only where a trigger word occurs: scanning whole paragraphs with them is slow.
  TRIGGER.lastIndex = 0;
  for (let t = TRIGGER.exec(text); t; t = TRIGGER.exec(text)) {
    if (!isWordStart(text, t.index)) continue;
    for (const pattern of PATTERNS_BY_TRIGGER.get(t[0]) ?? []) {
      pattern.lastIndex = t.index;
      const m = pattern.exec(text);
      if (!m) continue;
      const name = cleanOutletName(m[1] ?? "");
      if (name && !NOT_OUTLETS.has(normalizeForMatch(name).split(" ")[0]!)) found.push({ at: m.index + m[0].lastIndexOf(m[1]!), name });
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
