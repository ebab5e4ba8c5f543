import { fileURLToPath } from "node:url";

/** True when running the compiled build (`npm run build` → dist/, plain node), false under tsx. */
export const COMPILED = import.meta.url.endsWith(".js");

/** The project folder (package.json, config/, seeds/): dist/src/core/ sits one level deeper than src/core/. */
export const PROJECT_ROOT = fileURLToPath(new URL(COMPILED ? "../../../" : "../../", import.meta.url));
