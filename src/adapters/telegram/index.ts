import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GrammyError, type Bot, type Context } from "grammy";
import type { Chat, UserFromGetMe } from "grammy/types";
import type { PlatformAdapter } from "../../core/adapter.js";
import type { ChatRef } from "../../core/chat.js";
import type { CommandContext } from "../../core/command.js";
import { decodeButton, parseCommandLine, replyForError, runCommand } from "../../core/dispatch.js";
import { HeraldError } from "../../core/errors.js";
import type { Reply } from "../../core/reply.js";
import type { Services } from "../../core/services.js";
import { truncate } from "../../core/text.js";
import { ALERT_MAX_CHARS, NOOP_BUTTON_DATA, createTelegramRenderer, type TelegramMessage } from "./render.js";
import {
  createBot,
  createDeliveryApi,
  createDeliveryPort,
  redactingLogger,
  sendOptions,
  startPolling,
  startWebhook,
  type RetryPolicy,
} from "./transport.js";

export { createTelegramRenderer, type TelegramMessage, type TelegramRenderer } from "./render.js";
export { deliveryResultOf, INTERACTIVE_RETRY, type RetryPolicy } from "./transport.js";

export interface TelegramAdapterOptions {
  /** The bot's identity; without it start() asks getMe. */
  botInfo?: UserFromGetMe;
  /** Retry limits for conversations (tests shorten the pauses). */
  retry?: Partial<RetryPolicy>;
  /** Pace messages to Telegram's limits (default true; tests that press many buttons turn it off). */
  throttle?: boolean;
  /** Where the webhook server listens, overriding config.telegram.webhookPort (tests: port 0). */
  webhookListen?: { port: number; host?: string };
}

export interface TelegramAdapter extends PlatformAdapter {
  /** The grammY bot, for tests and for main.ts to inspect. */
  readonly bot: Bot;
  /** The webhook server's address while running in webhook mode, otherwise null. */
  webhookAddress(): AddressInfo | null;
}

/** Telegram's description of an edit that would change nothing (a second press of the same page). */
const NOT_MODIFIED = /message is not modified/i;
/** Telegram bot command names: lowercase letters, digits and underscores. */
const MENU_NAME = /^[a-z0-9_]{1,32}$/;
/** `/timeline@HeraldBot` → name "timeline", addressee "HeraldBot". */
const COMMAND_HEAD = /^\/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?$/;

const kindOf = (chat: Chat): ChatRef["kind"] => (chat.type === "private" ? "private" : chat.type === "channel" ? "channel" : "group");

const chatRefOf = (chat: Chat): ChatRef => {
  const title = chat.type === "private" ? (chat.username ?? chat.first_name) : chat.title;
  return { platform: "telegram", id: String(chat.id), kind: kindOf(chat), ...(title ? { title } : {}) };
};

/** Plain text of a reply, short enough for a callback alert. */
const alertText = (reply: Reply): string =>
  truncate([reply.title, ...reply.blocks.map((b) => b.text)].filter(Boolean).join("\n"), ALERT_MAX_CHARS);

/**
 * Each chat's updates run in order while different chats proceed in parallel, so one chat waiting
 * out a 429 does not hold up the others.
 */
function perChatQueue() {
  const tails = new Map<string, Promise<void>>();
  return {
    /** `task` should handle its own errors; a rejection is dropped so the chat's queue keeps going. */
    run(key: string, task: () => Promise<void>) {
      const tail = (tails.get(key) ?? Promise.resolve()).then(task).catch(() => undefined);
      tails.set(key, tail);
      void tail.finally(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
    },
    idle: async () => {
      await Promise.all([...tails.values()]);
    },
  };
}

/** The Telegram adapter: bot commands and inline keyboards in private chats, groups and channels. */
export function createTelegramAdapter(services: Services, options: TelegramAdapterOptions = {}): TelegramAdapter {
  const config = services.config.telegram;
  if (!config.token) throw new HeraldError("bad_config", "telegram: TELEGRAM_TOKEN is not set.");
  const log = redactingLogger(services.log, [config.token, config.webhookSecret ?? ""]);
  const registry = services.commands;
  const renderer = createTelegramRenderer(registry);
  const bot = createBot({ token: config.token, apiRoot: config.apiRoot, botInfo: options.botInfo, retry: options.retry, throttle: options.throttle });
  const delivery = createDeliveryPort(createDeliveryApi({ token: config.token, apiRoot: config.apiRoot }), renderer, log);
  const queue = perChatQueue();
  let webhookServer: Server | null = null;
  let polling = false;

  const contextOf = (ctx: Context, fromButton: boolean): CommandContext => {
    const chat = ctx.chat!;
    const from = ctx.from;
    // On a button press ctx.msg is the bot's own message, whose sender says nothing about the presser.
    const sender = fromButton ? undefined : ctx.msg?.sender_chat;
    let rights: Promise<boolean> | undefined;
    return {
      services,
      chat: chatRefOf(chat),
      user: from ? { id: String(from.id), name: from.username ?? from.first_name } : { id: String(sender?.id ?? chat.id) },
      fromButton,
      canManage: () =>
        (rights ??= (async () => {
          if (chat.type === "private" || chat.type === "channel") return true;
          // Anonymous admins post as the group itself.
          if (sender?.id === chat.id) return true;
          if (!from) return false;
          const member = await ctx.api.getChatMember(chat.id, from.id);
          return member.status === "creator" || member.status === "administrator";
        })()),
    };
  };

  /** The one error boundary: whatever goes wrong becomes a short reply and a log line. */
  const repliesOf = async (run: () => Promise<Reply[]>, where: string): Promise<Reply[]> => {
    try {
      return await run();
    } catch (err) {
      return [replyForError(err, log, where)];
    }
  };

  const sendAll = async (ctx: Context, replies: Reply[]) => {
    const chat = ctx.chat!;
    // In a busy group the answer quotes the command it answers.
    const quote = chat.type !== "private" && chat.type !== "channel" && ctx.msg ? { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } } : {};
    // In a forum group the answer belongs in the topic the command came from, not in "General".
    const topic = ctx.msg?.is_topic_message ? { message_thread_id: ctx.msg.message_thread_id } : {};
    for (const reply of replies) {
      for (const message of renderer.render(reply)) await ctx.api.sendMessage(chat.id, message.text, { ...sendOptions(message), ...quote, ...topic });
    }
  };

  const editInPlace = async (ctx: Context, message: TelegramMessage) => {
    const pressed = ctx.callbackQuery!.message!;
    try {
      await ctx.api.editMessageText(pressed.chat.id, pressed.message_id, message.text, sendOptions(message));
    } catch (err) {
      if (!(err instanceof GrammyError && NOT_MODIFIED.test(err.description))) throw err;
    }
  };

  const onCommand = async (ctx: Context) => {
    const message = ctx.msg!;
    const text = message.text ?? "";
    const entity = message.entities?.[0];
    if (entity?.type !== "bot_command" || entity.offset !== 0) return;
    const head = COMMAND_HEAD.exec(text.slice(0, entity.length));
    if (!head) return;
    const [, typed = "", addressee] = head;
    if (addressee && addressee.toLowerCase() !== bot.botInfo.username.toLowerCase()) return;
    let name = typed.toLowerCase();
    // Telegram sends /start when a person opens the bot; help is the useful answer.
    if (name === "start" && !registry.get("start") && registry.get("help")) name = "help";
    // Commands of other bots reach groups unaddressed; only our own deserve an answer there.
    if (!registry.get(name) && ctx.chat!.type !== "private" && !addressee) return;
    const line = `/${name}${text.slice(entity.length)}`;
    const replies = await repliesOf(() => runCommand(parseCommandLine(line, registry), contextOf(ctx, false)), `telegram /${name}`);
    await sendAll(ctx, replies);
  };

  const onPress = async (ctx: Context) => {
    const query = ctx.callbackQuery!;
    const data = query.data ?? "";
    if (data === NOOP_BUTTON_DATA) return void (await ctx.answerCallbackQuery());
    let inPlace = false;
    const replies = await repliesOf(async () => {
      const action = decodeButton(data, registry);
      inPlace = action.inPlace;
      return runCommand({ command: action.command, options: action.options }, contextOf(ctx, true));
    }, "telegram button");
    const failure = replies.find((r) => r.tone === "error");
    if (failure) return void (await ctx.answerCallbackQuery({ text: alertText(failure), show_alert: true }));
    // Answer first: the spinner stops even if the edit below is slow.
    await ctx.answerCallbackQuery();
    if (inPlace && query.message && replies.length) {
      await editInPlace(ctx, renderer.renderSingle(replies[0]!));
      await sendAll(ctx, replies.slice(1));
    } else {
      await sendAll(ctx, replies);
    }
  };

  /** Runs a handler in its chat's queue; a failure to talk to Telegram is logged, never thrown. */
  const queued = (handler: (ctx: Context) => Promise<void>, where: string) => (ctx: Context) => {
    queue.run(String(ctx.chat?.id ?? ctx.from?.id ?? "unknown"), async () => {
      try {
        await handler(ctx);
      } catch (err) {
        log.warn(`telegram: ${where} in chat ${ctx.chat?.id ?? "?"} could not be answered`, err);
      }
    });
  };

  bot.on(["message:text", "channel_post:text"], queued(onCommand, "a command"));
  bot.on("callback_query:data", queued(onPress, "a button press"));
  bot.catch((err) => log.error("telegram: update failed", err.error));

  const publishMenu = async () => {
    const commands = registry
      .all()
      .filter((c) => MENU_NAME.test(c.name))
      .map((c) => ({ command: c.name, description: truncate(c.description, 256) }));
    try {
      await bot.api.setMyCommands(commands);
    } catch (err) {
      log.warn("telegram: could not publish the command menu (setMyCommands); commands still work when typed", err);
    }
  };

  return {
    platform: "telegram",
    bot,
    delivery,
    webhookAddress: () => (webhookServer?.address() as AddressInfo | null) ?? null,
    connected: () => (webhookServer ? webhookServer.listening : polling && bot.isRunning()),
    async start() {
      try {
        // Not bot.init(): grammY retries getMe forever on network errors; ours gives up after the bounded backoff.
        if (!bot.isInited()) bot.botInfo = await bot.api.getMe();
      } catch (err) {
        throw new HeraldError("bad_config", `telegram: the bot could not identify itself (getMe): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      await publishMenu();
      if (config.webhookUrl) {
        const listen = options.webhookListen ?? { port: config.webhookPort ?? 8443 };
        webhookServer = await startWebhook(bot, { url: config.webhookUrl, secret: config.webhookSecret, ...listen }, log);
        log.info(`telegram: @${bot.botInfo.username} receiving updates by webhook on port ${(webhookServer.address() as AddressInfo).port}`);
      } else {
        await startPolling(bot, log);
        polling = true;
        log.info(`telegram: @${bot.botInfo.username} receiving updates by long polling`);
      }
    },
    async stop() {
      if (polling) await bot.stop();
      polling = false;
      if (webhookServer) {
        const server = webhookServer;
        webhookServer = null;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await queue.idle();
    },
  };
}
