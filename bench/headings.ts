/**
 * How well headings are split from the sentences they run into, per lexicon, on the aggregated
 * documents of test/fixtures/headings (written before the splitter ran on them, then used while
 * building it) and test/fixtures/headings-unseen (written after it was built, never tuned on).
 * Run: npx tsx bench/headings.ts
 * A split counts as flagged when it is wrong but the document's warnings name the right heading.
 * compromise is measured too when it is installed (`npm install --no-save compromise`).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseStory } from "../src/core/parse/index.js";
import { useLexicon, type Lexicon } from "../src/core/parse/lexicon.js";

const require = createRequire(import.meta.url);
const SETS = ["headings", "headings-unseen"];

function lexicons(): [string, Lexicon | null][] {
  const found: [string, Lexicon | null][] = [["en-lexicon (en-pos's, Herald's)", null]];
  const loading = performance.now();
  const wink = require("wink-lexicon/src/lexicon.js") as Record<string, string[]>;
  console.log(`wink-lexicon loads in ${(performance.now() - loading).toFixed(0)} ms`);
  found.push(["wink-lexicon", (w) => (Object.hasOwn(wink, w) ? wink[w] : undefined)]);
  try {
    const nlp = (require("compromise") as { default?: unknown }).default ?? require("compromise");
    const tagsOf = nlp as (text: string) => { json(): { terms: { tags: string[] }[] }[] };
    const penn: [string, string][] = [["Plural", "NNS"], ["PastTense", "VBD"], ["Verb", "VB"], ["Adjective", "JJ"], ["Adverb", "RB"], ["Preposition", "IN"], ["Determiner", "DT"], ["Noun", "NN"]];
    found.push(["compromise", (w) => {
      const tags = tagsOf(w).json()[0]?.terms[0]?.tags ?? [];
      if (tags.includes("ProperNoun") || tags.length === 0) return undefined;
      const mapped = penn.filter(([tag]) => tags.includes(tag)).map(([, p]) => p);
      return mapped.length ? mapped : undefined;
    }]);
  } catch {
    console.log("(compromise not installed: skipped)");
  }
  found.push(["no lexicon (document only)", () => undefined]);
  return found;
}

for (const [name, lexicon] of lexicons()) {
  useLexicon(lexicon);
  const started = performance.now();
  const results: string[] = [];
  for (const set of SETS) {
    const dir = new URL(`../test/fixtures/${set}/`, import.meta.url);
    const expected = JSON.parse(readFileSync(new URL("expected.json", dir), "utf8")) as Record<string, string[]>;
    let right = 0;
    let flagged = 0;
    let total = 0;
    for (const [file, headings] of Object.entries(expected)) {
      const story = parseStory(readFileSync(new URL(file, dir), "utf8"), file);
      headings.forEach((heading, i) => {
        total++;
        if (story.sections[i]?.heading === heading) right++;
        else if (story.warnings.some((w) => w.includes(`“${heading}”`))) flagged++;
      });
    }
    results.push(`${set}: ${right}/${total} right, ${flagged} wrong but flagged, ${total - right - flagged} wrong unflagged`);
  }
  console.log(`${name.padEnd(28)} ${results.join(" | ")} (${(performance.now() - started).toFixed(0)} ms with loading)`);
}
