import { mkdir, mkdtemp, rm, unlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { StoryChange } from "../../src/core/library.js";
import { createLogger } from "../../src/core/log.js";
import { createLibrary, type FolderLibrary } from "../../src/core/story-folder.js";

const doc = (title: string, body = "A short standfirst about the matter.") => `${title}\n\n${body}\nThe first paragraph of the body.\n`;

const aggregated = (title: string, events: string[]) =>
  [
    "Top Headlines",
    "",
    "Feeds",
    "",
    title,
    "",
    "Updated (3 articles)",
    "",
    "What Happened The council voted on Tuesday [1].",
    "",
    "Sources",
    "",
    "Timeline",
    "",
    ...events.flatMap((e) => [e, ""]),
    "All related articles (3 articles)",
  ].join("\n");

let dir: string;
let library: FolderLibrary;
let changes: StoryChange[];
let logs: string[];

async function open(extra: { watch?: boolean; pollMs?: number } = {}) {
  logs = [];
  changes = [];
  library = await createLibrary({ dir, maxBytes: 100_000, log: createLogger({ level: "debug", write: (l) => logs.push(l) }), ...extra });
  library.onChange((c) => changes.push(c));
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "herald-lib-"));
  await writeFile(path.join(dir, "alpha.txt"), doc("Alpha council approves budget"));
  await writeFile(path.join(dir, "notes.md"), "not a story");
  await writeFile(path.join(dir, "broken.txt"), "");
  await open();
});

afterEach(async () => {
  library.close();
  await rm(dir, { recursive: true, force: true });
});

const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 25 });

describe("stories folder", () => {
  it("loads every document, skipping a bad one with its name", () => {
    expect(library.list().map((e) => e.story.id)).toEqual(["alpha"]);
    expect(logs.some((l) => l.includes("WARN") && l.includes("broken.txt"))).toBe(true);
  });

  it("picks up a new file without a restart and reports it as new", async () => {
    await writeFile(path.join(dir, "beta.txt"), doc("Beta bridge reopens"));
    await waitFor(() => expect(library.get("beta")?.story.title).toBe("Beta bridge reopens"));
    expect(changes).toMatchObject([{ type: "added", storyId: "beta", previousVersion: null }]);
    expect(library.list()[0]!.story.id).toBe("beta");
  });

  it("reports a changed title and puts the story first", async () => {
    await writeFile(path.join(dir, "zeta.txt"), doc("Zeta"));
    await waitFor(() => expect(library.get("zeta")).toBeDefined());
    const before = library.get("alpha")!.version;
    await writeFile(path.join(dir, "alpha.txt"), doc("Alpha council approves amended budget"));
    await waitFor(() => expect(library.get("alpha")!.version).not.toBe(before));
    const change = changes.at(-1)!;
    expect(change).toMatchObject({ type: "updated", storyId: "alpha", previousVersion: before });
    expect(change.titleChange).toEqual({ from: "Alpha council approves budget", to: "Alpha council approves amended budget" });
    expect(library.list()[0]!.story.id).toBe("alpha");
  });

  it("reports a removed file and forgets the story", async () => {
    await unlink(path.join(dir, "alpha.txt"));
    await waitFor(() => expect(library.get("alpha")).toBeUndefined());
    expect(changes).toMatchObject([{ type: "removed", storyId: "alpha", title: "Alpha council approves budget" }]);
  });

  it("keeps the last good version of a file that becomes unreadable", async () => {
    await writeFile(path.join(dir, "alpha.txt"), "");
    await waitFor(() => expect(logs.some((l) => l.includes("keeping the last good version"))).toBe(true));
    expect(library.get("alpha")?.story.title).toBe("Alpha council approves budget");
    expect(changes).toEqual([]);
  });

  it("ignores a rewrite with identical content", async () => {
    await writeFile(path.join(dir, "alpha.txt"), doc("Alpha council approves budget"));
    await library.refresh("alpha.txt");
    expect(changes).toEqual([]);
  });

  it("reports only the timeline events that are new", async () => {
    await writeFile(path.join(dir, "gamma.txt"), aggregated("Gamma vote", ["Mar 2, 2026 – The council meets[1]."]));
    await library.refresh("gamma.txt");
    await writeFile(
      path.join(dir, "gamma.txt"),
      aggregated("Gamma vote", ["Mar 2, 2026 – The council meets[1].", "Mar 9, 2026 – The council votes[2]."]),
    );
    await library.refresh("gamma.txt");
    // The watcher saw the writes too: the changes reach listeners once its reads are done.
    await waitFor(() => expect(changes.filter((c) => c.storyId === "gamma").at(-1)?.type).toBe("updated"));
    const change = changes.filter((c) => c.storyId === "gamma").at(-1)!;
    expect(change.newEvents.map((e) => e.date.iso)).toEqual(["2026-03-09"]);
  });

  it("keeps the last good library when the folder is deleted, and says so once", async () => {
    await rm(dir, { recursive: true, force: true });
    await waitFor(() => expect(logs.some((l) => l.includes("is gone; keeping the last 1 stories"))).toBe(true));
    await new Promise((r) => setTimeout(r, 2_500));
    expect(library.list().map((e) => e.story.id)).toEqual(["alpha"]);
    expect(changes).toEqual([]);
    expect(logs.filter((l) => l.includes("is gone"))).toHaveLength(1);
  });

  it("watches a recreated folder again and loads what it holds", async () => {
    await rm(dir, { recursive: true, force: true });
    await waitFor(() => expect(logs.some((l) => l.includes("is gone"))).toBe(true));
    await mkdir(dir);
    await writeFile(path.join(dir, "beta.txt"), doc("Beta bridge reopens"));
    await writeFile(path.join(dir, "delta.txt"), doc("Delta dam opens"));
    await waitFor(() => expect(library.list().map((e) => e.story.id).sort()).toEqual(["beta", "delta"]));
    expect(logs.some((l) => l.includes("is back; watching it again"))).toBe(true);
    // Watched again: a later edit arrives through the watcher.
    await writeFile(path.join(dir, "gamma.txt"), doc("Gamma grid expands"));
    await waitFor(() => expect(library.get("gamma")).toBeDefined());
  });

  it("finds changes by polling when the watcher reports nothing", async () => {
    library.close();
    await open({ watch: false });
    library.close();
    // Without watching, only the polling fallback can see the change.
    await writeFile(path.join(dir, "beta.txt"), doc("Beta bridge reopens"));
    await writeFile(path.join(dir, "alpha.txt"), doc("Alpha council approves amended budget"));
    await utimes(path.join(dir, "alpha.txt"), new Date(), new Date(Date.now() + 5_000));
    await unlink(path.join(dir, "broken.txt"));
    expect(library.get("beta")).toBeUndefined();
    await library.poll();
    expect(library.get("beta")?.story.title).toBe("Beta bridge reopens");
    expect(library.get("alpha")?.story.title).toBe("Alpha council approves amended budget");
    expect(changes.map((c) => `${c.type} ${c.storyId}`).sort()).toEqual(["added beta", "updated alpha"]);
    // Nothing changed since: a second poll reports nothing.
    await library.poll();
    expect(changes).toHaveLength(2);
  });

  it("polls the folder's own files only, leaving alone a feed report that shares the library", async () => {
    library.close();
    await open({ watch: false });
    library.close();
    // A feed report's file is its link; here the link's last segment even reads as a story file name.
    const alpha = library.get("alpha")!;
    const report = { ...alpha, story: { ...alpha.story, id: "gone" }, file: "https://news.example/gone.txt" };
    library.put(report);
    await unlink(path.join(dir, "alpha.txt"));
    await library.poll();
    expect(library.get("alpha")).toBeUndefined();
    expect(library.get("gone")).toBe(report);
    expect(changes.map((c) => `${c.type} ${c.storyId}`)).toEqual(["removed alpha"]);
  });

  it("polls on its own at the configured interval", async () => {
    library.close();
    await open({ watch: true, pollMs: 200 });
    // fs.watch is bypassed by writing while the watcher is closed, as a network mount would.
    (library as unknown as { watcher?: { close(): void } }).watcher?.close();
    await writeFile(path.join(dir, "beta.txt"), doc("Beta bridge reopens"));
    await waitFor(() => expect(library.get("beta")).toBeDefined());
  });

  it("summarises a burst of changed files in one log line", async () => {
    for (let i = 0; i < 40; i++) await writeFile(path.join(dir, `bulk-${i}.txt`), doc(`Bulk story number ${i}`));
    await waitFor(() => expect(library.list()).toHaveLength(41));
    library.close();
    const lines = logs.filter((l) => l.includes("bulk-") || l.includes("more files changed"));
    expect(lines.filter((l) => l.includes("bulk-"))).toHaveLength(20);
    expect(lines.at(-1)).toContain("library: 20 more files changed (not logged one by one)");
  });
});
