import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Services } from "../../src/core/services.js";
import { silentLogger } from "../../src/core/log.js";
import { createLibrary, type FolderLibrary } from "../../src/core/story-folder.js";
import { makeServices } from "../helpers/services.js";
import { button, field, press, run } from "../helpers/run.js";

const SEEDS = path.resolve("seeds");
const FIRST = "000_0ad91265f6a5c902";
let dir: string;
let library: FolderLibrary;
let services: Services;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "herald-seeds-"));
  await cp(SEEDS, dir, { recursive: true });
  await cp(path.resolve("test/fixtures/stories"), dir, { recursive: true });
  library = await createLibrary({ dir, maxBytes: 5_000_000, log: silentLogger });
  services = await makeServices([], { library });
});

afterAll(async () => {
  library.close();
  await rm(dir, { recursive: true, force: true });
});

describe("commands on the seed documents", () => {
  it("finds the first seed from words typed without its special characters", async () => {
    const reply = await run(services, "headline", { story: "franco russian" });
    expect(reply.title).toBe("Macron’s Envoy Emmanuel\u202fBonne Meets Kremlin Adviser to Lay Groundwork for Franco‑Russian Talks");
    expect(field(reply, "Articles")).toBe("5");
    expect(field(reply, "Last moved")).toBe("5 February 2026");
  });

  it("steps through the ten events oldest first, with dates written for the locale to the precision the document gave", async () => {
    let reply = await run(services, "timeline", { story: FIRST });
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      seen.push(`${field(reply, "Event")} ${reply.blocks[0]!.heading} ${field(reply, "Cites")}`);
      reply = await press(services, reply, /Next/);
    }
    expect(seen[0]).toBe("1/10 20 December 2025 [4]");
    expect(seen[1]).toBe("2/10 December 2025 [5]");
    expect(seen[2]).toBe("3/10 early January 2026 [1][2][3]");
    expect(seen[9]).toBe("10/10 5 February 2026 [5]");
    expect(field(reply, "Event")).toBe("10/10");
  });

  it("tells which sections and events cite each article number", async () => {
    const reply = await run(services, "sources", { story: FIRST });
    expect(reply.fields!.map((f) => f.name)).toEqual(["[1]", "[2]", "[3]", "[4]", "[5]"]);
    expect(field(reply, "[4]")).toBe("Outlet not named in the document\nEvents: 1");
  });

  it("shows the current version when the story is edited on disk while a timeline is open", async () => {
    const file = path.join(dir, `${FIRST}.txt`);
    const open = await run(services, "timeline", { story: FIRST, event: 10 });
    const original = await readFile(file, "utf8");
    const added = original.replace(
      "All related articles (5 articles)",
      "Feb 6, 2026 – The Élysée confirms the visit and promises a readout[6].\n\nAll related articles (6 articles)",
    );
    await writeFile(file, added);
    await vi.waitFor(() => expect(library.get(FIRST)!.story.timeline).toHaveLength(11), { timeout: 5_000, interval: 25 });
    const reply = await press(services, open, /Next/);
    expect(reply.blocks[0]!.text).toMatch(/changed since that button was made/);
    expect(field(reply, "Event")).toBe("10/11");
    const next = await press(services, reply, /Next/);
    expect(field(next, "Event")).toBe("11/11");
    expect(next.blocks[0]!.text).toBe("The Élysée confirms the visit and promises a readout.");
    expect(button(next, /Next/).disabled).toBe(true);
  });
});
