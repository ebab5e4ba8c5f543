import { existsSync } from "node:fs";
import { HeraldError } from "../core/errors.js";

/**
 * `npm start | head -2`: once the reader of stdout (or stderr) is gone, nothing more can be shown, so
 * Herald ends quietly instead of dying on an EPIPE stack trace. Other stream errors still surface.
 */
export function exitQuietlyWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
      throw err;
    });
  }
}

/**
 * Reads `.env` from the working folder into the environment, when there is one. Variables already set
 * win over the file (Node's own loader), so `TELEGRAM_TOKEN=… npm start` still overrides it.
 */
export function loadDotEnv(file = ".env"): void {
  if (!existsSync(file)) return;
  try {
    process.loadEnvFile(file);
  } catch (cause) {
    throw new HeraldError("bad_config", `${file}: cannot read the environment file (${(cause as Error).message})`, { cause });
  }
}
