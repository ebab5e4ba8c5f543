import { createClient } from "@keyv/redis";

/** Deletes every key of one test run (its unique prefix) from the test Redis. */
export async function dropRedisKeys(url: string, prefix: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  const keys = await client.keys(`*${prefix}*`);
  if (keys.length) await client.del(keys);
  await client.quit();
}
