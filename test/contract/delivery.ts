import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DeliveryPort, DeliveryResult } from "../../src/core/delivery.js";
import type { Reply } from "../../src/core/reply.js";

/** How the platform answers the next send, so the contract can see what the port reports. */
export type PlatformAnswer =
  | { kind: "rateLimit"; retryAfterSeconds: number }
  /** The bot was kicked or blocked, or the chat no longer exists. */
  | { kind: "forbidden" }
  /** A 5xx on every attempt the client makes for that message. */
  | { kind: "serverError" }
  | { kind: "dropConnection" };

export type AnswerKind = PlatformAnswer["kind"];

/** One message as it reached the chat. */
export interface ShownMessage {
  /** What a person reads: markup removed, escapes undone. */
  text: string;
  /** Empty when the message is within the platform's limits; otherwise one line per broken limit. */
  limitProblems: string[];
}

/** What every adapter's delivery gives the contract suite, around its real client and fake server. */
export interface DeliveryHarness {
  port: DeliveryPort;
  /** A chat (or channel) that exists and the bot may post in. */
  chatId: string;
  /** The platform answers the next message sent with `answer`, after letting `skip` messages through as usual. */
  answerNext(answer: PlatformAnswer, options?: { skip?: number }): void;
  /** Every message that reached the chat, oldest first. */
  shown(): ShownMessage[];
  close(): Promise<void>;
}

/** Answers a platform cannot give, each with the reason; their cases are skipped and say so in their names. */
export type Impossible = Partial<Record<AnswerKind, string>>;

/** discord.js waits a little past Discord's Retry-After (its `offset`, 50 ms); the outbox may do the same. */
const RETRY_AFTER_MARGIN_MS = 1_000;

const digest: Reply = {
  title: "Morning digest",
  blocks: [{ heading: "Harbour strike", text: "Mediator appointed; talks resume at noon." }],
  footer: "1 story changed",
};

/** 12 blocks of about 1,000 characters, each word unique, so order and completeness can be read back. */
const long: Reply = {
  title: "Long digest",
  blocks: Array.from({ length: 12 }, (_, b) => ({
    heading: `Section ${b}`,
    text: Array.from({ length: 125 }, (_, w) => `b${b}w${w}`).join(" ").padEnd(1000, "."),
  })),
};

const oneLine = (text: string) => text.replace(/\s+/g, " ");

/** The DeliveryPort contract: run once per adapter with that adapter's harness. */
export function deliveryContract(name: string, makeHarness: () => Promise<DeliveryHarness>, impossible: Impossible = {}): void {
  /** `it`, or a visibly skipped `it` naming why the platform cannot have the case. */
  const itWhen = (needs: AnswerKind[], title: string, body: () => Promise<void>) => {
    const reasons = needs.flatMap((kind) => (impossible[kind] ? [impossible[kind]] : []));
    if (reasons.length) it.skip(`${title} (not applicable: ${reasons.join("; ")})`, body);
    else it(title, body);
  };

  describe(`${name} delivery contract`, () => {
    let h: DeliveryHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(async () => {
      await h.close();
    });

    /** Sends, failing the test with a clear message should the port throw instead of reporting. */
    const send = async (reply: Reply): Promise<DeliveryResult> => {
      let result: DeliveryResult;
      try {
        result = await h.port.send(h.chatId, reply);
      } catch (err) {
        throw new Error(`send threw instead of reporting a DeliveryResult: ${err instanceof Error ? err.message : String(err)}`);
      }
      expect(["sent", "retry", "gone", "failed"]).toContain(result.status);
      return result;
    };
    const shownText = () => oneLine(h.shown().map((m) => m.text).join("\n"));

    it("delivers a reply to the chat and reports sent, its title and text shown", async () => {
      expect(await send(digest)).toEqual({ status: "sent" });
      const text = shownText();
      expect(text).toContain("Morning digest");
      expect(text).toContain("Harbour strike");
      expect(text).toContain("Mediator appointed; talks resume at noon.");
    });

    it("delivers a 12,000-character reply complete and in order, each message within the platform's limits", async () => {
      expect(await send(long)).toEqual({ status: "sent" });
      const messages = h.shown();
      for (const message of messages) expect(message.limitProblems).toEqual([]);
      const text = shownText();
      let previous = -1;
      for (const block of long.blocks) {
        const at = text.indexOf(oneLine(`${block.heading} ${block.text}`));
        expect(at, `${block.heading} shown complete`).toBeGreaterThan(previous);
        previous = at;
      }
    });

    itWhen(["rateLimit"], "reports a rate limit as retry after the platform's retry_after, showing nothing", async () => {
      h.answerNext({ kind: "rateLimit", retryAfterSeconds: 7 });
      const result = await send(digest);
      expect(result.status).toBe("retry");
      const afterMs = result.status === "retry" ? result.afterMs : NaN;
      expect(afterMs).toBeGreaterThanOrEqual(7_000);
      expect(afterMs).toBeLessThanOrEqual(7_000 + RETRY_AFTER_MARGIN_MS);
      expect(h.shown()).toEqual([]);
    });

    itWhen(["forbidden"], "reports a chat the bot can no longer post in as gone", async () => {
      h.answerNext({ kind: "forbidden" });
      expect(await send(digest)).toMatchObject({ status: "gone", reason: expect.any(String) });
      expect(h.shown()).toEqual([]);
    });

    itWhen(["serverError"], "reports a server error as retry or failed, never as sent", async () => {
      h.answerNext({ kind: "serverError" });
      const result = await send(digest);
      expect(["retry", "failed"]).toContain(result.status);
      expect(h.shown()).toEqual([]);
    });

    itWhen(["dropConnection"], "reports a dropped connection as retry or failed instead of throwing", async () => {
      h.answerNext({ kind: "dropConnection" });
      const result = await send(digest);
      expect(["retry", "failed"]).toContain(result.status);
    });

    itWhen(["rateLimit"], "never reports a reply cut off part-way as retry, so the outbox does not repeat what was shown", async () => {
      h.answerNext({ kind: "rateLimit", retryAfterSeconds: 7 }, { skip: 1 });
      const result = await send(long);
      expect(h.shown()).toHaveLength(1);
      expect(["failed", "gone"]).toContain(result.status);
    });
  });
}
