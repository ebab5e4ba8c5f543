import { once } from "node:events";
import { Events } from "discord.js";
import type { PlatformAdapter } from "../../core/adapter.js";
import { HeraldError } from "../../core/errors.js";
import type { Services } from "../../core/services.js";
import { createInteractionHandler, type InteractionOptions } from "./interactions.js";
import { createDeliveryPort, createDiscordClient } from "./transport.js";

export { renderReply, type DiscordMessage } from "./render.js";
export { slashCommands, toSlashCommand } from "./definitions.js";
export { shardInfo, type ShardInfo } from "./shard-info.js";

export type DiscordAdapterOptions = InteractionOptions;

/**
 * The Discord bot: answers slash commands, buttons and autocomplete, and delivers digests.
 * Commands are registered separately (`npm run deploy-commands`), never on start.
 */
export function createDiscordAdapter(services: Services, options: DiscordAdapterOptions = {}): PlatformAdapter {
  const log = services.log.child({ component: "discord" });
  const token = services.config.discord.token;
  if (!token) throw new HeraldError("bad_config", "DISCORD_TOKEN is not set; the Discord adapter needs a bot token.");
  const client = createDiscordClient(services.config.discord);
  const handle = createInteractionHandler(services, options);

  client.on(Events.InteractionCreate, (interaction) => void handle(interaction));
  // Without an error listener Node would exit on the first gateway or handler error.
  client.on(Events.Error, (err) => log.error("discord: client error", err));
  client.on(Events.ShardError, (err, shard) => log.warn(`discord: shard ${shard} connection error`, err));
  client.on(Events.Warn, (message) => log.warn(`discord: ${message}`));

  return {
    platform: "discord",
    delivery: createDeliveryPort(client, services.commands, log),
    connected: () => client.isReady(),
    async start() {
      const ready = once(client, Events.ClientReady);
      ready.catch(() => undefined); // awaited below; this only keeps a failed login from leaving it unhandled
      try {
        await client.login(token);
        await ready;
      } catch (cause) {
        await client.destroy();
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new HeraldError("bad_config", `Discord login failed: ${reason}`, { cause });
      }
      log.info(`discord: ready as ${client.user?.tag ?? "unknown"} (${client.ws.shards.size} shard(s))`);
    },
    async stop() {
      await client.destroy();
      log.info("discord: stopped");
    },
  };
}
