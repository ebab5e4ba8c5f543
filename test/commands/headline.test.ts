import { beforeAll, describe, expect, it } from "vitest";
import type { Services } from "../../src/core/services.js";
import { makeServices } from "../helpers/services.js";
import { article, glacier, harbour } from "../helpers/stories.js";
import { button, field, press, run } from "../helpers/run.js";

let services: Services;
beforeAll(async () => {
  services = await makeServices([glacier, harbour, article]);
});

describe("/headline", () => {
  it("shows the most recently updated story with its facts", async () => {
    const reply = await run(services, "headline");
    expect(reply.title).toBe(harbour.title);
    expect(field(reply, "Articles")).toBe("7");
    expect(field(reply, "Last moved")).toBe("16 March 2026");
    expect(field(reply, "Outlets")).toBe("NRC, Reuters");
    expect(reply.blocks[0]!.text).toBe("Dockworkers stopped work on 2 March [1]. Ships queued offshore [2].");
  });

  it("summarises in at most three sentences", async () => {
    const reply = await run(services, "headline", { story: "glacier" });
    expect(reply.blocks[0]!.text).toBe("Something happened. Then more happened. And more.");
  });

  it("uses an article's standfirst as its summary", async () => {
    const reply = await run(services, "headline", { story: "cafe" });
    expect(reply.blocks[0]!.text).toBe(article.dek);
  });

  it("offers Timeline, Sources and Next story buttons", async () => {
    const reply = await run(services, "headline");
    expect(reply.buttons!.flat().map((b) => b.label)).toEqual(["Timeline", "Sources", "Next story ▶"]);
    expect(button(reply, /Timeline/).action).toEqual({ command: "timeline", options: { story: "harbour" }, inPlace: false });
  });

  it("walks through every story with Next story and wraps around", async () => {
    let reply = await run(services, "headline");
    const seen = [reply.title];
    for (let i = 0; i < 3; i++) {
      reply = await press(services, reply, /Next story/);
      seen.push(reply.title);
    }
    expect(seen).toEqual([harbour.title, glacier.title, article.title, harbour.title]);
  });

  it("answers an unknown story with the closest titles", async () => {
    await expect(run(services, "headline", { story: "harbor strike" })).rejects.toThrow(
      /No story matches "harbor strike"\. Closest: “Harbour Strike/,
    );
  });

  it("offers titles for an unknown story even when none is similar", async () => {
    await expect(run(services, "headline", { story: "zzzz" })).rejects.toThrow(/No story matches "zzzz"\. Closest: “/);
  });
});

describe("summary sentences", () => {
  it("does not end a sentence at an abbreviation followed by a lowercase word", async () => {
    const { firstSentences } = await import("../../src/core/briefing.js");
    expect(firstSentences("Talks among Russian and U.S. representatives resumed. Then a pause [2]. A third. A fourth.", 3)).toBe(
      "Talks among Russian and U.S. representatives resumed. Then a pause [2]. A third.",
    );
    expect(firstSentences("“Quoted.” Next one? Yes!", 2)).toBe("“Quoted.” Next one?");
  });
});
