import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { htmlToPlain, NOOP_BUTTON_DATA } from "../../src/adapters/telegram/render.js";
import { updates } from "../fakes/telegram-api.js";
import { startHarness, type Harness } from "./harness.js";

type Keyboard = { text: string; callback_data: string }[][];

describe("Telegram inline keyboards", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const chat = updates.privateChat;

  /** Sends /timeline and returns the id of the message that holds the keyboard. */
  const openTimeline = async (args: string) => {
    const since = h.fake.mark();
    h.fake.pushUpdate(updates.command(`/timeline ${args}`, chat));
    await h.fake.waitFor("sendMessage", { since });
    return h.fake.sentTo(chat.id).at(-1)!;
  };

  const shown = (messageId: number) => {
    const message = h.fake.message(chat.id, messageId)!;
    const keyboard = (message.reply_markup as { inline_keyboard: Keyboard }).inline_keyboard;
    return { text: htmlToPlain(message.text), keyboard };
  };

  /** Presses the button with this label and waits until the press is answered. */
  const press = async (messageId: number, label: RegExp, extraWait?: string) => {
    const button = shown(messageId).keyboard.flat().find((b) => label.test(b.text))!;
    const since = h.fake.mark();
    h.fake.pushUpdate(updates.press(button.callback_data, { chat, message_id: messageId }));
    const answer = await h.fake.waitFor("answerCallbackQuery", { since });
    if (extraWait) await h.fake.waitFor(extraWait, { since });
    return { answer, since };
  };

  it("pages the timeline in place through to the last event and back", async () => {
    const id = await openTimeline("harbour");
    expect(shown(id).text).toContain("1/3");
    const sends = h.fake.callsOf("sendMessage").length;
    for (const position of [2, 3]) {
      const { answer } = await press(id, /Next/, "editMessageText");
      expect(answer.payload.show_alert).toBeUndefined();
      expect(shown(id).text).toContain(`${position}/3`);
    }
    expect(shown(id).text).toContain("Mediator appointed");
    await press(id, /First/, "editMessageText");
    expect(shown(id).text).toContain("1/3");
    expect(shown(id).text).toContain("Dockworkers walk out");
    // Paging never posted a new message.
    expect(h.fake.callsOf("sendMessage")).toHaveLength(sends);
  });

  it("keeps buttons that lead nowhere, and pressing one only stops the spinner", async () => {
    const id = await openTimeline("harbour");
    const prev = shown(id).keyboard.flat().find((b) => /Prev/.test(b.text))!;
    expect(prev.callback_data).toBe(NOOP_BUTTON_DATA);
    const before = shown(id).text;
    const { since } = await press(id, /Prev/);
    expect(h.fake.calls.slice(since).map((c) => c.method)).toEqual(["answerCallbackQuery"]);
    expect(shown(id).text).toBe(before);
  });

  it("answers a second press of the same page without an error", async () => {
    const id = await openTimeline("harbour");
    const next = shown(id).keyboard.flat().find((b) => /Next/.test(b.text))!.callback_data;
    for (let i = 0; i < 2; i++) {
      const since = h.fake.mark();
      h.fake.pushUpdate(updates.press(next, { chat, message_id: id }));
      const answer = await h.fake.waitFor("answerCallbackQuery", { since });
      await h.fake.waitFor("editMessageText", { since });
      expect(answer.payload.show_alert).toBeUndefined();
    }
    // The second edit was refused by Telegram as "not modified", which is no failure.
    // Updates of a chat run in order, so once /help is answered the press was fully handled.
    const since = h.fake.mark();
    h.fake.pushUpdate(updates.command("/help", chat));
    await h.fake.waitFor("sendMessage", { since });
    expect(shown(id).text).toContain("2/3");
    expect(h.logs.join("\n")).not.toMatch(/could not be answered|WARN|ERROR/);
  });

  it("answers a tampered or expired button with a short alert and changes nothing", async () => {
    const id = await openTimeline("harbour");
    const before = shown(id);
    for (const data of ["=timeline|no-such-story|2", "=nosuchcommand|x", "garbage", "=timeline|harbour|abc"]) {
      const since = h.fake.mark();
      h.fake.pushUpdate(updates.press(data, { chat, message_id: id }));
      const answer = await h.fake.waitFor("answerCallbackQuery", { since });
      expect(answer.payload.show_alert).toBe(true);
      expect(answer.payload.text.length).toBeGreaterThan(0);
      expect(answer.payload.text.length).toBeLessThanOrEqual(200);
      expect(h.fake.calls.slice(since).map((c) => c.method)).toEqual(["answerCallbackQuery"]);
    }
    expect(shown(id)).toEqual(before);
  });

  it("opens the timeline from /headline's button as a new message", async () => {
    const since = h.fake.mark();
    h.fake.pushUpdate(updates.command("/headline", chat));
    const sent = await h.fake.waitFor("sendMessage", { since });
    const id = h.fake.sentTo(chat.id).at(-1)!;
    expect(sent.payload.text).toContain("Harbour");
    await press(id, /^Timeline$/, "sendMessage");
    const opened = h.fake.callsOf("sendMessage").at(-1)!;
    expect(htmlToPlain(opened.payload.text)).toContain("1/3");
    expect(shown(id).text).toContain("Harbour Strike");
  });
});
