/**
 * The production build: src/main.ts, the CLI, the Discord scripts and every command file bundled by
 * esbuild into dist/, minified, with the modules they share split into chunks (one copy of each core
 * module, whichever entry loads it): less code for node to load than one file per module. `npm run
 * build`; it does not type-check (`npm run typecheck` does), and fails on any error esbuild reports.
 *   npx tsx scripts/build.ts [--outdir=DIR]   (default dist/; the code finds the project from there, src/core/paths.ts)
 */
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT_DIR = path.resolve(ROOT, process.argv.find((arg) => arg.startsWith("--outdir="))?.slice("--outdir=".length) ?? "dist");
/** Run as scripts (`node dist/…`); each must keep its code in its own file (see scriptsMovedToChunks). */
const SCRIPTS = ["src/main.ts", "src/cli/herald.ts", "src/adapters/discord/shards.ts", "src/adapters/discord/deploy.ts"];
/** The registry loads commands/ by scanning the folder, so each command file is an entry of its own. */
const COMMANDS = readdirSync(path.join(ROOT, "commands"))
  .filter((file) => file.endsWith(".ts"))
  .map((file) => `commands/${file}`);
/**
 * Left to node_modules: sqlite3 is a native module; grammY's bundled copy loses its Node fetch (getMe
 * fails with "Network request failed"), so it and its plugins stay whole; Readability is CommonJS loaded
 * by import() (see commonJsImportedLater).
 */
const EXTERNAL = ["sqlite3", "grammy", "@grammyjs/*", "@mozilla/readability"];
/**
 * CommonJS packages bundled into ESM still call require() for Node's own modules; esbuild's stand-in
 * throws without a real one.
 */
const REQUIRE_SHIM = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** Script entries whose code the bundler moved into a shared chunk: their `import.meta.url` would be the chunk's. */
function scriptsMovedToChunks(metafile: Metafile): string[] {
  return SCRIPTS.filter((script) => {
    const output = Object.values(metafile.outputs).find((o) => o.entryPoint === script);
    return !output?.inputs[script];
  });
}

/**
 * CommonJS modules bundled behind an `import()`: their lazy chunk has a default export only, where Node
 * also gives the named ones (`const { Readability } = await import(…)` would get undefined).
 */
function commonJsImportedLater(metafile: Metafile): string[] {
  return Object.values(metafile.inputs).flatMap((input) =>
    input.imports.filter((i) => i.kind === "dynamic-import" && metafile.inputs[i.path]?.format === "cjs").map((i) => i.path),
  );
}

rmSync(OUT_DIR, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: [...SCRIPTS, ...COMMANDS],
  outdir: OUT_DIR,
  outbase: ".",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: EXTERNAL,
  banner: { js: REQUIRE_SHIM },
  chunkNames: "chunks/[name]-[hash]",
  // Whitespace and syntax only: renaming identifiers too saved no memory measurably (BENCHMARKS.md),
  // and unrenamed functions and classes keep stack traces and error names readable.
  minifyWhitespace: true,
  minifySyntax: true,
  // Maps for `node --enable-source-maps` (lines of src/ in stack traces); unread without the flag.
  sourcemap: "linked",
  sourcesContent: false,
  metafile: true,
  logLevel: "warning",
});
const problems = [
  ...scriptsMovedToChunks(result.metafile).map(
    (script) => `${script}: imported by another entry, so bundled into a shared chunk where its "run as a script" check fails; import what it exports from another module`,
  ),
  ...commonJsImportedLater(result.metafile).map((file) => `${file}: CommonJS loaded by import(), which loses its named exports in a bundle; add its package to EXTERNAL`),
];
if (problems.length) {
  process.stderr.write(problems.map((problem) => `build: ${problem}\n`).join(""));
  process.exit(1);
}
const code = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith(".js"));
const megabytes = code.reduce((sum, [, output]) => sum + output.bytes, 0) / 1e6;
console.log(`${path.relative(process.cwd(), OUT_DIR) || "."}/: ${code.length} JavaScript files, ${megabytes.toFixed(1)} MB (and their source maps)`);
