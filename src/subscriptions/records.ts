import { z } from "zod";
import { PLATFORM_NAMES } from "../core/chat.js";
import { LOCALES } from "../core/i18n.js";
import type { Logger } from "../core/log.js";
import type { Namespace, Store } from "./store.js";

/** Zod schemas of everything kept in the store, so a corrupt record is set aside instead of trusted. */

const Chat = z.object({
  platform: z.enum(PLATFORM_NAMES),
  id: z.string().min(1),
  kind: z.enum(["private", "group", "channel"]),
  title: z.string().optional(),
});

const Filter = z.union([
  z.object({ kind: z.literal("story"), storyId: z.string(), title: z.string() }),
  z.object({ kind: z.literal("topic"), words: z.string() }),
]);

const Paused = z.object({ since: z.string(), reason: z.string() }).nullable();

/** Version 1 of the "subs" record (one subscription per chat), and the in-memory shape of one subscription. */
export const SubscriptionRecord = z.object({
  chat: Chat,
  mode: z.enum(["daily", "updates", "both"]),
  time: z.string(),
  timezone: z.string(),
  filter: Filter.nullable(),
  createdAt: z.string(),
  paused: Paused,
});
export type SubscriptionRecord = z.infer<typeof SubscriptionRecord>;

/** One of a chat's subscriptions; `number` is what /subscriptions shows and /unsubscribe takes. */
const NumberedSubscription = SubscriptionRecord.omit({ chat: true, paused: true }).extend({ number: z.number().int().positive() });

/** Version 2 of the "subs" record: every subscription of one chat, which pauses as a whole. */
export const ChatSubscriptionsV2 = z.object({
  v: z.literal(2),
  chat: Chat,
  paused: Paused,
  subscriptions: z.array(NumberedSubscription),
});
export type ChatSubscriptions = z.infer<typeof ChatSubscriptionsV2>;

/** Reads a "subs" record of either version; a version 1 record becomes subscription number 1 of its chat. */
export const ChatSubscriptions = z.union([
  ChatSubscriptionsV2,
  SubscriptionRecord.transform(({ chat, paused, ...subscription }): ChatSubscriptions => ({
    v: 2,
    chat,
    paused,
    subscriptions: [{ ...subscription, number: 1 }],
  })),
]);

/** What one story looked like in a chat's last digest. */
export const CoveredStory = z.object({
  version: z.string(),
  title: z.string(),
  articleCount: z.number().nullable(),
  events: z.array(z.string()),
  /** Ids of the story's reports when it has several (coverage); absent in records written before. */
  reports: z.array(z.string()).optional(),
});
export type CoveredStory = z.infer<typeof CoveredStory>;

/** The library as a digest saw it, shared by every chat whose digest saw the same library. */
export const Snapshot = z.record(z.string(), CoveredStory);
export type Snapshot = z.infer<typeof Snapshot>;

export const DigestRecord = z.object({
  at: z.string(),
  localDate: z.string(),
  snapshot: z.string(),
});
export type DigestRecord = z.infer<typeof DigestRecord>;

export const HealthRecord = z.object({ failures: z.number().int().nonnegative(), lastError: z.string() });
export type HealthRecord = z.infer<typeof HealthRecord>;

const Block = z.object({ heading: z.string().optional(), url: z.string().optional(), text: z.string() });
export const StoredReply = z.object({
  title: z.string().optional(),
  url: z.string().optional(),
  blocks: z.array(Block),
  fields: z.array(z.object({ name: z.string(), value: z.string(), inline: z.boolean().optional() })).optional(),
  footer: z.string().optional(),
  timestamp: z.string().optional(),
  tone: z.enum(["info", "error"]).optional(),
  locale: z.enum(LOCALES).optional(),
});

export const OutboxEntry = z.object({
  id: z.string(),
  chat: Chat,
  kind: z.enum(["digest", "notice"]),
  replies: z.array(StoredReply).min(1),
  /** How many of `replies` went out already, so a resumed entry never repeats a part. */
  sent: z.number().int().nonnegative(),
  attempts: z.number().int().nonnegative(),
  createdAt: z.string(),
  /** Order among entries created in the same millisecond. */
  seq: z.number().int(),
  /** What to record once every part is sent. */
  commit: z.object({ chatKey: z.string(), digest: DigestRecord }).nullable(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

/** The newest record version this Herald writes (`v` of the "subs" record). */
const NEWEST_RECORD_VERSION = 2;

/**
 * Parses a stored value. One that does not fit its schema is moved out of the way instead of being
 * trusted or deleted: kept in the "quarantine" namespace under `<namespace>:<key>`, for an operator to
 * read or put back, with one warning; null is returned. A record of a newer version (a newer Herald on
 * the same Redis) is left where it is.
 */
export async function parseOrSetAside<T>(store: Store, space: Namespace, key: string, value: unknown, schema: z.ZodType<T>, log: Logger): Promise<T | null> {
  if (value === undefined || value === null) return null;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const why = parsed.error.issues[0]?.message ?? "invalid";
  const version = (value as { v?: unknown }).v;
  if (typeof version === "number" && version > NEWEST_RECORD_VERSION) {
    log.warn(`store: the ${space} record "${key}" is of version ${version}, newer than this Herald reads; ignoring it (${why})`);
    return null;
  }
  await store.space("quarantine").set(`${space}:${key}`, value);
  await store.space(space).delete(key);
  log.warn(`store: the ${space} record "${key}" does not parse (${why}); set it aside as quarantine "${space}:${key}"`);
  return null;
}

/**
 * Every record of a namespace that parses (see parseOrSetAside). The namespace is listed first and the
 * records set aside after: deleting while SQLite pages through a namespace would skip rows.
 */
export async function* readAll<T>(store: Store, space: Namespace, schema: z.ZodType<T>, log: Logger): AsyncGenerator<[string, T]> {
  const entries: [string, unknown][] = [];
  for await (const entry of store.space(space).entries()) entries.push(entry);
  for (const [key, value] of entries) {
    const record = await parseOrSetAside(store, space, key, value, schema, log);
    if (record !== null) yield [key, record];
  }
}

/** Reads one record by key: see parseOrSetAside. */
export async function readStored<T>(store: Store, space: Namespace, key: string, schema: z.ZodType<T>, log: Logger): Promise<T | null> {
  return parseOrSetAside(store, space, key, await store.space(space).get(key), schema, log);
}
