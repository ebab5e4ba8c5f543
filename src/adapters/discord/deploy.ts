import { pathToFileURL } from "node:url";
import { REST, Routes, type APIApplication, type RESTPutAPIApplicationCommandsResult } from "discord.js";
import { loadConfig, logOptionsOf } from "../../core/config.js";
import { HeraldError, isHeraldError } from "../../core/errors.js";
import { createLogger, type Logger } from "../../core/log.js";
import { loadCommands } from "../../core/registry.js";
import type { CommandRegistry } from "../../core/services.js";
import { loadDotEnv } from "../../ops/process.js";
import { slashCommands } from "./definitions.js";

export interface DeployOptions {
  token: string;
  /** Discord's REST base or a proxy (DISCORD_API_URL). */
  apiUrl: string;
  /** Register for this server only (instant, for testing) instead of globally (up to an hour). */
  guildId?: string;
  commands: CommandRegistry;
  log: Logger;
}

/** Replaces the bot's slash commands with those of the registry; returns where and how many. */
export async function deployCommands(options: DeployOptions): Promise<{ scope: "global" | "guild"; count: number }> {
  const rest = new REST({ api: options.apiUrl }).setToken(options.token);
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  const body = slashCommands(options.commands);
  const route = options.guildId
    ? Routes.applicationGuildCommands(application.id, options.guildId)
    : Routes.applicationCommands(application.id);
  const registered = (await rest.put(route, { body })) as RESTPutAPIApplicationCommandsResult;
  const scope = options.guildId ? "guild" : "global";
  options.log.info(
    `discord: registered ${registered.length} command(s) ${options.guildId ? `in server ${options.guildId}` : "globally"}: ${registered.map((c) => `/${c.name}`).join(" ")}`,
  );
  return { scope, count: registered.length };
}

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const log = createLogger(logOptionsOf(config));
  if (!config.discord.token) throw new HeraldError("bad_config", "DISCORD_TOKEN is not set; deploy-commands needs the bot token.");
  await deployCommands({
    token: config.discord.token,
    apiUrl: config.discord.apiUrl,
    guildId: config.discord.guildId,
    commands: await loadCommands(),
    log,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    // The token is never part of these messages: config errors name secrets without their value.
    process.stderr.write(`deploy-commands: ${isHeraldError(err) || err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
