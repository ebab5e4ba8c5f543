import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Reply } from "../../src/core/reply.js";
import { deliveryContract, type PlatformAnswer } from "../contract/delivery.js";
import type { CannedResponse } from "../fakes/discord-api.js";
import { bodyLimitProblems, embedsText } from "./embeds.js";
import { startBot, type Bot } from "./harness.js";

const CHANNEL = "830000000000000001";
/** discord.js makes this many attempts at a message that meets a 5xx or a reset connection. */
const REST_ATTEMPTS = 4;

const cannedFor = (answer: PlatformAnswer): { response: CannedResponse; times: number } => {
  switch (answer.kind) {
    case "rateLimit": {
      const seconds = answer.retryAfterSeconds;
      return {
        response: {
          status: 429,
          headers: { "retry-after": String(seconds), "x-ratelimit-scope": "user" },
          body: { message: "You are being rate limited.", retry_after: seconds, global: false },
        },
        times: 1,
      };
    }
    case "forbidden":
      return { response: { status: 403, body: { message: "Missing Permissions", code: 50013 } }, times: 1 };
    case "serverError":
      return { response: { status: 502, body: { message: "Bad Gateway", code: 0 } }, times: REST_ATTEMPTS };
    case "dropConnection":
      return { response: { status: 0, drop: true }, times: REST_ATTEMPTS };
  }
};

deliveryContract("discord", async () => {
  const bot = await startBot();
  bot.fake.channels.set(CHANNEL, { id: CHANNEL, type: 0, guild_id: "800000000000000002" });
  return {
    port: bot.adapter.delivery,
    chatId: CHANNEL,
    answerNext(answer, { skip = 0 } = {}) {
      if (skip) bot.fake.failNext("POST", /\/messages$/, { status: 200, usual: true }, skip);
      const { response, times } = cannedFor(answer);
      bot.fake.failNext("POST", /\/messages$/, response, times);
    },
    shown: () => (bot.fake.posted.get(CHANNEL) ?? []).map((body) => ({ text: embedsText(body.embeds ?? []), limitProblems: bodyLimitProblems(body) })),
    close: () => bot.stop(),
  };
});

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

  it("names the Discord error code of a refused channel", async () => {
    bot.fake.failNext("POST", /\/messages$/, { status: 403, body: { message: "Missing Permissions", code: 50013 } });
    const result = await bot.adapter.delivery.send(CHANNEL, digest);
    expect("reason" in result && result.reason).toContain("50013");
  });

  it("reports something that is not a channel id as gone without calling Discord", async () => {
    const before = bot.fake.calls.length;
    expect((await bot.adapter.delivery.send("telegram:-100", digest)).status).toBe("gone");
    expect(bot.fake.calls.length).toBe(before);
  });

  it("hands a rate limit back to the outbox instead of waiting inside discord.js", async () => {
    const before = posts(bot, CHANNEL).length;
    bot.fake.failNext("POST", /\/messages$/, {
      status: 429,
      headers: { "retry-after": "30", "x-ratelimit-scope": "user" },
      body: { message: "You are being rate limited.", retry_after: 30, global: false },
    });
    expect(await bot.adapter.delivery.send(CHANNEL, digest)).toMatchObject({ status: "retry" });
    expect(posts(bot, CHANNEL).length - before).toBe(1);
  });

  it("says when Discord flags a rate limit as global, so the outbox slows every channel", async () => {
    bot.fake.failNext("POST", /\/messages$/, {
      status: 429,
      headers: { "retry-after": "0.05", "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
      body: { message: "You are being rate limited.", retry_after: 0.05, global: true },
    });
    expect(await bot.adapter.delivery.send(CHANNEL, digest)).toMatchObject({ status: "retry", global: true });
  });

  it("waits out discord.js's own count of the global limit instead of reporting Discord refusing the bot", async () => {
    // 60 at once is over discord.js's 50 a second; Discord itself refused none of them.
    const results = await Promise.all(Array.from({ length: 60 }, () => bot.adapter.delivery.send(CHANNEL, digest)));
    expect(results.filter((r) => r.status !== "sent")).toEqual([]);
  });
});
