import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** Runs a source entry point as `npm start` / `npm run herald` do. */
function run(entry: string, args: string[], input: string, options: { closeStdoutAfterFirstChunk?: boolean } = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
    env: { PATH: process.env.PATH ?? "", HERALD_STORE: "memory" },
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
});
