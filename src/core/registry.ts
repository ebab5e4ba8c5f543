import { readdir } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import path from "node:path";
import type { Command } from "./command.js";
import { HeraldError } from "./errors.js";
import { CODE_ROOT } from "./paths.js";
import type { CommandRegistry } from "./services.js";

const COMMANDS_DIR = path.join(CODE_ROOT, "commands");
const NAME = /^[a-z][a-z0-9_-]{0,31}$/;

const isButtonFormat = (fields: unknown, options: object): boolean =>
  Array.isArray(fields) && new Set(fields).size === fields.length && fields.every((key) => typeof key === "string" && Object.hasOwn(options, key));

/** Checks at run time what the type system promises, so a broken command file fails start-up clearly. */
function assertCommand(value: unknown, file: string): asserts value is Command {
  const c = value as Partial<Command> | undefined;
  const problem = !c
    ? "has no default export"
    : typeof c.name !== "string" || !NAME.test(c.name)
      ? "needs a lowercase name of at most 32 characters"
      : typeof c.description !== "string" || c.description.length < 1 || c.description.length > 100
        ? "needs a description of 1 to 100 characters"
        : typeof c.execute !== "function"
          ? "needs an execute function"
          : typeof c.options !== "object"
            ? "needs an options object"
            : c.buttonFields !== undefined && !isButtonFormat(c.buttonFields, c.options)
              ? "has buttonFields that are not distinct names of its options"
              : null;
  if (problem) throw new HeraldError("internal", `${file}: the command ${problem}`);
}

/** A registry over the given commands, keyed by name. */
export function createRegistry(commands: readonly Command[]): CommandRegistry {
  const byName = new Map<string, Command>();
  for (const command of commands) {
    if (byName.has(command.name)) throw new HeraldError("internal", `two commands are named ${command.name}`);
    byName.set(command.name, command);
  }
  const all = [...byName.values()];
  return { get: (name) => byName.get(name), all: () => all };
}

/** Loads every command file of `commands/` (one default export each), validated and keyed by name. */
export async function loadCommands(dir: string = COMMANDS_DIR): Promise<CommandRegistry> {
  const files = (await readdir(dir)).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith(".d.ts")).sort();
  const commands: Command[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: unknown };
    assertCommand(mod.default, file);
    commands.push(mod.default);
  }
  return createRegistry(commands);
}
