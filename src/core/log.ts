import { pino, stdTimeFunctions, type DestinationStream, type Logger as Pino } from "pino";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
/** `json`: one JSON object a line, for collectors; `text`: one readable line, for people. */
export type LogFormat = "json" | "text";

/** What every part of Herald logs through; `detail` is an Error (logged with its stack), an object of fields, or a value. */
export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
  /** A logger whose lines carry `bindings` (e.g. `{ component: "outbox" }`); `secrets` are redacted from then on everywhere. */
  child(bindings: Record<string, string | number>, options?: { secrets?: readonly string[] }): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Strings that must never be written (bot tokens, webhook secrets); each is replaced by `[redacted]`. */
  secrets?: readonly string[];
  /** Where lines go; stderr by default so stdout stays for command output. */
  write?: (line: string) => void;
  /** Default: `text` on a terminal or with `write`, `json` otherwise. */
  format?: LogFormat;
}

export const REDACTED = "[redacted]";

/** Fields that hold secrets whatever their value, wherever a detail object puts them (pino `redact` paths). */
export const REDACT_PATHS = [
  "token",
  "*.token",
  "secret",
  "*.secret",
  "password",
  "*.password",
  "webhookSecret",
  "*.webhookSecret",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  'headers["x-telegram-bot-api-secret-token"]',
  '*.headers["x-telegram-bot-api-secret-token"]',
  "config.telegram.token",
  "config.telegram.webhookSecret",
  "config.discord.token",
];

/** Secrets shorter than this are not redacted by value (they would blank out ordinary words). */
const MIN_SECRET_CHARS = 6;

/**
 * Characters that could forge or disguise a log line when a file name, feed title or message is logged:
 * C0/C1 controls (newlines, ESC), Unicode line separators and bidirectional overrides.
 * `"a\nb"` is written `a\nb` (backslash, n), `"\u202e"` as `\u202e`.
 */
const UNSAFE_IN_TEXT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** In JSON, controls below U+0020 are already escaped; these others are legal there but unsafe on a screen. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const SHORT_ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const escapeChar = (c: string): string => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** An untrusted string made safe for one log line: no line breaks, controls or direction overrides. */
export const escapeLogText = (text: string): string => text.replace(UNSAFE_IN_TEXT, escapeChar);

/** The forms a secret may take in a line: as is, URL-encoded, and a Telegram token's secret half. */
function secretForms(secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret)];
  const half = /^\d+:(.+)$/.exec(secret)?.[1];
  if (half) forms.push(half);
  return forms.filter((s) => s.length >= MIN_SECRET_CHARS);
}

interface LogRecord {
  level: string;
  time: string;
  msg?: string;
  err?: { type?: string; message?: string; stack?: string; error?: { message?: string } };
  detail?: unknown;
  pid?: number;
  [field: string]: unknown;
}

const show = (value: unknown): string => escapeLogText(typeof value === "string" ? value : (JSON.stringify(value) ?? String(value)));

/** One readable line (plus, for errors, the stack frames indented below it) from one JSON record. */
export function formatText(json: string): string {
  let record: LogRecord;
  try {
    record = JSON.parse(json) as LogRecord;
  } catch {
    return escapeLogText(json.trimEnd());
  }
  const { level, time, msg, err, detail, pid: _pid, ...fields } = record;
  let line = `${time} ${level.toUpperCase()} ${escapeLogText(msg ?? "")}`;
  if (detail !== undefined) line += ` ${show(detail)}`;
  if (err) {
    // pino already appends causes to the message; grammY keeps the network error in `error`.
    const inner = err.error?.message;
    line += ` ${escapeLogText(err.type ?? "Error")}: ${escapeLogText(err.message ?? "")}${inner ? ` (cause: ${escapeLogText(inner)})` : ""}`;
  }
  for (const [key, value] of Object.entries(fields)) line += ` ${escapeLogText(key)}=${show(value)}`;
  // Only frames: an error message with a line break in it cannot forge a line below.
  if (err?.stack && (level === "error" || level === "fatal")) {
    const frames = err.stack.split("\n").filter((l) => /^\s+at |^caused by: /.test(l));
    for (const frame of frames) line += `\n    ${escapeLogText(frame.trim())}`;
  }
  return line;
}

/** Builds the pino logger behind Herald's Logger: redaction by path and by value, escaping, JSON or text. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = new Set<string>();
  const addSecrets = (list: readonly string[] = []) => {
    for (const secret of list) for (const form of secretForms(secret)) secrets.add(form);
  };
  addSecrets(options.secrets);
  const scrub = (line: string): string => {
    let out = line.replace(UNSAFE_IN_JSON, escapeChar);
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
  const format = options.format ?? (options.write || process.stderr.isTTY ? "text" : "json");
  const write = options.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const destination: DestinationStream =
    format === "text" ? { write: (json) => write(formatText(json)) } : { write: (json) => write(json.trimEnd()) };
  const root = pino(
    {
      level: options.level ?? "info",
      base: { pid: process.pid },
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: { streamWrite: scrub },
    },
    destination,
  );
  return wrap(root, addSecrets);
}

/** Herald's call shape (message first, then detail) over pino's (fields first). */
function wrap(logger: Pino, addSecrets: (list?: readonly string[]) => void): Logger {
  const emit = (level: "debug" | "info" | "warn" | "error") => (message: string, detail?: unknown) => {
    if (!logger.isLevelEnabled(level)) return;
    if (detail === undefined) logger[level](message);
    else if (detail instanceof Error) logger[level]({ err: detail }, message);
    else if (detail !== null && typeof detail === "object" && !Array.isArray(detail)) logger[level]({ ...detail }, message);
    else logger[level]({ detail }, message);
  };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child(bindings, options) {
      addSecrets(options?.secrets);
      return wrap(logger.child(bindings), addSecrets);
    },
  };
}

export const silentLogger: Logger = createLogger({ level: "silent", write: () => {} });
