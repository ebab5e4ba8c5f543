import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Reply } from "../../src/core/reply.js";
import { htmlToPlain } from "../../src/adapters/telegram/render.js";
import { updates } from "../fakes/telegram-api.js";
import { startHarness, type Harness } from "./harness.js";

const digest: Reply = { title: "Your digest", blocks: [{ heading: "Harbour <strike>", text: "Mediator appointed & talks resume." }] };

describe("Telegram delivery port", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it("sends a digest to a channel by id", async () => {
    const result = await h.adapter.delivery.send(String(updates.channel.id), digest);
    expect(result).toEqual({ status: "sent" });
    const [call] = h.fake.callsOf("sendMessage");
    expect(call!.payload.chat_id).toBe(String(updates.channel.id));
    expect(call!.payload.parse_mode).toBe("HTML");
    expect(htmlToPlain(call!.payload.text)).toContain("Harbour <strike>");
  });

  it("reports a 403 (blocked, kicked) as gone", async () => {
    h.fake.answerNext("sendMessage", { ok: false, error_code: 403, description: "Forbidden: bot was kicked from the channel chat" });
    const result = await h.adapter.delivery.send("-100555", digest);
    expect(result).toMatchObject({ status: "gone", reason: expect.stringContaining("kicked") });
  });

  it("reports a chat that no longer exists as gone", async () => {
    h.fake.answerNext("sendMessage", { ok: false, error_code: 400, description: "Bad Request: chat not found" });
    expect(await h.adapter.delivery.send("-100556", digest)).toMatchObject({ status: "gone" });
  });

  it("hands a 429 back to the outbox with its retry_after, without waiting itself", async () => {
    h.fake.answerNext("sendMessage", { ok: false, error_code: 429, description: "Too Many Requests: retry after 7", parameters: { retry_after: 7 } });
    expect(await h.adapter.delivery.send("42", digest)).toMatchObject({ status: "retry", afterMs: 7000 });
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

  it("does not report a half-sent long digest as retryable, so the outbox never repeats its first part", async () => {
    const long: Reply = { blocks: [{ text: "word ".repeat(1500) }] };
    h.fake.answerNext("sendMessage", { ok: true, result: { message_id: 1, date: 0, chat: { id: 42, type: "private" } } });
    h.fake.answerNext("sendMessage", { ok: false, error_code: 500, description: "Internal Server Error" });
    const result = await h.adapter.delivery.send("42", long);
    expect(result).toMatchObject({ status: "failed", reason: expect.stringContaining("sent 1 of 2 messages") });
  });
});
