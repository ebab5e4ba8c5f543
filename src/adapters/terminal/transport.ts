import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { DeliveryPort } from "../../core/delivery.js";
import { renderReply } from "./render.js";

/** The terminal's input lines and output text. */
export interface TerminalTransport {
  /** Lines typed (or piped), ending at end of input. */
  lines(): AsyncIterable<string>;
  write(text: string): void;
  prompt(): void;
  close(): void;
}

export function createTerminalTransport(input: Readable, output: Writable): TerminalTransport {
  const interactive = "isTTY" in input && Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  rl.setPrompt("herald> ");
  return {
    lines: () => rl,
    write: (text) => void output.write(text.endsWith("\n") ? text : `${text}\n`),
    prompt: () => interactive && rl.prompt(),
    close: () => rl.close(),
  };
}

/** Digests and notices for the terminal chat are printed where the person is typing. */
export function terminalDelivery(write: (text: string) => void): DeliveryPort {
  return {
    platform: "terminal",
    async send(_chatId, reply) {
      write(`\n📬 ${renderReply(reply).text}\n`);
      return { status: "sent" };
    },
  };
}
