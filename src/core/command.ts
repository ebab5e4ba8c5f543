import { z } from "zod";
import type { ChatRef } from "./chat.js";
import type { Reply } from "./reply.js";
import type { Locale } from "./i18n.js";
import type { Services } from "./services.js";

/** One option of a command: its zod schema plus what platforms need to offer it. */
export interface OptionSpec {
  type: "string" | "integer";
  description: string;
  required: boolean;
  /** Discord autocompletes it: from story titles, or from time zones, cities and countries. */
  autocomplete?: "story" | "timezone";
  min?: number;
  max?: number;
  choices?: readonly string[];
  /** Carried by buttons only (story version); never offered to people. */
  hidden?: boolean;
  schema: z.ZodType;
}

export interface CommandContext {
  services: Services;
  chat: ChatRef;
  /** `language`: the person's platform language tag (Telegram language_code, Discord locale), when known. */
  user: { id: string; name?: string; language?: string };
  /** The language Herald writes in here: the chat's /language, else the person's, else English. */
  locale?: Locale;
  /** Whether this person may change the chat's settings (Discord Manage Server, Telegram admin, any DM). */
  canManage: () => Promise<boolean>;
  /** True when the command was replayed by a button press. */
  fromButton: boolean;
}

/** A platform-neutral command: one per file in `commands/`. */
export interface Command<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  name: string;
  description: string;
  options: O;
  /** "manage": only people who may change the chat's settings (checked by the dispatcher). */
  requires?: "manage";
  execute(input: OptionValues<O>, ctx: CommandContext): Promise<Reply | Reply[]> | Reply | Reply[];
}

export type OptionValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]: O[K]["required"] extends true ? z.output<O[K]["schema"]> : z.output<O[K]["schema"]> | undefined;
};

type Extra = Partial<Pick<OptionSpec, "autocomplete" | "hidden" | "choices">>;

/** Builders for option specs, so a command reads `story: option.string("…")`. */
export const option = {
  string<R extends boolean = false>(
    description: string,
    extra: Extra & { required?: R; maxLength?: number } = {},
  ): OptionSpec & { required: R; schema: z.ZodType<string> } {
    const max = extra.maxLength ?? 200;
    const schema = z.string().trim().min(1, "is empty").max(max, `is longer than ${max} characters`);
    const choices = extra.choices as [string, ...string[]] | undefined;
    const base = choices ? z.enum(choices, { error: () => `is not one of ${choices.join(", ")}` }) : schema;
    return { type: "string", description, required: (extra.required ?? false) as R, ...extra, schema: base };
  },
  /** The optional `story` option of the briefing commands: an id or title words, autocompleted on Discord. */
  story(description = "Story id or words of its title") {
    return option.string(description, { autocomplete: "story" });
  },
  integer<R extends boolean = false>(
    description: string,
    extra: Extra & { required?: R; min?: number; max?: number } = {},
  ): OptionSpec & { required: R; schema: z.ZodType<number> } {
    let schema = z.coerce.number({ error: "must be a whole number" }).int("must be a whole number");
    if (extra.min !== undefined) schema = schema.min(extra.min, `must be at least ${extra.min}`);
    if (extra.max !== undefined) schema = schema.max(extra.max, `must be at most ${extra.max}`);
    return { type: "integer", description, required: (extra.required ?? false) as R, ...extra, schema };
  },
};

/** Identity with inference, so each file can end in `export default defineCommand({...})`. */
export const defineCommand = <O extends Record<string, OptionSpec>>(command: Command<O>): Command<O> => command;
