import { createDiscordAdapter, type DiscordAdapterOptions } from "../../src/adapters/discord/index.js";
import type { PlatformAdapter } from "../../src/core/adapter.js";
import { loadConfig, secretsOf } from "../../src/core/config.js";
import type { StoryLibrary } from "../../src/core/library.js";
import { createLogger, type Logger } from "../../src/core/log.js";
import type { CommandRegistry, Services } from "../../src/core/services.js";
import { createMemoryLibrary } from "../../src/core/story-index.js";
import { franco, glacier, harbour } from "../helpers/stories.js";
import { afterEach, beforeEach } from "vitest";
import { FakeDiscord } from "../fakes/discord-api.js";
import { testRegistry } from "./fixtures.js";

export const BOT_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.fake-discord-token.abcdefghijklmnop";

export interface Bot {
  fake: FakeDiscord;
  adapter: PlatformAdapter;
  services: Services;
  /** Every line the bot logged, already redacted. */
  logLines: string[];
  stop(): Promise<void>;
}

/** A real discord.js client logged in to a fresh fake Discord, over the real commands and three stories. */
export async function startBot(options: {
  commands?: CommandRegistry;
  library?: StoryLibrary;
  adapter?: DiscordAdapterOptions;
} = {}): Promise<Bot> {
  const fake = await FakeDiscord.start();
  const config = loadConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.apiUrl, HERALD_STORE: "memory", HERALD_LOG_LEVEL: "debug" });
  const logLines: string[] = [];
  const services: Services = {
    config,
    library: options.library ?? createMemoryLibrary([harbour, glacier, franco]),
    commands: options.commands ?? (await testRegistry()),
    log: createLogger({ level: "debug", secrets: secretsOf(config), write: (line) => logLines.push(line) }),
    now: () => new Date("2024-03-02T10:00:00Z"),
  };
  const adapter = createDiscordAdapter(services, options.adapter);
  await adapter.start();
  return {
    fake, adapter, services, logLines,
    async stop() {
      await adapter.stop();
      await fake.close();
    },
  };
}

/** A fresh fake Discord for each test of the file, and a logger whose (redacted) lines the test reads. */
export function useFakeDiscord(): { readonly fake: FakeDiscord; readonly lines: string[]; log(): Logger } {
  let fake: FakeDiscord;
  const lines: string[] = [];
  beforeEach(async () => {
    fake = await FakeDiscord.start();
    lines.length = 0;
  });
  afterEach(async () => {
    await fake.close();
  });
  return {
    get fake() {
      return fake;
    },
    lines,
    log: () => createLogger({ level: "debug", secrets: [BOT_TOKEN], write: (l) => lines.push(l) }),
  };
}
