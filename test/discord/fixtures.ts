import { defineCommand, option, type Command } from "../../src/core/command.js";
import { HeraldError } from "../../src/core/errors.js";
import { loadCommands, createRegistry } from "../../src/core/registry.js";
import type { Reply } from "../../src/core/reply.js";
import type { CommandRegistry } from "../../src/core/services.js";

/**
 * Test-only commands for what only the adapter decides: rights, slow work (deferral), unexpected
 * errors. They sit beside the real commands of `commands/`.
 */
const guarded = defineCommand({
  name: "guarded",
  description: "Needs Manage Server",
  requires: "manage",
  options: { mode: option.string("When to deliver", { choices: ["daily", "updates", "both"], required: true }) },
  execute: ({ mode }): Reply => ({ blocks: [{ text: `Done (${mode}).` }] }),
});

/** Waits as long as asked, so deferral can be observed; can then fail, and offers an in-place "Again". */
const slow = defineCommand({
  name: "slow",
  description: "Takes a while",
  options: {
    ms: option.integer("How long", { min: 0, max: 10_000, required: true }),
    outcome: option.string("How it ends", { choices: ["ok", "error"] }),
  },
  buttonFields: ["ms", "outcome"],
  async execute({ ms, outcome }): Promise<Reply> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (outcome === "error") throw new HeraldError("out_of_range", `Gave up after ${ms} ms.`);
    return {
      title: "Done",
      blocks: [{ text: `after ${ms} ms` }],
      buttons: [[{ label: "Again", action: { command: "slow", options: { ms: ms ?? 0 }, inPlace: true } }]],
    };
  },
});

const boom = defineCommand({
  name: "boom",
  description: "Fails unexpectedly",
  options: {},
  execute(): Reply {
    throw new Error("disk on fire");
  },
});

export const fixtureCommands = [guarded, slow, boom] as unknown as Command[];

/** The real commands of `commands/` plus the fixtures. */
export async function testRegistry(): Promise<CommandRegistry> {
  return createRegistry([...(await loadCommands()).all(), ...fixtureCommands]);
}
