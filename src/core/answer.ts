import type { CommandContext } from "./command.js";
import { decodeButton, parseCommandLine, runCommand, type CommandLine, type Invocation } from "./dispatch.js";
import { isHeraldError } from "./errors.js";
import { DEFAULT_LOCALE, localeOf, messageOf, translate, type Locale } from "./i18n.js";
import type { Logger } from "./log.js";
import { errorReply, type ButtonAction, type Reply } from "./reply.js";
import type { Answered, Outcome } from "./services.js";

/** What a platform received, before Herald has understood it. */
export type Request =
  /** A typed command line whose head the adapter read once with `readCommandLine`. */
  | { line: CommandLine }
  /** The data a pressed button carried (Telegram callback data, Discord custom id). */
  | { button: string }
  /** A button whose action the platform kept itself (the terminal's numbered choices). */
  | { pressed: ButtonAction }
  /** A command whose options the platform already parsed (Discord slash commands). */
  | { invocation: Invocation };

/** Who asks, and where: a command's context without `fromButton`, which the request decides. */
export type Asker = Omit<CommandContext, "fromButton">;

/** What the adapter shows. */
export interface Answer {
  /** At least one reply, in order. */
  replies: Reply[];
  /** Set when the request failed: the one error reply (ephemeral on Discord, an alert for a Telegram button). */
  error?: Reply;
  /** The button asked to edit the message it sits on. */
  inPlace: boolean;
}

export interface AnswerOptions {
  /** Where errors are logged: an adapter's own logger (Telegram's keeps the token out); `services.log` by default. */
  log?: Logger;
  /** Called once the request is understood, before the command runs (Discord starts its deferral timer here). */
  onStart?: (call: { command: string; inPlace: boolean }) => void;
}

export type { Answered, Outcome };

/**
 * The one path from a platform event to a reply: decode or parse, run, catch. Never throws; every
 * error becomes the reply a person sees and, when it is not their fault, an error log line.
 * Each answer ends in `Services.onAnswered`: the one spot for counting (metrics).
 */
export async function answer(request: Request, asker: Asker, options: AnswerOptions = {}): Promise<Answer> {
  const { services, chat } = asker;
  const started = performance.now();
  const fromButton = "button" in request || "pressed" in request;
  let where = fromButton ? `${chat.platform} button` : chat.platform;
  let command: string | undefined;
  let inPlace = false;
  let outcome: Outcome = "ok";
  let replies: Reply[];
  // The language is looked up after the request is understood (Discord's deferral timer starts there),
  // but before anything is said, so even "unknown command" is in the person's language.
  let locale: Locale | undefined;
  try {
    const call = understand(request, services.commands);
    command = call.invocation.command;
    inPlace = call.inPlace;
    where = `${where} /${command}`;
    options.onStart?.({ command, inPlace });
    locale = await localeFor(asker);
    replies = await runCommand(call.invocation, { ...asker, fromButton, locale });
    if (!replies.length) throw new Error(`/${command} gave no reply`);
  } catch (err) {
    outcome = isHeraldError(err) && err.code !== "internal" ? "refused" : "failed";
    locale ??= await localeFor(asker);
    replies = [replyForError(err, options.log ?? services.log, where, locale)];
  }
  if (locale) replies = replies.map((reply) => (reply.locale ? reply : { ...reply, locale }));
  const error = replies.find((reply) => reply.tone === "error");
  if (error && outcome === "ok") outcome = "refused";
  services.onAnswered?.({ platform: chat.platform, chatId: chat.id, command: services.commands.get(command ?? "") ? command : undefined, outcome, ms: performance.now() - started });
  return { replies, inPlace, ...(error ? { error } : {}) };
}

/** The chat's chosen language, else the person's platform language, else English; a store failure falls back too. */
async function localeFor({ services, chat, user }: Asker): Promise<Locale> {
  const chosen = await services.subscriptions?.language(chat).catch(() => null);
  return chosen ?? localeOf(user.language);
}

function understand(request: Request, registry: Asker["services"]["commands"]): { invocation: Invocation; inPlace: boolean } {
  if ("line" in request) return { invocation: parseCommandLine(request.line, registry), inPlace: false };
  if ("invocation" in request) return { invocation: request.invocation, inPlace: false };
  const action = "button" in request ? decodeButton(request.button, registry) : request.pressed;
  return { invocation: { command: action.command, options: action.options }, inPlace: action.inPlace };
}

/**
 * Turns any error into the reply a person sees, logging what is not their fault. `answer()` calls it
 * for everything up to the reply; an adapter only for a reply it could not deliver.
 */
export function replyForError(err: unknown, log: Logger, where: string, locale: Locale = DEFAULT_LOCALE): Reply {
  if (isHeraldError(err) && err.code !== "internal") {
    log.debug(`${where}: ${err.code}: ${err.message}`);
    return errorReply(messageOf(err, locale));
  }
  log.error(`${where}: unexpected error`, err);
  return errorReply(translate(locale, "err-internal"));
}
