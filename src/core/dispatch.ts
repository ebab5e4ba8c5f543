import { z } from "zod";
import type { Command, CommandContext, OptionSpec } from "./command.js";
import { HeraldError, type LocalText } from "./errors.js";
import { refuse } from "./i18n.js";
import type { ButtonAction, Reply } from "./reply.js";
import type { CommandRegistry } from "./services.js";
import { truncate } from "./text.js";

/** A bad value is quoted back in an error, but never at length. */
const QUOTED_VALUE_MAX_CHARS = 40;

/** Telegram's limit for callback data, which every platform's buttons respect. */
export const BUTTON_DATA_MAX_BYTES = 64;

export interface Invocation {
  command: string;
  options: Record<string, string | number>;
}

/** A typed command line with its head read: the command's name, whom it addressed, the rest. */
export interface CommandLine {
  name: string;
  /** The bot a Telegram group command was addressed to, if any. */
  addressee?: string;
  args: string;
}

/**
 * Reads the head of a typed line, once for every adapter: `/Timeline@HeraldBot franco` →
 * { name: "timeline", addressee: "HeraldBot", args: "franco" }. The slash is optional (the terminal).
 */
export function readCommandLine(line: string): CommandLine {
  const [, head = "", args = ""] = /^\s*(\S*)\s*([\s\S]*)$/.exec(line) ?? [];
  const [, name = "", addressee] = /^\/?([^@]*)(?:@(.*))?$/.exec(head) ?? [];
  return { name: name.toLowerCase(), ...(addressee !== undefined ? { addressee } : {}), args };
}

/** A word naming an option: `event:3`, or `story:` with the value in the next words. */
const OPTION_WORD = /^([a-z]+):(.*)$/i;

/**
 * Reads a typed command line the way Discord shows one.
 * `/timeline story:franco russian event:3` → { command: "timeline", options: { story: "franco russian", event: "3" } };
 * words without a name fill the first visible string option (`/timeline franco` → story: "franco").
 * A `@botname` suffix on the command is dropped (Telegram groups).
 */
export function parseCommandLine(line: string | CommandLine, registry: CommandRegistry): Invocation {
  const { name, args } = typeof line === "string" ? readCommandLine(line) : line;
  const words = args.split(/\s+/).filter(Boolean);
  const command = registry.get(name);
  if (!command) throw unknownCommand(name, registry);
  const visible = Object.entries(command.options).filter(([, spec]) => !spec.hidden);
  const firstText = visible.find(([, spec]) => spec.type === "string")?.[0];
  const parts: Record<string, string[]> = {};
  let current: string | undefined;
  const names = visible.map(([k]) => `${k}:`).join(", ");
  for (const word of words) {
    const named = OPTION_WORD.exec(word);
    const key = named?.[1]!.toLowerCase() ?? "";
    const spec = named ? command.options[key] : undefined;
    const known = spec !== undefined && !spec.hidden;
    // A bare `word:` that names no option is text (a title may read "Brexit: the deal"), and so is a link.
    if (named && (known || (named[2] !== "" && !named[2]!.startsWith("//")))) {
      if (!known) {
        throw refuse("bad_option", "err-no-such-option", { command: name, option: truncate(key, QUOTED_VALUE_MAX_CHARS), options: names, count: visible.length });
      }
      if (parts[key]) throw refuse("bad_option", "err-option-twice", { command: name, option: key });
      current = key;
      parts[current] = named[2] ? [named[2]] : [];
      continue;
    }
    const target = current && command.options[current]?.type === "string" ? current : firstText;
    if (!target) {
      throw refuse("bad_option", "err-word-not-understood", { command: name, options: names, count: visible.length, word: truncate(word, QUOTED_VALUE_MAX_CHARS) });
    }
    (parts[target] ??= []).push(word);
    current = target;
  }
  const options: Record<string, string> = {};
  for (const [key, value] of Object.entries(parts)) options[key] = value.join(" ");
  return { command: name, options };
}

function unknownCommand(name: string, registry: CommandRegistry): HeraldError {
  const names = registry.all().map((c) => `/${c.name}`);
  return refuse("unknown_command", "err-unknown-command", { command: truncate(name, QUOTED_VALUE_MAX_CHARS), commands: names.join(", ") });
}

/** Why a value failed its option's schema, as a catalogue message (zod's own wording is English only). */
function problemOf(key: string, spec: OptionSpec, value: unknown, issue: z.core.$ZodIssue | undefined): LocalText {
  const quoted = truncate(String(value), QUOTED_VALUE_MAX_CHARS);
  const args = { option: key, value: quoted };
  if (spec.choices) return { id: "err-value-not-a-choice", args: { ...args, choices: spec.choices.join(", ") } };
  if (issue?.code === "too_small") {
    return spec.type === "integer" ? { id: "err-value-too-small", args: { ...args, min: Number(issue.minimum) } } : { id: "err-value-empty", args };
  }
  if (issue?.code === "too_big") {
    return { id: spec.type === "integer" ? "err-value-too-big" : "err-value-too-long", args: { ...args, max: Number(issue.maximum) } };
  }
  return { id: spec.type === "integer" ? "err-value-not-whole" : "err-value-invalid", args };
}

/** Validates raw options against the command's zod schemas; the message names each bad option. */
export function validateOptions(command: Command, raw: Record<string, unknown>): Record<string, unknown> {
  const unknown = Object.keys(raw).filter((key) => !command.options[key]);
  if (unknown.length) {
    throw refuse("bad_option", "err-unknown-options", { command: command.name, options: unknown.map((k) => `"${truncate(k, QUOTED_VALUE_MAX_CHARS)}"`).join(", ") });
  }
  const values: Record<string, unknown> = {};
  const problems: LocalText[] = [];
  for (const [key, spec] of Object.entries(command.options)) {
    const value = raw[key];
    if (value === undefined || value === "") {
      if (spec.required) problems.push({ id: "err-value-required", args: { option: key } });
      continue;
    }
    const parsed = (spec.schema as z.ZodType).safeParse(value);
    if (parsed.success) values[key] = parsed.data;
    else problems.push(problemOf(key, spec, value, parsed.error.issues[0]));
  }
  if (problems.length) throw refuse("bad_option", "err-bad-options", { command: command.name, problems });
  return values;
}

/** Runs a command: validates options, checks rights, executes. Throws HeraldError for bad requests. */
export async function runCommand(invocation: Invocation, ctx: CommandContext): Promise<Reply[]> {
  const command = ctx.services.commands.get(invocation.command);
  if (!command) throw unknownCommand(invocation.command, ctx.services.commands);
  const input = validateOptions(command, invocation.options);
  if (command.requires === "manage" && !(await ctx.canManage())) {
    throw refuse("forbidden", "err-forbidden", { command: command.name });
  }
  const result = await command.execute(input as never, ctx);
  return Array.isArray(result) ? result : [result];
}

/**
 * Packs a button action into at most 64 bytes: `=timeline|<story>|<event>|<version>`, the values in
 * the order of the command's `buttonFields` (never of its options, which may be reordered freely).
 */
export function encodeButton(action: ButtonAction, registry: CommandRegistry): string {
  const command = registry.get(action.command);
  if (!command) throw new HeraldError("internal", `button for unknown command ${action.command}`);
  const fields = command.buttonFields ?? [];
  const unlisted = Object.keys(action.options).filter((key) => action.options[key] !== undefined && !fields.includes(key));
  if (unlisted.length) {
    throw new HeraldError("internal", `a /${command.name} button cannot carry ${unlisted.join(", ")}: append it to buttonFields in commands/${command.name}.ts`);
  }
  const values = fields.map((key) => {
    const value = action.options[key];
    const text = value === undefined ? "" : String(value);
    if (text.includes("|")) throw new HeraldError("internal", `button value for ${key} contains "|"`);
    return text;
  });
  while (values.length && values.at(-1) === "") values.pop();
  const data = [`${action.inPlace ? "=" : "+"}${command.name}`, ...values].join("|");
  if (Buffer.byteLength(data) > BUTTON_DATA_MAX_BYTES) {
    throw new HeraldError("internal", `button data over ${BUTTON_DATA_MAX_BYTES} bytes: ${data}`);
  }
  return data;
}

/** Reverses encodeButton; anything malformed is a "bad_button" error, never a crash. */
export function decodeButton(data: string, registry: CommandRegistry): ButtonAction {
  const bad = () => refuse("bad_button", "err-bad-button");
  if (typeof data !== "string" || Buffer.byteLength(data) > BUTTON_DATA_MAX_BYTES) throw bad();
  const [head = "", ...values] = data.split("|");
  const mode = head[0];
  const command = registry.get(head.slice(1));
  if ((mode !== "=" && mode !== "+") || !command) throw bad();
  const keys = command.buttonFields ?? [];
  if (values.length > keys.length) throw bad();
  const options: Record<string, string> = {};
  values.forEach((value, i) => {
    if (value !== "") options[keys[i]!] = value;
  });
  return { command: command.name, options, inPlace: mode === "=" };
}
