import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { PlatformAdapter } from "../../core/adapter.js";
import type { Command } from "../../core/command.js";
import { DEFAULT_LOCALE, describeCommand, LOCALES, type Locale } from "../../core/i18n.js";
import { HeraldError } from "../../core/errors.js";
import type { Services } from "../../core/services.js";
import { truncate } from "../../core/text.js";
import { createTelegramRenderer } from "./render.js";
import { createBot, createDeliveryApi, createDeliveryPort, redactingLogger, startPolling, startWebhook, type RetryPolicy } from "./transport.js";
import { handleUpdates } from "./updates.js";

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

/** Telegram bot command names: lowercase letters, digits and underscores. */
const MENU_NAME = /^[a-z0-9_]{1,32}$/;

/** The Telegram adapter: bot commands and inline keyboards in private chats, groups and channels. */
export function createTelegramAdapter(services: Services, options: TelegramAdapterOptions = {}): TelegramAdapter {
  const config = services.config.telegram;
  if (!config.token) throw new HeraldError("bad_config", "telegram: TELEGRAM_TOKEN is not set.");
  const log = redactingLogger(services.log, [config.token, config.webhookSecret ?? ""]);
  const registry = services.commands;
  const renderer = createTelegramRenderer(registry);
  const bot = createBot({ token: config.token, apiRoot: config.apiRoot, botInfo: options.botInfo, retry: options.retry, throttle: options.throttle });
  const delivery = createDeliveryPort(createDeliveryApi({ token: config.token, apiRoot: config.apiRoot }), renderer, log);
  let webhookServer: Server | null = null;
  let polling = false;

  const updates = handleUpdates(bot, services, renderer, log);

  /**
   * The command menu by scope: everything in private chats (where anyone manages their own chat) and for
   * group administrators; the management commands are left out of the menu other group members see.
   * Telegram shows the narrowest scope that applies, so the default scope only reaches non-admins in groups.
   */
  const publishMenu = async () => {
    const menu = (commands: readonly Command[], locale: Locale) =>
      commands.filter((c) => MENU_NAME.test(c.name)).map((c) => ({ command: c.name, description: truncate(describeCommand(c, locale), 256) }));
    try {
      // The default language first, then one menu per other language (Telegram picks it by the person's app language).
      for (const locale of LOCALES) {
        const language = locale === DEFAULT_LOCALE ? {} : { language_code: locale };
        const everything = menu(registry.all(), locale);
        await bot.api.setMyCommands(everything, { scope: { type: "all_private_chats" }, ...language });
        await bot.api.setMyCommands(everything, { scope: { type: "all_chat_administrators" }, ...language });
        await bot.api.setMyCommands(menu(registry.all().filter((c) => c.requires !== "manage"), locale), { scope: { type: "default" }, ...language });
      }
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
      await updates.idle();
    },
  };
}
