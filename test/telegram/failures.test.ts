import { afterEach, describe, expect, it } from "vitest";
import { defineCommand, option } from "../../src/core/command.js";
import { createRegistry, loadCommands } from "../../src/core/registry.js";
import { htmlToPlain } from "../../src/adapters/telegram/render.js";
import { updates } from "../fakes/telegram-api.js";
import { event, harbour, makeStory } from "../helpers/stories.js";
import { startHarness, type Harness } from "./harness.js";
import { attachSubscriptions } from "../helpers/services.js";

const TOO_MANY = { ok: false as const, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } };
const BLOCKED = { ok: false as const, error_code: 403, description: "Forbidden: bot was blocked by the user" };

describe("Telegram adapter under failure", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const ask = async (harness: Harness, text: string, chat = updates.privateChat) => {
    const since = harness.fake.mark();
    harness.fake.pushUpdate(updates.command(text, chat));
    await harness.fake.waitFor("sendMessage", { since, where: (c) => c.payload.chat_id === chat.id && !/^x/.test(String(c.payload.text)) });
    return harness.fake.calls.slice(since).filter((c) => c.method === "sendMessage");
  };

  it("escapes hostile story text and splits a 5,000-character event into valid messages", async () => {
    const hostile = makeStory({
      id: "hostile",
      title: "<b>Bold</b> claims & &amp; counter-claims",
      sections: [{ heading: "<i>Intro</i>", text: "Tags like <script>alert(1)</script> stay text. 5 < 6 && 7 > 3.", citations: [1] }],
      timeline: [event("2026-03-01", `<b>Start</b> &amp; ${"long words here ".repeat(320)}end.`, [1]), event("2026-03-02", "Second", [1])],
    });
    h = await startHarness({ stories: [hostile, harbour] });
    const headline = await ask(h, "/headline hostile");
    // The fake rejects malformed HTML with a 400, as Telegram does: a recorded send that succeeded was valid.
    expect(h.fake.sentTo(updates.privateChat.id)).toHaveLength(1);
    expect(htmlToPlain(headline[0]!.payload.text)).toContain("<b>Bold</b> claims & &amp; counter-claims");

    const since = h.fake.mark();
    h.fake.pushUpdate(updates.command("/timeline hostile", updates.privateChat));
    await h.fake.waitFor("sendMessage", { since, where: (c) => !!c.payload.reply_markup });
    const parts = h.fake.calls.slice(since).filter((c) => c.method === "sendMessage");
    expect(parts.length).toBe(2);
    for (const part of parts) expect(part.payload.text.length).toBeLessThanOrEqual(4096);
    const shown = parts.map((p) => htmlToPlain(p.payload.text)).join("\n");
    expect(shown).toContain("<b>Start</b> &amp; long words");
    expect(shown).toContain("end.");
    expect(h.fake.sentTo(updates.privateChat.id)).toHaveLength(3);
  });

  it("waits out a 429's retry_after and then delivers the reply", async () => {
    h = await startHarness({ beforeStart: (fake) => fake.answerNext("sendMessage", TOO_MANY) });
    const since = h.fake.mark();
    h.fake.pushUpdate(updates.command("/headline", updates.privateChat));
    await h.fake.until(() => h!.fake.sentTo(updates.privateChat.id).length === 1);
    expect(h.fake.calls.slice(since).filter((c) => c.method === "sendMessage")).toHaveLength(2);
  });

  it("does not hold up other chats while one waits out a 429", async () => {
    h = await startHarness({ beforeStart: (fake) => fake.answerNext("sendMessage", TOO_MANY) });
    h.fake.pushUpdate(updates.command("/headline", updates.privateChat));
    await h.fake.waitFor("sendMessage");
    h.fake.pushUpdate(updates.command("/headline", updates.group));
    await h.fake.until(() => h!.fake.sentTo(updates.privateChat.id).length === 1);
    const order = h.fake.calls.filter((c) => c.method === "sendMessage").map((c) => c.payload.chat_id);
    expect(order).toEqual([updates.privateChat.id, updates.group.id, updates.privateChat.id]);
  });

  it("retries a 5xx answer a bounded number of times, then logs and keeps answering", async () => {
    h = await startHarness({ beforeStart: (fake) => fake.answerNext("sendMessage", { ok: false, error_code: 502, description: "Bad Gateway" }, 4) });
    const since = h.fake.mark();
    h.fake.pushUpdate(updates.command("/headline", updates.privateChat));
    h.fake.pushUpdate(updates.command("/help", updates.privateChat));
    await h.fake.until(() => h!.fake.sentTo(updates.privateChat.id).length === 1);
    // One attempt and three retries for /headline, given up and logged; then /help went through.
    expect(h.fake.calls.slice(since).filter((c) => c.method === "sendMessage")).toHaveLength(5);
    expect(h.logs.join("\n")).toMatch(/WARN .*could not be answered.*502/);
  });

  it("logs a failing setMyCommands and keeps running", async () => {
    h = await startHarness({
      beforeStart: (fake) => fake.answerAlways("setMyCommands", { ok: false, error_code: 400, description: "Bad Request: BOT_COMMAND_INVALID" }),
    });
    expect(h.logs.join("\n")).toMatch(/WARN .*setMyCommands.*BOT_COMMAND_INVALID/);
    const [reply] = await ask(h, "/help");
    expect(htmlToPlain(reply!.payload.text)).toContain("/headline");
  });

  it("keeps answering other chats after a 403 on send, and logs it", async () => {
    h = await startHarness({ beforeStart: (fake) => fake.answerNext("sendMessage", BLOCKED) });
    await ask(h, "/headline");
    expect(h.fake.sentTo(updates.privateChat.id)).toHaveLength(0);
    await ask(h, "/headline", updates.group);
    expect(h.fake.sentTo(updates.group.id)).toHaveLength(1);
    expect(h.logs.join("\n")).toMatch(/WARN .*403: Forbidden: bot was blocked/);
  });

  it("turns an unexpected handler error into a short reply and one error log line", async () => {
    const broken = defineCommand({ name: "broken", description: "Always fails", options: {}, execute: () => { throw new Error("kaboom"); } });
    const commands = createRegistry([...(await loadCommands()).all(), broken]);
    h = await startHarness({ services: { commands } });
    const [reply] = await ask(h, "/broken");
    expect(htmlToPlain(reply!.payload.text)).toContain("Something went wrong on our side");
    expect(h.logs.filter((l) => / ERROR .*kaboom/.test(l))).toHaveLength(1);
    const [after] = await ask(h, "/headline");
    expect(after!.payload.text).toContain("Harbour");
  });

  it("never writes the bot token to a log line, even for network errors", async () => {
    h = await startHarness({ beforeStart: (fake) => fake.answerNext("sendMessage", "drop", 4) });
    h.fake.pushUpdate(updates.command("/headline", updates.privateChat));
    h.fake.pushUpdate(updates.command("/help", updates.privateChat));
    await h.fake.until(() => h!.fake.sentTo(updates.privateChat.id).length === 1);
    const logs = h.logs.join("\n");
    expect(logs).toMatch(/Network request for 'sendMessage' failed/);
    expect(logs).toContain("[redacted]");
    expect(logs).not.toContain(h.fake.token);
    expect(logs).not.toContain(h.fake.token.split(":")[1]);
  });

  it("refuses to start with a token Telegram rejects, saying so without the token", async () => {
    const start = startHarness({ beforeStart: (fake) => fake.answerAlways("getMe", { ok: false, error_code: 401, description: "Unauthorized" }) });
    const err = await start.then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/could not identify itself \(getMe\).*401: Unauthorized/);
    expect(err?.message).not.toContain("TEST-token");
  });

  it("gives up starting, with a clear error, when the Bot API cannot be reached", async () => {
    // grammY's own bot.init() would retry getMe forever here; start() must not hang.
    const start = startHarness({ env: { TELEGRAM_API_ROOT: "http://127.0.0.1:1" } });
    const err = await start.then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/could not identify itself \(getMe\): Network request for 'getMe' failed/);
  });

  it("lets only group admins run a manage-only command, and anyone in a private chat", async () => {
    const probe = defineCommand({
      name: "probe",
      description: "Needs manage rights",
      options: { note: option.string("A note") },
      requires: "manage",
      execute: () => ({ blocks: [{ text: "managed" }] }),
    });
    const commands = createRegistry([...(await loadCommands()).all(), probe]);
    h = await startHarness({ services: { commands } });
    const [refused] = await ask(h, "/probe", updates.group);
    expect(htmlToPlain(refused!.payload.text)).toContain("needs the right to manage this chat");
    h.fake.setMember(updates.group.id, updates.person.id, "administrator");
    const [allowed] = await ask(h, "/probe", updates.group);
    expect(allowed!.payload.text).toBe("managed");
    const [direct] = await ask(h, "/probe");
    expect(direct!.payload.text).toBe("managed");
    expect(h.fake.callsOf("getChatMember")).toHaveLength(2);
    // An anonymous admin posts as the group itself.
    const since = h.fake.mark();
    const anonymous = updates.command("/probe", updates.group, { id: 1087968824, is_bot: true, first_name: "Group" });
    h.fake.pushUpdate({ message: { ...anonymous.message!, sender_chat: updates.group } } as typeof anonymous);
    const reply = await h.fake.waitFor("sendMessage", { since });
    expect(reply.payload.text).toBe("managed");
    expect(h.fake.callsOf("getChatMember")).toHaveLength(2);
  });

  it("lets a group admin subscribe the group with the real /subscribe, and refuses a member, storing nothing", async () => {
    h = await startHarness();
    const subscriptions = await attachSubscriptions(h);
    const group = { platform: "telegram" as const, id: String(updates.group.id), kind: "group" as const };
    try {
      const [refused] = await ask(h, "/subscribe time:07:30 timezone:Europe/Paris", updates.group);
      expect(htmlToPlain(refused!.payload.text)).toContain("/subscribe needs the right to manage this chat");
      expect(await subscriptions.get(group)).toBeNull();
      h.fake.setMember(updates.group.id, updates.person.id, "administrator");
      const [allowed] = await ask(h, "/subscribe time:07:30 timezone:Europe/Paris", updates.group);
      expect(htmlToPlain(allowed!.payload.text)).toContain("07:30 Europe/Paris");
      expect(await subscriptions.get(group)).toMatchObject({ time: "07:30", timezone: "Europe/Paris" });
    } finally {
      await subscriptions.stop();
    }
  });
});
