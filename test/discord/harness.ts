import { createDiscordAdapter, type DiscordAdapterOptions } from "../../src/adapters/discord/index.js";
import type { PlatformAdapter } from "../../src/core/adapter.js";
import { loadConfig, secretsOf } from "../../src/core/config.js";
import type { StoryEntry, StoryLibrary } from "../../src/core/library.js";
import { createLogger } from "../../src/core/log.js";
import type { CommandRegistry, Services } from "../../src/core/services.js";
import type { Story } from "../../src/core/story.js";
import { FakeDiscord } from "../fakes/discord-api.js";
import { fixtureRegistry } from "./fixtures.js";

export const BOT_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.fake-discord-token.abcdefghijklmnop";

const story = (id: string, title: string, updatedAt: number): StoryEntry => ({
  story: {
    id, kind: "story", title, dek: null, articleCount: 3, relatedCount: null,
    sections: [], timeline: [], images: [], outlets: [], warnings: [],
  } satisfies Story,
  version: "v1",
  file: `${id}.txt`,
  updatedAt,
});

/** A tiny library for adapter tests: prefix-of-word matching, newest first. */
export function fixtureLibrary(entries: StoryEntry[] = [
  story("alpha", "Alpha treaty talks", 3),
  story("beta", "Beta election results", 2),
  story("gamma", "Gamma alpine rescue", 1),
]): StoryLibrary {
  const words = (s: string) => s.toLowerCase().split(/\W+/).filter(Boolean);
  const matches = (e: StoryEntry, q: string) => words(q).every((w) => words(e.story.title).some((t) => t.startsWith(w)));
  return {
    list: () => entries,
    get: (id) => entries.find((e) => e.story.id === id),
    find: (q) => {
      const found = entries.filter((e) => e.story.id === q || matches(e, q));
      return found.length === 1 ? { kind: "found", entry: found[0]! } : found.length ? { kind: "ambiguous", candidates: found } : { kind: "unknown", closest: [] };
    },
    suggest: (q, limit) => entries.filter((e) => matches(e, q)).slice(0, limit),
    onChange: () => () => undefined,
  };
}

export interface Bot {
  fake: FakeDiscord;
  adapter: PlatformAdapter;
  services: Services;
  /** Every line the bot logged, already redacted. */
  logLines: string[];
  stop(): Promise<void>;
}

/** A real discord.js client logged in to a fresh fake Discord. */
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
    library: options.library ?? fixtureLibrary(),
    commands: options.commands ?? fixtureRegistry(),
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
