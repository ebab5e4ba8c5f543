import { beforeAll, describe, expect, it } from "vitest";
import type { Services } from "../../src/core/services.js";
import { createMemoryLibrary } from "../../src/core/story-index.js";
import { makeServices } from "../helpers/services.js";
import { article, event, harbour } from "../helpers/stories.js";
import { button, field, press, run } from "../helpers/run.js";

let services: Services;
beforeAll(async () => {
  services = await makeServices([harbour, article]);
});

describe("/timeline", () => {
  it("starts at the oldest event with its position, date, text and citations", async () => {
    const reply = await run(services, "timeline", { story: "harbour" });
    expect(field(reply, "Event")).toBe("1/3");
    expect(reply.blocks).toEqual([{ heading: "2 March 2026", text: "Dockworkers walk out over pay" }]);
    expect(field(reply, "Cites")).toBe("[1]");
  });

  it("opens the event asked for", async () => {
    const reply = await run(services, "timeline", { story: "harbour", event: 3 });
    expect(field(reply, "Event")).toBe("3/3");
    expect(field(reply, "Cites")).toBe("[3][1]");
  });

  it("pages with Next to the last event, stays there, and back with First", async () => {
    let reply = await run(services, "timeline", { story: "harbour" });
    expect(button(reply, /Prev/).disabled).toBe(true);
    const positions = [field(reply, "Event")];
    for (let i = 0; i < 3; i++) {
      reply = await press(services, reply, /Next/);
      positions.push(field(reply, "Event"));
    }
    expect(positions).toEqual(["1/3", "2/3", "3/3", "3/3"]);
    expect(button(reply, /Next/).disabled).toBe(true);
    expect(button(reply, /Next/).action.inPlace).toBe(true);
    reply = await press(services, reply, /First/);
    expect(field(reply, "Event")).toBe("1/3");
    reply = await press(services, reply, /Last/);
    expect(field(reply, "Event")).toBe("3/3");
    reply = await press(services, reply, /Prev/);
    expect(field(reply, "Event")).toBe("2/3");
  });

  it("says an event is out of range and how many there are", async () => {
    await expect(run(services, "timeline", { story: "harbour", event: 9 })).rejects.toThrow(
      "Event 9 is out of range: “Harbour Strike Enters Third Week in Rotterdam” has 3 events (1–3).",
    );
  });

  it("says so when a story has no timeline", async () => {
    await expect(run(services, "timeline", { story: "article" })).rejects.toThrow(/has no dated timeline/);
  });

  it("shows the current version when a button from an older version is pressed", async () => {
    const library = createMemoryLibrary([{ story: harbour, version: "old00000", file: "h.txt", updatedAt: 1 }]);
    const own = { ...services, library };
    const stale = await run(own, "timeline", { story: "harbour", event: 3 });
    const shorter = { ...harbour, timeline: [event("2026-03-02", "Dockworkers walk out over pay"), event("2026-03-20", "Deal reached")] };
    library.put({ story: shorter, version: "new11111", file: "h.txt", updatedAt: 2 });
    const reply = await press(own, stale, /Next/);
    expect(reply.blocks[0]!.text).toMatch(/changed since that button was made/);
    expect(field(reply, "Event")).toBe("2/2");
    expect(reply.blocks[1]!.text).toBe("Deal reached");
    expect(button(reply, /First/).action.options.version).toBe("new11111");
  });
});
