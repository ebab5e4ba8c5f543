import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
/** A full install builds the sqlite3 native module from source: minutes on a quiet machine, more on a busy one. */
const INSTALL_TIMEOUT_MS = 30 * 60_000;

/**
 * What the README promises an operator: `npm ci && npm run build && npm prune --omit=dev && npm run start:prod`
 * in a fresh clone of the committed tree. Slow (a full install, native modules included), so CI only.
 */
describe.skipIf(process.env.CI !== "true")("the production build in a fresh clone (skipped: runs only when CI=true)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "herald-build-"));
  const env = { ...process.env, npm_config_loglevel: "warn", npm_config_fund: "false", npm_config_audit: "false" };
  const sh = (file: string, args: string[], input?: string, options: { timeout?: number; env?: NodeJS.ProcessEnv } = {}) => {
    const running = exec(file, args, { cwd: dir, env: options.env ?? env, timeout: options.timeout ?? INSTALL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
    if (input !== undefined) running.child.stdin!.end(input);
    return running;
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    "installs, compiles to dist/, drops the dev dependencies and runs with plain node",
    async () => {
      await exec("git", ["clone", "--quiet", "--no-hardlinks", process.cwd(), dir]);
      await sh("npm", ["ci"]);
      await sh("npm", ["run", "build"]);
      expect(existsSync(path.join(dir, "dist/src/main.js"))).toBe(true);
      expect(existsSync(path.join(dir, "dist/commands/headline.js"))).toBe(true);
      await sh("npm", ["prune", "--omit=dev"]);
      for (const dev of ["tsx", "typescript", "vitest"]) expect(existsSync(path.join(dir, "node_modules", dev))).toBe(false);

      // The default setup (SQLite in the clone), as a fresh machine runs it: CI's REDIS_URL is not passed on.
      // A chat of two commands takes seconds; the bound makes a hang fail in minutes, not half an hour.
      const defaultEnv: NodeJS.ProcessEnv = { ...env };
      delete defaultEnv.REDIS_URL;
      const chat = await sh("npm", ["run", "-s", "start:prod"], "/headline\n/stories\n", { timeout: 3 * 60_000, env: defaultEnv });
      expect(chat.stdout).toContain("Franco‑Russian Talks");
      expect(chat.stdout).toMatch(/Stories \(\d+\)/);
      expect(chat.stdout.trimEnd().endsWith("Bye.")).toBe(true);

      const version = await sh("node", ["dist/src/cli/herald.js", "--version"]);
      expect(version.stdout).toMatch(/^herald \d+\.\d+\.\d+\n$/);
    },
    INSTALL_TIMEOUT_MS * 3,
  );
});
