import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Reply } from "../../src/core/reply.js";
import { htmlToPlain, MESSAGE_MAX_CHARS } from "../../src/adapters/telegram/render.js";
import { deliveryContract, type PlatformAnswer } from "../contract/delivery.js";
import { updates, type FakeAnswer } from "../fakes/telegram-api.js";
import { startHarness, type Harness } from "./harness.js";

const answerOf = (answer: PlatformAnswer): FakeAnswer => {
  switch (answer.kind) {
    case "rateLimit":
      return { ok: false, error_code: 429, description: `Too Many Requests: retry after ${answer.retryAfterSeconds}`, parameters: { retry_after: answer.retryAfterSeconds } };
    case "forbidden":
      return { ok: false, error_code: 403, description: "Forbidden: bot was kicked from the supergroup chat" };
    case "serverError":
      // The delivery client makes one attempt: the outbox decides about retries.
      return { ok: false, error_code: 500, description: "Internal Server Error" };
    case "dropConnection":
      return "drop";
  }
};

deliveryContract("telegram", async () => {
  const h = await startHarness();
  const chat = updates.group.id;
  return {
    port: h.adapter.delivery,
    chatId: String(chat),
    answerNext(answer, { skip = 0 } = {}) {
      if (skip) h.fake.answerNext("sendMessage", "usual", skip);
      h.fake.answerNext("sendMessage", answerOf(answer));
    },
    shown: () =>
      h.fake.sentTo(chat).map((id) => {
        const text = htmlToPlain(h.fake.message(chat, id)!.text);
        return { text, limitProblems: text.length > MESSAGE_MAX_CHARS ? [`${text.length} > ${MESSAGE_MAX_CHARS} characters`] : [] };
      }),
    close: () => h.close(),
  };
});

const digest: Reply = { title: "Your digest", blocks: [{ heading: "Harbour <strike>", text: "Mediator appointed & talks resume." }] };

describe("Telegram delivery port", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("sends a digest to a channel by id as HTML", async () => {
    const result = await h.adapter.delivery.send(String(updates.channel.id), digest);
    expect(result).toEqual({ status: "sent" });
    const [call] = h.fake.callsOf("sendMessage");
    expect(call!.payload.chat_id).toBe(String(updates.channel.id));
    expect(call!.payload.parse_mode).toBe("HTML");
    expect(htmlToPlain(call!.payload.text)).toContain("Harbour <strike>");
  });

  it("reports a chat that no longer exists (400 chat not found) as gone", async () => {
    h.fake.answerNext("sendMessage", { ok: false, error_code: 400, description: "Bad Request: chat not found" });
    expect(await h.adapter.delivery.send("-100556", digest)).toMatchObject({ status: "gone" });
  });

  it("hands a 429 back to the outbox without retrying it itself", async () => {
    h.fake.answerNext("sendMessage", { ok: false, error_code: 429, description: "Too Many Requests: retry after 7", parameters: { retry_after: 7 } });
    expect(await h.adapter.delivery.send("42", digest)).toMatchObject({ status: "retry" });
    expect(h.fake.callsOf("sendMessage")).toHaveLength(1);
  });

  it("asks for a later retry after a 5xx or a network error", async () => {
    h.fake.answerNext("sendMessage", { ok: false, error_code: 500, description: "Internal Server Error" });
    expect(await h.adapter.delivery.send("42", digest)).toMatchObject({ status: "retry" });
    h.fake.answerNext("sendMessage", "drop");
    expect(await h.adapter.delivery.send("42", digest)).toMatchObject({ status: "retry" });
  });

  it("reports other refusals as failed with Telegram's reason", async () => {
    h.fake.answerNext("sendMessage", { ok: false, error_code: 400, description: "Bad Request: something else" });
    expect(await h.adapter.delivery.send("42", digest)).toEqual({ status: "failed", reason: "400: Bad Request: something else" });
  });

  it("names how much of a half-sent long digest reached the chat", async () => {
    const long: Reply = { blocks: [{ text: "word ".repeat(1500) }] };
    h.fake.answerNext("sendMessage", "usual");
    h.fake.answerNext("sendMessage", { ok: false, error_code: 500, description: "Internal Server Error" });
    const result = await h.adapter.delivery.send("42", long);
    expect(result).toMatchObject({ status: "failed", reason: expect.stringContaining("sent 1 of 2 messages") });
  });
});
