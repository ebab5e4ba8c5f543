import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { configKeys, derivedEnvName, fromEnv, mergeConfig, unknownKeys, type ConfigKey } from "./config-keys.js";
import { HeraldError } from "./errors.js";
import type { LoggerOptions } from "./log.js";
import { PROJECT_ROOT } from "./paths.js";

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const url = z.url({ error: (i) => `"${String(i.input)}" is not a URL` });

/** Telegram allows about 30 messages/s, 1,000/s with paid broadcasts; Discord 50 requests/s. */
const PacingConfig = z.object({
  perSecond: z.number().positive().max(1_000),
  privateSpacingMs: z.number().int().nonnegative(),
  groupSpacingMs: z.number().int().nonnegative(),
});

/** One followed feed (docs/feeds.md). */
const FeedSourceSchema = z.object({
  url: z.string().refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), {
    error: (i) => `"${String(i.input)}" is not an http(s) URL`,
  }),
  name: z.string().min(1).optional(),
  everyMinutes: z.number().min(1).default(10),
});

/** Feeds: `"feeds": [ … ]` (sources only) or `"feeds": { "sources": [ … ], "keepDays": 14, … }`. */
const FeedsConfig = z.preprocess(
  (value) => (Array.isArray(value) ? { sources: value } : (value ?? {})),
  z.object({
    sources: z.array(FeedSourceSchema).default([]),
    keepDays: z.number().positive().default(14),
    fetchPages: z.boolean().default(true),
    allowPrivateAddresses: z.boolean().default(false),
  }),
);

/** How reports are grouped into stories (see docs/coverage.md). */
const CoverageConfig = z.object({
  windowDays: z.number().nonnegative().max(60),
  minSharedActors: z.number().int().min(1).max(10),
  oneActorSimilarity: z.number().min(0).max(1),
  minScore: z.number().nonnegative(),
});

export const ConfigSchema = z.object({
  seedsDir: z.string().min(1),
  maxFileBytes: z.number().int().positive(),
  /** `sqlite:PATH`, `redis://…` or `memory`. */
  store: z
    .string()
    .refine((s) => /^(sqlite:.+|rediss?:\/\/.+|memory)$/.test(s), {
      error: (i) => `"${String(i.input)}" is not sqlite:PATH, redis://… or memory`,
    }),
  /** Key prefix on the store, so several deployments (or test runs) can share one Redis. */
  storePrefix: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, { error: (i) => `"${String(i.input)}" is not 1–64 letters, digits, _ . : or -` }),
  logLevel: z.enum(["debug", "info", "warn", "error", "silent"]),
  /** `json` (one object a line), `text` (readable) or `auto` (text on a terminal, JSON otherwise). */
  logFormat: z.enum(["auto", "json", "text"]),
  digest: z.object({
    time: z.string().refine((s) => HH_MM.test(s), { error: (i) => `"${String(i.input)}" is not HH:MM` }),
    timezone: z.string().refine(isTimeZone, {
      error: (i) => `"${String(i.input)}" is not an IANA time zone (e.g. Europe/Paris)`,
    }),
    maxStories: z.number().int().positive(),
    whenQuiet: z.enum(["message", "skip"]),
    graceHours: z.number().nonnegative(),
  }),
  /** Pacing of digests and notices per platform (see docs/subscriptions.md). */
  delivery: z.object({
    telegram: PacingConfig,
    discord: PacingConfig,
  }),
  coverage: CoverageConfig.default({ windowDays: 3, minSharedActors: 2, oneActorSimilarity: 0.4, minScore: 2.5 }),
  /** Faults and fleets (see RELIABILITY.md); durations in seconds, fractions allowed. */
  reliability: z.object({
    /** Polling fallback of the stories folder watcher; 0 turns it off. */
    folderPollSeconds: z.number().nonnegative(),
    /** Quiet time after a story's last edit before its update notice goes out. */
    noticeSettleSeconds: z.number().nonnegative(),
    /** A chat getting more update notices than this at once gets one grouped notice instead. */
    noticeGroupAbove: z.number().int().positive(),
    /** A store call that takes longer is answered "temporarily unavailable". */
    storeTimeoutSeconds: z.number().positive(),
    /** Redis fleets: an instance silent this long is dead and its work is taken over. */
    leaseSeconds: z.number().positive(),
  }),
  telegram: z.object({
    token: z.string().min(1).optional(),
    apiRoot: url,
    webhookUrl: url.optional(),
    webhookSecret: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/).optional(),
    webhookPort: z.number().int().min(1).max(65535).optional(),
  }),
  discord: z.object({
    token: z.string().min(1).optional(),
    apiUrl: url,
    guildId: z.string().regex(/^\d+$/).optional(),
  }),
  feeds: FeedsConfig,
  /** The operator's listener (/healthz, /readyz, /metrics); off unless a port is set. */
  http: z.object({
    port: z.number().int().min(0).max(65535).optional(),
    host: z.string().min(1),
  }),
});

export type Config = z.infer<typeof ConfigSchema>;
export type FeedSource = Config["feeds"]["sources"][number];

type Env = Record<string, string | undefined>;

const DEFAULT_FILE = path.join(PROJECT_ROOT, "config", "default.json");

/**
 * Environment variables. Every key of ConfigSchema has one, derived from its path: `HERALD_` and the
 * path in UPPER_SNAKE (`digest.maxStories` → `HERALD_DIGEST_MAX_STORIES`); numbers, booleans and
 * lists are read as the schema types them. ENV_KEYS lists only the variables named otherwise (platform
 * conventions, shorter names kept from earlier versions); a key listed here has only these names, the
 * first one set wins.
 *
 * To add a key: declare it in ConfigSchema (one block per feature), give it a default in
 * config/default.json unless it is optional or has `.default()`, and add its variable to the README's
 * configuration table and to .env.example; test/core/config-docs.test.ts fails until both list it.
 */
const ENV_KEYS: Record<string, string> = {
  HERALD_STORE: "store",
  REDIS_URL: "store",
  HERALD_TELEGRAM_PER_SECOND: "delivery.telegram.perSecond",
  HERALD_DISCORD_PER_SECOND: "delivery.discord.perSecond",
  HERALD_FOLDER_POLL_SECONDS: "reliability.folderPollSeconds",
  HERALD_NOTICE_SETTLE_SECONDS: "reliability.noticeSettleSeconds",
  HERALD_NOTICE_GROUP_ABOVE: "reliability.noticeGroupAbove",
  HERALD_STORE_TIMEOUT_SECONDS: "reliability.storeTimeoutSeconds",
  HERALD_LEASE_SECONDS: "reliability.leaseSeconds",
  TELEGRAM_TOKEN: "telegram.token",
  TELEGRAM_API_ROOT: "telegram.apiRoot",
  TELEGRAM_WEBHOOK_URL: "telegram.webhookUrl",
  TELEGRAM_WEBHOOK_SECRET: "telegram.webhookSecret",
  TELEGRAM_WEBHOOK_PORT: "telegram.webhookPort",
  DISCORD_TOKEN: "discord.token",
  DISCORD_API_URL: "discord.apiUrl",
  DISCORD_GUILD_ID: "discord.guildId",
  HERALD_FEEDS_ALLOW_PRIVATE: "feeds.allowPrivateAddresses",
};

/** Variables read besides the keys' own: the config file's name, and feeds added to the configured ones. */
export const EXTRA_VARIABLES = ["HERALD_CONFIG", "HERALD_FEEDS"] as const;

/** Every environment variable of the configuration, in schema order, with the key it sets. */
export function configVariables(): (ConfigKey & { names: string[] })[] {
  return configKeys(ConfigSchema).map((key) => {
    const named = Object.entries(ENV_KEYS).filter(([, path]) => path === key.path).map(([name]) => name);
    return { ...key, names: named.length ? named : [derivedEnvName(key.path)] };
  });
}

const SECRET = new Set(["telegram.token", "discord.token", "telegram.webhookSecret"]);

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = { ...(node[key] as Record<string, unknown> | undefined) };
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

function readConfigFile(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new HeraldError("bad_config", `${file}: cannot read the config file (${(cause as Error).message})`, { cause });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new HeraldError("bad_config", `${file}: the config file must hold one JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * The defaults of config/default.json, with the keys of `file` (HERALD_CONFIG; it may name only the keys
 * it changes) laid over them, then the environment, validated. Throws one HeraldError("bad_config")
 * listing every problem, one line each; an unknown key is a problem, named with the closest known one.
 */
export function loadConfig(env: Env = process.env, file: string | undefined = env.HERALD_CONFIG || undefined): Config {
  const defaults = readConfigFile(DEFAULT_FILE);
  const own = file && path.resolve(file) !== DEFAULT_FILE ? readConfigFile(file) : {};
  const unknown = [...unknownKeys(defaults, ConfigSchema), ...unknownKeys(own, ConfigSchema)];
  if (unknown.length) throw new HeraldError("bad_config", unknown.map((line) => `${file ?? DEFAULT_FILE}: ${line}`).join("\n"));
  const raw = mergeConfig(defaults, own);
  for (const key of configVariables()) {
    const name = key.names.find((n) => env[n] !== undefined && env[n] !== "");
    if (name) setPath(raw, key.path, fromEnv(env[name]!, key.kind));
  }
  addEnvFeeds(raw, env.HERALD_FEEDS);
  const parsed = ConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // Messages quote the offending value, except for secrets.
  const lines = parsed.error.issues.map((issue) => {
    const key = issue.path.join(".");
    if (SECRET.has(key)) return `${key}: is not valid`;
    if (issue.code !== "invalid_type") return `${key || "(config)"}: ${issue.message}`;
    const value = issue.path.reduce<unknown>((node, step) => (node as Record<PropertyKey, unknown> | undefined)?.[step], raw);
    return `${key}: ${value === undefined ? `is missing (expected a ${issue.expected})` : `${JSON.stringify(value)} is not a ${issue.expected}`}`;
  });
  throw new HeraldError("bad_config", lines.join("\n"), { cause: parsed.error });
}

/** `HERALD_FEEDS=url1,url2` adds feeds to the configured ones (a URL already configured is not repeated). */
function addEnvFeeds(raw: Record<string, unknown>, list: string | undefined): void {
  const urls = (list ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (!urls.length) return;
  const feeds = Array.isArray(raw.feeds) ? { sources: raw.feeds } : { ...(raw.feeds as Record<string, unknown> | undefined) };
  const sources = Array.isArray(feeds.sources) ? [...(feeds.sources as { url?: unknown }[])] : [];
  for (const url of urls) if (!sources.some((s) => s.url === url)) sources.push({ url });
  raw.feeds = { ...feeds, sources };
}

/** The logger options a config asks for: level, format and the secrets to redact. */
export const logOptionsOf = (config: Config): LoggerOptions => ({
  level: config.logLevel,
  ...(config.logFormat === "auto" ? {} : { format: config.logFormat }),
  secrets: secretsOf(config),
});

/** The secrets of a config, for the logger to redact. */
export const secretsOf = (config: Config): string[] =>
  [config.telegram.token, config.discord.token, config.telegram.webhookSecret].filter((s): s is string => !!s);
