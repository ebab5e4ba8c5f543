import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createStore } from "../../src/subscriptions/store.js";
import { dropRedisKeys } from "../helpers/redis.js";
import { storeContract } from "./contract.js";

const dir = mkdtempSync(path.join(tmpdir(), "herald-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeContract("memory", () => createStore("memory"));

const sqliteUrl = `sqlite:${path.join(dir, "nested", "herald.sqlite")}`;
storeContract("sqlite", () => createStore(sqliteUrl), async (old) => {
  await old.close();
  return createStore(sqliteUrl);
});

const redisUrl = process.env.REDIS_URL;
const prefix = `herald-test-${process.pid}-${Date.now()}`;
describe.skipIf(!redisUrl)("redis (skipped: REDIS_URL is not set)", () => {
  storeContract("redis", () => createStore(redisUrl!, prefix), async (old) => {
    await old.close();
    return createStore(redisUrl!, prefix);
  });
  afterAll(() => dropRedisKeys(redisUrl!, prefix));
});

describe("createStore", () => {
  it("refuses a URL it does not understand, naming the accepted forms", async () => {
    await expect(createStore("postgres://x")).rejects.toThrow(/sqlite:PATH, redis:\/\/… or memory/);
  });
});
