import { chmodSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StoryIndex } from "../../src/core/story-index.js";
import { libraryReportSink } from "../../src/feeds/library-sink.js";
import { toReport, type Report } from "../../src/feeds/report.js";
import { TextSpill, TextSpills } from "../../src/core/text-spill.js";

const item = (id: string, text: string): Report =>
  toReport(
    { guid: `urn:${id}`, link: `https://outlet.example/${id}`, titleHtml: `Report ${id}`, summaryHtml: `<p>${text}</p>`, contentHtml: null, published: "2026-02-05T10:00:00.000Z" },
    { feedUrl: "https://outlet.example/rss", outlet: "Outlet", firstSeen: "2026-02-06T09:00:00.000Z" },
  );
/** The text of the story of the item with this guid (`urn:ID`). */
const textOf = (source: StoryIndex, id: string) => source.get(item(id, "").id)!.story.sections.map((s) => s.text).join("\n");
const utf8 = (text: string) => Buffer.byteLength(text, "utf8");

/** Spills that count the files they open, each in `folder`. */
function countingSpills(folder: string, minBytes?: number) {
  const opened: TextSpill[] = [];
  const spills = new TextSpills(() => {
    const spill = TextSpill.open(folder);
    if (spill) opened.push(spill);
    return spill;
  }, minBytes);
  return { spills, opened };
}

describe.skipIf(process.platform === "win32")("report texts in a spill file (skipped on Windows, where texts stay in memory)", () => {
  it("writes each report's text to the file, leaves no file name behind, and gives the text back whole", () => {
    const folder = mkdtempSync(join(tmpdir(), "herald-spill-test-"));
    const { spills, opened } = countingSpills(folder);
    const texts = ["Talks went on in Genève, “as planned” 🇫🇷.", "Короткий текст.", "A paragraph of the envoy's visit. ".repeat(60).trim()];
    const source = new StoryIndex();
    libraryReportSink(source, undefined, spills).load(texts.map((text, i) => item(String(i), text)));
    expect(opened).toHaveLength(1);
    expect(opened[0]!.size).toBe(texts.reduce((sum, text) => sum + utf8(text), 0));
    expect(readdirSync(folder)).toEqual([]);
    texts.forEach((text, i) => expect(textOf(source, String(i))).toBe(text));
    expect(JSON.parse(JSON.stringify(source.get(item("2", "").id)!.story)).sections[0].text).toBe(texts[2]);
  });

  it("copies the live texts to a new file once the old one is mostly dead; a story read before still has its text", () => {
    const { spills, opened } = countingSpills(tmpdir(), 1);
    const source = new StoryIndex();
    const sink = libraryReportSink(source, undefined, spills);
    sink.load([item("a", "The first text of report a."), item("b", "Report b, never updated.")]);
    const firstStory = source.get(item("a", "").id)!.story;
    for (let version = 1; version <= 6; version++) sink.apply({ added: [], updated: [item("a", `Report a, version ${version}.`)], announce: true });

    expect(opened.length).toBeGreaterThan(2);
    const current = opened.at(-1)!;
    // The current file holds the two live texts and what was written since it began, not every version.
    expect(current.size).toBeLessThan(utf8("Report a, version 1.") * 4);
    expect(textOf(source, "a")).toBe("Report a, version 6.");
    expect(textOf(source, "b")).toBe("Report b, never updated.");
    expect(firstStory.sections[0]!.text).toBe("The first text of report a.");
  });

  it("keeps the current file when no new one can be made, and tries again only once it has doubled", () => {
    let attempts = 0;
    const spills = new TextSpills(() => (++attempts === 1 ? TextSpill.open() : null), 1);
    const source = new StoryIndex();
    const sink = libraryReportSink(source, undefined, spills);
    sink.load([item("a", "Report a, version 0.")]);
    expect(attempts).toBe(2); // the first file, then one failed renewal
    sink.apply({ added: [], updated: [item("a", "Report a, version 1, a longer one.")], announce: true });
    expect(attempts).toBe(3); // the file more than doubled: tried again
    sink.apply({ added: [], updated: [item("a", "A.")], announce: true });
    expect(attempts).toBe(3); // not doubled since: not tried
    expect(textOf(source, "a")).toBe("A.");
  });

  it("keeps texts in memory when no spill file can be made", () => {
    const folder = mkdtempSync(join(tmpdir(), "herald-spill-test-"));
    chmodSync(folder, 0o500);
    try {
      // A folder it cannot write (root may write anyway: then there is a file, and the texts read the same).
      const spills = new TextSpills(() => TextSpill.open(folder));
      const source = new StoryIndex();
      libraryReportSink(source, undefined, spills).load([item("a", "Held in memory.")]);
      expect(textOf(source, "a")).toBe("Held in memory.");
      expect(TextSpill.open(join(folder, "missing"))).toBeNull();
      const none = new StoryIndex();
      libraryReportSink(none, undefined, new TextSpills(() => null)).load([item("b", "No spill at all.")]);
      expect(textOf(none, "b")).toBe("No spill at all.");
    } finally {
      chmodSync(folder, 0o700);
    }
  });
});
