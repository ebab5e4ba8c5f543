import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFeed, runFeeds } from "../../src/cli/feed.js";
import type { CliIO } from "../../src/cli/io.js";
import { loadConfig } from "../../src/core/config.js";
import { StorySchema } from "../../src/core/story.js";
import { FakeNewsServer } from "../fakes/news-server.js";

let server: FakeNewsServer;
beforeAll(async () => {
  server = await new FakeNewsServer().start();
});
afterAll(() => server.close());

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t) };
  return { io, out, err };
};

async function feed(args: string[], allowPrivate = true) {
  const { io, out, err } = capture();
  const config = loadConfig({ HERALD_FEEDS_ALLOW_PRIVATE: String(allowPrivate) });
  const code = await runFeed(args, io, config);
  return { code, out: out.join("\n"), err };
}

describe("herald feed URL --json", () => {
  it("prints the feed's reports as Story models, newest first", async () => {
    const { code, out, err } = await feed([`${server.url}/feeds/rss1.rdf`, "--json"]);
    expect([code, err]).toEqual([0, []]);
    const reports = StorySchema.array().parse(JSON.parse(out));
    expect(reports.map((r) => r.title)).toEqual(["Peskov comments on the Moscow meeting", "Older RDF item"]);
    expect(reports[0]).toMatchObject({ kind: "article", outlet: "RDF Wire", feed: `${server.url}/feeds/rss1.rdf` });
  });

  it("sorts by publication time whatever the feed's order", async () => {
    const { out } = await feed([`${server.url}/feeds/rss2.xml`, "--json"]);
    const published = (JSON.parse(out) as { published: string }[]).map((r) => r.published);
    expect(published).toEqual([...published].sort().reverse());
  });

  it("exits 1 with one stderr line naming the URL and what went wrong", async () => {
    const cases: [string, RegExp][] = [
      ["/status/404", /HTTP 404/],
      ["/feeds/not-a-feed.html", /not a feed \(the server sent an HTML page\)/],
      ["/feeds/truncated.xml", /not a feed \(malformed or truncated XML\)/],
      ["/big", /too large \(over 5 MB\)/],
      ["/redirect/loop", /too many redirects/],
    ];
    for (const [path, reason] of cases) {
      const { code, out, err } = await feed([`${server.url}${path}`, "--json"]);
      expect([code, out, err.length], path).toEqual([1, "", 1]);
      expect(err[0]).toMatch(new RegExp(`^${server.url.replace(/[.]/g, "\\.")}${path.replace(/[?.]/g, "\\$&")}: `));
      expect(err[0]).toMatch(reason);
    }
  });

  it("refuses the host's own network unless feeds.allowPrivateAddresses is set", async () => {
    const { code, err } = await feed([`${server.url}/feeds/rss2.xml`, "--json"], false);
    expect(code).toBe(1);
    expect(err[0]).toMatch(/: refused address 127\.0\.0\.1 /);
  });

  it("answers a missing URL or an unknown option with the usage", async () => {
    expect((await feed(["--json"])).err[0]).toMatch(/^herald feed: no URL given\nusage: herald feed URL/);
    expect((await feed(["http://x.example/", "--jsn"])).err[0]).toMatch(/unknown option --jsn/);
  });
});

describe("herald feeds import / export", () => {
  const dir = mkdtempSync(join(tmpdir(), "herald-opml-"));
  const configFile = join(dir, "config.json");
  copyFileSync(new URL("../../config/default.json", import.meta.url), configFile);
  const opml = join(dir, "feeds.opml");
  writeFileSync(
    opml,
    `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
      <outline text="World"><outline type="rss" text="Le Monde" xmlUrl="https://www.lemonde.fr/international/rss_full.xml"/></outline>
      <outline text="BBC" title="BBC News" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"/>
      <outline text="Local file" xmlUrl="file:///etc/passwd"/>
    </body></opml>`,
  );

  const feeds = async (...args: string[]) => {
    const { io, out, err } = capture();
    const code = await runFeeds(args, io, { HERALD_CONFIG: configFile });
    return { code, out: out.join("\n"), err };
  };

  it("adds the OPML's http(s) feeds to the config file once, and names the ones it skips", async () => {
    const first = await feeds("import", opml);
    expect(first.code).toBe(0);
    expect(first.out).toBe(`${configFile}: added 2 feeds`);
    expect(first.err).toEqual([`${opml}: skipped "file:///etc/passwd" (Local file) is not an http(s) URL`]);
    expect(JSON.parse(readFileSync(configFile, "utf8")).feeds.sources).toEqual([
      { url: "https://www.lemonde.fr/international/rss_full.xml", name: "Le Monde" },
      { url: "https://feeds.bbci.co.uk/news/world/rss.xml", name: "BBC News" },
    ]);
    expect((await feeds("import", opml)).out).toBe(`${configFile}: added 0 feeds (2 already followed)`);
  });

  it("exports the followed feeds as OPML that imports back to the same list", async () => {
    const { code, out } = await feeds("export");
    expect(code).toBe(0);
    expect(out).toContain('xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"');
    const again = join(dir, "again.opml");
    writeFileSync(again, out);
    expect((await feeds("import", again)).out).toBe(`${configFile}: added 0 feeds (2 already followed)`);
  });

  it("refuses a file that is not OPML and changes nothing", async () => {
    const before = readFileSync(configFile, "utf8");
    const bad = join(dir, "bad.opml");
    writeFileSync(bad, "<html><body>nope</body></html>");
    const { code, err } = await feeds("import", bad);
    expect(code).toBe(1);
    expect(err).toEqual([`${bad}: not an OPML document (expected <opml><body><outline xmlUrl=…>)`]);
    expect(readFileSync(configFile, "utf8")).toBe(before);
  });
});
