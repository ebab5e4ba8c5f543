import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import Keyv from "keyv";
import { createStore, serializeRecord } from "../../src/subscriptions/store.js";
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

describe("the stored form of a record", () => {
  it("is the text Keyv's default serialiser wrote before, so records stored by an earlier Herald read back the same", () => {
    const records: { value: unknown; expires?: number }[] = [
      { value: { id: "digest:telegram:1:2026-03-01", replies: [{ title: "Digest · 1 Mar", blocks: [{ heading: ":emoji: first", text: "“quoted” \n line\u0000" }] }], sent: 0, commit: null, list: [1, 2.5, -3, true, false, null] } },
      { value: ":starts with a colon", expires: 1_772_352_000_000 },
      { value: { nested: { ":key": ":value", empty: {}, none: [], skipped: undefined } }, expires: undefined },
      { value: new Date("2026-03-01T08:00:00Z") },
      { value: "fr" },
      { value: 42 },
    ];
    const keyvDefault = new Keyv().serialize!;
    for (const record of records) expect(serializeRecord(record)).toBe(keyvDefault(record));
  });
});

describe("createStore", () => {
  it("refuses a URL it does not understand, naming the accepted forms", async () => {
    await expect(createStore("postgres://x")).rejects.toThrow(/sqlite:PATH, redis:\/\/… or memory/);
  });
});

describe("a SQLite store's expired records", () => {
  it("are deleted from the file at open and by a sweep, not only when read; the rest stays", async () => {
    const url = `sqlite:${path.join(dir, "sweep", "herald.sqlite")}`;
    const rowsIn = async (store: Awaited<ReturnType<typeof createStore>>) => {
      let count = 0;
      for await (const _ of store.space("snapshots").entries()) count++;
      return count;
    };
    let store = await createStore(url);
    await store.space("snapshots").set("old", { a: 1 }, 1);
    await store.space("snapshots").set("kept", { b: 2 }, 3_600_000);
    await store.space("subs").set("forever", { c: 3 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.sweepExpired!()).toBe(1);
    expect(await store.sweepExpired!()).toBe(0);
    expect(await rowsIn(store)).toBe(1);
    expect(await store.space("subs").get("forever")).toEqual({ c: 3 });

    // At open: a record that expired while Herald was stopped is gone before anything reads it.
    await store.space("snapshots").set("stale", { d: 4 }, 1);
    await store.close();
    await new Promise((resolve) => setTimeout(resolve, 5));
    store = await createStore(url);
    expect(await store.sweepExpired!()).toBe(0);
    expect(await store.space("snapshots").get("kept")).toEqual({ b: 2 });
    await store.close();
  });
});
