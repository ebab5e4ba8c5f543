import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/**
 * Helpers for tests that run Herald as its own process, the way `npm start` does.
 * Deadlines are generous on purpose: the full suite shares two cores, and start-up compiles every
 * module through tsx. A deadline only bounds how long a failing test takes; passing tests never wait it out.
 */
export const PROCESS_DEADLINE_MS = 60_000;

export interface HeraldProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => { stdout: string; stderr: string };
}

/**
 * src/main.ts in its own process with only the environment given (plus PATH; the store defaults to memory).
 * `wrapper` runs node in its turn, e.g. `["setpriv", "--bounding-set=-dac_override", "--"]`.
 */
export function startHerald(env: Record<string, string>, input?: string, { wrapper = [] }: { wrapper?: string[] } = {}): HeraldProcess {
  const [command, ...args] = [...wrapper, process.execPath, "--import", "tsx", "src/main.ts"];
  const child = spawn(command!, args, {
    env: { PATH: process.env.PATH ?? "", HERALD_STORE: "memory", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  if (input !== undefined) child.stdin!.end(input);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Polls `check` until it holds; fails naming `what` (and whatever `context` returns) at the deadline. */
export async function waitUntil(
  check: () => boolean,
  what: string,
  { timeoutMs = PROCESS_DEADLINE_MS, context }: { timeoutMs?: number; context?: () => string } = {},
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${context ? `\n${context()}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A port on 127.0.0.1 that was free a moment ago (nothing listens on it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Kills (SIGKILL) and waits for every process in `started`, emptying it: a test file's cleanup after each test. */
export async function killAll(started: HeraldProcess[]): Promise<void> {
  for (const herald of started.splice(0)) {
    herald.child.kill("SIGKILL");
    await herald.exited;
  }
}
