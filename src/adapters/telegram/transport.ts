import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { autoRetry } from "@grammyjs/auto-retry";
import { apiThrottler } from "@grammyjs/transformer-throttler";
import { Api, Bot, GrammyError, HttpError, webhookCallback, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { DeliveryPort, DeliveryResult } from "../../core/delivery.js";
import type { Logger } from "../../core/log.js";
import type { TelegramMessage, TelegramRenderer } from "./render.js";

/** How interactive calls (replies, edits, button answers) recover from failures. */
export interface RetryPolicy {
  /** Retries after the first attempt, for 429s, 5xx answers and network errors alike. */
  maxRetries: number;
  /** A 429 asking to wait longer than this fails the call instead of holding the chat up. */
  maxRetryAfterSeconds: number;
  /** First pause before retrying a 5xx or network error; doubles each time. */
  backoffBaseMs: number;
}

export const INTERACTIVE_RETRY: RetryPolicy = { maxRetries: 3, maxRetryAfterSeconds: 30, backoffBaseMs: 1000 };

/** When the outbox should try a digest again after a 5xx or network error. */
export const DELIVERY_RETRY_AFTER_MS = 30_000;

/** The update kinds Herald answers; asking only for these keeps polling light. */
export const ALLOWED_UPDATES = ["message", "channel_post", "callback_query"] as const;

/** Methods that put a message in a chat: the ones Telegram rate-limits per chat. */
const PACED_METHODS = new Set(["sendMessage", "editMessageText", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage"]);

export interface BotOptions {
  token: string;
  apiRoot: string;
  /** Skips getMe (tests, or a process that already knows its bot). */
  botInfo?: UserFromGetMe;
  retry?: Partial<RetryPolicy>;
  /** Pace outgoing messages to Telegram's published limits (default true). */
  throttle?: boolean;
}

/** grammY's own AbortSignal type (from its fetch polyfill) only needs these two members here. */
type Abortable = { aborted: boolean; addEventListener(type: "abort", listener: () => void): void };

const sleep = (ms: number, signal?: Abortable) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new Error("aborted while waiting to retry"));
    });
  });

/**
 * Retries 5xx answers and network errors a bounded number of times with doubling pauses.
 * (auto-retry would retry network errors forever, which can stall a chat indefinitely.)
 */
export function boundedBackoff(policy: RetryPolicy): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await prev(method, payload, signal);
        if (result.ok || result.error_code < 500 || attempt >= policy.maxRetries) return result;
      } catch (err) {
        if (!(err instanceof HttpError) || signal?.aborted || attempt >= policy.maxRetries) throw err;
      }
      await sleep(policy.backoffBaseMs * 2 ** attempt, signal);
    }
  };
}

/** The throttler limited to methods that post messages, so lookups like getChatMember are never queued. */
function messagePacer(): Transformer {
  const throttle = apiThrottler();
  return (prev, method, payload, signal) =>
    PACED_METHODS.has(method) ? throttle(prev, method, payload, signal) : prev(method, payload, signal);
}

/**
 * The bot for conversations. Transformers, innermost first: bounded backoff (5xx, network),
 * auto-retry (429 `retry_after`, bounded), then the throttler outermost so a retried message keeps
 * its place in its chat's queue.
 */
export function createBot(options: BotOptions): Bot {
  const policy = { ...INTERACTIVE_RETRY, ...options.retry };
  const bot = new Bot(options.token, { botInfo: options.botInfo, client: { apiRoot: options.apiRoot } });
  bot.api.config.use(boundedBackoff(policy));
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: policy.maxRetries,
      maxDelaySeconds: policy.maxRetryAfterSeconds,
      rethrowInternalServerErrors: true,
      rethrowHttpErrors: true,
    }),
  );
  if (options.throttle ?? true) bot.api.config.use(messagePacer());
  return bot;
}

/**
 * The API client for digests: no retries and no pacing of its own, because the outbox paces
 * deliveries and decides about retries from the DeliveryResult.
 */
export const createDeliveryApi = (options: Pick<BotOptions, "token" | "apiRoot">): Api =>
  new Api(options.token, { apiRoot: options.apiRoot });

/** Telegram descriptions that mean the bot can no longer post in that chat. */
const GONE = /chat not found|bot was kicked|bot was blocked|not enough rights|have no rights|need administrator rights|CHAT_WRITE_FORBIDDEN|user is deactivated|PEER_ID_INVALID|group chat was deactivated|chat_admin_required/i;

/** What a failed send means for the outbox: 429 → retry after, 403 / lost chat → gone, 5xx / network → retry. */
export function deliveryResultOf(err: unknown): Exclude<DeliveryResult, { status: "sent" }> {
  if (err instanceof GrammyError) {
    const reason = `${err.error_code}: ${err.description}`;
    if (err.error_code === 429) return { status: "retry", afterMs: (err.parameters.retry_after ?? 1) * 1000, reason };
    if (err.error_code === 403) return { status: "gone", reason };
    if (err.parameters.migrate_to_chat_id) {
      return { status: "gone", reason: `the group became supergroup ${err.parameters.migrate_to_chat_id}` };
    }
    if (err.error_code === 400 && GONE.test(err.description)) return { status: "gone", reason };
    if (err.error_code >= 500) return { status: "retry", afterMs: DELIVERY_RETRY_AFTER_MS, reason };
    return { status: "failed", reason };
  }
  if (err instanceof HttpError) return { status: "retry", afterMs: DELIVERY_RETRY_AFTER_MS, reason: err.message };
  return { status: "failed", reason: err instanceof Error ? err.message : String(err) };
}

/** The options every Herald message is sent with. */
export const sendOptions = (message: TelegramMessage) => ({
  parse_mode: "HTML" as const,
  link_preview_options: { is_disabled: true },
  ...(message.keyboard ? { reply_markup: { inline_keyboard: message.keyboard } } : {}),
});

/** The delivery port: one reply to one chat or channel id, split into as many messages as needed. */
export function createDeliveryPort(api: Api, renderer: TelegramRenderer, log: Logger): DeliveryPort {
  return {
    platform: "telegram",
    async send(chatId, reply, pace) {
      const messages = renderer.render(reply);
      for (let i = 0; i < messages.length; i++) {
        try {
          await pace?.();
          await api.sendMessage(chatId, messages[i]!.text, sendOptions(messages[i]!));
        } catch (err) {
          const result = deliveryResultOf(err);
          // A 429 is the outbox's to handle and summarize; a line for each would flood the log.
          log[result.status === "retry" ? "debug" : "warn"](`telegram: delivery to ${chatId} ${result.status}`, result.reason);
          if (i === 0) return result;
          // Part of the reply is already in the chat; a retry by the outbox would repeat it.
          return { status: result.status === "gone" ? "gone" : "failed", reason: `sent ${i} of ${messages.length} messages; ${result.reason}` };
        }
      }
      return { status: "sent" };
    },
  };
}

/** The adapter's logger: its lines say `component=telegram`, and the token and webhook secret are redacted everywhere. */
export function redactingLogger(log: Logger, secrets: readonly string[]): Logger {
  return log.child({ component: "telegram" }, { secrets: secrets.filter(Boolean) });
}

/** Starts long polling; resolves once the first getUpdates is under way. */
export function startPolling(bot: Bot, log: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    bot
      .start({ allowed_updates: [...ALLOWED_UPDATES], onStart: () => resolve() })
      .catch((err: unknown) => {
        log.error("telegram: long polling stopped", err);
        reject(err instanceof Error ? err : new Error(String(err)));
      });
  });
}

export interface WebhookOptions {
  /** The public HTTPS address Telegram posts to; its path is the one served. */
  url: string;
  /** Checked against X-Telegram-Bot-Api-Secret-Token; a random one is made when absent. */
  secret?: string;
  port: number;
  host?: string;
}

/** Serves updates over HTTP (behind a load balancer) and registers the webhook with Telegram. */
export async function startWebhook(bot: Bot, options: WebhookOptions, log: Logger): Promise<Server> {
  const secret = options.secret ?? randomBytes(32).toString("hex");
  const path = new URL(options.url).pathname;
  // "return" answers Telegram at once when a handler is slow, instead of an error that makes it redeliver.
  const handle = webhookCallback(bot, "http", { secretToken: secret, onTimeout: "return", timeoutMilliseconds: 10_000 });
  const server = createServer((req, res) => {
    const url = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && url === "/healthz") return void res.writeHead(200).end("ok");
    if (req.method !== "POST" || url !== path) return void res.writeHead(404).end();
    handle(req, res).catch((err: unknown) => {
      log.warn("telegram: webhook request failed", err);
      if (!res.headersSent) res.writeHead(400);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => resolve());
  });
  await bot.api.setWebhook(options.url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
  return server;
}
