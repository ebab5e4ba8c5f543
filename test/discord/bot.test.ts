import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeButton, encodeButton, parseCommandLine, readCommandLine } from "../../src/core/dispatch.js";
import { EVERY_COMMAND, expectEachInItsLanguage } from "../helpers/languages.js";
import { MANAGE_GUILD, type RecordedCall } from "../fakes/discord-api.js";
import { harbour } from "../helpers/stories.js";
import { BOT_TOKEN, startBot, type Bot } from "./harness.js";
import type { SubscriptionRuntime } from "../../src/subscriptions/index.js";
import { attachSubscriptions } from "../helpers/services.js";

const EPHEMERAL = 1 << 6;
const STRING = 3;
const INTEGER = 4;
/** Resolves once `condition` holds, checking every 10 ms for up to 5 s. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5_000) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const story = (value: string) => ({ name: "story", type: STRING, value });

type ButtonJson = { label: string; custom_id: string; disabled?: boolean };
const buttonsOf = (call: RecordedCall): ButtonJson[] => call.body.data.components.flatMap((row: { components: ButtonJson[] }) => row.components);
const fieldOf = (call: RecordedCall, name: string): string | undefined =>
  call.body.data.embeds[0].fields?.find((f: { name: string }) => f.name === name)?.value;

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

  it("answers /headline with an embed: title, summary, fields, footer, timestamp and buttons", async () => {
    const callback = await bot.fake.callbackFor(bot.fake.slashCommand("headline"));
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags ?? 0).toBe(0);
    const [embed] = callback.body.data.embeds;
    expect(embed.title).toBe(harbour.title);
    expect(embed.description).toContain("Dockworkers stopped work");
    expect(embed.footer.text).toBe("Story harbour");
    expect(embed.timestamp).toBe("2026-03-16T00:00:00.000Z");
    expect(fieldOf(callback, "Articles")).toBe("7");
    expect(buttonsOf(callback).map((b) => b.label)).toEqual(["Timeline", "Sources", "Next story ▶"]);
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [] });
  });

  it("answers a slash command with its typed options", async () => {
    const callback = await bot.fake.callbackFor(bot.fake.slashCommand("timeline", [story("harbour"), { name: "event", type: INTEGER, value: 2 }]));
    expect(fieldOf(callback, "Event")).toBe("2/3");
    expect(callback.body.data.embeds[0].description).toContain("Ships begin to divert to Antwerp");
  });

  it("pages the timeline in place to the end and back with buttons", async () => {
    let current = await bot.fake.callbackFor(bot.fake.slashCommand("timeline", [story("harbour")]));
    const press = async (label: RegExp) => {
      const button = buttonsOf(current).find((b) => label.test(b.label))!;
      current = await bot.fake.callbackFor(bot.fake.pressButton(button.custom_id));
      expect(current.body.type).toBe(7); // UPDATE_MESSAGE: the pressed message is edited, not a new one
      return fieldOf(current, "Event");
    };
    const positions = [fieldOf(current, "Event")];
    for (let i = 0; i < 2; i += 1) positions.push(await press(/Next/));
    expect(positions).toEqual(["1/3", "2/3", "3/3"]);
    expect(buttonsOf(current).find((b) => /Next/.test(b.label))!.disabled).toBe(true);
    expect(await press(/Prev/)).toBe("2/3");
    expect(await press(/First/)).toBe("1/3");
    expect(buttonsOf(current).find((b) => /Prev/.test(b.label))!.disabled).toBe(true);
  });

  it("opens the sources and the timeline from /headline as new messages", async () => {
    const headline = await bot.fake.callbackFor(bot.fake.slashCommand("headline", [story("harbour")]));
    for (const label of ["Sources", "Timeline"]) {
      const button = buttonsOf(headline).find((b) => b.label === label)!;
      const callback = await bot.fake.callbackFor(bot.fake.pressButton(button.custom_id));
      expect(callback.body.type).toBe(4);
      expect(callback.body.data.embeds[0].title).toContain(harbour.title);
    }
  });

  it("goes to the next story in place", async () => {
    const headline = await bot.fake.callbackFor(bot.fake.slashCommand("headline", [story("harbour")]));
    const next = buttonsOf(headline).find((b) => /Next story/.test(b.label))!;
    const callback = await bot.fake.callbackFor(bot.fake.pressButton(next.custom_id));
    expect(callback.body.type).toBe(7);
    expect(callback.body.data.embeds[0].title).not.toBe(harbour.title);
  });

  it("answers an unknown story with an ephemeral error", async () => {
    const callback = await bot.fake.callbackFor(bot.fake.slashCommand("timeline", [story("zeppelin")]));
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.embeds[0].description).toContain('No story matches "zeppelin"');
  });

  it("answers an out-of-range event with an ephemeral message that says how many there are", async () => {
    const callback = await bot.fake.callbackFor(bot.fake.slashCommand("timeline", [story("harbour"), { name: "event", type: INTEGER, value: 9 }]));
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.embeds[0].description).toContain("has 3 events (1–3)");
  });

  it("autocompletes the story option from story titles, matching as the core does", async () => {
    const callback = await bot.fake.callbackFor(bot.fake.autocomplete("timeline", [{ ...story("harb"), focused: true }]));
    expect(callback.body.type).toBe(8);
    expect(callback.body.data.choices[0]).toEqual({ name: harbour.title, value: "harbour" });
    const accents = await bot.fake.callbackFor(bot.fake.autocomplete("headline", [{ ...story("franco russ"), focused: true }]));
    expect(accents.body.data.choices[0].value).toBe("franco");
  });

  it("autocompletes the time zone of /subscribe from cities, countries and IANA names", async () => {
    const timezone = (value: string) => ({ name: "timezone", type: STRING, value, focused: true });
    const city = await bot.fake.callbackFor(bot.fake.autocomplete("subscribe", [timezone("tokyo")]));
    expect(city.body.data.choices[0].value).toBe("Asia/Tokyo");
    const country = await bot.fake.callbackFor(bot.fake.autocomplete("subscribe", [timezone("indi")]));
    expect(country.body.data.choices.map((c: { name: string }) => c.name)).toContain("India (Asia/Kolkata)");
    const iana = await bot.fake.callbackFor(bot.fake.autocomplete("subscribe", [timezone("europe/par")]));
    expect(iana.body.data.choices.map((c: { value: string }) => c.value)).toContain("Europe/Paris");
    const typo = await bot.fake.callbackFor(bot.fake.autocomplete("subscribe", [timezone("Tokio")]));
    expect(typo.body.data.choices[0].value).toBe("Asia/Tokyo");
    const empty = await bot.fake.callbackFor(bot.fake.autocomplete("subscribe", [timezone("")]));
    expect(empty.body.data.choices.length).toBeGreaterThan(1);
    expect(empty.body.data.choices.length).toBeLessThanOrEqual(25);
  });

  it("offers every story, newest first, when nothing is typed yet", async () => {
    const callback = await bot.fake.callbackFor(bot.fake.autocomplete("sources", [{ ...story(""), focused: true }]));
    expect(callback.body.data.choices.map((c: { value: string }) => c.value)).toEqual(bot.services.library.list().map((e) => e.story.id));
  });

  it("says a tampered or expired button is not valid, ephemerally", async () => {
    for (const customId of ["=timeline|harbour|x|y|z|w", "=nosuchcommand|1", "garbage", "=timeline|harbour|99999999999999999999"]) {
      const callback = await bot.fake.callbackFor(bot.fake.pressButton(customId));
      expect(callback.body.data.flags).toBe(EPHEMERAL);
      expect(callback.body.data.embeds[0].description).toMatch(/not valid any more|must be|out of range/);
    }
  });

  it("refuses a Manage Server command to a member without that right, allows it with it and in DMs", async () => {
    const mode = [{ name: "mode", type: STRING, value: "daily" }];
    const refused = await bot.fake.callbackFor(bot.fake.slashCommand("guarded", mode, { kind: "guild" }));
    expect(refused.body.data.flags).toBe(EPHEMERAL);
    expect(refused.body.data.embeds[0].description).toContain("Manage Server");
    const allowed = await bot.fake.callbackFor(bot.fake.slashCommand("guarded", mode, { kind: "guild", permissions: MANAGE_GUILD }));
    expect(allowed.body.data.flags ?? 0).toBe(0);
    expect(allowed.body.data.embeds[0].description).toBe("Done (daily).");
    const inDm = await bot.fake.callbackFor(bot.fake.slashCommand("guarded", mode, { kind: "dm" }));
    expect(inDm.body.data.embeds[0].description).toBe("Done (daily).");
  });

  it("subscribes a server channel with the real /subscribe only for Manage Server, storing nothing otherwise", async () => {
    const subscriptions = await attachSubscriptions(bot);
    const channel = { platform: "discord" as const, id: "810000000000000001", kind: "group" as const };
    const options = [{ name: "time", type: STRING, value: "07:30" }, { name: "timezone", type: STRING, value: "Europe/Paris" }];
    try {
      const refused = await bot.fake.callbackFor(bot.fake.slashCommand("subscribe", options, { kind: "guild" }));
      expect(refused.body.data.flags).toBe(EPHEMERAL);
      expect(refused.body.data.embeds[0].description).toContain("/subscribe needs the right to manage this chat");
      expect(await subscriptions.get(channel)).toBeNull();
      const allowed = await bot.fake.callbackFor(bot.fake.slashCommand("subscribe", options, { kind: "guild", permissions: MANAGE_GUILD }));
      expect(allowed.body.data.flags ?? 0).toBe(0);
      expect(await subscriptions.get(channel)).toMatchObject({ time: "07:30", timezone: "Europe/Paris" });
    } finally {
      await subscriptions.stop();
      delete bot.services.subscriptions;
    }
  });

  it("defers slow work and then edits the deferred reply", async () => {
    const sent = bot.fake.slashCommand("slow", [{ name: "ms", type: INTEGER, value: 800 }]);
    const callback = await bot.fake.callbackFor(sent);
    expect(callback.body.type).toBe(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    const edit = await bot.fake.waitFor((c) => c.method === "PATCH" && c.path === `/webhooks/${bot.fake.applicationId}/${sent.token}/messages/@original`);
    expect(edit.body.embeds[0]).toMatchObject({ title: "Done", description: "after 800 ms" });
  });

  it("defers a slow in-place button with deferUpdate and then edits the pressed message", async () => {
    const first = await bot.fake.callbackFor(bot.fake.slashCommand("slow", [{ name: "ms", type: INTEGER, value: 0 }]));
    const again = buttonsOf(first).find((b) => b.label === "Again")!;
    expect(decodeButton(again.custom_id, bot.services.commands).options).toEqual({ ms: "0" });
    const slowAgain = encodeButton({ command: "slow", options: { ms: 600 }, inPlace: true }, bot.services.commands);
    const sent = bot.fake.pressButton(slowAgain);
    expect((await bot.fake.callbackFor(sent)).body.type).toBe(6); // DEFERRED_UPDATE_MESSAGE
    const edit = await bot.fake.waitFor((c) => c.method === "PATCH" && c.path === `/webhooks/${bot.fake.applicationId}/${sent.token}/messages/@original`);
    expect(edit.body.embeds[0].description).toBe("after 600 ms");
  });

  it("shows an error that comes after deferring ephemerally and removes the public placeholder", async () => {
    const sent = bot.fake.slashCommand("slow", [{ name: "ms", type: INTEGER, value: 600 }, { name: "outcome", type: STRING, value: "error" }]);
    expect((await bot.fake.callbackFor(sent)).body.type).toBe(5);
    const followUp = await bot.fake.waitFor((c) => c.method === "POST" && c.path === `/webhooks/${bot.fake.applicationId}/${sent.token}`);
    expect(followUp.body.flags).toBe(EPHEMERAL);
    expect(followUp.body.embeds[0].description).toBe("Gave up after 600 ms.");
    await bot.fake.waitFor((c) => c.method === "DELETE" && c.path === `/webhooks/${bot.fake.applicationId}/${sent.token}/messages/@original`);
  });

  it("keeps running when Discord refuses an answer (an expired interaction)", async () => {
    // Both the answer and the ephemeral error that follows it are refused.
    bot.fake.failNext("POST", /\/callback$/, { status: 404, body: { message: "Unknown interaction", code: 10062 } }, 2);
    const expired = bot.fake.slashCommand("headline");
    await until(() => bot.logLines.some((l) => l.includes(`could not answer interaction ${expired.id}`)));
    expect(bot.logLines.some((l) => l.includes("Unknown interaction"))).toBe(true);
    const after = await bot.fake.callbackFor(bot.fake.slashCommand("headline"));
    expect(after.body.data.embeds[0].title).toBe(harbour.title);
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
    const after = await bot.fake.callbackFor(bot.fake.slashCommand("headline"));
    expect(after.body.data.embeds[0].title).toBe(harbour.title);
  });

  it("works the same in a server channel", async () => {
    const callback = await bot.fake.callbackFor(bot.fake.slashCommand("timeline", [story("glacier")], { kind: "guild" }));
    expect(fieldOf(callback, "Event")).toBe("1/2");
  });

  it("never writes the token to its log", () => {
    expect(bot.logLines.length).toBeGreaterThan(0);
    for (const line of bot.logLines) expect(line).not.toContain(BOT_TOKEN);
  });
});

describe("discord bot in English and French", () => {
  let bot: Bot;
  let subscriptions: SubscriptionRuntime;
  beforeAll(async () => {
    bot = await startBot();
    subscriptions = await attachSubscriptions(bot);
  });
  afterAll(async () => {
    await subscriptions?.stop();
    await bot?.stop();
  });

  /** The plain text of an answer: embeds (title, description, fields, footer) and button labels. */
  const plain = (call: RecordedCall): string => {
    const data = call.body.data;
    const embeds = (data.embeds ?? []).flatMap((e: { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } }) => [
      e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`), e.footer?.text,
    ]);
    return [...embeds, ...(data.components ? buttonsOf(call).map((b) => b.label) : [])].filter(Boolean).join("\n").replace(/\\/g, "");
  };

  /**
   * Every command as a person whose Discord client is in `locale` sends it, in a server channel of its own.
   * Discord offers only registered commands, so the unknown one becomes what Discord can send that fails: a stale button.
   */
  const runAll = async (locale: "en" | "fr", channelId: string) => {
    const place = { kind: "guild" as const, permissions: MANAGE_GUILD, channelId, locale };
    const answers: { line: string; text: string }[] = [];
    for (const line of EVERY_COMMAND) {
      const { name, args } = readCommandLine(line);
      const command = bot.services.commands.get(name);
      const sent = command
        ? bot.fake.slashCommand(
            name,
            Object.entries(parseCommandLine(line, bot.services.commands).options).map(([key, value]) =>
              command.options[key]!.type === "integer" ? { name: key, type: INTEGER, value: Number(value) } : { name: key, type: STRING, value },
            ),
            place,
          )
        : bot.fake.pressButton(`=${name}|${args}`, place);
      answers.push({ line, text: plain(await bot.fake.callbackFor(sent)) });
    }
    return answers;
  };

  it("answers every command, its buttons and its errors in the client's language, and nothing in the other", async () => {
    const french = await runAll("fr", "810000000000000501");
    const english = await runAll("en", "810000000000000502");
    expectEachInItsLanguage({ en: english, fr: french });
  });
});
