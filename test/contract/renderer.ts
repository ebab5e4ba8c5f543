import { describe, expect, it } from "vitest";
import type { Reply } from "../../src/core/reply.js";
import { BUTTON_DATA_MAX_BYTES } from "../../src/core/dispatch.js";

/** What every adapter's renderer exposes to the contract suite. */
export interface RendererUnderTest<M> {
  /** The adapter's own rendering of a reply into platform messages. */
  render(reply: Reply): M[];
  /** What a person reads: markup removed, entities decoded, embed parts joined by newlines. */
  visibleText(message: M): string;
  /** Empty when the message is within the platform's limits; otherwise one line per broken limit. */
  limitProblems(message: M): string[];
  /** The data of every button in the message. */
  buttonData(message: M): string[];
}

const longWords = (count: number, seed: string) =>
  Array.from({ length: count }, (_, i) => `${seed}${i}`).join(" ");

const hostile: Reply = {
  title: "Tags <b>bold</b> & <script>alert(1)</script>",
  blocks: [{ heading: "A & B <i>", text: "5 < 6 && 7 > 3; &amp; stays literal; `code` *stars* _under_ ||spoiler|| @everyone" }],
  fields: [{ name: "<field>", value: "x & y" }],
  footer: "footer & <foot>",
};

const huge: Reply = {
  title: "T".repeat(400),
  blocks: Array.from({ length: 6 }, (_, i) => ({ heading: `Heading ${i} ${"h".repeat(300)}`, text: longWords(900, `w${i}x`) })),
  fields: Array.from({ length: 40 }, (_, i) => ({ name: `Field ${i} ${"n".repeat(300)}`, value: longWords(300, `v${i}y`) })),
  footer: "F".repeat(3000),
};

/** The renderer contract: run once per adapter with that adapter's renderer. */
export function rendererContract<M>(name: string, make: () => RendererUnderTest<M>): void {
  describe(`${name} renderer contract`, () => {
    it("shows hostile text literally instead of as markup", () => {
      const r = make();
      const text = r.render(hostile).map((m) => r.visibleText(m)).join("\n");
      expect(text).toContain("<b>bold</b>");
      expect(text).toContain("<script>alert(1)</script>");
      expect(text).toContain("5 < 6 && 7 > 3; &amp; stays literal");
      expect(text).toContain("x & y");
    });

    it("keeps every message within the platform's limits however long the story", () => {
      const r = make();
      const messages = r.render(huge);
      expect(messages.length).toBeGreaterThan(0);
      for (const message of messages) expect(r.limitProblems(message)).toEqual([]);
    });

    it("keeps the start of long content and marks any cut with an ellipsis", () => {
      const r = make();
      const text = r.render(huge).map((m) => r.visibleText(m)).join("\n");
      expect(text).toContain("w0x0 w0x1 w0x2");
      const fullyShown = huge.blocks.every((b) => text.includes(b.text)) && huge.fields!.every((f) => text.includes(f.value));
      if (!fullyShown) expect(text).toContain("…");
    });

    it("renders an empty reply without failing", () => {
      const r = make();
      const messages = r.render({ blocks: [] });
      for (const message of messages) expect(r.limitProblems(message)).toEqual([]);
    });

    it("carries button actions in at most 64 bytes", () => {
      const r = make();
      const reply: Reply = {
        blocks: [{ text: "paging" }],
        buttons: [[
          { label: "First", action: { command: "timeline", options: { story: "a".repeat(24), event: 1, version: "0123abcd" }, inPlace: true } },
          { label: "Next", action: { command: "timeline", options: { story: "a".repeat(24), event: 999, version: "0123abcd" }, inPlace: true } },
        ]],
      };
      const data = r.render(reply).flatMap((m) => r.buttonData(m));
      expect(data.length).toBeGreaterThanOrEqual(2);
      for (const d of data) expect(Buffer.byteLength(d)).toBeLessThanOrEqual(BUTTON_DATA_MAX_BYTES);
    });
  });
}
