import { runTerminalChat } from "./adapters/terminal/index.js";
import { createCore } from "./app.js";
import type { PlatformAdapter } from "./core/adapter.js";
import { loadConfig, type Config } from "./core/config.js";
import { isHeraldError } from "./core/errors.js";

/** Reads the configuration, or explains every bad value and returns undefined. */
function configOrExplain(): Config | undefined {
  try {
    return loadConfig();
  } catch (err) {
    if (!isHeraldError(err)) throw err;
    process.stderr.write(`Herald cannot start; fix the configuration:\n${err.message}\n`);
    return undefined;
  }
}

/** `npm start`: the bots whose tokens are set, or the terminal chat when none is. */
async function start(): Promise<void> {
  const config = configOrExplain();
  if (!config) return void (process.exitCode = 1);
  const bots = Boolean(config.telegram.token || config.discord.token);
  // The terminal chat keeps its screen for the conversation: only warnings and errors go there.
  const core = await createCore(bots ? config : { ...config, logLevel: config.logLevel === "info" ? "warn" : config.logLevel });
  const { services } = core;
  const { log } = services;
  process.on("unhandledRejection", (reason) => log.error("unhandled rejection (kept running)", reason));

  if (!bots) {
    await runTerminalChat(services, process.stdin, process.stdout);
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

  const stop = async () => {
    log.info("herald: stopping");
    await Promise.allSettled(adapters.map((a) => a.stop()));
    core.close();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop().then(() => process.exit(0)));

  try {
    for (const adapter of adapters) {
      await adapter.start();
      log.info(`herald: ${adapter.platform} is running`);
    }
  } catch (err) {
    log.error(`herald: cannot start: ${isHeraldError(err) ? err.message : "unexpected error"}`, isHeraldError(err) ? undefined : err);
    await stop();
    process.exitCode = 1;
  }
}

await start();
