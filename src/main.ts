import { runTerminalChat } from "./adapters/terminal/index.js";
import { createCore } from "./app.js";
import { loadConfig, type Config } from "./core/config.js";
import { isHeraldError } from "./core/errors.js";

/** `npm start`: the bots whose tokens are set, or the terminal chat when none is. */
async function start(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!isHeraldError(err)) throw err;
    process.stderr.write(`Herald cannot start; fix the configuration:\n${err.message}\n`);
    process.exitCode = 1;
    return;
  }
  const bots = Boolean(config.telegram.token || config.discord.token);
  // The terminal chat keeps its screen for the conversation: only warnings and errors go there.
  const core = await createCore(bots ? config : { ...config, logLevel: config.logLevel === "info" ? "warn" : config.logLevel });
  const { services } = core;
  process.on("unhandledRejection", (reason) => services.log.error("unhandled rejection (kept running)", reason));

  if (!bots) {
    await runTerminalChat(services, process.stdin, process.stdout);
    core.close();
    return;
  }
  services.log.error("Bot adapters are not wired in yet.");
  core.close();
}

await start();
