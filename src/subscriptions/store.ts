import { randomUUID } from "node:crypto";
import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import Keyv from "keyv";
import KeyvSqlite from "@keyv/sqlite";
import { HeraldError, isHeraldError } from "../core/errors.js";
import type { Logger } from "../core/log.js";

/**
 * The namespaces Herald keeps; each is its own keyspace in every backend. `announced` holds each story
 * as its last update notice saw it; `noticed` each chat's last announced version of every story; `feeds`
 * the followed news feeds; `languages` each chat's language; `quarantine` records that no longer parse,
 * set aside rather than deleted.
 */
const NAMESPACES = ["subs", "digests", "snapshots", "outbox", "health", "claims", "feeds", "languages", "announced", "noticed", "quarantine"] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** One keyspace: JSON values by string key, with optional expiry. */
export interface Keyspace {
  get(key: string): Promise<unknown>;
  /** Several values at once (one query on SQLite, one MGET on Redis), in the order of `keys`; undefined where absent. */
  getMany(keys: readonly string[]): Promise<unknown[]>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every entry, for rebuilding in-memory indexes at start. */
  entries(): AsyncIterable<[string, unknown]>;
}

/** One write of a batch: `value` stored under `key` (expiring after `ttlMs` if given), or `key` deleted when `value` is undefined. */
export interface StoreWrite {
  space: Namespace;
  key: string;
  value?: unknown;
  ttlMs?: number;
}

/** Herald's persistent state: keyv namespaces plus an atomic "first one wins" claim. */
export interface Store {
  /** "memory", "sqlite" or "redis". */
  readonly kind: "memory" | "sqlite" | "redis";
  /** True when several instances may share this store (Redis). */
  readonly shared: boolean;
  space(name: Namespace): Keyspace;
  /**
   * Makes many writes at once: every set, then every delete (so a record written in the same batch as
   * the removal of what it replaces is kept first); a key set twice keeps its last value. On SQLite the
   * sets are one statement and the deletes another (each one transaction); on Redis one MULTI each.
   * Resolves once every write is kept.
   */
  batch(writes: readonly StoreWrite[]): Promise<void>;
  /** Sets `key` only if absent (SET NX PX on Redis); true when this call set it. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives up a claim this process holds (the work it guarded failed). */
  release(key: string): Promise<void>;
  /** Extends a claim this process holds. */
  renew(key: string, ttlMs: number): Promise<void>;
  /**
   * Takes a lease that stays this instance's while its heartbeat lives (shared stores): true when it is
   * free, already ours, or held by an instance whose heartbeat lapsed. Always true on a store of one.
   */
  lease(key: string): Promise<boolean>;
  /** Gives a lease back. */
  unlease(key: string): Promise<void>;
  /** Renews this instance's heartbeat and returns the fleet members whose heartbeat lapsed (shared stores). */
  heartbeat(leaseMs: number): Promise<string[]>;
  /** Removes a dead member from the fleet once its work was taken over. */
  forgetMember(id: string): Promise<void>;
  /** This process in the fleet. */
  readonly instanceId: string;
  /** Resolves when the backend answers; rejects when it cannot be reached (for /readyz). */
  ping(): Promise<void>;
  /** The raw Redis client, for the due index and the run coordinator; undefined elsewhere. */
  readonly redis?: RedisLike;
  /**
   * Deletes the records whose expiry has passed and returns how many (SQLite only: Redis expires
   * keys itself). Run at open and every hour; callable for tests.
   */
  sweepExpired?(): Promise<number>;
  close(): Promise<void>;
}

/** How a store call is bounded and its failures reported. */
export interface StoreOptions {
  /** Separates several Herald deployments (or test runs) on one backend. */
  prefix?: string;
  /** A call slower than this fails as "temporarily unavailable" instead of hanging. */
  timeoutMs?: number;
  log?: Logger;
}

/** Default bound of one store call. */
export const STORE_TIMEOUT_MS = 5_000;
/** How long a lease key outlives its last holder when nobody gives it back (it is only a fallback). */
const LEASE_KEY_TTL_MS = 2 * 86_400_000;
/** How often a SQLite store deletes its expired records. */
const SWEEP_EVERY_MS = 3_600_000;

/** What a person is told when the store does not answer; the reply names no internals. */
/** The English of `err-store-unavailable` (locales/), for logs and tests. */
export const STORE_UNAVAILABLE = "Subscriptions are temporarily unavailable (the store does not answer). Try again in a minute.";

/** The few Redis commands Herald uses beyond keyv. */
export interface RedisLike {
  set(key: string, value: string, options: { NX?: true; PX: number }): Promise<string | null>;
  zAdd(key: string, members: { score: number; value: string }[]): Promise<number>;
  zRem(key: string, member: string): Promise<number>;
  zRangeByScoreWithScores(key: string, min: number | string, max: number | string): Promise<{ value: string; score: number }[]>;
  zScore(key: string, member: string): Promise<number | null>;
  del(keys: string | string[]): Promise<number>;
  pExpire(key: string, ms: number): Promise<number | boolean>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  sAdd(key: string, member: string): Promise<number>;
  sRem(key: string, member: string): Promise<number>;
  sMembers(key: string): Promise<string[]>;
  exists(key: string): Promise<number>;
}

/**
 * Takes KEYS[1] for ARGV[1] unless another member whose heartbeat key (ARGV[2] .. holder) still lives holds it.
 * A lease is a holder name, not a timer: it lapses exactly when its holder's heartbeat does.
 */
const LEASE_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return 1 end
if holder and redis.call('EXISTS', ARGV[2] .. holder) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1`;
/** Deletes KEYS[1] only if ARGV[1] holds it. */
const UNLEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

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

/**
 * What stops a write to a SQLite file (or to its folder, where SQLite keeps its journal), if anything:
 * "store: the SQLite file … cannot be written (EACCES)". access() sees what a write would meet:
 * permissions (for a non-root user), the immutable flag, a read-only mount.
 */
function unwritableSqlite(file: string): string | undefined {
  for (const [what, target] of [["folder", path.dirname(file)], ["file", file]] as const) {
    try {
      accessSync(target, constants.W_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      if (code === "ENOENT") continue; // a file not there yet is created
      return `store: the SQLite ${what} ${target} cannot be written (${code})`;
    }
  }
  return undefined;
}

/** Keeps a string that starts with ":" from reading back as Keyv's escapes (":base64:…"), as Keyv's own serialiser does. */
const escapeColon = (_key: string, value: unknown) => (typeof value === "string" && value.startsWith(":") ? `:${value}` : value);

/**
 * Keyv's stored form, written with JSON.stringify: for JSON data the same text as Keyv's default
 * serialiser (pinned by a test), which builds it by concatenating many small strings. Those stay in
 * memory as a tree of pieces (about 4 KB for a 1 KB outbox entry in the memory store) and cost twice the
 * CPU; this text is one flat string.
 */
export const serializeRecord = (data: { value?: unknown; expires?: number | null }): string => JSON.stringify(data, escapeColon);

/** SQLite's answers for a file that is not a database or is damaged. */
const CORRUPT = /SQLITE_NOTADB|SQLITE_CORRUPT|not a database|malformed/i;

/**
 * Opens a store from a URL: `memory`, `sqlite:PATH` (the folder is created) or `redis://…`.
 * Every call is bounded (`timeoutMs`); a failure is logged once and reported as "temporarily unavailable".
 */
export async function createStore(url: string, options: StoreOptions | string = {}): Promise<Store> {
  const { prefix = "herald", timeoutMs = STORE_TIMEOUT_MS, log } = typeof options === "string" ? { prefix: options } : options;
  const health = new StoreHealth(displayStoreUrl(url), timeoutMs, log);
  if (url === "memory") return fromKeyv("memory", () => new Keyv({ serialize: serializeRecord }), health, { prefix });
  if (url.startsWith("sqlite:")) {
    const file = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (!file) throw new HeraldError("bad_config", `store: "${url}" names no file (use sqlite:data/herald.sqlite)`);
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // SQLite would open an unwritable file read-only without a word, and fail at the first write.
    const unwritable = unwritableSqlite(file);
    if (unwritable) throw new HeraldError("bad_config", `${unwritable}. Make it writable by the user Herald runs as and start again.`);
    // One connection for every namespace: separate connections would queue on SQLite's write lock.
    const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 10_000, iterationLimit: SQLITE_PAGE_ROWS });
    // Each namespace's Keyv listens for the shared adapter's errors.
    adapter.setMaxListeners(NAMESPACES.length + 1);
    try {
      // WAL: one fsync per checkpoint instead of one per write.
      await adapter.query("PRAGMA journal_mode = WAL");
      await adapter.query("PRAGMA synchronous = NORMAL");
    } catch (cause) {
      await adapter.disconnect().catch(() => undefined);
      const why = (cause as Error).message ?? String(cause);
      if (!CORRUPT.test(why)) throw cause;
      throw new HeraldError(
        "bad_config",
        `store: ${file} is not a readable SQLite database (${why}). Move it aside (or restore it from a backup) and start again: Herald then creates an empty one.`,
        { cause },
      );
    }
    health.watchFile(file);
    // Keyv deletes an expired record only when it reads it: a record never read again (a digest's library
    // snapshot, about 4 MB with 25,000 feed stories) would stay in the file for good without a sweep.
    const sweepExpired = () =>
      health.run(async () => {
        const swept = await adapter.query(
          `DELETE FROM ${adapter.opts.table} WHERE json_valid(value) AND json_extract(value, '$.expires') < ? RETURNING key`,
          Date.now(),
        );
        return (swept as unknown[]).length;
      }, true);
    const sweeper = setInterval(() => void sweepExpired().catch(() => undefined), SWEEP_EVERY_MS).unref();
    const store = await fromKeyv("sqlite", () => new Keyv({ store: adapter, throwOnErrors: true, serialize: serializeRecord }), health, {
      prefix,
      close: () => {
        clearInterval(sweeper);
        return adapter.disconnect();
      },
      iterate: (keyv) => iterateSqlite(adapter, keyv),
      writeMany: (sets, deletes) => writeManySqlite(adapter, sets, deletes),
    });
    await sweepExpired().catch(() => undefined);
    return Object.assign(store, { ping: async () => void (await adapter.query("SELECT 1")), sweepExpired });
  }
  if (/^rediss?:\/\//.test(url)) {
    // Loaded only for a Redis store: with the Redis client and every command module it costs a process
    // about 7 MB of RSS at start, which a SQLite store would carry for nothing (BENCHMARKS.md, "Start-up memory").
    const { default: KeyvRedis, createClient } = await import("@keyv/redis");
    // Without an offline queue a call made while Redis is away fails at once instead of waiting for it
    // (and running late, after the person was told it failed).
    const client = createClient({
      url,
      disableOfflineQueue: true,
      socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2_000) },
    });
    // Each namespace's adapter listens for the client's errors, as do start-up and the health watch.
    client.setMaxListeners(NAMESPACES.length + 4);
    const redis = client as unknown as RedisLike &
      Parameters<typeof connectRedis>[0] & { isOpen: boolean; isReady: boolean; ping(): Promise<string>; quit(): Promise<unknown> };
    const store = await fromKeyv(
      "redis",
      () => {
        const adapter = new KeyvRedis(client as never, { throwOnErrors: true, throwOnConnectError: true });
        adapter.on("error", () => undefined);
        return new Keyv({ store: adapter, throwOnErrors: true, serialize: serializeRecord });
      },
      health,
      {
        prefix,
        close: async () => {
          if (redis.isOpen) await redis.quit().catch(() => undefined);
        },
      },
    );
    if (!redis.isOpen) await connectRedis(redis, url);
    // After start-up (whose failure is reported once, above): a lost connection is said once, and its return.
    client.on("error", (err: Error) => health.failed(err));
    client.on("ready", () => health.ok());
    const ping = async () => {
      if (!redis.isReady) throw new HeraldError("store_unreachable", `store: ${displayStoreUrl(url)} is not connected`);
      await redis.ping();
    };
    return Object.assign(store, { redis, shared: true, ping });
  }
  throw new HeraldError("bad_config", `store: "${url}" is not sqlite:PATH, redis://… or memory`);
}

/**
 * Bounds every store call and says, once, when the store stops answering and when it is back. A SQLite
 * file removed or replaced takes writes without an error and loses them, so its identity is checked
 * (one stat) after every write, and no such write is confirmed. A file or folder made unwritable (the
 * immutable flag, permission bits, a read-only mount) is looked for at every heartbeat, after a write
 * that failed, and before every write while it is known to be unwritable; a write that succeeds before
 * the next heartbeat noticed is kept, since it went through the file SQLite holds open. The person is
 * told "temporarily unavailable" and the log names the file.
 */
class StoreHealth {
  private down = false;
  private file: { path: string; ino: number; dev: number } | undefined;

  constructor(
    private readonly name: string,
    private readonly timeoutMs: number,
    private readonly log: Logger | undefined,
  ) {}

  watchFile(file: string): void {
    const info = statSync(file);
    this.file = { path: file, ino: info.ino, dev: info.dev };
  }

  failed(err: unknown): void {
    if (this.down) return;
    this.down = true;
    this.log?.warn(`store: ${this.name} is not answering (${(err as Error)?.message ?? String(err)}); commands that need it answer "temporarily unavailable" until it is back`);
  }

  ok(): void {
    if (!this.down) return;
    this.down = false;
    this.log?.info(`store: ${this.name} answers again; work resumes`);
  }

  /** Whether the SQLite file Herald opened was removed or replaced (a write to it would be lost). */
  private fileGone(): string | undefined {
    if (!this.file) return undefined;
    const { path: file, ino, dev } = this.file;
    let info: ReturnType<typeof statSync> | undefined;
    try {
      info = statSync(file);
    } catch {
      info = undefined;
    }
    if (info && info.ino === ino && info.dev === dev) return undefined;
    return `store: the SQLite file ${file} was removed or replaced while Herald was running; nothing written now would be kept. Restore it (or restart Herald to start a new one).`;
  }

  /** What is wrong with the SQLite file Herald opened, if anything: removed, replaced, or not writable. */
  private fileProblem(): string | undefined {
    if (!this.file) return undefined;
    const gone = this.fileGone();
    if (gone) return gone;
    const unwritable = unwritableSqlite(this.file.path);
    return unwritable && `${unwritable}; writes are refused until it can. Make it writable again and work resumes by itself.`;
  }

  /** Throws "temporarily unavailable" (logged once) when `problem` names one. */
  private refuse(problem: string | undefined): void {
    if (!problem) return;
    if (!this.down) this.log?.error(problem);
    this.down = true;
    throw new HeraldError("unavailable", STORE_UNAVAILABLE, { cause: new Error(problem), text: { id: "err-store-unavailable" } });
  }

  /** The heartbeat's look at the SQLite file: throws (logging it once) when it cannot take a write. */
  checkFile(): void {
    this.refuse(this.fileProblem());
  }

  /** Runs one store call within the bound; a write is confirmed only if the file it went to is still there. */
  async run<T>(call: () => Promise<T>, write: boolean): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      if (write && this.down) this.checkFile();
      const result = await Promise.race([call(), timeout]);
      if (write) this.refuse(this.fileGone());
      // A read still works from a file that cannot be written; only a write that can be kept says it is back.
      else if (this.down && this.fileProblem()) return result;
      this.ok();
      return result;
    } catch (err) {
      if (isHeraldError(err)) throw err;
      // SQLite's own errors for a file it can no longer write name no file: say which one, if that is it.
      if (write) this.checkFile();
      this.failed(err);
      throw new HeraldError("unavailable", STORE_UNAVAILABLE, { cause: err, text: { id: "err-store-unavailable" } });
    } finally {
      clearTimeout(timer);
    }
  }
}

type Iterate = (keyv: Keyv) => AsyncIterable<[string, unknown]>;
/** A batch's writes resolved to their namespace's Keyv. */
type KeyedSet = { keyv: Keyv; key: string; value: unknown; ttlMs?: number };
type KeyedDelete = { keyv: Keyv; key: string };
type WriteMany = (sets: KeyedSet[], deletes: KeyedDelete[]) => Promise<void>;

/** What differs between backends beyond their Keyv. */
interface Backend {
  prefix: string;
  close?: () => Promise<void>;
  /** Lists one namespace (SQLite: see iterateSqlite). */
  iterate?: Iterate;
  /** Writes a batch (SQLite: one statement each for the sets and the deletes). */
  writeMany?: WriteMany;
}

/** A batch through Keyv's own setMany/deleteMany, one namespace at a time (a MULTI each on Redis). */
const writeManyByKeyv: WriteMany = async (sets, deletes) => {
  const byKeyv = <T extends { keyv: Keyv }>(items: T[]) => {
    const groups = new Map<Keyv, T[]>();
    for (const item of items) groups.set(item.keyv, [...(groups.get(item.keyv) ?? []), item]);
    return groups;
  };
  for (const [keyv, group] of byKeyv(sets)) await keyv.setMany(group.map(({ key, value, ttlMs }) => ({ key, value, ttl: ttlMs })));
  for (const [keyv, group] of byKeyv(deletes)) await keyv.deleteMany(group.map(({ key }) => key));
};

/**
 * A batch on SQLite: the sets as one INSERT and the deletes as one DELETE (each its own transaction),
 * the rows passed as one JSON array so a batch of any size is one statement. Values are
 * serialised by each namespace's Keyv, so Keyv reads them back as if it had written them.
 */
async function writeManySqlite(adapter: KeyvSqlite, sets: KeyedSet[], deletes: KeyedDelete[]): Promise<void> {
  const table = adapter.opts.table;
  if (sets.length) {
    const rows: [string, unknown][] = [];
    for (const { keyv, key, value, ttlMs } of sets) {
      rows.push([`${keyv.namespace}:${key}`, await keyv.serializeData({ value, expires: ttlMs ? Date.now() + ttlMs : undefined })]);
    }
    // "WHERE true" tells SQLite's parser the ON CONFLICT belongs to the INSERT, not to a join.
    await adapter.query(
      `INSERT INTO ${table} (key, value) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?) WHERE true ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      JSON.stringify(rows),
    );
  }
  if (deletes.length) {
    await adapter.query(`DELETE FROM ${table} WHERE key IN (SELECT value FROM json_each(?))`, JSON.stringify(deletes.map(({ keyv, key }) => `${keyv.namespace}:${key}`)));
  }
}

async function fromKeyv(kind: Store["kind"], make: () => Keyv, health: StoreHealth, backend: Backend): Promise<Store> {
  const { prefix, close: closeBackend, iterate: iterateWith, writeMany = writeManyByKeyv } = backend;
  const spaces = new Map<Namespace, Keyv>();
  for (const name of NAMESPACES) {
    const keyv = make();
    keyv.namespace = `${prefix}:${name}`;
    keyv.on("error", () => undefined);
    spaces.set(name, keyv);
  }
  const batch = (writes: readonly StoreWrite[]) => {
    // A key written twice keeps its last write; the sets go before the deletes.
    const last = new Map<string, StoreWrite>();
    for (const write of writes) {
      const id = `${write.space}\u0000${write.key}`;
      last.delete(id);
      last.set(id, write);
    }
    const sets: KeyedSet[] = [];
    const deletes: KeyedDelete[] = [];
    for (const { space: name, key, value, ttlMs } of last.values()) {
      const keyv = spaces.get(name)!;
      if (value === undefined) deletes.push({ keyv, key });
      else sets.push({ keyv, key, value, ttlMs });
    }
    if (!sets.length && !deletes.length) return Promise.resolve();
    return health.run(() => writeMany(sets, deletes), true);
  };
  const space = (name: Namespace): Keyspace => {
    const keyv = spaces.get(name)!;
    return {
      get: (key) => health.run(() => keyv.get(key), false),
      getMany: (keys) => health.run(() => keyv.getMany([...keys]) as Promise<unknown[]>, false),
      set: (key, value, ttlMs) =>
        health.run(async () => {
          await keyv.set(key, value, ttlMs);
        }, true),
      // One statement on SQLite (Keyv's own delete reads the row first).
      delete: (key) => batch([{ space: name, key }]),
      entries: () => iterate(keyv, prefix, name, iterateWith),
    };
  };
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const alive = `${prefix}:alive:`;
  const members = `${prefix}:members`;
  // Claims of one key in one process are made atomic by running them one after the other.
  const pending = new Map<string, Promise<unknown>>();
  const store: Store = {
    kind,
    shared: false,
    instanceId,
    space,
    batch,
    ping: async () => {},
    claim(key, ttlMs) {
      if (store.redis) {
        const redis = store.redis;
        return health.run(() => redis.set(`${prefix}:claim:${key}`, "1", { NX: true, PX: Math.max(1, Math.round(ttlMs)) }), true).then((r) => r === "OK");
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
      const redis = store.redis;
      if (redis) await health.run(() => redis.del(`${prefix}:claim:${key}`), true);
      else await space("claims").delete(key);
    },
    async renew(key, ttlMs) {
      const redis = store.redis;
      if (redis) await health.run(() => redis.pExpire(`${prefix}:claim:${key}`, Math.max(1, Math.round(ttlMs))), true);
      else await space("claims").set(key, 1, ttlMs);
    },
    async lease(key) {
      const redis = store.redis;
      if (!redis) return true;
      const args = { keys: [`${prefix}:lease:${key}`], arguments: [instanceId, alive, String(LEASE_KEY_TTL_MS)] };
      return (await health.run(() => redis.eval(LEASE_SCRIPT, args), true)) === 1;
    },
    async unlease(key) {
      const redis = store.redis;
      if (!redis) return;
      await health.run(() => redis.eval(UNLEASE_SCRIPT, { keys: [`${prefix}:lease:${key}`], arguments: [instanceId] }), true);
    },
    async heartbeat(leaseMs) {
      const redis = store.redis;
      // A store of one has no fleet; its beat only checks that the SQLite file is still there and writable.
      if (!redis)
        return health.run(async () => {
          health.checkFile();
          return [];
        }, true);
      return health.run(async () => {
        await redis.set(`${alive}${instanceId}`, "1", { PX: Math.max(1, Math.round(leaseMs)) });
        await redis.sAdd(members, instanceId);
        const dead: string[] = [];
        for (const id of await redis.sMembers(members)) {
          if (id !== instanceId && !(await redis.exists(`${alive}${id}`))) dead.push(id);
        }
        return dead;
      }, true);
    },
    async forgetMember(id) {
      const redis = store.redis;
      if (redis) await health.run(() => redis.sRem(members, id), true);
    },
    async close() {
      // A clean stop hands this instance's work over at once instead of after its heartbeat lapses.
      const redis = store.redis;
      if (redis) await Promise.race([redis.del(`${alive}${instanceId}`), new Promise((r) => setTimeout(r, 1_000))]).catch(() => undefined);
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
