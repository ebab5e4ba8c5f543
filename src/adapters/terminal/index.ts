import type { Readable, Writable } from "node:stream";
import type { ChatRef } from "../../core/chat.js";
import { answer, type Asker } from "../../core/answer.js";
import { readCommandLine } from "../../core/dispatch.js";
import { localeOf, translate, type Locale } from "../../core/i18n.js";
import { errorReply, type Reply } from "../../core/reply.js";
import type { Services } from "../../core/services.js";
import { commandLineOf, renderReply, type Choice } from "./render.js";
import { createTerminalTransport, terminalDelivery } from "./transport.js";

export { terminalDelivery };

/** The one chat the terminal has. */
export const TERMINAL_CHAT: ChatRef = { platform: "terminal", id: "local", kind: "private", title: "terminal" };

/** `language`: the person's language tag (the system's LANG), which answers follow until /language chooses one. */
export interface TerminalOptions {
  language?: string;
}

/** The language tag of the system's locale settings (`fr_FR.UTF-8`), in the order POSIX reads them. */
export const systemLanguage = (env: NodeJS.ProcessEnv): string | undefined => env.LC_ALL || env.LC_MESSAGES || env.LANG || undefined;

const asker = (services: Services, { language }: TerminalOptions): Asker => ({
  services,
  chat: TERMINAL_CHAT,
  user: { id: "local", ...(language ? { language } : {}) },
  canManage: async () => true,
});

/** The terminal chat's language: its /language, else the person's, else English. */
async function terminalLocale(services: Services, { language }: TerminalOptions): Promise<Locale> {
  return (await services.subscriptions?.language(TERMINAL_CHAT).catch(() => null)) ?? localeOf(language);
}

/** `herald ask "/timeline event:3"`: the answer as text, each choice with the command that presses it. */
export async function ask(services: Services, line: string, options: TerminalOptions = {}): Promise<{ text: string; ok: boolean }> {
  const { replies, error } = await answer({ line: readCommandLine(line) }, asker(services, options));
  let next = 1;
  const texts = replies.map((reply) => {
    const message = renderReply(reply, next);
    next += message.choices.length;
    const presses = message.choices.map((c) => `[${c.number}] ${c.label} → ${commandLineOf(c.action, services.commands)}`);
    const body = message.text.replace(/\n*\[\d+\][^\n]*$/, "");
    return presses.length ? `${body}\n\n${presses.join("\n")}` : message.text;
  });
  return { text: texts.join("\n\n"), ok: !error };
}

/**
 * The interactive terminal chat: commands typed or piped line by line, buttons picked by number,
 * `/quit` (or end of input) leaves.
 */
export async function runTerminalChat(services: Services, input: Readable, output: Writable, options: TerminalOptions = {}): Promise<void> {
  // Looked up before the input is read: lines piped in all at once would pass by an await in between.
  const welcome = translate(await terminalLocale(services, options), "terminal-welcome");
  const io = createTerminalTransport(input, output);
  io.write(welcome);
  io.prompt();
  let choices: Choice[] = [];
  for await (const raw of io.lines()) {
    const line = raw.trim();
    if (/^\/?(quit|exit)$/i.test(line)) break;
    if (line) {
      let replies: Reply[];
      if (/^\d+$/.test(line)) {
        const choice = choices.find((c) => c.number === Number(line));
        replies = choice
          ? (await answer({ pressed: choice.action }, asker(services, options))).replies
          : [errorReply(translate(await terminalLocale(services, options), "terminal-no-choice", { number: line }))];
      } else {
        replies = (await answer({ line: readCommandLine(line) }, asker(services, options))).replies;
      }
      let next = 1;
      const shown = replies.map((reply) => {
        const message = renderReply(reply, next);
        next += message.choices.length;
        return message;
      });
      // A mistyped command keeps the previous choices open.
      if (replies.some((r) => r.tone !== "error")) choices = shown.flatMap((m) => m.choices);
      io.write(shown.map((m) => m.text).join("\n\n"));
    }
    io.prompt();
  }
  io.write(translate(await terminalLocale(services, options), "terminal-bye"));
  io.close();
}
