import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shardInfo } from "../../src/adapters/discord/shard-info.js";
import { recommendedShardCount } from "../../src/adapters/discord/shards.js";
import { loadConfig } from "../../src/core/config.js";
import { FakeDiscord } from "../fakes/discord-api.js";
import { BOT_TOKEN } from "./harness.js";

describe("sharding", () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it("treats a process started without the ShardingManager as the only, primary one", () => {
    expect(shardInfo({})).toEqual({ sharded: false, ids: [0], count: 1, primary: true });
  });

  it("reads the shard a ShardingManager child runs, and only shard 0 is primary", () => {
    expect(shardInfo({ SHARDING_MANAGER: "true", SHARDS: "0", SHARD_COUNT: "4" })).toEqual({ sharded: true, ids: [0], count: 4, primary: true });
    expect(shardInfo({ SHARDING_MANAGER: "true", SHARDS: "[2,3]", SHARD_COUNT: "4" })).toEqual({ sharded: true, ids: [2, 3], count: 4, primary: false });
  });

  it("asks Discord for the recommended shard count through DISCORD_API_URL", async () => {
    const config = loadConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.apiUrl, HERALD_STORE: "memory" });
    expect(await recommendedShardCount(config.discord)).toBe(1);
    expect(fake.calls.at(-1)).toMatchObject({ method: "GET", path: "/gateway/bot", authorization: `Bot ${BOT_TOKEN}` });
  });
});
