import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MANAGE_GUILD } from "../fakes/discord-api.js";
import { BOT_TOKEN, startBot, type Bot } from "./harness.js";

const EPHEMERAL = 1 << 6;
const STRING = 3;
const INTEGER = 4;

describe("discord bot against a fake Discord", () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ adapter: { deferAfterMs: 300 } });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it("logs in with the bot token and becomes ready over the gateway", () => {
    expect(bot.fake.identifies).toBe(1);
    expect(bot.fake.tokensSeen).toContain(BOT_TOKEN);
    expect(bot.logLines.some((l) => l.includes("discord: ready as herald"))).toBe(true);
  });

  it("answers a slash command with its options as an embed with buttons", async () => {
    const sent = bot.fake.slashCommand("timeline", [{ name: "story", type: STRING, value: "alpha" }, { name: "event", type: INTEGER, value: 2 }]);
    const callback = await bot.fake.callbackFor(sent);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags ?? 0).toBe(0);
    expect(callback.body.data.embeds[0]).toMatchObject({ title: "Alpha story", description: "2/4 Talks stall" });
    const labels = callback.body.data.components[0].components.map((b: { label: string }) => b.label);
    expect(labels).toEqual(["First", "Prev", "Next", "Last"]);
  });

  it("pages the timeline in place to the end and back with buttons", async () => {
    const first = await bot.fake.callbackFor(bot.fake.slashCommand("timeline", [{ name: "story", type: STRING, value: "alpha" }]));
    let components = first.body.data.components;
    const press = async (label: string) => {
      const button = components[0].components.find((b: { label: string }) => b.label === label);
      const callback = await bot.fake.callbackFor(bot.fake.pressButton(button.custom_id));
      expect(callback.body.type).toBe(7); // UPDATE_MESSAGE: the same message is edited
      components = callback.body.data.components;
      return { text: callback.body.data.embeds[0].description as string, next: components[0].components[2] };
    };
    const seen = [];
    for (let i = 0; i < 3; i += 1) seen.push((await press("Next")).text);
    expect(seen).toEqual(["2/4 Talks stall", "3/4 Summit held", "4/4 Deal ratified"]);
    expect(components[0].components[2]).toMatchObject({ label: "Next", disabled: true });
    expect((await press("First")).text).toBe("1/4 Treaty signed");
    expect(components[0].components[1]).toMatchObject({ label: "Prev", disabled: true });
  });

  it("answers an unknown story with an ephemeral error", async () => {
    const callback = await bot.fake.callbackFor(bot.fake.slashCommand("timeline", [{ name: "story", type: STRING, value: "nope" }]));
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.embeds[0].description).toContain('No story matches "nope"');
  });

  it("answers an out-of-range integer option with an ephemeral message naming the option", async () => {
    const callback = await bot.fake.callbackFor(bot.fake.slashCommand("timeline", [{ name: "event", type: INTEGER, value: 5000 }]));
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.embeds[0].description).toContain("event");
    expect(callback.body.data.embeds[0].description).toContain("at most 1000");
  });

  it("autocompletes the story option from story titles", async () => {
    const sent = bot.fake.autocomplete("timeline", [{ name: "story", type: STRING, value: "al", focused: true }]);
    const callback = await bot.fake.callbackFor(sent);
    expect(callback.body).toEqual({
      type: 8,
      data: { choices: [{ name: "Alpha treaty talks", value: "alpha" }, { name: "Gamma alpine rescue", value: "gamma" }] },
    });
  });

  it("says a tampered or expired button is not valid, ephemerally", async () => {
    for (const customId of ["=timeline|alpha|x|y|z|w", "=nosuchcommand|1", "garbage"]) {
      const callback = await bot.fake.callbackFor(bot.fake.pressButton(customId));
      expect(callback.body.type).toBe(4);
      expect(callback.body.data.flags).toBe(EPHEMERAL);
      expect(callback.body.data.embeds[0].description).toContain("not valid any more");
    }
  });

  it("refuses a Manage Server command to a member without that right, and allows it with it", async () => {
    const mode = [{ name: "mode", type: STRING, value: "daily" }];
    const refused = await bot.fake.callbackFor(bot.fake.slashCommand("subscribe", mode, { kind: "guild" }));
    expect(refused.body.data.flags).toBe(EPHEMERAL);
    expect(refused.body.data.embeds[0].description).toContain("Manage Server");
    const allowed = await bot.fake.callbackFor(bot.fake.slashCommand("subscribe", mode, { kind: "guild", permissions: MANAGE_GUILD }));
    expect(allowed.body.data.flags ?? 0).toBe(0);
    expect(allowed.body.data.embeds[0].description).toBe("Subscribed (daily).");
    const inDm = await bot.fake.callbackFor(bot.fake.slashCommand("subscribe", mode, { kind: "dm" }));
    expect(inDm.body.data.embeds[0].description).toBe("Subscribed (daily).");
  });

  it("defers slow work and then edits the deferred reply", async () => {
    const sent = bot.fake.slashCommand("slow", [{ name: "ms", type: INTEGER, value: 800 }]);
    const callback = await bot.fake.callbackFor(sent);
    expect(callback.body.type).toBe(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    const edit = await bot.fake.waitFor((c) => c.method === "PATCH" && c.path === `/webhooks/${bot.fake.applicationId}/${sent.token}/messages/@original`);
    expect(edit.body.embeds[0]).toMatchObject({ title: "Done", description: "after 800 ms" });
  });

  it("answers fast work directly, without deferring", async () => {
    const sent = bot.fake.slashCommand("slow", [{ name: "ms", type: INTEGER, value: 0 }]);
    const callback = await bot.fake.callbackFor(sent);
    expect(callback.body.type).toBe(4);
    expect(bot.fake.webhookCallsFor(sent)).toEqual([]);
  });

  it("turns an unexpected error into an ephemeral apology and a log line, and keeps running", async () => {
    const callback = await bot.fake.callbackFor(bot.fake.slashCommand("boom"));
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.embeds[0].description).toContain("Something went wrong");
    expect(bot.logLines.some((l) => l.includes("ERROR discord /boom: unexpected error Error: disk on fire"))).toBe(true);
    const after = await bot.fake.callbackFor(bot.fake.slashCommand("timeline"));
    expect(after.body.data.embeds[0].description).toBe("1/4 Treaty signed");
  });

  it("works the same in a server channel", async () => {
    const callback = await bot.fake.callbackFor(bot.fake.slashCommand("timeline", [], { kind: "guild" }));
    expect(callback.body.data.embeds[0].description).toBe("1/4 Treaty signed");
  });

  it("never writes the token to its log", () => {
    expect(bot.logLines.length).toBeGreaterThan(0);
    for (const line of bot.logLines) expect(line).not.toContain(BOT_TOKEN);
  });
});
