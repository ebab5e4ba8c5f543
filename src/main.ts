import { runTerminalChat, terminalDelivery } from "./adapters/terminal/index.js";
import { createCore } from "./app.js";
import type { PlatformAdapter } from "./core/adapter.js";
import { loadConfig } from "./core/config.js";
import type { DeliveryPort } from "./core/delivery.js";
import { isHeraldError } from "./core/errors.js";
import type { Services } from "./core/services.js";
import { createSubscriptionService, type SubscriptionRuntime } from "./subscriptions/index.js";

/** Runs a start-up step, or explains a configuration problem and returns undefined. */
async function orExplain<T>(step: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (err) {
    if (!isHeraldError(err)) throw err;
    process.stderr.write(`Herald cannot start; fix the configuration:\n${err.message}\n`);
    return undefined;
  }
}

/** Subscriptions over the configured store, delivering through the given platforms. */
async function startSubscriptions(services: Services, deliveries: DeliveryPort[], run: boolean): Promise<SubscriptionRuntime> {
  const { config, log } = services;
  const subscriptions = await createSubscriptionService({ services, storeUrl: config.store, deliveries, log, pacing: config.delivery });
  services.subscriptions = subscriptions;
  // Under Discord sharding only the primary process schedules and sends; the others only answer commands.
  if (run) await subscriptions.start();
  return subscriptions;
}

/** `npm start`: the bots whose tokens are set, or the terminal chat when none is. */
async function start(): Promise<void> {
  const config = await orExplain(() => loadConfig());
  if (!config) return void (process.exitCode = 1);
  const bots = Boolean(config.telegram.token || config.discord.token);
  // The terminal chat keeps its screen for the conversation: only warnings and errors go there.
  const core = await orExplain(() => createCore(bots ? config : { ...config, logLevel: config.logLevel === "info" ? "warn" : config.logLevel }));
  if (!core) return void (process.exitCode = 1);
  const { services } = core;
  const { log } = services;
  process.on("unhandledRejection", (reason) => log.error("unhandled rejection (kept running)", reason));

  if (!bots) {
    const delivery = terminalDelivery((text) => process.stdout.write(text));
    const subscriptions = await orExplain(() => startSubscriptions(services, [delivery], true));
    if (!subscriptions) return void (core.close(), (process.exitCode = 1));
    await runTerminalChat(services, process.stdin, process.stdout);
    await subscriptions.stop();
    core.close();
    return;
  }

  const adapters: PlatformAdapter[] = [];
  // Under Discord sharding every shard runs this file; only the primary also runs Telegram.
  const { shardInfo } = await import("./adapters/discord/shards.js");
  const shard = shardInfo();
  if (config.discord.token) {
    const { createDiscordAdapter } = await import("./adapters/discord/index.js");
    adapters.push(createDiscordAdapter(services));
  }
  if (config.telegram.token && shard.primary) {
    const { createTelegramAdapter } = await import("./adapters/telegram/index.js");
    adapters.push(createTelegramAdapter(services));
  }

  let subscriptions: SubscriptionRuntime | undefined;
  // Once only: under sharding a shard gets SIGINT from the terminal and SIGTERM from its manager.
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info("herald: stopping");
      await subscriptions?.stop().catch((err: unknown) => log.error("herald: stopping subscriptions failed", err));
      await Promise.allSettled(adapters.map((a) => a.stop()));
      core.close();
    })());
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop().then(() => process.exit(0)));
  // A shard's IPC channel to its manager keeps it alive: stop when the manager is gone, exit when start fails.
  if (shard.sharded) process.once("disconnect", () => void stop().then(() => process.exit(0)));

  try {
    subscriptions = await startSubscriptions(services, adapters.map((a) => a.delivery), shard.primary);
    for (const adapter of adapters) {
      await adapter.start();
      log.info(`herald: ${adapter.platform} is running`);
    }
  } catch (err) {
    log.error(`herald: cannot start: ${isHeraldError(err) ? err.message : "unexpected error"}`, isHeraldError(err) ? undefined : err);
    await stop();
    process.exitCode = 1;
    if (shard.sharded) process.exit();
  }
}

await start();
