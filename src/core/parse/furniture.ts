import { normalizeForMatch } from "./text.js";

/** Navigation of the aggregator page above the title. */
const NAVIGATION = new Set(
  ["top headlines", "feeds", "top stories", "headlines", "for you", "following", "home", "menu", "news", "full coverage", "local", "world"],
);

/** Whole lines that are page furniture, compared after normalisation. */
const FURNITURE_LINES = new Set([
  "advertisement", "advertisements", "ad", "sponsored", "sponsored content", "promoted", "skip advertisement",
  "story continues below advertisement", "continue reading", "read more", "read also", "read next", "see also",
  "share", "share this", "share this article", "share this story", "follow us", "related", "related articles",
  "related stories", "most read", "most popular", "recommended", "more on this story", "subscribe", "sign in",
  "log in", "listen to this article", "print", "comments", "view comments", "show comments",
]);

/**
 * Lines that start like furniture: `Sign up for our newsletter…`, `Read more: …`,
 * `Comments you share on our site…`, `© 2026 Example Media. All rights reserved.`
 */
const FURNITURE_STARTS = [
  /^sign up\b/u, /^subscribe (to|now|for)\b/u, /^read (more|also|next)\b/u, /^comments you share\b/u,
  /^(copyright|©)/u, /^click here\b/u, /^download (our|the) app\b/u, /^follow us\b/u, /^(image|photo|video) credit\b/u,
];
/** Phrases that mark a comment-policy or rights paragraph anywhere in it. */
const FURNITURE_PHRASES = [
  /please be respectful/u, /comment policy/u, /community guidelines/u, /all rights reserved/u,
  /avoid using rude/u, /\bcomments? (are|is) (closed|moderated)\b/u,
];

export const isNavigation = (line: string): boolean => NAVIGATION.has(normalizeForMatch(line));

/** Page furniture: ads, sharing and sign-up prompts, the comment policy, rights notices. */
export function isFurniture(line: string): boolean {
  if (/^©/u.test(line)) return true;
  const key = normalizeForMatch(line);
  if (FURNITURE_LINES.has(key)) return true;
  if (key.length > 600) return false;
  return FURNITURE_STARTS.some((re) => re.test(key)) || FURNITURE_PHRASES.some((re) => re.test(key));
}

/** `By Jane Doe`, `Published 5 February 2026`: bylines and datelines of an article page. */
export const isByline = (line: string): boolean =>
  /^[Bb]y\s+\p{Lu}[\p{L}.'’-]*(?:\s+(?:and\s+)?\p{Lu}[\p{L}.'’-]*){0,5}$/u.test(line) ||
  /^(published|updated|last updated)\b[^.]{0,60}$/iu.test(line);
