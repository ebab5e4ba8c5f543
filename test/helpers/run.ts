import type { CommandContext } from "../../src/core/command.js";
import { decodeButton, encodeButton, runCommand } from "../../src/core/dispatch.js";
import type { Button, Reply } from "../../src/core/reply.js";
import type { Services } from "../../src/core/services.js";

export const context = (services: Services, fromButton = false): CommandContext => ({
  services,
  chat: { platform: "terminal", id: "test", kind: "private" },
  user: { id: "tester" },
  canManage: async () => true,
  fromButton,
});

/** Runs a command as a person would type it and returns the single reply. */
export async function run(services: Services, command: string, options: Record<string, string | number> = {}): Promise<Reply> {
  const [reply] = await runCommand({ command, options }, context(services));
  return reply!;
}

export const button = (reply: Reply, label: RegExp): Button => {
  const found = reply.buttons?.flat().find((b) => label.test(b.label));
  if (!found) throw new Error(`no button ${label} in ${JSON.stringify(reply.buttons)}`);
  return found;
};

/** Presses a button the way adapters do: through its encoded data. */
export async function press(services: Services, reply: Reply, label: RegExp): Promise<Reply> {
  const action = decodeButton(encodeButton(button(reply, label).action, services.commands), services.commands);
  const [next] = await runCommand({ command: action.command, options: action.options }, context(services, true));
  return next!;
}

export const field = (reply: Reply, name: string): string | undefined => reply.fields?.find((f) => f.name === name)?.value;
