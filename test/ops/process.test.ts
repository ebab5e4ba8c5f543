import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Runs a source entry point as `npm start` / `npm run herald` do. */
function run(
  entry: string,
  args: string[],
  input: string,
  options: { closeStdoutAfterFirstChunk?: boolean; cwd?: string; env?: Record<string, string> } = {},
) {
  // tsx resolved from here, so a working folder outside the project still finds it.
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), path.resolve(entry), ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", HERALD_STORE: "memory", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    // Like `| head -2`: the reader goes away while Herald still has answers to write.
    if (options.closeStdoutAfterFirstChunk) child.stdout.destroy();
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
}

describe("the processes an operator runs", () => {
  it("ends quietly when the reader of stdout goes away (npm start | head -2)", async () => {
    const input = Array.from({ length: 40 }, () => "/headline\n/stories\n/help\n").join("");
    const result = await run("src/main.ts", [], input, { closeStdoutAfterFirstChunk: true });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("says its version with herald --version", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    const result = await run("src/cli/herald.ts", ["--version"], "");
    expect(result).toEqual({ code: 0, stdout: `herald ${version}\n`, stderr: "" });
  });

  it("lists its commands with herald help, on stdout", async () => {
    const result = await run("src/cli/herald.ts", ["help"], "");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("herald parse FILE|FOLDER...");
    expect(result.stdout).toContain("herald --version");
    expect(result.stderr).toBe("");
  });

  it("refuses an unknown verb with the list, on stderr", async () => {
    const result = await run("src/cli/herald.ts", ["frobnicate"], "");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('herald: unknown command "frobnicate"');
    expect(result.stderr).toContain("herald help");
  });

  it("reads .env from the working folder, and the environment wins over it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "herald-env-"));
    writeFileSync(path.join(dir, ".env"), `# a comment\nHERALD_SEEDS_DIR=${path.resolve("seeds")}\nHERALD_DIGEST_TIME=25:00\n`);
    const fromFile = await run("src/main.ts", [], "", { cwd: dir });
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain('digest.time: "25:00" is not HH:MM');

    const overridden = await run("src/main.ts", [], "/stories\n", { cwd: dir, env: { HERALD_DIGEST_TIME: "07:00" } });
    expect(overridden.stderr).toBe("");
    expect(overridden.stdout).toMatch(/Stories \(\d+\)/);
    expect(overridden.code).toBe(0);
  });

  it("starts without a .env", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "herald-noenv-"));
    const result = await run("src/main.ts", [], "/stories\n", { cwd: dir, env: { HERALD_SEEDS_DIR: path.resolve("seeds") } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Stories \(\d+\)/);
  });
});
