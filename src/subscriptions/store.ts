import { mkdirSync } from "node:fs";
import path from "node:path";
import Keyv from "keyv";
import KeyvSqlite from "@keyv/sqlite";
import KeyvRedis from "@keyv/redis";
import { HeraldError } from "../core/errors.js";

/** The namespaces Herald keeps; each is its own keyspace in every backend. */
export type Namespace = "subs" | "digests" | "snapshots" | "outbox" | "health" | "claims" | "feeds" | "languages";

/** One keyspace: JSON values by string key, with optional expiry. */
export interface Keyspace {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every entry, for rebuilding in-memory indexes at start. */
  entries(): AsyncIterable<[string, unknown]>;
}

/** Herald's persistent state: keyv namespaces plus an atomic "first one wins" claim. */
export interface Store {
  /** "memory", "sqlite" or "redis". */
  readonly kind: "memory" | "sqlite" | "redis";
  /** True when several instances may share this store (Redis). */
  readonly shared: boolean;
  space(name: Namespace): Keyspace;
  /** Sets `key` only if absent (SET NX PX on Redis); true when this call set it. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives up a claim this process holds (the work it guarded failed). */
  release(key: string): Promise<void>;
  /** Extends a claim this process holds. */
  renew(key: string, ttlMs: number): Promise<void>;
  /** Resolves when the backend answers; rejects when it cannot be reached (for /readyz). */
  ping(): Promise<void>;
  /** The raw Redis client, for the due index and the run coordinator; undefined elsewhere. */
  readonly redis?: RedisLike;
  close(): Promise<void>;
}

/** The few Redis commands Herald uses beyond keyv. */
export interface RedisLike {
  set(key: string, value: string, options: { NX: true; PX: number }): Promise<string | null>;
  zAdd(key: string, members: { score: number; value: string }[]): Promise<number>;
  zRem(key: string, member: string): Promise<number>;
  zRangeByScoreWithScores(key: string, min: number | string, max: number | string): Promise<{ value: string; score: number }[]>;
  zScore(key: string, member: string): Promise<number | null>;
  del(keys: string | string[]): Promise<number>;
  pExpire(key: string, ms: number): Promise<number | boolean>;
}

/** Rows per SQLite page when listing a namespace (the adapter pages with OFFSET, so small pages cost O(n²)). */
const SQLITE_PAGE_ROWS = 5_000;

/**
 * Lists one namespace of an adapter shared by several Keyv instances: Keyv's own iterator would use
 * whichever namespace was set on the adapter last.
 */
async function* iterateSqlite(adapter: KeyvSqlite, keyv: Keyv): AsyncIterable<[string, unknown]> {
  for await (const [key, raw] of adapter.iterator(keyv.namespace) as AsyncIterable<[string, string]>) {
    const data = await keyv.deserializeData<unknown>(raw);
    if (!data || (typeof data.expires === "number" && Date.now() > data.expires)) continue;
    yield [key, data.value];
  }
}

/** How long start-up waits for Redis before it stops with one line saying why (well within 10 s). */
export const STORE_CONNECT_TIMEOUT_MS = 5_000;

/** A store URL fit for a log line: the password, if any, replaced. */
export function displayStoreUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = "***";
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, "//***@");
  }
}

/** Connects a Redis client, or gives up after STORE_CONNECT_TIMEOUT_MS with the client's last error. */
async function connectRedis(client: { connect(): Promise<unknown>; destroy(): void; on(e: "error", f: (err: Error) => void): unknown; off(e: "error", f: (err: Error) => void): unknown }, url: string): Promise<void> {
  let last: Error | undefined;
  const remember = (err: Error) => (last = err);
  client.on("error", remember);
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), STORE_CONNECT_TIMEOUT_MS)));
    const outcome = await Promise.race([client.connect().then(() => "connected" as const), timeout]);
    if (outcome === "connected") return;
    client.destroy();
    const why = last ? last.message || last.name : "no answer";
    throw new HeraldError("store_unreachable", `store: cannot reach ${displayStoreUrl(url)} (${why}; gave up after ${STORE_CONNECT_TIMEOUT_MS / 1000} s)`, { cause: last });
  } finally {
    clearTimeout(timer);
    client.off("error", remember);
  }
}

const NAMESPACES: readonly Namespace[] = ["subs", "digests", "snapshots", "outbox", "health", "claims", "feeds", "languages"];

/**
 * Opens a store from a URL: `memory`, `sqlite:PATH` (the folder is created) or `redis://…`.
 * `prefix` separates several Herald deployments (or test runs) on one backend.
 */
export async function createStore(url: string, prefix = "herald"): Promise<Store> {
  if (url === "memory") return fromKeyv("memory", () => new Keyv());
  if (url.startsWith("sqlite:")) {
    const file = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (!file) throw new HeraldError("bad_config", `store: "${url}" names no file (use sqlite:data/herald.sqlite)`);
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // One connection for every namespace: separate connections would queue on SQLite's write lock.
    const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 10_000, iterationLimit: SQLITE_PAGE_ROWS });
    // WAL: one fsync per checkpoint instead of one per write.
    await adapter.query("PRAGMA journal_mode = WAL");
    await adapter.query("PRAGMA synchronous = NORMAL");
    const store = await fromKeyv("sqlite", () => new Keyv({ store: adapter }), () => adapter.disconnect(), prefix, (keyv) => iterateSqlite(adapter, keyv));
    return Object.assign(store, { ping: async () => void (await adapter.query("SELECT 1")) });
  }
  if (/^rediss?:\/\//.test(url)) {
    const adapters: KeyvRedis<unknown>[] = [];
    const base = new KeyvRedis(url);
    const client = base.client as unknown as RedisLike & Parameters<typeof connectRedis>[0] & { isOpen: boolean; isReady: boolean; ping(): Promise<string> };
    const store = await fromKeyv(
      "redis",
      () => {
        const adapter = new KeyvRedis(client as never);
        adapters.push(adapter);
        return new Keyv({ store: adapter });
      },
      async () => {
        await base.disconnect();
      },
      prefix,
    );
    if (!client.isOpen) await connectRedis(client, url);
    const ping = async () => {
      if (!client.isReady) throw new HeraldError("store_unreachable", `store: ${displayStoreUrl(url)} is not connected`);
      await client.ping();
    };
    return Object.assign(store, { redis: client, shared: true, ping });
  }
  throw new HeraldError("bad_config", `store: "${url}" is not sqlite:PATH, redis://… or memory`);
}

type Iterate = (keyv: Keyv) => AsyncIterable<[string, unknown]>;

async function fromKeyv(
  kind: Store["kind"],
  make: () => Keyv,
  closeBackend?: () => Promise<void>,
  prefix = "herald",
  iterateWith?: Iterate,
): Promise<Store> {
  const spaces = new Map<Namespace, Keyv>();
  for (const name of NAMESPACES) {
    const keyv = make();
    keyv.namespace = `${prefix}:${name}`;
    spaces.set(name, keyv);
  }
  const space = (name: Namespace): Keyspace => {
    const keyv = spaces.get(name)!;
    return {
      get: (key) => keyv.get(key),
      set: async (key, value, ttlMs) => {
        await keyv.set(key, value, ttlMs);
      },
      delete: async (key) => {
        await keyv.delete(key);
      },
      entries: () => iterate(keyv, prefix, name, iterateWith),
    };
  };
  // Claims of one key in one process are made atomic by running them one after the other.
  const pending = new Map<string, Promise<unknown>>();
  const store: Store = {
    kind,
    shared: false,
    space,
    ping: async () => {},
    claim(key, ttlMs) {
      if (store.redis) {
        return store.redis.set(`${prefix}:claim:${key}`, "1", { NX: true, PX: Math.max(1, Math.round(ttlMs)) }).then((r) => r === "OK");
      }
      const claims = space("claims");
      const run = (pending.get(key) ?? Promise.resolve()).then(async () => {
        if ((await claims.get(key)) !== undefined) return false;
        await claims.set(key, 1, ttlMs);
        return true;
      });
      const settled = run.catch(() => false);
      pending.set(key, settled);
      void settled.then(() => {
        if (pending.get(key) === settled) pending.delete(key);
      });
      return run;
    },
    async release(key) {
      if (store.redis) await store.redis.del(`${prefix}:claim:${key}`);
      else await space("claims").delete(key);
    },
    async renew(key, ttlMs) {
      if (store.redis) await store.redis.pExpire(`${prefix}:claim:${key}`, Math.max(1, Math.round(ttlMs)));
      else await space("claims").set(key, 1, ttlMs);
    },
    async close() {
      if (closeBackend) await closeBackend();
      else for (const keyv of spaces.values()) await keyv.disconnect();
    },
  };
  return store;
}

/** Backends hand keys back with different leftovers of the namespace (`herald:subs:`, `subs:`, `subs::`). */
async function* iterate(keyv: Keyv, prefix: string, name: Namespace, iterateWith?: Iterate): AsyncIterable<[string, unknown]> {
  if (!iterateWith && !keyv.iterator) throw new HeraldError("internal", "this store cannot list its entries");
  const source = iterateWith ? iterateWith(keyv) : (keyv.iterator!(keyv.namespace) as AsyncIterable<[string, unknown]>);
  for await (const [raw, value] of source) {
    let key = raw.startsWith(`${prefix}:`) ? raw.slice(prefix.length + 1) : raw;
    key = key.startsWith(`${name}::`) ? key.slice(name.length + 2) : key.startsWith(`${name}:`) ? key.slice(name.length + 1) : key;
    if (value !== undefined) yield [key, value];
  }
}
