import { HeraldError } from "../errors.js";
import type { Story } from "../story.js";
import { looksAggregated, parseAggregated } from "./aggregated.js";
import { parseArticle } from "./article.js";
import { isFurniture, isNavigation } from "./furniture.js";
import { splitLines } from "./text.js";

/**
 * Parses a story document of either shape into the Story model. Never throws, except
 * HeraldError("bad_file") for text that is no story at all (empty, or no title line).
 */
export function parseStory(text: string, id: string): Story {
  const lines = splitLines(text.replace(/^\ufeff/u, ""));
  if (!lines.some((line) => line && !isNavigation(line) && !isFurniture(line))) {
    throw new HeraldError("bad_file", lines.some(Boolean) ? "no title line (only page furniture)" : "empty document");
  }
  return looksAggregated(lines) ? parseAggregated(lines, id) : parseArticle(lines, id);
}
