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
