import { describe, expect, it } from "vitest";
import { createDiscordAdapter } from "../../src/adapters/discord/index.js";
import { loadConfig } from "../../src/core/config.js";
import { loadCommands } from "../../src/core/registry.js";
import { createMemoryLibrary } from "../../src/core/story-index.js";
import { BOT_TOKEN, useFakeDiscord } from "./harness.js";

const discord = useFakeDiscord();
const log = discord.log;

describe("starting the bot", () => {
  it("fails with a clear message when Discord rejects the token, without printing it", async () => {
    discord.fake.failNext("GET", /^\/gateway\/bot$/, { status: 401, body: { message: "401: Unauthorized", code: 0 } });
    const adapter = createDiscordAdapter({
      config: loadConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: discord.fake.apiUrl, HERALD_STORE: "memory" }),
      library: createMemoryLibrary([]),
      commands: await loadCommands(),
      log: log(),
      now: () => new Date(),
    });
    const failure = await adapter.start().then(() => null, (err: Error) => err);
    expect(failure?.message).toMatch(/^Discord login failed: .*token/i);
    expect(failure?.message).not.toContain(BOT_TOKEN);
    expect(discord.fake.identifies).toBe(0);
  });

  it("refuses to build without a token", async () => {
    expect(() =>
      createDiscordAdapter({ config: loadConfig({ HERALD_STORE: "memory" }), library: createMemoryLibrary([]), commands: { get: () => undefined, all: () => [] }, log: log(), now: () => new Date() }),
    ).toThrow("DISCORD_TOKEN is not set");
  });
});
