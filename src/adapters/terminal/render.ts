import type { CommandRegistry } from "../../core/services.js";
import { linkOf, type ButtonAction, type Reply } from "../../core/reply.js";

/** A button as the terminal offers it (disabled ones are not offered): pick it by typing its number. */
export interface Choice {
  number: number;
  label: string;
  action: ButtonAction;
}

export interface TerminalMessage {
  text: string;
  choices: Choice[];
}

/** The command a person could type to do what a button does (hidden options left out). */
export function commandLineOf(action: ButtonAction, registry: CommandRegistry): string {
  const command = registry.get(action.command);
  const options = Object.entries(action.options)
    .filter(([key]) => !command?.options[key]?.hidden)
    .map(([key, value]) => `${key}:${value}`);
  return [`/${action.command}`, ...options].join(" ");
}

const underline = (text: string) => `${text}\n${"─".repeat(Math.min(text.length, 72))}`;

/** Plain text with numbered choices; numbering continues from `firstChoice`. */
export function renderReply(reply: Reply, firstChoice = 1): TerminalMessage {
  if (reply.tone === "error") {
    return { text: `⚠ ${reply.blocks.map((b) => b.text).join(" ")}`, choices: [] };
  }
  const parts: string[] = [];
  // A terminal shows links as text: the URL on the line under what it belongs to.
  const withLink = (text: string, url: string | undefined) => (linkOf(url) ? `${text}\n${linkOf(url)}` : text);
  if (reply.title) parts.push(withLink(underline(reply.title), reply.url));
  for (const block of reply.blocks) parts.push(block.heading ? `${withLink(block.heading, block.url)}\n${block.text}` : block.text);
  if (reply.fields?.length) parts.push(reply.fields.map((f) => `${f.name}: ${f.value.replace(/\n/g, "\n  ")}`).join("\n"));
  if (reply.footer) parts.push(`— ${reply.footer}`);
  // Only what can be pressed is shown, and numbered without gaps: [1] Next ▶  [2] Last ⏭ on the first event.
  const choices: Choice[] = (reply.buttons ?? [])
    .flat()
    .filter((button) => !button.disabled)
    .map((button, i) => ({ number: firstChoice + i, label: button.label, action: button.action }));
  if (choices.length) parts.push(choices.map((c) => `[${c.number}] ${c.label}`).join("  "));
  return { text: parts.join("\n\n"), choices };
}
