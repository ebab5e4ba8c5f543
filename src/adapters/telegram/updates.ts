import { GrammyError, type Bot, type Context } from "grammy";
import type { Chat } from "grammy/types";
import { answer, type Asker } from "../../core/answer.js";
import type { ChatRef } from "../../core/chat.js";
import { readCommandLine } from "../../core/dispatch.js";
import type { Logger } from "../../core/log.js";
import type { Reply } from "../../core/reply.js";
import type { Services } from "../../core/services.js";
import { truncate } from "../../core/text.js";
import { ALERT_MAX_CHARS, NOOP_BUTTON_DATA, type TelegramMessage, type TelegramRenderer } from "./render.js";
import { sendOptions } from "./transport.js";

/** Telegram's description of an edit that would change nothing (a second press of the same page). */
const NOT_MODIFIED = /message is not modified/i;

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

/**
 * Everything the bot does with an update: typed commands and button presses, each chat's in order.
 * Registers its handlers on `bot`; `idle()` resolves once every update taken in has been answered.
 */
export function handleUpdates(bot: Bot, services: Services, renderer: TelegramRenderer, log: Logger): { idle: () => Promise<void> } {
  const registry = services.commands;
  const queue = perChatQueue();
  // Errors are logged through the adapter's logger, which keeps the token out.
  const logged = { log };

  const askerOf = (ctx: Context, fromButton: boolean): Asker => {
    const chat = ctx.chat!;
    const from = ctx.from;
    // On a button press ctx.msg is the bot's own message, whose sender says nothing about the presser.
    const sender = fromButton ? undefined : ctx.msg?.sender_chat;
    let rights: Promise<boolean> | undefined;
    return {
      services,
      chat: chatRefOf(chat),
      user: from
        ? { id: String(from.id), name: from.username ?? from.first_name, ...(from.language_code ? { language: from.language_code } : {}) }
        : { id: String(sender?.id ?? chat.id) },
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
    const entity = message.entities?.[0];
    if (entity?.type !== "bot_command" || entity.offset !== 0) return;
    const line = readCommandLine(message.text ?? "");
    if (line.addressee && line.addressee.toLowerCase() !== bot.botInfo.username.toLowerCase()) return;
    // Telegram sends /start when a person opens the bot; help is the useful answer.
    if (line.name === "start" && !registry.get("start") && registry.get("help")) line.name = "help";
    // Commands of other bots reach groups unaddressed; only our own deserve an answer there.
    if (!registry.get(line.name) && ctx.chat!.type !== "private" && !line.addressee) return;
    const { replies } = await answer({ line }, askerOf(ctx, false), logged);
    await sendAll(ctx, replies);
  };

  const onPress = async (ctx: Context) => {
    const query = ctx.callbackQuery!;
    const data = query.data ?? "";
    if (data === NOOP_BUTTON_DATA) return void (await ctx.answerCallbackQuery());
    const { replies, error, inPlace } = await answer({ button: data }, askerOf(ctx, true), logged);
    if (error) return void (await ctx.answerCallbackQuery({ text: alertText(error), show_alert: true }));
    // Answer first: the spinner stops even if the edit below is slow.
    await ctx.answerCallbackQuery();
    if (inPlace && query.message) {
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
  return { idle: queue.idle };
}
