import { isHeraldError } from "../core/errors.js";
import { processIO, type CliIO } from "./io.js";
import { runParse } from "./parse.js";

const USAGE = "usage: herald parse FILE_OR_FOLDER... [--json]";

/** Entry point of `npm run herald -- <command> ...`. */
export async function runHerald(argv: string[], io: CliIO): Promise<number> {
  const [command, ...args] = argv;
  if (command === "parse") return runParse(args, io);
  io.err(command ? `herald: unknown command "${command}"\n${USAGE}` : USAGE);
  return 1;
}

runHerald(process.argv.slice(2), processIO).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    processIO.err(isHeraldError(err) ? err.message : `herald: unexpected error: ${(err as Error)?.message ?? String(err)}`);
    process.exitCode = 1;
  },
);
