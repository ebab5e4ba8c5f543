export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Strings that must never be written (bot tokens); each is replaced by `[redacted]`. */
  secrets?: readonly string[];
  /** Where lines go; stderr by default so stdout stays for command output. */
  write?: (line: string) => void;
}

const describe = (detail: unknown): string => {
  if (detail === undefined) return "";
  if (detail instanceof Error) {
    const cause = detail.cause instanceof Error ? ` (cause: ${detail.cause.message})` : "";
    return ` ${detail.name}: ${detail.message}${cause}`;
  }
  try {
    return ` ${typeof detail === "string" ? detail : JSON.stringify(detail)}`;
  } catch {
    return ` ${String(detail)}`;
  }
};

/** A small leveled logger that redacts secrets from every line it writes. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const min = RANK[options.level ?? "info"];
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const emit = (level: Exclude<LogLevel, "silent">, message: string, detail?: unknown) => {
    if (RANK[level] < min) return;
    let line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}${describe(detail)}`;
    for (const secret of secrets) line = line.split(secret).join("[redacted]");
    write(line);
  };
  return {
    debug: (m, d) => emit("debug", m, d),
    info: (m, d) => emit("info", m, d),
    warn: (m, d) => emit("warn", m, d),
    error: (m, d) => emit("error", m, d),
  };
}

export const silentLogger: Logger = createLogger({ level: "silent" });
