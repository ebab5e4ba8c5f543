/**
 * Start-up time and peak memory: the terminal chat started, answering `/quit`, and exited, through tsx
 * over the sources (`npm start`) against the compiled build (`npm run start:prod`), alternately.
 *   npm run build && npx tsx bench/startup.ts [runs]
 * Needs GNU time (/usr/bin/time) for the peak resident memory of each run.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { productionNodeArgs } from "./feed-server.js";

const runs = Number(process.argv[2] ?? 7);
if (!existsSync("dist/src/main.js")) throw new Error("run npm run build first");

const variants: Record<string, string[]> = {
  "tsx (npm start)": [process.execPath, "--import", "tsx", "src/main.ts"],
  "compiled (npm run start:prod)": [process.execPath, ...productionNodeArgs()],
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const samples = new Map<string, { seconds: number[]; mb: number[] }>();
for (let i = 0; i < runs; i++) {
  for (const [name, command] of Object.entries(variants)) {
    const result = spawnSync("/usr/bin/time", ["-f", "%e %M", ...command], {
      input: "/quit\n",
      env: { ...process.env, HERALD_STORE: "memory" },
      encoding: "utf8",
    });
    const [seconds, kb] = result.stderr.trim().split("\n").at(-1)!.split(" ").map(Number);
    if (result.status !== 0 || !seconds || !kb) throw new Error(`${name} failed: ${result.stderr}`);
    const entry = samples.get(name) ?? { seconds: [], mb: [] };
    entry.seconds.push(seconds);
    entry.mb.push(kb / 1024);
    samples.set(name, entry);
  }
}
console.log(`| start (${runs} runs each, alternating) | median wall time to exit | median peak RSS |`);
console.log("|---|---|---|");
for (const [name, s] of samples) console.log(`| ${name} | ${median(s.seconds).toFixed(2)} s | ${median(s.mb).toFixed(0)} MB |`);
const [tsx, compiled] = [...samples.values()];
console.log(`\ncompiled / tsx: time ${(median(compiled!.seconds) / median(tsx!.seconds)).toFixed(2)}, memory ${(median(compiled!.mb) / median(tsx!.mb)).toFixed(2)}`);
