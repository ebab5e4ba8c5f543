import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderReply, escapeDiscordMarkdown, DISCORD_LIMITS } from "../../src/adapters/discord/render.js";
import { decodeButton } from "../../src/core/dispatch.js";
import type { Reply } from "../../src/core/reply.js";
import { rendererContract } from "../contract/renderer.js";
import { buttonData, embedsOf, limitProblems, unmarkdown, visibleText } from "./embeds.js";
import { testRegistry } from "./fixtures.js";

const registry = await testRegistry();

rendererContract("discord", () => ({
  render: (reply) => renderReply(reply, registry),
  visibleText,
  limitProblems,
  buttonData,
}));

const paging: Reply = {
  title: "Alpha story",
  blocks: [{ heading: "Event 2", text: "Talks stall" }],
  fields: [{ name: "Cited", value: "[1], [3]", inline: true }],
  footer: "12 articles · updated 2024-03-02",
  timestamp: "2024-03-02T10:00:00.000Z",
  buttons: [[
    { label: "Prev", disabled: true, action: { command: "timeline", options: { story: "alpha", event: 1, version: "v1" }, inPlace: true } },
    { label: "Sources", action: { command: "sources", options: { story: "alpha" }, inPlace: false } },
  ]],
};

describe("discord renderer", () => {
  it("puts title, text, fields, footer and timestamp in one embed", () => {
    const [message, ...more] = renderReply(paging, registry);
    expect(more).toEqual([]);
    const [embed] = embedsOf(message!);
    expect(embed).toMatchObject({
      title: "Alpha story",
      description: "**Event 2**\nTalks stall",
      fields: [{ name: "Cited", value: "\\[1\\], \\[3\\]", inline: true }],
      footer: { text: "12 articles · updated 2024-03-02" },
      timestamp: "2024-03-02T10:00:00.000Z",
    });
  });

  it("turns each button into a custom_id that decodes back to its action, greying out disabled ones", () => {
    const [message] = renderReply(paging, registry);
    const [row] = message!.components.map((r) => r.toJSON());
    const [prev, sources] = row!.components as Array<{ custom_id: string; disabled?: boolean; label: string }>;
    expect(prev).toMatchObject({ label: "Prev", disabled: true });
    expect(decodeButton(prev!.custom_id, registry)).toEqual({ command: "timeline", options: { story: "alpha", event: "1", version: "v1" }, inPlace: true });
    expect(decodeButton(sources!.custom_id, registry).inPlace).toBe(false);
  });

  it("splits a long description across embeds at paragraph boundaries without losing text", () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => ({ text: `Paragraph ${i} ${"word ".repeat(120).trim()}` }));
    const messages = renderReply({ title: "Long", blocks: paragraphs }, registry);
    for (const m of messages) expect(limitProblems(m)).toEqual([]);
    const text = messages.map(visibleText).join("\n");
    for (const p of paragraphs) expect(text).toContain(p.text);
    expect(embedsOf(messages[0]!).length).toBeGreaterThan(1);
  });

  it("keeps an in-place update to a single message, trimmed with an ellipsis", () => {
    const blocks = Array.from({ length: 5 }, (_, i) => ({ text: `Block ${i} ${"x".repeat(3000)}` }));
    const messages = renderReply({ blocks, buttons: paging.buttons }, registry, { maxMessages: 1 });
    expect(messages).toHaveLength(1);
    expect(limitProblems(messages[0]!)).toEqual([]);
    expect(visibleText(messages[0]!)).toContain("…");
    expect(buttonData(messages[0]!)).toHaveLength(2);
  });

  it("caps a reply at 25 fields per embed and says how many were left out", () => {
    const fields = Array.from({ length: 60 }, (_, i) => ({ name: `Source ${i}`, value: "x".repeat(900) }));
    const messages = renderReply({ blocks: [{ text: "sources" }], fields, footer: "60 sources" }, registry);
    for (const m of messages) expect(limitProblems(m)).toEqual([]);
    const shown = messages.flatMap(embedsOf).flatMap((e) => e.fields ?? []).length;
    expect(shown).toBeLessThan(60);
    expect(messages.flatMap(embedsOf).at(-1)!.footer!.text).toBe(`60 sources · … ${60 - shown} more not shown`);
    // What the renderer adds is in the reply's language.
    const french = renderReply({ blocks: [{ text: "sources" }], fields, footer: "60 sources", locale: "fr" }, registry);
    expect(french.flatMap(embedsOf).at(-1)!.footer!.text).toBe(`60 sources · … ${60 - shown} de plus non affichés`);
  });

  it("never leaves a dangling escape when cutting escaped text", () => {
    const messages = renderReply({ blocks: [{ text: "*".repeat(DISCORD_LIMITS.description * 3) }] }, registry, { maxMessages: 1 });
    const description = embedsOf(messages[0]!)[0]!.description!;
    expect(description.replace(/…$/, "")).toMatch(/^(\\\*)+$/);
  });

  it("escapes markdown so every character shows literally", () => {
    const text = "# Title\n- item\n1. first\n> quote *b* _i_ `c` ~~s~~ ||sp|| [l](http://x) <@1> \\ back";
    expect(unmarkdown(escapeDiscordMarkdown(text))).toBe(text);
    expect(escapeDiscordMarkdown("# x")).toBe("\\# x");
  });

  it("leaves bare links as they are so Discord still links them", () => {
    expect(escapeDiscordMarkdown("see https://example.com/a_b?q=*1* and a_b")).toBe("see https://example.com/a_b?q=*1* and a\\_b");
  });

  it("marks error replies in red", () => {
    const [message] = renderReply({ blocks: [{ text: "No story matches." }], tone: "error" }, registry);
    expect(embedsOf(message!)[0]!.color).toBe(0xc0392b);
  });
});

describe("discord renderer on arbitrary replies", () => {
  const text = (max: number) => fc.string({ unit: fc.constantFrom("a", "b", " ", "\n", "*", "_", "\\", "`", "#", "-", "é", "😀", "…"), maxLength: max });
  const reply = fc.record({
    title: fc.option(text(400), { nil: undefined }),
    blocks: fc.array(fc.record({ heading: fc.option(text(300), { nil: undefined }), text: text(5000) }), { maxLength: 6 }),
    fields: fc.option(fc.array(fc.record({ name: text(300), value: text(1500) }), { maxLength: 40 }), { nil: undefined }),
    footer: fc.option(text(3000), { nil: undefined }),
  });

  it("stays within Discord's limits for any reply, in one message or several", () => {
    fc.assert(
      fc.property(reply, fc.constantFrom(1, 3), (r: Reply, maxMessages) => {
        const messages = renderReply(r, registry, { maxMessages });
        expect(messages.length).toBeGreaterThan(0);
        expect(messages.length).toBeLessThanOrEqual(maxMessages);
        for (const m of messages) expect(limitProblems(m)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
