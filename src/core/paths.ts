import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** True when running the production build (`npm run build` → dist/, plain node), false under tsx. */
export const COMPILED = import.meta.url.endsWith(".js");

/** The nearest folder at or above `dir` that holds a package.json. */
function packageFolderOf(dir: string): string {
  for (let folder = dir; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, "package.json"))) return folder;
    if (path.dirname(folder) === folder) throw new Error(`no package.json above ${dir}`);
  }
}

/**
 * The project folder (package.json, config/, locales/, seeds/). Looked up, not counted in `../`: the
 * build bundles this module into a shared chunk, whose folder is the bundler's to choose.
 */
export const PROJECT_ROOT = packageFolderOf(path.dirname(fileURLToPath(import.meta.url)));

/** Where the code's own tree (src/, commands/) is run from: the project under tsx, dist/ in the build (scripts/build.ts). */
export const CODE_ROOT = COMPILED ? path.join(PROJECT_ROOT, "dist") : PROJECT_ROOT;
