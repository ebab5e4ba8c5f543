import { describe, expect, it } from "vitest";
import { decodeButton } from "../../src/core/dispatch.js";
import type { Reply } from "../../src/core/reply.js";
import { loadCommands } from "../../src/core/registry.js";
import {
  MESSAGE_MAX_CHARS,
  NOOP_BUTTON_DATA,
  createTelegramRenderer,
  htmlToPlain,
  type TelegramMessage,
} from "../../src/adapters/telegram/render.js";
import { rendererContract } from "../contract/renderer.js";

const registry = await loadCommands();
const renderer = createTelegramRenderer(registry);

/** Tags Telegram's HTML mode accepts, and the entities it decodes. */
const ALLOWED_MARKUP = /<\/?(b|i)>|<a href="[^"<>]*">|<\/a>|&(lt|gt|amp|quot);/g;

rendererContract<TelegramMessage>("Telegram", () => ({
  render: (reply) => renderer.render(reply),
  visibleText: (message) => htmlToPlain(message.text),
  limitProblems: (message) => {
    const problems: string[] = [];
    if (message.text.length > MESSAGE_MAX_CHARS) problems.push(`text is ${message.text.length} characters`);
    if (!message.text.trim()) problems.push("text is empty");
    if (/[<>]|&(?!(lt|gt|amp|quot);)/.test(message.text.replace(ALLOWED_MARKUP, ""))) problems.push("text has stray markup");
    return problems;
  },
  buttonData: (message) => (message.keyboard ?? []).flat().map((b) => b.callback_data),
}));

describe("Telegram renderer", () => {
  it("escapes every <, > and & of story text", () => {
    const [message] = renderer.render({ title: "<b>&amp;", blocks: [{ heading: "a<b", text: "x > y & z" }] });
    expect(message!.text).toBe("<b>&lt;b&gt;&amp;amp;</b>\n\n<b>a&lt;b</b>\nx &gt; y &amp; z");
  });

  it("splits a 5,000-character section into whole messages without breaking tags", () => {
    const section = Array.from({ length: 1020 }, (_, i) => (i % 100 === 0 ? `w${i}&` : `w${i}`)).join(" ");
    const messages = renderer.render({ title: "Long", blocks: [{ heading: "Background", text: section }] });
    expect(messages.length).toBe(2);
    for (const m of messages) {
      expect(m.text.length).toBeLessThanOrEqual(MESSAGE_MAX_CHARS);
      expect(m.text.match(/<b>/g)?.length ?? 0).toBe(m.text.match(/<\/b>/g)?.length ?? 0);
    }
    const shown = messages.map((m) => htmlToPlain(m.text)).join(" ");
    expect(section.length).toBeGreaterThan(5000);
    expect(shown).toContain("w0& w1 w2");
    expect(shown).toContain("w1018 w1019");
  });

  it("puts the keyboard on the last message only", () => {
    const reply: Reply = {
      blocks: [{ text: "x ".repeat(3000) }],
      buttons: [[{ label: "Next", action: { command: "timeline", options: { story: "s", event: 2, version: "v1" }, inPlace: true } }]],
    };
    const messages = renderer.render(reply);
    expect(messages.length).toBe(2);
    expect(messages[0]!.keyboard).toBeUndefined();
    expect(messages[1]!.keyboard![0]![0]!.text).toBe("Next");
  });

  it("encodes a button so the dispatcher decodes the same action", () => {
    const action = { command: "timeline", options: { story: "franco", event: 3, version: "abc" }, inPlace: true };
    const [message] = renderer.render({ blocks: [{ text: "t" }], buttons: [[{ label: "Next", action }]] });
    const decoded = decodeButton(message!.keyboard![0]![0]!.callback_data, registry);
    expect(decoded).toEqual({ command: "timeline", options: { story: "franco", event: "3", version: "abc" }, inPlace: true });
  });

  it("keeps a disabled button in its place as a button that does nothing", () => {
    const action = { command: "timeline", options: { story: "s", event: 1 }, inPlace: true };
    const [message] = renderer.render({
      blocks: [{ text: "t" }],
      buttons: [[{ label: "Prev", action, disabled: true }, { label: "Next", action }]],
    });
    expect(message!.keyboard![0]!.map((b) => b.callback_data)).toEqual([NOOP_BUTTON_DATA, "=timeline|s|1"]);
  });

  it("cuts a reply of many messages to one for an in-place edit and marks the cut", () => {
    const single = renderer.renderSingle({ blocks: [{ text: "y ".repeat(6000) }] });
    expect(single.text.length).toBeLessThanOrEqual(MESSAGE_MAX_CHARS);
    expect(single.text.endsWith("…")).toBe(true);
  });

  it("caps a huge reply at five messages ending with an ellipsis", () => {
    const messages = renderer.render({ blocks: Array.from({ length: 10 }, () => ({ text: "z ".repeat(3000) })) });
    expect(messages.length).toBe(5);
    expect(messages[4]!.text.endsWith("…")).toBe(true);
  });
});
