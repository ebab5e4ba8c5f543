import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Source files under a folder, recursively. */
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));

describe("files found at run time", () => {
  it("are found from PROJECT_ROOT, so the compiled build (dist/src/…) finds them too", () => {
    // The build bundles modules into shared chunks, so no module but paths.ts may count folders from its own URL.
    const allowed = new Set(["src/core/paths.ts"]);
    const offenders = sources("src")
      .filter((file) => !allowed.has(file))
      .filter((file) => /new URL\(\s*["'`]\.\.?\//.test(readFileSync(file, "utf8")));
    expect(offenders, "use path.join(PROJECT_ROOT, …) from src/core/paths.ts").toEqual([]);
  });
});
