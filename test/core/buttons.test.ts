import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { answer } from "../../src/core/answer.js";
import type { Command } from "../../src/core/command.js";
import { decodeButton, encodeButton } from "../../src/core/dispatch.js";
import type { ButtonAction, Reply } from "../../src/core/reply.js";
import { createRegistry, loadCommands } from "../../src/core/registry.js";
import type { CommandRegistry, Services } from "../../src/core/services.js";
import { makeServices } from "../helpers/services.js";
import { glacier, harbour, makeStory } from "../helpers/stories.js";

/**
 * Button data as today's format writes it, one case per command that buttons replay. These strings are
 * in chats already: a change that makes one of them mean something else breaks posted buttons.
 */
const POSTED: Record<string, { data: string; action: ButtonAction; shows?: (reply: Reply) => void }[]> = {
  timeline: [
    {
      data: "=timeline|harbour|3|0123abcd",
      action: { command: "timeline", options: { story: "harbour", event: "3", version: "0123abcd" }, inPlace: true },
      // A version other than the story's current one: the event is still shown, with a note.
      shows: (reply) => expect(reply.fields?.find((f) => f.name === "Event")?.value).toBe("3/3"),
    },
    {
      data: "+timeline|harbour|2",
      action: { command: "timeline", options: { story: "harbour", event: "2" }, inPlace: false },
      shows: (reply) => expect(reply.fields?.find((f) => f.name === "Event")?.value).toBe("2/3"),
    },
  ],
  headline: [
    {
      data: "=headline|glacier",
      action: { command: "headline", options: { story: "glacier" }, inPlace: true },
      shows: (reply) => expect(reply.title).toBe(glacier.title),
    },
  ],
  sources: [
    {
      data: "+sources|harbour|2",
      action: { command: "sources", options: { story: "harbour", event: "2" }, inPlace: false },
      shows: (reply) => expect(reply.title).toContain(harbour.title),
    },
  ],
  feeds: [
    {
      data: "=feeds|2",
      action: { command: "feeds", options: { page: "2" }, inPlace: true },
      shows: (reply) => expect(reply.footer).toContain("Page 2 of 2"),
    },
  ],
  // Decoded only: running them needs a subscription store (test/subscriptions/commands.test.ts presses them).
  subscribe: [
    { data: "=subscribe||||daily|||time", action: { command: "subscribe", options: { mode: "daily", step: "time" }, inPlace: true } },
    {
      data: "=subscribe|2|07:30|Europe/Paris|both",
      action: { command: "subscribe", options: { number: "2", time: "07:30", timezone: "Europe/Paris", mode: "both" }, inPlace: true },
    },
    { data: "+subscribe|1||||||mode", action: { command: "subscribe", options: { number: "1", step: "mode" }, inPlace: false } },
    // The stories step (issue 15): the mode chosen, then all stories or one story's id, then on to the time.
    { data: "=subscribe||||updates|||filter", action: { command: "subscribe", options: { mode: "updates", step: "filter" }, inPlace: true } },
    { data: "=subscribe||||updates|harbour", action: { command: "subscribe", options: { mode: "updates", story: "harbour" }, inPlace: true } },
    { data: "=subscribe||||daily|all||time", action: { command: "subscribe", options: { mode: "daily", story: "all", step: "time" }, inPlace: true } },
    {
      data: "=subscribe||07:00|New York|both|harbour",
      action: { command: "subscribe", options: { time: "07:00", timezone: "New York", mode: "both", story: "harbour" }, inPlace: true },
    },
  ],
  unsubscribe: [{ data: "=unsubscribe|2", action: { command: "unsubscribe", options: { number: "2" }, inPlace: true } }],
  stories: [
    {
      data: "=stories|2",
      action: { command: "stories", options: { page: "2" }, inPlace: true },
      shows: (reply) => expect(reply.footer).toBe("Page 2 of 2"),
    },
  ],
};

let services: Services;
beforeAll(async () => {
  const filler = Array.from({ length: 10 }, (_, i) => makeStory({ id: `filler${i}` }));
  const feeds = Array.from({ length: 11 }, (_, i) => ({ url: `https://news.example/${i}.xml`, outlet: `Outlet ${i}`, lastSuccess: null, items: 0, health: "healthy" as const, note: null }));
  services = await makeServices([harbour, glacier, ...filler], { feeds: { status: () => feeds } });
});

const asker = () => ({ services, chat: { platform: "terminal" as const, id: "t", kind: "private" as const }, user: { id: "u" }, canManage: async () => true });

describe("posted buttons", () => {
  it("have a pinned case for every command whose buttons carry options", () => {
    const pinned = services.commands.all().filter((c) => c.buttonFields?.length).map((c) => c.name);
    expect(pinned.sort()).toEqual(Object.keys(POSTED).sort());
  });

  for (const [name, cases] of Object.entries(POSTED)) {
    describe(`/${name}`, () => {
      it.each(cases.map((c) => [c.data, c] as const))("decodes %s as it did when it was posted", async (data, { action, shows }) => {
        expect(decodeButton(data, services.commands)).toEqual(action);
        if (!shows) return;
        const { replies, error } = await answer({ button: data }, asker());
        expect(error).toBeUndefined();
        shows(replies[0]!);
      });

      it.each(cases.map((c) => [c.data, c] as const))("still writes %s", (data, { action }) => {
        expect(encodeButton(action, services.commands)).toBe(data);
      });
    });
  }

  it("keep their meaning when a command's options are reordered", () => {
    const timeline = services.commands.get("timeline")!;
    const { story, event, version } = timeline.options;
    const reordered: Command = { ...timeline, options: { version: version!, event: event!, story: story! } };
    const registry: CommandRegistry = createRegistry([reordered]);
    expect(decodeButton("=timeline|harbour|3|0123abcd", registry).options).toEqual({ story: "harbour", event: "3", version: "0123abcd" });
  });
});

describe("button formats", () => {
  it("refuse to carry an option the command did not declare for buttons", () => {
    expect(() => encodeButton({ command: "sources", options: { story: "harbour", extra: "x" }, inPlace: false }, services.commands)).toThrow(
      /a \/sources button cannot carry extra: append it to buttonFields in commands\/sources\.ts/,
    );
    expect(() => encodeButton({ command: "help", options: { story: "harbour" }, inPlace: false }, services.commands)).toThrow(/cannot carry story/);
  });

  it("write a command without options as its name alone", () => {
    expect(encodeButton({ command: "help", options: {}, inPlace: false }, services.commands)).toBe("+help");
  });

  it("are checked when the commands load: buttonFields must name distinct options", async () => {
    // One folder per case: a module once imported is not read again.
    const load = async (fields: string) => {
      const dir = await mkdtemp(path.join(tmpdir(), "herald-commands-"));
      const command = `export default { name: "probe", description: "probe", options: { story: {}, event: {} }, buttonFields: ${fields}, execute: () => ({ blocks: [] }) };\n`;
      await writeFile(path.join(dir, "probe.js"), command);
      return loadCommands(dir);
    };
    await expect(load(`["story", "page"]`)).rejects.toThrow("probe.js: the command has buttonFields that are not distinct names of its options");
    await expect(load(`["story", "story"]`)).rejects.toThrow(/buttonFields/);
    expect((await load(`["event", "story"]`)).get("probe")!.buttonFields).toEqual(["event", "story"]);
  });
});
