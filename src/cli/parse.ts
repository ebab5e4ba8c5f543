import type { CliIO } from "./io.js";

/** `herald parse FILE... [--json]` (implemented in issue 2). */
export async function runParse(args: string[], io: CliIO): Promise<number> {
  io.err(`herald parse: not implemented yet (${args.length} arguments)`);
  return 1;
}
