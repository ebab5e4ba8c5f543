import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult } from "discord.js";
import { loadConfig, logOptionsOf, type Config } from "../../core/config.js";
import { HeraldError } from "../../core/errors.js";
import { createLogger } from "../../core/log.js";
import { CODE_ROOT, COMPILED } from "../../core/paths.js";
import { loadDotEnv } from "../../ops/process.js";

/** Discord's recommended shard count, asked through DISCORD_API_URL (discord.js's own helper ignores it). */
export async function recommendedShardCount(discord: Config["discord"]): Promise<number> {
  if (!discord.token) throw new HeraldError("bad_config", "DISCORD_TOKEN is not set; sharding needs the bot token.");
  const rest = new REST({ api: discord.apiUrl }).setToken(discord.token);
  const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return Math.max(1, gateway.shards);
}

/** DISCORD_SHARDS when set: a whole number of shards, at least 1. */
function shardCountFrom(value: string | undefined): number | undefined {
  if (!value) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new HeraldError("bad_config", `DISCORD_SHARDS: "${value}" is not a whole number of shards (1 or more)`);
  return Number(value);
}

const MAIN = path.join(CODE_ROOT, "src", COMPILED ? "main.js" : "main.ts");
/**
 * How a shard runs MAIN. tsx is resolved here, not by name (a bare `--import tsx` is looked up from the
 * working directory, which may be outside the project), and only from the sources: production has no tsx.
 * Compiled, a shard gets the manager's own node flags (npm run start:prod's V8 memory flags).
 */
const shardExecArgv = (): string[] => (COMPILED ? process.execArgv : ["--import", import.meta.resolve("tsx")]);
/** How long shards get to log out and close their stores before they are killed. */
const STOP_GRACE_MS = 10_000;

/**
 * Stops every shard process for good. The manager must not exit alone: its children would keep their
 * gateway sessions (and the primary its scheduler) with nobody left to stop them.
 */
async function stopShards(manager: ShardingManager): Promise<void> {
  manager.respawn = false;
  const running = [...manager.shards.values()].flatMap((shard) => {
    const child = shard.process;
    return child && child.exitCode === null && child.signalCode === null ? [child] : [];
  });
  const exited = Promise.all(running.map((child) => once(child, "exit")));
  for (const child of running) child.kill("SIGTERM");
  const gaveUp = await Promise.race([exited.then(() => false), sleep(STOP_GRACE_MS, true, { ref: false })]);
  if (gaveUp) for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** Spawns one `src/main.ts` process per shard; each child logs in for its shard only. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const log = createLogger(logOptionsOf(config));
  const fixed = shardCountFrom(process.env.DISCORD_SHARDS);
  const totalShards = fixed ?? (await recommendedShardCount(config.discord));
  const manager = new ShardingManager(MAIN, { token: config.discord.token, totalShards, execArgv: shardExecArgv(), respawn: true });
  manager.on("shardCreate", (shard) => {
    log.info(`discord: shard ${shard.id} of ${totalShards} launched`);
    // Without a listener, a failed respawn would be thrown as an unhandled "error" event.
    shard.on("error", (err) => log.error(`discord: shard ${shard.id} failed`, err));
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void stopShards(manager).then(() => process.exit(0)));
  }
  try {
    await manager.spawn();
  } catch (err) {
    // A shard that cannot start would otherwise be respawned forever, each time failing the same way.
    await stopShards(manager);
    throw err;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`discord shards: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
