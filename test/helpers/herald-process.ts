import { spawn, type ChildProcess } from "node:child_process";

/** `npm start` as a user runs it: src/main.ts in its own process, with only the environment given. */
export interface HeraldProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

export interface StartOptions {
  /** Written to stdin, which is then closed (the terminal chat); stdin is ignored when absent. */
  input?: string;
  /** A command that runs node in its turn, e.g. `["setpriv", "--bounding-set=-dac_override", "--"]`. */
  wrapper?: string[];
}

/** Starts src/main.ts with `env` (plus PATH) and collects what it writes. */
export function startHerald(env: Record<string, string>, options: StartOptions = {}): HeraldProcess {
  const node = [process.execPath, "--import", "tsx", "src/main.ts"];
  const [command, ...args] = [...(options.wrapper ?? []), ...node];
  const child = spawn(command!, args, {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  if (options.input !== undefined) child.stdin!.end(options.input);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Polls `check` until it holds; the error names what was awaited and shows `context()` (logs). */
export async function until(check: () => boolean, what: string, timeoutMs: number, context: () => string = () => ""): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${context() ? `; logs:\n${context()}` : ""}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
