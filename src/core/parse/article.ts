import { NO_FEED_ORIGIN, type Section, type Story } from "../story.js";
import { extractCitations, mergeCitations } from "./citations.js";
import { isByline, isFurniture, isNavigation } from "./furniture.js";
import { addOutlets, outletsNamedIn } from "./outlets.js";
import { quoteForWarning, wordCount } from "./text.js";

/** A subheading is short and has no final punctuation (a short question is allowed). */
const MAX_SUBHEADING_WORDS = 14;
const MAX_QUESTION_WORDS = 10;
const FINAL_PUNCTUATION = /[.!?…:;,”"’)\]]$/u;

const isSubheadingLike = (line: string): boolean => {
  const words = wordCount(line, MAX_SUBHEADING_WORDS);
  if (/\?$/u.test(line)) return words <= MAX_QUESTION_WORDS;
  return words <= MAX_SUBHEADING_WORDS && !FINAL_PUNCTUATION.test(line);
};

/** Parses the plain article shape: title, dek, body paragraphs one per line with short subheadings. */
export function parseArticle(lines: string[], id: string): Story {
  const warnings: string[] = [];
  const outlets: string[] = [];
  const content = lines
    .map((text, i) => ({ text, number: i + 1, short: false }))
    .filter(({ text }) => text && !isFurniture(text));
  for (const line of content) line.short = isSubheadingLike(line.text);
  const titleAt = content.findIndex(({ text }) => !isNavigation(text));
  const title = content[titleAt]?.text ?? "";
  const body = content.slice(titleAt + 1).filter(({ text }) => !isByline(text));

  let dek: string | null = null;
  if (body[0] && !(body[0].short && body[1] && !body[1].short)) {
    dek = body.shift()!.text;
    addOutlets(outlets, outletsNamedIn(dek));
  }

  const sections: Section[] = [];
  let heading: string | null = null;
  let open: Section | null = null;
  for (let i = 0; i < body.length; i++) {
    const { text: line, number, short } = body[i]!;
    const next = body[i + 1];
    if (short) {
      if (next && !next.short) {
        if (heading !== null && open === null) warnings.push(`heading ${quoteForWarning(heading)} has no paragraph under it`);
        heading = line;
        open = null;
        continue;
      }
      if (!next) {
        warnings.push(`line ${number}: ignored ${quoteForWarning(line)} at the end (a short line with no paragraph after it)`);
        continue;
      }
      // Two short lines in a row: the first cannot head anything.
      warnings.push(`line ${number}: ${quoteForWarning(line)} looks like a heading but no paragraph follows it`);
      continue;
    }
    const { text, citations } = extractCitations(line);
    addOutlets(outlets, outletsNamedIn(text));
    if (open) {
      open.text = `${open.text}\n\n${text}`;
      open.citations = mergeCitations([open.citations, citations]);
    } else {
      open = { heading, text, citations };
      sections.push(open);
    }
  }

  return {
    id,
    kind: "article",
    title,
    dek,
    articleCount: null,
    relatedCount: null,
    sections,
    timeline: [],
    images: [],
    outlets,
    warnings,
    ...NO_FEED_ORIGIN,
  };
}
