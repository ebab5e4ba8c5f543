import { HeraldError } from "../../src/core/errors.js";
import { defineCommand, option } from "../../src/core/command.js";
import type { Command } from "../../src/core/command.js";
import { createRegistry } from "../../src/core/registry.js";
import type { Reply } from "../../src/core/reply.js";

/**
 * Small hand-written commands that exercise what only the adapter decides: paging buttons, rights,
 * slow work (deferral), unexpected errors. The real commands are tested end to end elsewhere.
 */
const events = ["Treaty signed", "Talks stall", "Summit held", "Deal ratified"];

const timeline = defineCommand({
  name: "timeline",
  description: "One event at a time",
  options: {
    story: option.string("Story id or title words", { autocomplete: "story" }),
    event: option.integer("Position, 1-based", { min: 1, max: 1000 }),
    version: option.string("Story version", { hidden: true }),
  },
  execute({ story, event }): Reply {
    if (story && story !== "alpha") throw new HeraldError("unknown_story", `No story matches "${story}".`);
    const at = event ?? 1;
    if (at > events.length) throw new HeraldError("out_of_range", `Event ${at} is past the last one (${events.length}).`);
    const go = (label: string, to: number, disabled: boolean) => ({
      label,
      disabled,
      action: { command: "timeline", options: { story: "alpha", event: to, version: "v1" }, inPlace: true },
    });
    return {
      title: "Alpha story",
      blocks: [{ text: `${at}/${events.length} ${events[at - 1]}` }],
      footer: `${at}/${events.length}`,
      buttons: [[go("First", 1, at === 1), go("Prev", Math.max(1, at - 1), at === 1), go("Next", Math.min(events.length, at + 1), at === events.length), go("Last", events.length, at === events.length)]],
    };
  },
});

const subscribe = defineCommand({
  name: "subscribe",
  description: "Subscribe this chat",
  requires: "manage",
  options: { mode: option.string("When to deliver", { choices: ["daily", "updates", "both"], required: true }) },
  execute: ({ mode }): Reply => ({ blocks: [{ text: `Subscribed (${mode}).` }] }),
});

/** Waits as long as asked, so deferral can be observed. */
const slow = defineCommand({
  name: "slow",
  description: "Takes a while",
  options: { ms: option.integer("How long", { min: 0, max: 10_000, required: true }) },
  async execute({ ms }): Promise<Reply> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { title: "Done", blocks: [{ text: `after ${ms} ms` }] };
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

export const fixtureCommands = [timeline, subscribe, slow, boom] as unknown as Command[];
export const fixtureRegistry = () => createRegistry(fixtureCommands);
