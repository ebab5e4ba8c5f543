import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { htmlToPlain } from "../../src/adapters/telegram/render.js";
import { updates } from "../fakes/telegram-api.js";
import { startHarness, type Harness } from "./harness.js";
import type { SubscriptionRuntime } from "../../src/subscriptions/index.js";
import { attachSubscriptions } from "../helpers/services.js";
import { EVERY_COMMAND, expectEachInItsLanguage } from "../helpers/languages.js";

describe("Telegram bot commands", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const ask = async (text: string, chat = updates.privateChat) => {
    const since = h.fake.mark();
    h.fake.pushUpdate(updates.command(text, chat));
    return h.fake.waitFor("sendMessage", { since });
  };

  it("answers /headline in a private chat with HTML and a keyboard", async () => {
    const call = await ask("/headline");
    expect(call.payload.chat_id).toBe(updates.privateChat.id);
    expect(call.payload.parse_mode).toBe("HTML");
    expect(call.payload.text).toContain("<b>Harbour Strike Enters Third Week in Rotterdam</b>");
    const labels = call.payload.reply_markup.inline_keyboard.flat().map((b: { text: string }) => b.text);
    expect(labels).toEqual(expect.arrayContaining(["Timeline", "Sources"]));
  });

  it("maps typed arguments onto the command's options", async () => {
    const named = await ask("/timeline story:harbour event:3");
    expect(htmlToPlain(named.payload.text)).toContain("Mediator appointed");
    expect(htmlToPlain(named.payload.text)).toContain("3/3");
    const bare = await ask("/timeline franco");
    expect(htmlToPlain(bare.payload.text)).toContain("Envoy meets adviser");
  });

  it("answers a command addressed to it in a group and ignores one addressed to another bot", async () => {
    const since = h.fake.mark();
    h.fake.pushUpdate(updates.command("/timeline@OtherBot harbour", updates.group));
    h.fake.pushUpdate(updates.command("/timeline@HeraldBot franco", updates.group));
    const call = await h.fake.waitFor("sendMessage", { since });
    expect(call.payload.chat_id).toBe(updates.group.id);
    expect(htmlToPlain(call.payload.text)).toContain("Envoy meets adviser");
    // The group reply quotes the command it answers.
    expect(call.payload.reply_parameters.message_id).toBeGreaterThan(0);
    // Updates of one chat are handled in order, so the first was already passed over.
    expect(h.fake.calls.slice(since).filter((c) => c.method === "sendMessage")).toHaveLength(1);
  });

  it("answers in the forum topic the command came from", async () => {
    const since = h.fake.mark();
    const update = updates.command("/headline", updates.group);
    h.fake.pushUpdate({ message: { ...update.message!, is_topic_message: true, message_thread_id: 77 } } as typeof update);
    const call = await h.fake.waitFor("sendMessage", { since });
    expect(call.payload.message_thread_id).toBe(77);
  });

  it("stays quiet about another bot's unaddressed command in a group but explains an unknown one in private", async () => {
    const since = h.fake.mark();
    h.fake.pushUpdate(updates.command("/weather", updates.group));
    h.fake.pushUpdate(updates.command("/headline", updates.group));
    const call = await h.fake.waitFor("sendMessage", { since });
    expect(call.payload.text).toContain("Harbour Strike");
    const unknown = await ask("/weather");
    expect(htmlToPlain(unknown.payload.text)).toContain('Unknown command "/weather"');
  });

  it("answers /start with the help", async () => {
    const call = await ask("/start");
    expect(htmlToPlain(call.payload.text)).toContain("/timeline");
  });

  it("shows /sources with the story's citations", async () => {
    const call = await ask("/sources harbour");
    const text = htmlToPlain(call.payload.text);
    expect(text).toContain("Harbour Strike");
    expect(text).toContain("[3]");
  });

  it("answers a bad option with a message naming it", async () => {
    const call = await ask("/timeline story:harbour event:9");
    expect(htmlToPlain(call.payload.text)).toContain("Event 9 is out of range");
  });

  it("answers a command posted in a channel in that channel", async () => {
    const call = await ask("/headline", updates.channel);
    expect(call.payload.chat_id).toBe(updates.channel.id);
    expect(call.payload.text).toContain("Harbour Strike");
  });

  it("shows the management commands only in private chats and to group administrators", async () => {
    const menus = Object.fromEntries(
      h.fake.callsOf("setMyCommands").map((c) => [c.payload.scope?.type ?? "default", (c.payload.commands as { command: string }[]).map((m) => m.command)]),
    );
    expect(Object.keys(menus).sort()).toEqual(["all_chat_administrators", "all_private_chats", "default"]);
    for (const name of ["subscribe", "unsubscribe"]) {
      expect(menus.all_private_chats).toContain(name);
      expect(menus.all_chat_administrators).toContain(name);
      expect(menus.default).not.toContain(name);
    }
    expect(menus.default).toEqual(expect.arrayContaining(["headline", "timeline", "subscriptions", "help"]));
  });

  it("publishes the command menu with the descriptions from commands/", async () => {
    const [call] = h.fake.callsOf("setMyCommands");
    const menu = call!.payload.commands as { command: string; description: string }[];
    expect(menu.map((c) => c.command)).toEqual(expect.arrayContaining(["headline", "timeline", "sources", "stories", "help"]));
    expect(menu.find((c) => c.command === "timeline")!.description).toBe(h.services.commands.get("timeline")!.description);
  });
});

describe("Telegram bot in English and French", () => {
  let h: Harness;
  let subscriptions: SubscriptionRuntime;
  beforeEach(async () => {
    h = await startHarness();
    subscriptions = await attachSubscriptions(h);
  });
  afterEach(async () => {
    await subscriptions.stop();
    await h.close();
  });

  /** Every command from a person whose Telegram app is in `language`, in a private chat of their own. */
  const runAll = async (language: "en" | "fr", chatId: number) => {
    const chat = { ...updates.privateChat, id: chatId };
    const answers: { line: string; text: string }[] = [];
    for (const line of EVERY_COMMAND) {
      const since = h.fake.mark();
      h.fake.pushUpdate(updates.command(line, chat, { ...updates.person, language_code: language }));
      const call = await h.fake.waitFor("sendMessage", { since });
      const labels = (call.payload.reply_markup?.inline_keyboard ?? []).flat().map((b: { text: string }) => b.text);
      answers.push({ line, text: [htmlToPlain(call.payload.text), ...labels].join("\n") });
    }
    return answers;
  };

  it("answers every command, its buttons and its errors in the person's language, and nothing in the other", async () => {
    const french = await runAll("fr", 501);
    const english = await runAll("en", 502);
    expectEachInItsLanguage({ en: english, fr: french });
  });

  it("publishes a command menu per language, with the catalogue's descriptions", async () => {
    const french = h.fake.callsOf("setMyCommands").filter((c) => c.payload.language_code === "fr");
    expect(french.map((c) => c.payload.scope?.type).sort()).toEqual(["all_chat_administrators", "all_private_chats", "default"]);
    const menu = french[0]!.payload.commands as { command: string; description: string }[];
    expect(menu.find((c) => c.command === "timeline")!.description).toBe("Parcourir la chronologie d'un sujet, un événement à la fois");
  });
});

describe("Telegram bot with production pacing", () => {
  it("answers a group's commands in order through the throttler", async () => {
    const h = await startHarness({ options: { throttle: true, retry: {} } });
    try {
      const since = h.fake.mark();
      h.fake.pushUpdate(updates.command("/help", updates.group));
      h.fake.pushUpdate(updates.command("/headline", updates.group));
      await h.fake.until(() => h.fake.sentTo(updates.group.id).length === 2);
      const texts = h.fake.calls.slice(since).filter((c) => c.method === "sendMessage").map((c) => htmlToPlain(c.payload.text));
      expect(texts[0]).toContain("Herald commands");
      expect(texts[1]).toContain("Harbour Strike");
    } finally {
      await h.close();
    }
  });
});
