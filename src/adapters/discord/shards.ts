import { fileURLToPath, pathToFileURL } from "node:url";
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult } from "discord.js";
import { loadConfig, secretsOf, type Config } from "../../core/config.js";
import { HeraldError } from "../../core/errors.js";
import { createLogger } from "../../core/log.js";

/** Where this process sits when run under discord.js's ShardingManager (which sets SHARDS and SHARD_COUNT). */
export interface ShardInfo {
  sharded: boolean;
  /** Shard ids this process runs. */
  ids: number[];
  count: number;
  /** The one process that should also run the scheduler and the other platforms: the one holding shard 0. */
  primary: boolean;
}

/** Reads the shard of this process from the environment the ShardingManager gives each child. */
export function shardInfo(env: Record<string, string | undefined> = process.env): ShardInfo {
  if (env.SHARDING_MANAGER !== "true" || env.SHARDS === undefined) return { sharded: false, ids: [0], count: 1, primary: true };
  const parsed: unknown = JSON.parse(env.SHARDS);
  const ids = (Array.isArray(parsed) ? parsed : [parsed]).map(Number);
  return { sharded: true, ids, count: Number(env.SHARD_COUNT ?? ids.length), primary: ids.includes(0) };
}

/** Discord's recommended shard count, asked through DISCORD_API_URL (discord.js's own helper ignores it). */
export async function recommendedShardCount(discord: Config["discord"]): Promise<number> {
  if (!discord.token) throw new HeraldError("bad_config", "DISCORD_TOKEN is not set; sharding needs the bot token.");
  const rest = new REST({ api: discord.apiUrl }).setToken(discord.token);
  const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return Math.max(1, gateway.shards);
}

const MAIN = fileURLToPath(new URL("../../main.ts", import.meta.url));

/** Spawns one `src/main.ts` process per shard; each child logs in for its shard only. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  const fixed = process.env.DISCORD_SHARDS ? Number(process.env.DISCORD_SHARDS) : undefined;
  const totalShards = fixed ?? (await recommendedShardCount(config.discord));
  const manager = new ShardingManager(MAIN, { token: config.discord.token, totalShards, execArgv: ["--import", "tsx"], respawn: true });
  manager.on("shardCreate", (shard) => log.info(`discord: shard ${shard.id} of ${totalShards} launched`));
  await manager.spawn();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`discord shards: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
