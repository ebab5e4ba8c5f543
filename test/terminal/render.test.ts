import { beforeAll } from "vitest";
import { renderReply, type TerminalMessage } from "../../src/adapters/terminal/render.js";
import { encodeButton } from "../../src/core/dispatch.js";
import { loadCommands } from "../../src/core/registry.js";
import type { CommandRegistry } from "../../src/core/services.js";
import { rendererContract } from "../contract/renderer.js";

let registry: CommandRegistry;
beforeAll(async () => {
  registry = await loadCommands();
});

rendererContract<TerminalMessage>("terminal", () => ({
  render: (reply) => [renderReply(reply)],
  visibleText: (message) => message.text,
  // A terminal scrolls: no length limit, but every choice must be one a person can type.
  limitProblems: (message) => message.choices.filter((c) => !message.text.includes(`[${c.number}] ${c.label}`)).map((c) => `choice ${c.number} not shown`),
  buttonData: (message) => message.choices.map((c) => encodeButton(c.action, registry)),
}));
