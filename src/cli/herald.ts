import { readFileSync } from "node:fs";
import path from "node:path";
import { ask, systemLanguage } from "../adapters/terminal/index.js";
import { createCore } from "../app.js";
import { loadConfig } from "../core/config.js";
import { isHeraldError } from "../core/errors.js";
import { PROJECT_ROOT } from "../core/paths.js";
import { exitQuietlyWhenOutputCloses, loadDotEnv } from "../ops/process.js";
import { processIO, type CliIO } from "./io.js";
import { runFeed, runFeeds } from "./feed.js";
import { runGroup } from "./group.js";
import { runParse } from "./parse.js";

const USAGE = `Usage:
  herald parse FILE|FOLDER... [--json]   read story documents and print them
  herald group FILE|FOLDER... [--json]   group reports of one event into stories (--explain ID ID: why)
  herald ask "/command options"          answer one command and exit
  herald feed URL [--json] [--pages]     read one feed once and print its reports
  herald feeds import FILE.opml          add an OPML file's feeds to the config file
  herald feeds export                    print the followed feeds as OPML
  herald help                            this list
  herald --version                       the version of Herald
Run the bots or the terminal chat with npm start (npm run start:prod after npm run build).`;

/** Herald's version, as package.json says. */
function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/** Entry point of `npm run -s herald -- …`; returns the exit code. */
export async function main(args: string[], io: CliIO = processIO): Promise<number> {
  const [verb, ...rest] = args;
  try {
    switch (verb) {
      case "parse":
        return await runParse(rest, io);
      case "feed":
        return await runFeed(rest, io);
      case "feeds":
        return await runFeeds(rest, io);
      case "group":
        return await runGroup(rest, io);
      case "ask": {
        if (rest.length === 0) {
          io.err('herald ask: give the command to answer, e.g. herald ask "/timeline event:3"');
          return 1;
        }
        loadDotEnv();
        const config = loadConfig();
        // One answer on stdout; start-up chatter would only get in a script's way.
        const core = await createCore({ ...config, logLevel: config.logLevel === "info" ? "warn" : config.logLevel }, { watch: false });
        const { text, ok } = await ask(core.services, rest.join(" "), { language: systemLanguage(process.env) });
        core.close();
        (ok ? io.out : io.err)(text);
        return ok ? 0 : 1;
      }
      case "help":
      case "--help":
      case "-h":
        io.out(USAGE);
        return 0;
      case "version":
      case "--version":
      case "-v":
        io.out(`herald ${version()}`);
        return 0;
      default:
        io.err(verb ? `herald: unknown command "${verb}"\n${USAGE}` : USAGE);
        return 1;
    }
  } catch (err) {
    if (isHeraldError(err)) {
      io.err(err.message);
      return 1;
    }
    throw err;
  }
}

exitQuietlyWhenOutputCloses();
process.exitCode = await main(process.argv.slice(2));
