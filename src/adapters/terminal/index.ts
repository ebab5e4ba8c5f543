import type { Readable, Writable } from "node:stream";
import type { ChatRef } from "../../core/chat.js";
import { answer, type Asker } from "../../core/answer.js";
import { readCommandLine } from "../../core/dispatch.js";
import { errorReply, type Reply } from "../../core/reply.js";
import type { Services } from "../../core/services.js";
import { commandLineOf, renderReply, type Choice } from "./render.js";
import { createTerminalTransport, terminalDelivery } from "./transport.js";

export { terminalDelivery };

/** The one chat the terminal has. */
export const TERMINAL_CHAT: ChatRef = { platform: "terminal", id: "local", kind: "private", title: "terminal" };

const asker = (services: Services): Asker => ({ services, chat: TERMINAL_CHAT, user: { id: "local" }, canManage: async () => true });

/** `herald ask "/timeline event:3"`: the answer as text, each choice with the command that presses it. */
export async function ask(services: Services, line: string): Promise<{ text: string; ok: boolean }> {
  const { replies, error } = await answer({ line: readCommandLine(line) }, asker(services));
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
export async function runTerminalChat(services: Services, input: Readable, output: Writable): Promise<void> {
  const io = createTerminalTransport(input, output);
  io.write("Herald terminal chat. Try /headline, /timeline, /sources franco, /help; /quit leaves.");
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
          ? (await answer({ pressed: choice.action }, asker(services))).replies
          : [errorReply(`There is no choice ${line} here. Pick one of the numbers shown, or type a command.`)];
      } else {
        replies = (await answer({ line: readCommandLine(line) }, asker(services))).replies;
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
  io.write("Bye.");
  io.close();
}
