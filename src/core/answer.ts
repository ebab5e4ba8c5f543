import type { CommandContext } from "./command.js";
import { decodeButton, parseCommandLine, runCommand, type CommandLine, type Invocation } from "./dispatch.js";
import { isHeraldError } from "./errors.js";
import { localeOf, type Locale } from "./i18n.js";
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

/**
 * The one path from a platform event to a reply: decode or parse, run, catch. Never throws; every
 * error becomes the reply a person sees and, when it is not their fault, an error log line.
 */
export type { Answered, Outcome };

export async function answer(request: Request, asker: Asker, options: AnswerOptions = {}): Promise<Answer> {
  const { services, chat } = asker;
  const started = performance.now();
  const fromButton = "button" in request || "pressed" in request;
  let where = fromButton ? `${chat.platform} button` : chat.platform;
  let command: string | undefined;
  let inPlace = false;
  let outcome: Outcome = "ok";
  let replies: Reply[];
  try {
    const call = understand(request, services.commands);
    command = call.invocation.command;
    inPlace = call.inPlace;
    where = `${where} /${command}`;
    options.onStart?.({ command, inPlace });
    replies = await runCommand(call.invocation, { ...asker, fromButton, locale: await localeFor(asker) });
    if (!replies.length) throw new Error(`/${command} gave no reply`);
  } catch (err) {
    outcome = isHeraldError(err) && err.code !== "internal" ? "refused" : "failed";
    replies = [replyForError(err, options.log ?? services.log, where)];
  }
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
export function replyForError(err: unknown, log: Logger, where: string): Reply {
  if (isHeraldError(err) && err.code !== "internal") {
    log.debug(`${where}: ${err.code}: ${err.message}`);
    return errorReply(err.message);
  }
  log.error(`${where}: unexpected error`, err);
  return errorReply("Something went wrong on our side; the error was logged. Please try again.");
}
