import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { htmlToPlain } from "../../src/adapters/telegram/render.js";
import type { ChatRef } from "../../src/core/chat.js";
import type { SubscriptionRuntime } from "../../src/subscriptions/index.js";
import { attachSubscriptions } from "../helpers/services.js";
import { updates } from "../fakes/telegram-api.js";
import { startHarness, type Harness } from "./harness.js";

type Keyboard = { text: string; callback_data: string }[][];

describe("guided /subscribe and several subscriptions on Telegram", () => {
  let h: Harness;
  let subscriptions: SubscriptionRuntime;
  const chat = updates.privateChat;
  const ref: ChatRef = { platform: "telegram", id: String(chat.id), kind: "private" };

  beforeEach(async () => {
    h = await startHarness();
    subscriptions = await attachSubscriptions(h);
  });
  afterEach(async () => {
    await subscriptions.stop();
    await h.close();
  });

  const send = async (text: string) => {
    const since = h.fake.mark();
    h.fake.pushUpdate(updates.command(text, chat));
    await h.fake.waitFor("sendMessage", { since });
    return h.fake.sentTo(chat.id).at(-1)!;
  };
  const shown = (messageId: number) => {
    const message = h.fake.message(chat.id, messageId)!;
    const keyboard = (message.reply_markup as { inline_keyboard: Keyboard } | undefined)?.inline_keyboard ?? [];
    return { text: htmlToPlain(message.text), labels: keyboard.flat().map((b) => b.text), keyboard };
  };
  /** Presses a button and waits until the message is edited in place (or a new one is sent). */
  const press = async (messageId: number, label: string | RegExp, waitFor = "editMessageText") => {
    const button = shown(messageId).keyboard.flat().find((b) => (typeof label === "string" ? b.text === label : label.test(b.text)));
    if (!button) throw new Error(`no button ${label} in ${shown(messageId).labels.join(", ")}`);
    const since = h.fake.mark();
    h.fake.pushUpdate(updates.press(button.callback_data, { chat, message_id: messageId }));
    await h.fake.waitFor(waitFor, { since });
  };

  it("walks mode, stories, time and zone with inline buttons, editing one message, then subscribes", async () => {
    const id = await send("/subscribe");
    expect(shown(id).text).toContain("What should this chat get?");
    expect(shown(id).labels).toEqual(["Daily digest", "Update notices", "Both"]);
    await press(id, "Both");
    expect(shown(id).text).toContain("About which stories?");
    expect(shown(id).labels[0]).toBe("All stories");
    await press(id, "All stories");
    expect(shown(id).labels).toEqual(["07:00", "08:00", "12:00", "18:00", "21:00"]);
    await press(id, "18:00");
    expect(shown(id).text).toContain("In which time zone is 18:00?");
    await press(id, "Asia/Tokyo");
    expect(shown(id).text).toContain("Subscribed");
    expect(await subscriptions.get(ref)).toMatchObject({ mode: "both", time: "18:00", timezone: "Asia/Tokyo" });
  });

  it("adds update notices for one story by clicking, next to a daily digest of everything, in French for a French user", async () => {
    const french = { ...chat, id: 777 };
    const frenchRef: ChatRef = { ...ref, id: "777" };
    const say = async (text: string) => {
      const since = h.fake.mark();
      const update = updates.command(text, french);
      h.fake.pushUpdate({ message: { ...update.message!, from: { ...update.message!.from!, language_code: "fr" } } } as typeof update);
      await h.fake.waitFor("sendMessage", { since });
      return h.fake.sentTo(french.id).at(-1)!;
    };
    const view = (messageId: number) => {
      const message = h.fake.message(french.id, messageId)!;
      const keyboard = (message.reply_markup as { inline_keyboard: Keyboard } | undefined)?.inline_keyboard ?? [];
      return { text: htmlToPlain(message.text), keyboard };
    };
    const click = async (messageId: number, label: string | RegExp) => {
      const button = view(messageId).keyboard.flat().find((b) => (typeof label === "string" ? b.text === label : label.test(b.text)))!;
      const since = h.fake.mark();
      h.fake.pushUpdate(updates.press(button.callback_data, { chat: french, message_id: messageId }));
      await h.fake.waitFor("editMessageText", { since });
    };
    await say("/subscribe mode:daily time:07:30 timezone:Paris");
    const id = await say("/subscribe");
    expect(view(id).text).toContain("Que doit recevoir cette discussion ?");
    await click(id, "Alertes de mise à jour");
    expect(view(id).text).toContain("Sur quels sujets ?");
    await click(id, /^Harbour Strike/);
    expect(view(id).text).toContain("Cette discussion recevra : alertes de mise à jour · sujet « Harbour Strike Enters Third Week in Rotterdam » (harbour).");
    expect((await subscriptions.list(frenchRef)).map((s) => [s.mode, s.time, s.filter?.kind ?? "all"])).toEqual([
      ["daily", "07:30", "all"],
      ["updates", "08:00", "story"],
    ]);
    const list = await say("/subscriptions");
    expect(view(list).text).toContain("1. résumé quotidien · tous les sujets");
    expect(view(list).keyboard.flat().map((b) => b.text)).toEqual(["Changer 1", "Arrêter 1", "Changer 2", "Arrêter 2"]);
  });

  it("keeps the typed form, with a city for the zone", async () => {
    const id = await send("/subscribe mode:daily time:07:30 timezone:paris");
    expect(shown(id).text).toContain("Digest time: 07:30 Europe/Paris");
  });

  it("lists several subscriptions and ends the one whose End button is pressed", async () => {
    await send("/subscribe mode:daily time:07:30 timezone:UTC");
    await send("/subscribe mode:updates topic:strike");
    const list = await send("/subscriptions");
    expect(shown(list).text).toContain("1. daily digest · all stories");
    expect(shown(list).text).toContain("2. update notices · topic “strike”");
    expect(shown(list).labels).toEqual(["Change 1", "End 1", "Change 2", "End 2"]);
    await press(list, "End 2", "sendMessage");
    expect(shown(h.fake.sentTo(chat.id).at(-1)!).text).toMatch(/^Unsubscribed from update notices/);
    expect((await subscriptions.list(ref)).map((s) => s.number)).toEqual([1]);
  });
});
