import { beforeAll, describe, expect, it } from "vitest";
import type { Services } from "../../src/core/services.js";
import { makeServices } from "../helpers/services.js";
import { article, glacier, harbour, makeStory } from "../helpers/stories.js";
import { runCommand } from "../../src/core/dispatch.js";
import { context, field, press, run } from "../helpers/run.js";

let services: Services;
beforeAll(async () => {
  const many = Array.from({ length: 23 }, (_, i) => makeStory({ id: `s${i}`, title: `Filler story number ${i}` }));
  services = await makeServices([harbour, glacier, article, ...many]);
});

describe("/sources", () => {
  it("lists each citation with the sections and events that cite it, never inventing an outlet", async () => {
    const reply = await run(services, "sources", { story: "harbour" });
    expect(reply.fields!.map((f) => f.name)).toEqual(["[1]", "[2]", "[3]"]);
    expect(field(reply, "[1]")).toBe("Outlet not named in the document\nSections: Dockworkers Walk Out\nEvents: 1, 3");
    expect(field(reply, "[3]")).toBe("Outlet not named in the document\nSections: Talks Stall\nEvents: 3");
    expect(reply.blocks.find((b) => b.heading === "Outlets named")?.text).toBe("NRC, Reuters");
    expect(reply.blocks.find((b) => b.heading === "Related articles")?.text).toBe("7");
  });

  it("narrows to one event", async () => {
    const reply = await run(services, "sources", { story: "harbour", event: 2 });
    expect(reply.fields!.map((f) => [f.name, f.value])).toEqual([["[2]", "Outlet not named in the document\nEvents: 2"]]);
  });

  it("says plainly when a document cites nothing", async () => {
    const reply = await run(services, "sources", { story: "article" });
    expect(reply.blocks[0]!.text).toBe("This document cites no numbered articles.");
    expect(reply.blocks[1]!.text).toBe("Le Progrès");
  });
});

describe("/stories", () => {
  it("lists stories newest first, ten a page, with paging buttons", async () => {
    const first = await run(services, "stories");
    expect(first.title).toBe("Stories (26)");
    expect(first.blocks[0]!.text.split("\n")).toHaveLength(10);
    expect(first.blocks[0]!.text.split("\n")[0]).toMatch(/^1\. Harbour Strike .*\(7 articles · last moved 16 March 2026 · id harbour\)$/);
    const second = await press(services, first, /Next/);
    expect(second.footer).toBe("Page 2 of 3");
    expect(second.blocks[0]!.text.split("\n")[0]).toMatch(/^11\. /);
  });

  it("refuses a page past the end", async () => {
    await expect(run(services, "stories", { page: 4 })).rejects.toThrow("Page 4 is out of range: there are 3 pages.");
  });
});

describe("/help", () => {
  it("lists every command with its options on one line each", async () => {
    const reply = await run(services, "help");
    const lines = reply.blocks[0]!.text.split("\n");
    // The test chat is the terminal's, which adds how to leave it.
    expect(lines).toHaveLength(services.commands.all().length + 1);
    expect(lines.at(-1)).toMatch(/^\/quit — /);
    expect(lines).toContain("/timeline [story:…] [event:…] — Step through a story's timeline, one event at a time");
    expect(reply.blocks[0]!.text).not.toContain("version");
  });

  it("mentions /quit only in the terminal chat", async () => {
    const [reply] = await runCommand({ command: "help", options: {} }, { ...context(services), chat: { platform: "telegram", id: "1", kind: "private" } });
    expect(reply!.blocks[0]!.text).not.toContain("/quit");
  });
});
