import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MANAGE_GUILD, type RecordedCall } from "../fakes/discord-api.js";
import type { SubscriptionRuntime } from "../../src/subscriptions/index.js";
import { attachSubscriptions } from "../helpers/services.js";
import { startBot, type Bot } from "./harness.js";

const EPHEMERAL = 1 << 6;
const STRING = 3;
type ButtonJson = { label: string; custom_id: string };
const buttonsOf = (call: RecordedCall): ButtonJson[] => call.body.data.components.flatMap((row: { components: ButtonJson[] }) => row.components);
const labelsOf = (call: RecordedCall) => buttonsOf(call).map((b) => b.label);
const textOf = (call: RecordedCall): string => {
  const embed = call.body.data.embeds[0];
  return [embed.title, embed.description, ...(embed.fields ?? []).map((f: { name: string; value: string }) => `${f.name}: ${f.value}`), embed.footer?.text].filter(Boolean).join("\n");
};

describe("guided /subscribe and several subscriptions on Discord", () => {
  let bot: Bot;
  let subscriptions: SubscriptionRuntime;
  const server = { kind: "guild" as const, permissions: MANAGE_GUILD };
  const channel = { platform: "discord" as const, id: "810000000000000001", kind: "group" as const };
  beforeAll(async () => {
    bot = await startBot();
    subscriptions = await attachSubscriptions(bot);
  });
  afterAll(async () => {
    await subscriptions?.stop();
    await bot?.stop();
  });

  const press = async (current: RecordedCall, label: string | RegExp) => {
    const button = buttonsOf(current).find((b) => (typeof label === "string" ? b.label === label : label.test(b.label)));
    if (!button) throw new Error(`no button ${label} in ${labelsOf(current).join(", ")}`);
    return bot.fake.callbackFor(bot.fake.pressButton(button.custom_id, server));
  };

  it("walks mode, stories, time and zone with buttons that update one message, then subscribes the channel", async () => {
    let current = await bot.fake.callbackFor(bot.fake.slashCommand("subscribe", [], server));
    expect(textOf(current)).toContain("What should this chat get?");
    expect(labelsOf(current)).toEqual(["Daily digest", "Update notices", "Both"]);
    current = await press(current, "Daily digest");
    expect(current.body.type).toBe(7); // UPDATE_MESSAGE: the same message moves to the next step
    expect(textOf(current)).toContain("About which stories?");
    current = await press(current, "All stories");
    expect(labelsOf(current)).toContain("07:00");
    current = await press(current, "07:00");
    expect(textOf(current)).toContain("In which time zone is 07:00?");
    current = await press(current, "Europe/Paris");
    expect(textOf(current)).toContain("Subscribed");
    expect(await subscriptions.get(channel)).toMatchObject({ mode: "daily", time: "07:00", timezone: "Europe/Paris" });
  });

  it("adds update notices for one story by clicking, next to a daily digest of everything, in French for a French client", async () => {
    const french = { kind: "guild" as const, permissions: MANAGE_GUILD, channelId: "810000000000000077", locale: "fr" };
    const frenchChannel = { ...channel, id: "810000000000000077" };
    const clickFr = async (current: RecordedCall, label: string | RegExp) => {
      const button = buttonsOf(current).find((b) => (typeof label === "string" ? b.label === label : label.test(b.label)));
      if (!button) throw new Error(`no button ${label} in ${labelsOf(current).join(", ")}`);
      return bot.fake.callbackFor(bot.fake.pressButton(button.custom_id, french));
    };
    const typed = [{ name: "mode", type: STRING, value: "daily" }, { name: "time", type: STRING, value: "07:30" }, { name: "timezone", type: STRING, value: "Paris" }];
    await bot.fake.callbackFor(bot.fake.slashCommand("subscribe", typed, french));
    let current = await bot.fake.callbackFor(bot.fake.slashCommand("subscribe", [], french));
    expect(labelsOf(current)).toEqual(["Résumé quotidien", "Alertes de mise à jour", "Les deux"]);
    current = await clickFr(current, "Alertes de mise à jour");
    expect(textOf(current)).toContain("Sur quels sujets ?");
    current = await clickFr(current, /^Harbour Strike/);
    expect(textOf(current)).toContain("Cette discussion recevra : alertes de mise à jour · sujet « Harbour Strike Enters Third Week in Rotterdam » (harbour).");
    expect(textOf(current)).toContain("Abonnement 2 sur 2");
    expect((await subscriptions.list(frenchChannel)).map((s) => [s.mode, s.time, s.filter?.kind ?? "all"])).toEqual([
      ["daily", "07:30", "all"],
      ["updates", "08:00", "story"],
    ]);
  });

  it("refuses the guided flow's buttons to a member without Manage Server, ephemerally", async () => {
    const start = await bot.fake.callbackFor(bot.fake.slashCommand("subscribe", [], server));
    const button = buttonsOf(start).find((b) => b.label === "Both")!;
    const refused = await bot.fake.callbackFor(bot.fake.pressButton(button.custom_id, { kind: "guild" }));
    expect(refused.body.data.flags).toBe(EPHEMERAL);
    expect(textOf(refused)).toContain("needs the right to manage this chat");
  });

  it("adds a second subscription, lists both with buttons, and asks which to end", async () => {
    const typed = [{ name: "mode", type: STRING, value: "updates" }, { name: "topic", type: STRING, value: "strike" }];
    const added = await bot.fake.callbackFor(bot.fake.slashCommand("subscribe", typed, server));
    expect(textOf(added)).toContain("Subscription 2 of 2");
    const list = await bot.fake.callbackFor(bot.fake.slashCommand("subscriptions", [], server));
    expect(textOf(list)).toContain("**1\\. daily digest · all stories**"); // the heading, with Discord markdown escaped
    expect(labelsOf(list)).toEqual(["Change 1", "End 1", "Change 2", "End 2"]);
    const ask = await bot.fake.callbackFor(bot.fake.slashCommand("unsubscribe", [], server));
    expect(textOf(ask)).toContain("Which subscription should end?");
    const ended = await press(ask, /^End 1/);
    expect(textOf(ended)).toMatch(/Unsubscribed from daily digest · all stories \(subscription 1\)/);
    expect((await subscriptions.list(channel)).map((s) => s.number)).toEqual([2]);
  });
});
