import { generateOpml, parseOpml } from "feedsmith";
import { HeraldError } from "../core/errors.js";

/** A feed as OPML carries it. */
export interface OpmlFeed {
  url: string;
  name?: string;
}

interface Outline {
  text?: string;
  title?: string;
  xmlUrl?: string;
  outlines?: Outline[];
}

/**
 * The feeds of an OPML document (folders flattened), and one line per outline that was skipped
 * because its xmlUrl is not an http(s) URL. Throws HeraldError("bad_file") when it is not OPML.
 */
export function feedsFromOpml(text: string): { feeds: OpmlFeed[]; skipped: string[] } {
  let opml: { body?: { outlines?: Outline[] } };
  try {
    opml = parseOpml(text) as typeof opml;
  } catch (cause) {
    throw new HeraldError("bad_file", "not an OPML document (expected <opml><body><outline xmlUrl=…>)", { cause });
  }
  const feeds: OpmlFeed[] = [];
  const skipped: string[] = [];
  const walk = (outlines: Outline[] | undefined): void => {
    for (const outline of outlines ?? []) {
      if (outline.xmlUrl !== undefined) {
        const url = outline.xmlUrl.trim();
        const name = (outline.title ?? outline.text)?.trim() || undefined;
        if (URL.canParse(url) && /^https?:$/.test(new URL(url).protocol)) feeds.push(name ? { url, name } : { url });
        else skipped.push(`"${url.slice(0, 80)}" (${name ?? "no name"}) is not an http(s) URL`);
      }
      walk(outline.outlines);
    }
  };
  walk(opml.body?.outlines);
  return { feeds, skipped };
}

/** An OPML 2.0 document listing `feeds`. */
export function opmlOf(feeds: OpmlFeed[], now = new Date()): string {
  return generateOpml({
    head: { title: "Herald feeds", dateCreated: now },
    body: { outlines: feeds.map((f) => ({ text: f.name ?? f.url, ...(f.name ? { title: f.name } : {}), type: "rss", xmlUrl: f.url })) },
  } as Parameters<typeof generateOpml>[0]);
}
