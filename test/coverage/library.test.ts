import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { renderReply as renderDiscord } from "../../src/adapters/discord/render.js";
import { createTelegramRenderer, htmlToPlain } from "../../src/adapters/telegram/render.js";
import { renderReply as renderTerminal } from "../../src/adapters/terminal/render.js";
import { CoverageLibrary, DEFAULT_RULE } from "../../src/core/coverage/index.js";
import type { StoryChange, StoryEntry } from "../../src/core/library.js";
import { silentLogger } from "../../src/core/log.js";
import { loadCommands } from "../../src/core/registry.js";
import type { Reply } from "../../src/core/reply.js";
import { createLibrary, type FolderLibrary } from "../../src/core/story-folder.js";
import { createMemoryLibrary } from "../../src/core/story-index.js";
import { buildDigest, snapshotOf } from "../../src/subscriptions/digest.js";
import { noticeReply } from "../../src/subscriptions/notices.js";
import { makeServices } from "../helpers/services.js";
import { run } from "../helpers/run.js";
import { makeStory } from "../helpers/stories.js";
import { visibleText as discordText } from "../discord/embeds.js";
import { testRegistry } from "../discord/fixtures.js";

const STORY = "000_0ad91265f6a5c902";
const ARTICLE = "002_33a7eaefd00a5b9a";
let dir: string;
let folder: FolderLibrary | undefined;

async function folderWith(...ids: string[]): Promise<FolderLibrary> {
  dir = await mkdtemp(path.join(tmpdir(), "herald-coverage-"));
  for (const id of ids) await copyFile(path.resolve("seeds", `${id}.txt`), path.join(dir, `${id}.txt`));
  folder = await createLibrary({ dir, maxBytes: 5_000_000, log: silentLogger, watch: false });
  return folder;
}

afterEach(async () => {
  folder?.close();
  folder = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the library presents groups as stories", () => {
  it("lists the two seeds as one story led by the aggregated page, with both reports", async () => {
    const stories = new CoverageLibrary([await folderWith(STORY, ARTICLE)], DEFAULT_RULE);
    expect(stories.list().map((e) => e.story.id)).toEqual([STORY]);
    expect(stories.list()[0]!.reports!.map((r) => r.story.id)).toEqual([STORY, ARTICLE]);
  });

  it("resolves the id of a report that joined to its story, so old buttons keep working", async () => {
    const stories = new CoverageLibrary([await folderWith(STORY, ARTICLE)], DEFAULT_RULE);
    expect(stories.get(ARTICLE)!.story.id).toBe(STORY);
    expect(stories.find(ARTICLE)).toMatchObject({ kind: "found", entry: { story: { id: STORY } } });
  });

  it("announces a report joining as an update naming its outlet, with a new version", async () => {
    const source = await folderWith(STORY);
    const stories = new CoverageLibrary([source], DEFAULT_RULE);
    const before = stories.get(STORY)!.version;
    const changes: StoryChange[] = [];
    stories.onChange((c) => changes.push(c));
    await copyFile(path.resolve("seeds", `${ARTICLE}.txt`), path.join(dir, `${ARTICLE}.txt`));
    await source.refresh(`${ARTICLE}.txt`);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ type: "updated", storyId: STORY, previousVersion: before, joined: [{ id: ARTICLE, outlet: "L'Express" }] });
    expect(changes[0]!.version).not.toBe(before);
    const notice = noticeReply(changes[0]!)!;
    expect(notice.blocks[0]!.text).toContain("Now also reported by L'Express: Macron's top adviser holds talks with Kremlin officials in Moscow");
  });

  it("changes the version again when the report leaves, and says nothing of a join", async () => {
    const source = await folderWith(STORY, ARTICLE);
    const stories = new CoverageLibrary([source], DEFAULT_RULE);
    const joinedVersion = stories.get(STORY)!.version;
    const changes: StoryChange[] = [];
    stories.onChange((c) => changes.push(c));
    await rm(path.join(dir, `${ARTICLE}.txt`));
    await source.refresh(`${ARTICLE}.txt`);
    expect(changes.map((c) => [c.type, c.storyId, c.joined])).toEqual([["updated", STORY, undefined]]);
    expect(stories.get(STORY)!.version).not.toBe(joinedVersion);
    expect(stories.get(ARTICLE)).toBeUndefined();
  });
});

/** A story of `count` reports, each an article of its own outlet. */
function storyOfReports(count: number): StoryEntry {
  const reports = Array.from({ length: count }, (_, i): StoryEntry => ({
    story: makeStory({ id: `r${i}`, kind: i === 0 ? "story" : "article", title: `Report ${i} on the harbour strike`, outlets: [`Outlet ${i}`] }),
    version: "v1", file: `r${i}.txt`, updatedAt: 0,
  }));
  return { ...reports[0]!, reports };
}

describe("commands show every report", () => {
  it("/headline lists other reports under Also reported by, at most 5 then +N more", async () => {
    const services = await makeServices([storyOfReports(8)]);
    const reply = await run(services, "headline");
    const also = reply.blocks.find((b) => b.heading === "Also reported by")!;
    expect(also.text.split("\n")).toEqual([...[1, 2, 3, 4, 5].map((i) => `Outlet ${i}: Report ${i} on the harbour strike`), "+2 more"]);
  });

  it("/headline of a story with one report has no Also reported by", async () => {
    const services = await makeServices([storyOfReports(1)]);
    expect((await run(services, "headline")).blocks.some((b) => b.heading === "Also reported by")).toBe(false);
  });

  it("/sources lists every report with outlet, title, link and publication time when known", async () => {
    const entry = storyOfReports(2);
    const feedItem = { ...entry.reports![1]!, story: { ...entry.reports![1]!.story, url: "https://example.org/a", published: "2026-02-05T10:30:00+01:00", outlet: "L'Express" } };
    const services = await makeServices([{ ...entry, reports: [entry.reports![0]!, feedItem] }]);
    const reply = await run(services, "sources");
    const reports = reply.blocks.find((b) => b.heading === "Reports (2)")!;
    expect(reports.text).toBe("• Outlet 0: Report 0 on the harbour strike\n• L'Express: Report 1 on the harbour strike (5 Feb 2026, 09:30 UTC) https://example.org/a");
  });

  it("/stories gives one entry per story with its number of reports", async () => {
    const services = await makeServices([], { library: new CoverageLibrary([await folderWith(STORY, ARTICLE)], DEFAULT_RULE) });
    const reply = await run(services, "stories");
    expect(reply.title).toBe("Stories (1)");
    expect(reply.blocks[0]!.text).toMatch(/^1\. Macron’s Envoy .* \(2 reports · 5 articles · /u);
  });

  it("a digest names the report that joined since the last one", async () => {
    const alone = createMemoryLibrary([storyOfReports(1)]).list();
    const joined = { ...storyOfReports(2), version: "v2" };
    const options = { maxStories: 5, whenQuiet: "message" as const, timezone: "UTC", now: new Date("2026-03-02T08:00:00Z") };
    const digest = buildDigest([joined], null, { snapshot: snapshotOf(alone), at: new Date("2026-03-01T08:00:00Z") }, options);
    expect(JSON.stringify(digest)).toContain("Now also reported by Outlet 1: Report 1 on the harbour strike");
  });
});

describe("Also reported by on every platform", () => {
  const headline = async (): Promise<Reply> => run(await makeServices([storyOfReports(3)]), "headline");

  it("terminal shows the heading and each report", async () => {
    const text = renderTerminal(await headline()).text;
    expect(text).toContain("Also reported by");
    expect(text).toContain("Outlet 2: Report 2 on the harbour strike");
  });

  it("Telegram shows the heading and each report", async () => {
    const renderer = createTelegramRenderer(await loadCommands());
    const text = renderer.render(await headline()).map((m) => htmlToPlain(m.text)).join("\n");
    expect(text).toContain("Also reported by");
    expect(text).toContain("Outlet 2: Report 2 on the harbour strike");
  });

  it("Discord shows the heading and each report", async () => {
    const text = renderDiscord(await headline(), await testRegistry()).map(discordText).join("\n");
    expect(text).toContain("Also reported by");
    expect(text).toContain("Outlet 2: Report 2 on the harbour strike");
  });
});
