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
