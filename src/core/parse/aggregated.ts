import { NO_FEED_ORIGIN, type Section, type Story, type StoryImage, type TimelineEvent } from "../story.js";
import { extractCitations, mergeCitations } from "./citations.js";
import { isFurniture, isNavigation } from "./furniture.js";
import { DocumentEvidence, isCapitalisedAt, isCapitalisedWord } from "./evidence.js";
import { openingCapitals, planHeading, Weighing, type HeadingStyle } from "./headings.js";
import { addOutlets, cleanOutletName, outletsNamedIn } from "./outlets.js";
import { orderOldestFirst, readEvent, type ReadEvent } from "./timeline.js";
import { isWordSeparator, quoteForWarning, wordCount } from "./text.js";

/** `Updated (5 articles)`, `Updated (1 article)`, `5 articles`. */
export const ARTICLE_COUNT = /^(?:(?:updated|mis[\s\u00a0\u202f]+à[\s\u00a0\u202f]+jour)[\s\u00a0\u202f]*)?\(?[\s\u00a0\u202f]*(\d{1,9})[\s\u00a0\u202f]+articles?[\s\u00a0\u202f]*\)?$/i;
/** `All related articles (5 articles)`, `All related articles`. */
export const RELATED_COUNT = /^(?:all related articles|tous les articles liés)(?:[\s\u00a0\u202f]*\(?[\s\u00a0\u202f]*(\d{1,9})[\s\u00a0\u202f]+articles?[\s\u00a0\u202f]*\)?)?$/i;
const SOURCES = /^sources?:?$/i;
const TIMELINE = /^(?:timeline|chronologie):?$/i;
/** `  • caption`, `- caption`, `* caption`. */
const BULLET = /^[•·▪◦‣*-][\s\u00a0\u202f]*/;
const IMAGE_OUTLET = /^image:[\s\u00a0\u202f]*(.*)$/i;
const CREDIT_END = /[\s\u00a0\u202f]*source[\s\u00a0\u202f]+full[\s\u00a0\u202f]+size$/i;
/** `Le Monde Source Full size` → `Le Monde`; null for other lines. */
function creditLine(line: string): string | null {
  if (!endsWithSize(line)) return null;
  const end = CREDIT_END.exec(line);
  return end ? line.slice(0, end.index) : null;
}
/** `…size` in any ASCII case: the cheap test before CREDIT_END, which also reads ASCII letters only. */
function endsWithSize(line: string): boolean {
  const at = line.length - 4;
  if (at < 0) return false;
  for (let k = 0; k < 4; k++) {
    const c = line.charCodeAt(at + k);
    if ((c | 0x20) !== "size".charCodeAt(k)) return false;
  }
  return true;
}
/** Ends with . ! ? … : ; , ” " ’ ) ] (checked by hand: every summary line asks). */
const SENTENCE_END_CHARS = ".!?…:;,”\"’)]";
const endsSentence = (line: string): boolean => line !== "" && SENTENCE_END_CHARS.includes(line[line.length - 1]!);
const MAX_OUTLET_WORDS = 6;
/** Longer than any count, Sources, Timeline or footer line (`All related articles (123 articles)`). */
const MAX_MARKER_LENGTH = 60;

type Region = "header" | "summary" | "sources" | "timeline" | "footer";

/**
 * True when the lines carry the aggregator's markers (counts, image credits), or a dated timeline after
 * summary paragraphs that each open with a heading run: an article with a "Timeline" subheading has
 * paragraphs that open as sentences do, and stays an article.
 */
export function looksAggregated(lines: string[]): boolean {
  let timelineAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (ARTICLE_COUNT.test(line) || RELATED_COUNT.test(line) || IMAGE_OUTLET.test(line) || creditLine(line) !== null) return true;
    if (TIMELINE.test(line)) timelineAt = i;
    else if (timelineAt >= 0 && line && "event" in readEvent(line)) return summaryOpensWithHeadings(lines.slice(0, timelineAt));
  }
  return false;
}

/** Every paragraph before the timeline opens with a heading run of three or more capitalised words. */
function summaryOpensWithHeadings(lines: string[]): boolean {
  const paragraphs = lines.filter((line) => line && endsSentence(line) && !isFurniture(line) && !isNavigation(line));
  return paragraphs.length > 0 && paragraphs.every((paragraph) => openingCapitals(paragraph) >= 3);
}

/** Parses the aggregator shape: navigation, title, count, images, summary, sources, timeline, footer. */
export function parseAggregated(lines: string[], id: string): Story {
  const warnings: string[] = [];
  const outlets: string[] = [];
  const images: StoryImage[] = [];
  const sections: Section[] = [];
  const events: TimelineEvent[] = [];
  let articleCount: number | null = null;
  let relatedCount: number | null = null;

  const countAt = lines.findIndex((line) => ARTICLE_COUNT.test(line));
  const titleAt = findTitle(lines, countAt);
  const title = lines[titleAt] ?? "";
  for (let i = 0; i < titleAt; i++) {
    const line = lines[i]!;
    if (line && !isNavigation(line) && !isFurniture(line)) warnings.push(`line ${i + 1}: ignored ${quoteForWarning(line)} above the title`);
  }

  const style = headingStyleOf(title, lines.slice(titleAt + 1));
  // Each line's date is read once, by this loop or by the evidence.
  const reads: (ReadEvent | undefined)[] = [];
  const readAt = (i: number): ReadEvent => (reads[i] ??= readEvent(lines[i]!));
  // Sections whose heading may end at two or more places: weighed after the loop, with evidence read
  // from the whole document once for all of them. Their doubts and outlets keep their place in line.
  const weighed: { weighing: Weighing; section: Section; line: number; warningAt: number; outletsAt: number; placeholder: number }[] = [];
  const outletsFound: (readonly string[])[] = [];
  let region: Region = "header";
  let pendingHeading: string | null = null;
  let timelineLine = 0;
  for (let i = titleAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line || isFurniture(line) || isNavigation(line)) continue;
    // Markers are short lines; long lines skip their regexes (the hot path of a long document).
    const short = line.length <= MAX_MARKER_LENGTH;
    const count = short ? ARTICLE_COUNT.exec(line) : null;
    if (count && articleCount === null && region === "header") {
      articleCount = Number(count[1]);
      continue;
    }
    const related = short ? RELATED_COUNT.exec(line) : null;
    if (related) {
      if (related[1] !== undefined) relatedCount = Number(related[1]);
      region = "footer";
      continue;
    }
    if (short && SOURCES.test(line)) {
      region = "sources";
      continue;
    }
    if (short && TIMELINE.test(line)) {
      region = "timeline";
      continue;
    }
    if (region === "footer") continue;

    const imageOutlet = IMAGE_OUTLET.exec(line);
    const credit = creditLine(line);
    const bullet = BULLET.test(line) && region !== "sources" && region !== "timeline";
    if (bullet || imageOutlet || credit !== null) {
      if (bullet) {
        const caption = line.replace(BULLET, "");
        images.push({ caption: caption && caption.toLowerCase() !== "none" ? caption : null, credit: null, outlet: null });
      } else if (images.length === 0) {
        images.push({ caption: null, credit: null, outlet: null });
      }
      const image = images.at(-1)!;
      if (imageOutlet) {
        image.outlet = cleanOutletName(imageOutlet[1]!) || null;
        if (image.outlet) outletsFound.push([image.outlet]);
      }
      if (credit !== null) image.credit = creditOf(credit, image.caption);
      continue;
    }

    if (region === "sources") {
      const names = outletNamesIn(line);
      if (names) outletsFound.push(names);
      else warnings.push(`line ${i + 1}: ${quoteForWarning(line)} under Sources is not an outlet name`);
      continue;
    }

    // Outside the Timeline region a line is an event only when it starts with a date and a dash.
    const read = region === "timeline" ? readAt(i) : separated(readAt(i));
    if (read !== null) {
      timelineLine++;
      if ("event" in read) {
        events.push(read.event);
        if (!read.separated) warnings.push(`timeline line ${timelineLine}: no dash between the date and the text in ${quoteForWarning(line)}`);
      } else if (read.problem === "not_a_calendar_date") {
        warnings.push(`timeline line ${timelineLine}: “${read.text}” is not a calendar date in ${quoteForWarning(line)}`);
      } else {
        warnings.push(`timeline line ${timelineLine}: no date found in ${quoteForWarning(line)}`);
      }
      continue;
    }

    // Summary paragraphs.
    region = "summary";
    if (isStandaloneHeading(line, lines, i)) {
      pendingHeading = line;
      continue;
    }
    const { text, citations } = extractCitations(line);
    const split = pendingHeading !== null ? { heading: pendingHeading, text } : planHeading(text, style);
    pendingHeading = null;
    if (split instanceof Weighing) {
      // A weighed split always has a heading, so a section of its own; until then its text is the paragraph's.
      const section: Section = { heading: null, text: text.trimEnd(), citations };
      weighed.push({ weighing: split, section, line: i, warningAt: warnings.length, outletsAt: outletsFound.length, placeholder: section.text.length });
      sections.push(section);
      outletsFound.push([]);
      continue;
    }
    const previous = sections.at(-1);
    if (previous && continuesParagraph(previous.text, split.text) && split.heading === null) {
      previous.text = `${previous.text} ${split.text}`;
      previous.citations = mergeCitations([previous.citations, citations]);
      continue;
    }
    if (split.heading === null) warnings.push(`line ${i + 1}: no section heading found before ${quoteForWarning(line)}`);
    else if ("doubt" in split && split.doubt !== undefined) warnings.push(doubtWarning(i, split.doubt, split.heading));
    sections.push({ heading: split.heading, text: split.text, citations });
    outletsFound.push(outletsNamedIn(split.text));
  }
  if (pendingHeading !== null) warnings.push(`heading ${quoteForWarning(pendingHeading)} has no paragraph under it`);

  if (weighed.length > 0) {
    const evidence = evidenceOf(lines, titleAt + 1, style, readAt);
    for (const { weighing } of weighed) weighing.askAhead(evidence);
    // From the last, so that a doubt put in its place leaves the places of the earlier ones as they were.
    for (let k = weighed.length - 1; k >= 0; k--) {
      const { weighing, section, line, warningAt, outletsAt, placeholder } = weighed[k]!;
      const split = weighing.resolve(evidence);
      section.heading = split.heading;
      // Wrapped lines that continued the paragraph stay after its text.
      section.text = split.text + section.text.slice(placeholder);
      outletsFound[outletsAt] = outletsNamedIn(split.text);
      if (split.doubt !== undefined && split.heading !== null) warnings.splice(warningAt, 0, doubtWarning(line, split.doubt, split.heading));
    }
  }
  for (const names of outletsFound) addOutlets(outlets, names);

  return {
    id,
    kind: "story",
    title,
    dek: null,
    articleCount,
    relatedCount,
    sections,
    timeline: orderOldestFirst(events),
    images,
    outlets,
    warnings,
    ...NO_FEED_ORIGIN,
  };
}

const doubtWarning = (line: number, doubt: string, heading: string): string =>
  `line ${line + 1}: the heading may be “${doubt}” rather than “${heading}”: the text gives no clear sign where it ends`;

/**
 * How the document uses its words, for the heading splitter: every line below the title except
 * markers and image lines; of a summary paragraph, the capitalised words of its opening run are left
 * out (they may be the heading's), of a dated line the date.
 */
function evidenceOf(lines: string[], from: number, style: HeadingStyle, readAt: (i: number) => ReadEvent): DocumentEvidence {
  const evidence = new DocumentEvidence();
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line || line.length <= MAX_MARKER_LENGTH && (ARTICLE_COUNT.test(line) || RELATED_COUNT.test(line) || SOURCES.test(line) || TIMELINE.test(line))) continue;
    // Furniture and navigation lines are left in: a few more words of evidence cost less than their regexes.
    if (BULLET.test(line) || IMAGE_OUTLET.test(line) || creditLine(line) !== null) continue;
    const dated = separated(readAt(i));
    if (dated && "event" in dated) evidence.addText(dated.event.text);
    else evidence.addText(line, style === "title" ? openingRunLength : firstSentenceLength);
  }
  return evidence;
}

/** Words at the start of a line up to the first lowercase word that is not a short function word (or 20). */
function openingRunLength(line: string): number {
  // Words are split at spaces and tabs only, by hand: only the opening words are read (asked often, for every line holding a word in doubt).
  let words = 0;
  let at = 0;
  while (words < 20 && at < line.length) {
    let end = at;
    while (end < line.length && !isWordSeparator(line.charCodeAt(end))) end++;
    const first = line.charCodeAt(at);
    const opening = end - at <= 4 || (first >= 0x30 && first <= 0x39) || isCapitalisedAt(line, at, end);
    if (!opening) break;
    words++;
    at = end;
    while (at < line.length && isWordSeparator(line.charCodeAt(at))) at++;
  }
  return words;
}

/** Words up to the first that ends a clause (`,` `.` `;` …), or 20: where a sentence-case heading may end. */
function firstSentenceLength(line: string): number {
  const words = line.split(/[ \t]+/u);
  const at = words.findIndex((w, i) => i >= 20 || /[.,;:!?]["”’)»]*$/u.test(w));
  return at < 0 ? words.length : at + 1;
}

/**
 * Sentence case when most of the title's longer words after the first are lowercase (`Grève des
 * contrôleurs aériens…`) and most summary paragraphs agree: a lowercase word of four letters or more
 * among their first three (`Un préavis déposé…`), where Title Case has none (`Deal Struck After…`).
 */
function headingStyleOf(title: string, below: string[]): HeadingStyle {
  const words = title.split(/[\s\u00a0\u202f]+/u).slice(1).filter((w) => /^\p{L}{4,}/u.test(w));
  const lower = words.filter((w) => !isCapitalisedWord(w)).length;
  if (words.length === 0 || lower * 2 <= words.length) return "title";
  let sentence = 0;
  let paragraphs = 0;
  for (const line of below) {
    const opening = line.split(/[ \t]+/u);
    if (opening.length < 8 || !isCapitalisedWord(opening[0]!) || datedEvent(line)) continue;
    paragraphs++;
    if (opening.slice(1, 3).some((w) => /^\p{Ll}{4,}/u.test(w))) sentence++;
  }
  return sentence * 2 >= paragraphs ? "sentence" : "title";
}

function findTitle(lines: string[], countAt: number): number {
  if (countAt > 0) {
    for (let i = countAt - 1; i >= 0; i--) if (lines[i] && !isFurniture(lines[i]!) && !isNavigation(lines[i]!)) return i;
  }
  return lines.findIndex((line) => line && !isNavigation(line) && !isFurniture(line));
}

/** A line that starts with a date and a dash: an event wherever it stands. */
const separated = (read: ReadEvent): ReadEvent | null => ("event" in read && read.separated ? read : null);
const datedEvent = (line: string): ReadEvent | null => separated(readEvent(line));

/** A heading written on its own line above its paragraph: short, no final punctuation. */
function isStandaloneHeading(line: string, lines: string[], at: number): boolean {
  if (endsSentence(line) || wordCount(line, 12) > 12) return false;
  let next = at + 1;
  while (next < lines.length && lines[next] === "") next++;
  return next < lines.length && (endsSentence(lines[next]!) || wordCount(lines[next]!, 12) > 12);
}

/** A paragraph wrapped over two lines: the first has no final punctuation, the second starts lowercase. */
const continuesParagraph = (previous: string, next: string): boolean => !endsSentence(previous) && /^\p{Ll}/u.test(next);

/** The credit of an image: `Caption (AGENCY)` after the caption's own text gives `AGENCY`. */
function creditOf(line: string, caption: string | null): string | null {
  const credit = line.trim();
  if (!credit) return null;
  const paren = /^(.*?)[\s\u00a0\u202f]*\(([^()]+)\)$/u.exec(credit);
  if (paren && caption && paren[1]!.trim() === caption.trim()) return paren[2]!.trim();
  return credit;
}

/** Outlet names on a line under Sources: `Le Monde`, `• Reuters`, `Reuters, AP, BBC`, `[1] Le Monde – headline`. */
function outletNamesIn(line: string): string[] | null {
  const bare = line
    .replace(BULLET, "")
    .replace(/^(?:\[\d+\]|\d+[.)])[\s\u00a0\u202f]*/u, "")
    .split(/[\s\u00a0\u202f]+[–—-][\s\u00a0\u202f]+|:[\s\u00a0\u202f]+/u)[0]!;
  const names = bare.split(/[,;·|]/u).map((n) => cleanOutletName(n.trim())).filter(Boolean);
  if (names.length === 0 || names.some((n) => wordCount(n) > MAX_OUTLET_WORDS)) return null;
  return names;
}
