import {
  Client,
  DiscordAPIError,
  GatewayIntentBits,
  HTTPError,
  RateLimitError,
  Routes,
  type RateLimitData,
  type RESTPostAPIChannelMessageJSONBody,
} from "discord.js";
import type { Config } from "../../core/config.js";
import type { DeliveryPort, DeliveryResult } from "../../core/delivery.js";
import type { Logger } from "../../core/log.js";
import type { Reply } from "../../core/reply.js";
import type { CommandRegistry } from "../../core/services.js";
import { renderReply, type DiscordMessage } from "./render.js";

/**
 * Discord error codes that mean the bot can no longer post to that channel: Unknown Channel,
 * Missing Access, Missing Permissions, Cannot send messages to this user, Unknown Guild.
 */
const GONE_CODES = new Set([10003, 10004, 50001, 50007, 50013]);
/** Used when Discord's answer to a rate-limited request gives no wait. */
const DEFAULT_RETRY_MS = 5_000;

/**
 * Only deliveries post to channel routes (interactions answer through webhooks), so a rate limit
 * there is handed back to the outbox, which paces per chat, instead of being waited out in send().
 * Except discord.js's own global wait, which Discord did not ask for (its scope is not "global"): the
 * outbox paces under the global limit already, and a request landing a hair over discord.js's count
 * waits those few ms there rather than counting as Discord refusing the bot.
 */
const isDeliveryRoute = (data: RateLimitData) =>
  data.method.toUpperCase() === "POST" && /^\/channels\/[^/]+\/messages$/.test(data.route) && !(data.global && data.scope !== "global");

/**
 * The discord.js client: REST pointed at `apiUrl` (Discord or a proxy), the Guilds intent only (no
 * privileged intents), and mentions disabled on everything the bot sends.
 */
export function createDiscordClient(discord: Config["discord"]): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: discord.apiUrl, rejectOnRateLimit: isDeliveryRoute },
    allowedMentions: { parse: [] },
  });
}

/** The REST body of a rendered message (no mentions: story text must never ping anyone). */
export const messageBody = (message: DiscordMessage): RESTPostAPIChannelMessageJSONBody => ({
  embeds: message.embeds.map((embed) => embed.toJSON()),
  components: message.components.map((row) => row.toJSON()),
  allowed_mentions: { parse: [] },
});

/** How the outbox should treat a failed send. */
export function deliveryResultFor(err: unknown): DeliveryResult {
  if (err instanceof DiscordAPIError) {
    const code = typeof err.code === "number" ? err.code : 0;
    if (err.status === 403 || err.status === 404 || GONE_CODES.has(code)) {
      return { status: "gone", reason: `Discord ${err.status} ${code}: ${err.message}` };
    }
    if (err.status === 429) return { status: "retry", afterMs: DEFAULT_RETRY_MS, reason: "rate limited" };
    return { status: "failed", reason: `Discord ${err.status} ${code}: ${err.message}` };
  }
  // Thrown for delivery routes (rejectOnRateLimit); elsewhere discord.js waits and retries itself.
  if (err instanceof RateLimitError) return { status: "retry", afterMs: err.retryAfter || DEFAULT_RETRY_MS, reason: "rate limited", global: err.global };
  if (err instanceof HTTPError) return { status: "failed", reason: `Discord HTTP ${err.status}: ${err.message}` };
  return { status: "failed", reason: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}

/**
 * Sends digests and notices through REST alone: no channel cache is needed, so it works from any
 * shard whatever guilds that shard holds.
 */
export function createDeliveryPort(client: Client, registry: CommandRegistry, log: Logger): DeliveryPort {
  return {
    platform: "discord",
    async send(chatId: string, reply: Reply, pace?: () => Promise<void>): Promise<DeliveryResult> {
      if (!/^\d{1,20}$/.test(chatId)) return { status: "gone", reason: `"${chatId}" is not a Discord channel id` };
      const messages = renderReply(reply, registry);
      for (let i = 0; i < messages.length; i++) {
        try {
          await pace?.();
          await client.rest.post(Routes.channelMessages(chatId), { body: messageBody(messages[i]!) });
        } catch (err) {
          const result = deliveryResultFor(err);
          const reason = "reason" in result ? result.reason : "";
          // A 429 is the outbox's to handle and summarize; a line for each would flood the log.
          log[result.status === "retry" ? "debug" : "warn"](`discord: delivery to channel ${chatId}: ${result.status}`, reason);
          if (i === 0) return result;
          // Part of the reply is already in the channel; a retry by the outbox would repeat it.
          return { status: result.status === "gone" ? "gone" : "failed", reason: `sent ${i} of ${messages.length} messages; ${reason}` };
        }
      }
      return { status: "sent" };
    },
  };
}
