import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isHeraldError } from "../../src/core/errors.js";
import { StorySchema } from "../../src/core/story.js";
import { decodeBody } from "../../src/feeds/decode.js";
import { extractArticle } from "../../src/feeds/page.js";
import { parseFeedText } from "../../src/feeds/parse.js";
import { readFeed, type FeedRead } from "../../src/feeds/reader.js";
import { canonicalLink, type Report } from "../../src/feeds/report.js";
import { withNewsSite } from "../fakes/news-server.js";

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));

const site = withNewsSite();

const NOW = new Date("2026-03-01T12:00:00Z");

async function reports(name: string, options: Parameters<typeof readFeed>[2] = {}): Promise<Report[]> {
  const read = await readFeed(site.client, `${site.server.url}/feeds/${name}`, { now: NOW, ...options });
  if (read.kind !== "read") throw new Error(`${name}: ${JSON.stringify(read)}`);
  for (const report of read.reports) StorySchema.parse(report);
  return read.reports;
}
const byTitle = (list: Report[], title: RegExp): Report => {
  const found = list.find((r) => title.test(r.title));
  if (!found) throw new Error(`no report ${title} in ${list.map((r) => r.title).join(" | ")}`);
  return found;
};

describe("feed items become reports", () => {
  it("RSS 2.0: CDATA and entities read as text, scripts and pixels dropped, links resolved, origin filled in", async () => {
    const list = await reports("rss2.xml");
    const moscow = byTitle(list, /^Macron’s envoy Bonne meets Kremlin adviser Ushakov in Moscow$/);
    expect(moscow).toMatchObject({
      kind: "article",
      url: "https://news.example/monde/2026/02/05/bonne-moscou.html",
      published: "2026-02-05T09:30:00.000Z",
      outlet: "Le Monde & Co — International",
      feed: `${site.server.url}/feeds/rss2.xml`,
    });
    const text = moscow.sections.map((s) => s.text).join("\n");
    expect(text).toContain("Emmanuel Macron’s diplomatic adviser, met Yuri Ushakov in Moscow on 3 February.");
    expect(text).toContain("The visit & its aims were kept low-profile.");
    expect(text).not.toMatch(/alert|pwned|pixel|tracker|<|&amp;/);
    expect(byTitle(list, /^Ceasefire talks "stall" in Geneva & Istanbul$/).sections[0]!.text).toBe("Negotiators left without an agreement.");
  });

  it("keeps one report per GUID, the first copy", async () => {
    const list = await reports("rss2.xml");
    expect(list.filter((r) => r.url === "https://news.example/monde/2026/02/05/bonne-moscou.html")).toHaveLength(1);
    expect(list.map((r) => r.title)).not.toContain("Duplicate of the Moscow item (same GUID, later copy)");
    expect(list).toHaveLength(4);
  });

  it("gives the reports of one read one list of their outlet, which refuses changes in place", async () => {
    const list = await reports("rss2.xml");
    expect(new Set(list.map((r) => r.outlets)).size).toBe(1);
    expect(list[0]!.outlets).toEqual(["Le Monde & Co — International"]);
    expect(() => list[0]!.outlets.push("Another")).toThrow(TypeError);
    expect(() => list[0]!.images.push({ url: "https://news.example/a.png", alt: null } as never)).toThrow(TypeError);
  });

  it("dates an undated item by when it was first seen, and keeps that date on later reads", async () => {
    const undated = byTitle(await reports("rss2.xml"), /no date/);
    expect(undated.published).toBe(NOW.toISOString());
    expect(undated.warnings).toEqual(["the feed gives no date for this item: dated when Herald first saw it"]);
    const later = await reports("rss2.xml", { now: new Date("2026-03-02T00:00:00Z"), firstSeen: (id) => (id === undated.id ? NOW.toISOString() : undefined) });
    expect(byTitle(later, /no date/).published).toBe(NOW.toISOString());
  });

  it("uses full content when the feed has it, with the summary as the standfirst", async () => {
    const full = byTitle(await reports("rss2.xml"), /content:encoded/);
    expect(full.dek).toBe("Short teaser.");
    expect(full.sections[0]!.text).toBe("A long article body in content:encoded.\n\nIt has two paragraphs & an inline link.");
  });

  it("RSS 1.0 (RDF): items with Dublin Core dates", async () => {
    const list = await reports("rss1.rdf");
    expect(list.map((r) => [r.title, r.published, r.url])).toEqual([
      ["Peskov comments on the Moscow meeting", "2026-02-05T12:00:00.000Z", "https://rdf.example/a"],
      ["Older RDF item", "2026-02-01T09:00:00.000Z", "https://rdf.example/b"],
    ]);
  });

  it("Atom: xml:base on the entry and on the feed, HTML titles and XHTML content as text, updated as the date", async () => {
    const list = await reports("atom.xml");
    expect(list.map((r) => [r.title, r.url, r.published])).toEqual([
      ["Zelenskyy welcomes European talks", "https://atom.example/news/2026/02/05/zelenskyy.html", "2026-02-05T17:00:00.000Z"],
      ["Relative to the feed's base", "https://atom.example/news/relative.html", "2026-02-04T07:00:00.000Z"],
    ]);
    expect(list[1]!.sections[0]!.text).toBe("XHTML content with bold text.");
  });

  it("JSON Feed 1.1: HTML and text content, a relative url, an item without a title", async () => {
    const list = await reports("feed.json");
    expect(list[0]).toMatchObject({ title: "French adviser in Moscow", outlet: "JSON Daily", published: "2026-02-05T11:00:00.000Z" });
    expect(list[0]!.sections[0]!.text).toBe("Bonne met Ushakov.");
    expect(list[1]).toMatchObject({ title: "An item with text only and no title.", url: "https://json.example/2026/02/04/text-only" });
  });

  it("reads declared encodings: ISO-8859-1 and windows-1251", async () => {
    expect((await reports("latin1.xml"))[0]).toMatchObject({ title: "Élysée : réunion à Moscou, « très discrète »", outlet: "Le Café Français" });
    expect((await reports("cp1251.xml"))[0]).toMatchObject({ title: "Ушаков встретился с Бонном в Москве", outlet: "Новости Москвы" });
    expect(decodeBody(fixture("latin1.xml"), "text/xml; charset=ISO-8859-1")).toContain("Élysée");
  });

  it("names the configured outlet instead of the feed's title", async () => {
    expect((await reports("rss1.rdf", { name: "RDF Agency" }))[0]!.outlet).toBe("RDF Agency");
  });

  it("gives an item the same short id on every read, from its GUID or canonical link", async () => {
    const [a, b] = [await reports("rss2.xml"), await reports("rss2.xml")];
    expect(a.map((r) => r.id)).toEqual(b.map((r) => r.id));
    for (const r of a) expect(r.id).toMatch(/^f[0-9a-z]{15}$/);
    expect(canonicalLink("https://x.example/a?utm_source=rss&id=3#top")).toBe("https://x.example/a?id=3");
  });

  it("fetches the page of an item with only a short summary, and falls back to the summary", async () => {
    const list = await reports("short.xml", { fetchPages: true });
    const article = byTitle(list, /Kremlin confirms/);
    expect(article.url).toBe(`${site.server.url}/pages/article.html`);
    expect(article.dek).toBe("Read the full story on our site.");
    expect(article.sections[0]!.text).toContain("Dmitry Peskov, the Kremlin spokesman, told reporters");
    expect(article.sections[0]!.text).not.toMatch(/Most read|Celebrity|All rights reserved|trackRead/);
    expect(byTitle(list, /no article/).sections[0]!.text).toBe("The summary is all there is.");
    const without = byTitle(await reports("short.xml"), /Kremlin confirms/);
    expect(without.sections[0]!.text).toBe("Read the full story on our site.");
  });
});

describe("what is not a feed", () => {
  const failure = async (path: string): Promise<FeedRead> => readFeed(site.client, `${site.server.url}${path}`);

  it("names truncated XML, an HTML page and a JSON document that is no feed", async () => {
    expect(await failure("/feeds/truncated.xml")).toEqual({ kind: "failed", reason: "not a feed (malformed or truncated XML)", problem: { id: "feed-problem-malformed-xml" } });
    expect(await failure("/feeds/not-a-feed.html")).toEqual({ kind: "failed", reason: "not a feed (the server sent an HTML page)", problem: { id: "feed-problem-html" } });
    expect(() => parseFeedText('{"hello": 1}', "https://x.example/")).toThrow("not a feed (JSON that is not a JSON Feed)");
    try {
      parseFeedText("", "https://x.example/");
    } catch (err) {
      expect(isHeraldError(err) && err.code).toBe("bad_feed");
    }
  });

  it("extracts no article from a page without one", async () => {
    expect(await extractArticle(fixture("pages/empty.html").toString(), "https://x.example/")).toBeNull();
  });
});
