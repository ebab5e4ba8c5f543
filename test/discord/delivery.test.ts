import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Reply } from "../../src/core/reply.js";
import { startBot, type Bot } from "./harness.js";

const CHANNEL = "830000000000000001";
const digest: Reply = {
  title: "Your digest",
  blocks: [{ heading: "Harbour strike", text: "Mediator appointed @everyone" }],
  footer: "1 story changed",
  buttons: [[{ label: "Timeline", action: { command: "timeline", options: { story: "harbour" }, inPlace: false } }]],
};
const posts = (bot: Bot, channel: string) => bot.fake.calls.filter((c) => c.method === "POST" && c.path === `/channels/${channel}/messages`);

describe("discord delivery port", () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot();
    bot.fake.channels.set(CHANNEL, { id: CHANNEL, type: 0, guild_id: "800000000000000002" });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it("sends a reply to a channel id as an embed with buttons and no mentions", async () => {
    expect(await bot.adapter.delivery.send(CHANNEL, digest)).toEqual({ status: "sent" });
    const [post] = posts(bot, CHANNEL);
    expect(post!.body.embeds[0]).toMatchObject({ title: "Your digest", footer: { text: "1 story changed" } });
    expect(post!.body.components[0].components[0].label).toBe("Timeline");
    expect(post!.body.allowed_mentions).toEqual({ parse: [] });
  });

  it("reports a channel Discord does not know as gone", async () => {
    const result = await bot.adapter.delivery.send("839999999999999999", digest);
    expect(result.status).toBe("gone");
  });

  it("reports a channel the bot may no longer post to as gone", async () => {
    bot.fake.failNext("POST", /\/messages$/, { status: 403, body: { message: "Missing Permissions", code: 50013 } });
    const result = await bot.adapter.delivery.send(CHANNEL, digest);
    expect(result).toMatchObject({ status: "gone" });
    expect("reason" in result && result.reason).toContain("50013");
  });

  it("reports something that is not a channel id as gone without calling Discord", async () => {
    const before = bot.fake.calls.length;
    expect((await bot.adapter.delivery.send("telegram:-100", digest)).status).toBe("gone");
    expect(bot.fake.calls.length).toBe(before);
  });

  it("leaves a rate limit to discord.js, which waits and sends", async () => {
    const before = posts(bot, CHANNEL).length;
    bot.fake.failNext("POST", /\/messages$/, {
      status: 429,
      headers: { "retry-after": "0.2", "x-ratelimit-scope": "user" },
      body: { message: "You are being rate limited.", retry_after: 0.2, global: false },
    });
    expect(await bot.adapter.delivery.send(CHANNEL, digest)).toEqual({ status: "sent" });
    const tries = posts(bot, CHANNEL).slice(before);
    expect(tries).toHaveLength(2);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(200);
  });

  it("reports a server error that outlasts discord.js's retries as failed", async () => {
    bot.fake.failNext("POST", /\/messages$/, { status: 502, body: { message: "Bad Gateway", code: 0 } }, 4);
    const result = await bot.adapter.delivery.send(CHANNEL, digest);
    expect(result.status).toBe("failed");
  });

  it("splits a reply too long for one message into several posts", async () => {
    const before = posts(bot, CHANNEL).length;
    const long: Reply = { blocks: Array.from({ length: 8 }, (_, i) => ({ text: `Part ${i} ${"word ".repeat(500)}` })) };
    expect(await bot.adapter.delivery.send(CHANNEL, long)).toEqual({ status: "sent" });
    expect(posts(bot, CHANNEL).length - before).toBeGreaterThan(1);
  });
});
