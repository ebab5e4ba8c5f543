/**
 * Feed parser and article extraction candidates on Herald's own fixtures. Run: `npx tsx bench/feed-parsers.ts`
 * Prints, per parser, what it makes of each awkward fixture and its speed on a 50-item feed of each
 * format; then Readability over linkedom and over jsdom on an article page.
 */
import { readFileSync } from "node:fs";
import { Readability } from "@mozilla/readability";
import { parseFeed as rowanParse } from "@rowanmanning/feed-parser";
import { JSDOM } from "jsdom";
import { parseHTML } from "linkedom";
import RssParser from "rss-parser";
import { decodeBody } from "../src/feeds/decode.js";
import { parseFeedText } from "../src/feeds/parse.js";

const fixture = (name: string): Buffer => readFileSync(new URL(`../test/fixtures/feeds/${name}`, import.meta.url));
const FIXTURES = ["rss2.xml", "rss1.rdf", "atom.xml", "feed.json", "latin1.xml", "cp1251.xml", "truncated.xml", "not-a-feed.html"];
const rssParser = new RssParser();

type Candidate = { name: string; parse: (text: string) => Promise<number> };
/** Each returns the number of items it found, or throws. */
const CANDIDATES: Candidate[] = [
  { name: "feedsmith (+ Herald's normalising)", parse: async (t) => parseFeedText(t, "https://x.example/feed").entries.length },
  { name: "@rowanmanning/feed-parser", parse: async (t) => rowanParse(t).items.length },
  { name: "rss-parser", parse: async (t) => (await rssParser.parseString(t)).items.length },
];

console.log("## What each parser makes of the fixtures (items found, or the error)\n");
console.log(`| fixture | ${CANDIDATES.map((c) => c.name).join(" | ")} |`);
console.log(`|---|${CANDIDATES.map(() => "---").join("|")}|`);
for (const name of FIXTURES) {
  const text = decodeBody(fixture(name));
  const cells: string[] = [];
  for (const c of CANDIDATES) cells.push(await c.parse(text).then(String, (e: Error) => `error: ${e.message.split("\n")[0]!.slice(0, 50)}`));
  console.log(`| ${name} | ${cells.join(" | ")} |`);
}

const ITEMS = 50;
const item = (i: number) => ({
  title: `Story number ${i}: talks &amp; tariffs`,
  link: `https://x.example/2026/02/${i}.html`,
  html: `<p>Paragraph one of item ${i} with <b>markup</b> &amp; entities.</p><p>${"More words about the news. ".repeat(20)}</p><img src="https://t.example/p.gif">`,
  date: new Date(Date.UTC(2026, 1, 1, i)).toUTCString(),
});
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const FEEDS: Record<string, string> = {
  rss: `<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title><link>https://x.example/</link>${Array.from({ length: ITEMS }, (_, i) => item(i))
    .map((it) => `<item><title>${it.title}</title><link>${it.link}</link><guid>${it.link}</guid><pubDate>${it.date}</pubDate><description><![CDATA[${it.html}]]></description></item>`)
    .join("")}</channel></rss>`,
  atom: `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Bench</title><id>urn:b</id><updated>2026-02-01T00:00:00Z</updated>${Array.from({ length: ITEMS }, (_, i) => item(i))
    .map((it) => `<entry><title>${it.title}</title><link href="${it.link}"/><id>${it.link}</id><updated>2026-02-01T00:00:00Z</updated><summary type="html">${esc(it.html)}</summary></entry>`)
    .join("")}</feed>`,
  json: JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "Bench", items: Array.from({ length: ITEMS }, (_, i) => item(i)).map((it) => ({ id: it.link, url: it.link, title: it.title, content_html: it.html })) }),
};

async function perSecond(run: () => Promise<unknown>, ms = 1_000): Promise<number> {
  for (let i = 0; i < 20; i++) await run();
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) {
    await run();
    n++;
  }
  return (n / (performance.now() - start)) * 1000;
}

console.log(`\n## Parses per second of a ${ITEMS}-item feed (${Math.round(FEEDS.rss!.length / 1024)} KB RSS)\n`);
console.log(`| parser | ${Object.keys(FEEDS).join(" | ")} |`);
console.log(`|---|${Object.keys(FEEDS).map(() => "---").join("|")}|`);
for (const c of CANDIDATES) {
  const cells: string[] = [];
  for (const text of Object.values(FEEDS)) {
    const ok = await c.parse(text).then(() => true, () => false);
    cells.push(ok ? String(Math.round(await perSecond(() => c.parse(text)))) : "unsupported");
  }
  console.log(`| ${c.name} | ${cells.join(" | ")} |`);
}

const page = fixture("pages/article.html").toString();
const extractors: Record<string, () => string | undefined> = {
  linkedom: () => new Readability(parseHTML(page).document as unknown as Document).parse()?.textContent ?? undefined,
  jsdom: () => new Readability(new JSDOM(page, { url: "https://x.example/a" }).window.document).parse()?.textContent ?? undefined,
};
console.log("\n## Readability over a DOM: article pages per second (test/fixtures/feeds/pages/article.html)\n");
console.log("| DOM | pages/s | article characters found |\n|---|---|---|");
for (const [name, run] of Object.entries(extractors)) {
  const chars = run()?.trim().length ?? 0;
  console.log(`| ${name} | ${Math.round(await perSecond(async () => run()))} | ${chars} |`);
}
