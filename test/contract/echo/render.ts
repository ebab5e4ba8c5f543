import { encodeButton } from "../../../src/core/dispatch.js";
import type { Reply } from "../../../src/core/reply.js";
import type { CommandRegistry } from "../../../src/core/services.js";
import { truncate } from "../../../src/core/text.js";

/** Echo's one limit, so the contract's "within the platform's limits" has something to check. */
export const ECHO_MESSAGE_MAX_CHARS = 2_000;

export interface EchoMessage {
  text: string;
  /** Button data, as a platform would hand it back on a press. */
  buttons: string[];
}

/** Plain text split into messages of at most ECHO_MESSAGE_MAX_CHARS, buttons on the last one. */
export function renderEcho(reply: Reply, registry: CommandRegistry): EchoMessage[] {
  const parts = [reply.title, ...reply.blocks.map((b) => (b.heading ? `${b.heading}\n${b.text}` : b.text))];
  for (const field of reply.fields ?? []) parts.push(`${field.name}: ${field.value}`);
  if (reply.footer) parts.push(reply.footer);
  const messages: EchoMessage[] = [];
  let current = "";
  for (const part of parts.filter((p): p is string => Boolean(p)).map((p) => truncate(p, ECHO_MESSAGE_MAX_CHARS))) {
    if (current && current.length + part.length + 2 > ECHO_MESSAGE_MAX_CHARS) {
      messages.push({ text: current, buttons: [] });
      current = "";
    }
    current = current ? `${current}\n\n${part}` : part;
  }
  messages.push({ text: current, buttons: [] });
  messages.at(-1)!.buttons = (reply.buttons ?? []).flat().filter((b) => !b.disabled).map((b) => encodeButton(b.action, registry));
  return messages;
}
