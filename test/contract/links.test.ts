import { describe, expect, it } from "vitest";
import { renderReply as renderDiscord } from "../../src/adapters/discord/render.js";
import { createTelegramRenderer } from "../../src/adapters/telegram/render.js";
import { renderReply as renderTerminal } from "../../src/adapters/terminal/render.js";
import { linkOf, type Reply } from "../../src/core/reply.js";
import { loadCommands } from "../../src/core/registry.js";
import { makeServices } from "../helpers/services.js";
import { run } from "../helpers/run.js";
import { harbour } from "../helpers/stories.js";

const registry = await loadCommands();
const linked: Reply = {
  title: "Harbour strike",
  url: "https://news.example/harbour?a=1&b=(2)",
  blocks: [
    { heading: "Glacier survey", url: "https://news.example/glacier", text: "Survey flights." },
    { heading: "No link", url: "javascript:alert(1)", text: "Nothing to follow." },
  ],
};

describe("links on titles", () => {
  it("accepts only absolute http(s) links", () => {
    expect(linkOf("https://news.example/a")).toBe("https://news.example/a");
    for (const bad of ["javascript:alert(1)", "ftp://x/y", "/relative", "https://a b", null, undefined, `https://x/${"a".repeat(600)}`]) {
      expect(linkOf(bad)).toBeUndefined();
    }
  });

  it("Discord: the embed title links to the report, a heading becomes a markdown link", () => {
    const [message] = renderDiscord(linked, registry);
    const embed = message!.embeds[0]!.toJSON();
    expect(embed.url).toBe("https://news.example/harbour?a=1&b=(2)");
    expect(embed.description).toContain("**[Glacier survey](https://news.example/glacier)**");
    expect(embed.description).toContain("**No link**");
    expect(embed.description).not.toContain("javascript");
  });

  it("Telegram: titles and headings are <a href> links, with the link escaped", () => {
    const [message] = createTelegramRenderer(registry).render(linked);
    expect(message!.text).toContain('<b><a href="https://news.example/harbour?a=1&amp;b=(2)">Harbour strike</a></b>');
    expect(message!.text).toContain('<b><a href="https://news.example/glacier">Glacier survey</a></b>');
    expect(message!.text).not.toContain("javascript");
  });

  it("terminal: the link is printed under what it belongs to", () => {
    const { text } = renderTerminal(linked);
    expect(text).toMatch(/Harbour strike\n─+\nhttps:\/\/news\.example\/harbour\?a=1&b=\(2\)/);
    expect(text).toContain("Glacier survey\nhttps://news.example/glacier\nSurvey flights.");
    expect(text).not.toContain("javascript");
  });

  it("/headline and /sources link the title of a story that has a URL, and not of one without", async () => {
    const services = await makeServices([{ ...harbour, url: "https://news.example/harbour" }]);
    expect((await run(services, "headline")).url).toBe("https://news.example/harbour");
    expect((await run(services, "sources")).url).toBe("https://news.example/harbour");
    const plain = await makeServices([{ ...harbour, url: null }]);
    expect((await run(plain, "headline")).url).toBeUndefined();
  });
});
