import { decodeBody } from "./decode.js";
import type { FeedClient } from "./client.js";

/** Readability's result shorter than this is page furniture, not an article. */
const MIN_ARTICLE_CHARS = 200;

// Loaded on the first page read: a DOM and Readability cost about 30 MB of a process's memory, which
// a process that never fetches a page (feeds.fetchPages off, or feeds with full content) should not pay.
let libraries: Promise<[typeof import("@mozilla/readability"), typeof import("linkedom")]> | null = null;

/** The article text of an HTML page (Readability over a linkedom DOM), as paragraphs; null when none is found. */
export async function extractArticle(html: string, url: string): Promise<string[] | null> {
  const [{ Readability }, { parseHTML }] = await (libraries ??= Promise.all([import("@mozilla/readability"), import("linkedom")]));
  const { document } = parseHTML(html);
  // Readability reads the base URI for relative links; linkedom has no location, so give it one.
  Object.defineProperty(document, "baseURI", { value: url });
  const article = new Readability(document as unknown as Document, { charThreshold: MIN_ARTICLE_CHARS }).parse();
  const text = article?.textContent?.trim();
  if (!text || text.length < MIN_ARTICLE_CHARS) return null;
  return text
    .split(/\n\s*\n|\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p.length > 0);
}

/** Fetches an item's page with the feed client's limits and address rule; null when it fails or holds no article. */
export async function fetchArticle(client: FeedClient, url: string): Promise<string[] | null> {
  const outcome = await client.fetch(url, {}, "text/html, application/xhtml+xml;q=0.9, */*;q=0.5");
  if (outcome.kind !== "fetched") return null;
  if (outcome.contentType && !/html/i.test(outcome.contentType)) return null;
  try {
    return await extractArticle(decodeBody(outcome.body, outcome.contentType), outcome.url);
  } catch {
    return null;
  }
}
