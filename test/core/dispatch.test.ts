import { beforeAll, describe, expect, it } from "vitest";
import { decodeButton, encodeButton, parseCommandLine, runCommand } from "../../src/core/dispatch.js";
import { HeraldError } from "../../src/core/errors.js";
import type { Services } from "../../src/core/services.js";
import { harbour } from "../helpers/stories.js";
import { makeServices } from "../helpers/services.js";

let services: Services;
beforeAll(async () => {
  services = await makeServices([harbour]);
});

const ctx = () => ({ services, chat: { platform: "terminal" as const, id: "t", kind: "private" as const }, user: { id: "u" }, canManage: async () => false, fromButton: false });

describe("parseCommandLine", () => {
  it("reads named options as Discord shows them", () => {
    expect(parseCommandLine("/timeline story:franco russian event:3", services.commands)).toEqual({
      command: "timeline",
      options: { story: "franco russian", event: "3" },
    });
  });

  it("fills the first text option with unnamed words", () => {
    expect(parseCommandLine("/timeline franco  russian", services.commands).options).toEqual({ story: "franco russian" });
  });

  it("drops the @botname of group commands and ignores case", () => {
    expect(parseCommandLine("/Headline@HeraldBot harbour", services.commands)).toEqual({ command: "headline", options: { story: "harbour" } });
  });

  it("rejects an unknown command, listing the real ones", () => {
    expect(() => parseCommandLine("/nope", services.commands)).toThrow(/Unknown command "\/nope"\. Commands: .*\/headline/);
  });

  it("rejects words for a command that takes no text", () => {
    expect(() => parseCommandLine("/stories abc", services.commands)).toThrow(/"abc" is not understood/);
  });

  it("does not let a person set a hidden option", () => {
    expect(() => parseCommandLine("/timeline version:abc", services.commands)).toThrow(/\/timeline has no option "version:"/);
  });

  it("rejects an unknown option name instead of searching for it, naming the real options", () => {
    expect(() => parseCommandLine("/timeline franco bogus:1", services.commands)).toThrow(
      '/timeline has no option "bogus:". Its options: story:, event:.',
    );
  });

  it("rejects an option given twice instead of letting one win", () => {
    expect(() => parseCommandLine("/timeline story:a story:b", services.commands)).toThrow("/timeline: story: is given twice; give it once.");
    expect(() => parseCommandLine("/timeline event:1 event:2", services.commands)).toThrow(/event: is given twice/);
  });

  it("keeps a bare word ending in a colon and a link as text", () => {
    expect(parseCommandLine("/headline Brexit: the deal", services.commands).options).toEqual({ story: "Brexit: the deal" });
    expect(parseCommandLine("/headline https://example.com/a", services.commands).options).toEqual({ story: "https://example.com/a" });
  });
});

describe("runCommand", () => {
  it("names the option and the value that failed validation", async () => {
    await expect(runCommand({ command: "timeline", options: { story: "harbour", event: "x" } }, ctx())).rejects.toThrow(
      /event: "x" must be a whole number/,
    );
    await expect(runCommand({ command: "timeline", options: { event: "0" } }, ctx())).rejects.toThrow(/at least 1/);
  });

  it("rejects options the command does not have", async () => {
    await expect(runCommand({ command: "help", options: { story: "x" } }, ctx())).rejects.toThrow(/no option "story"/);
  });
});

describe("button codec", () => {
  const action = { command: "timeline", options: { story: "harbour", event: 2, version: "abcd1234" }, inPlace: true };

  it("round-trips an action within 64 bytes", () => {
    const data = encodeButton(action, services.commands);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(decodeButton(data, services.commands)).toEqual({ ...action, options: { story: "harbour", event: "2", version: "abcd1234" } });
  });

  it.each(["", "garbage", "=nope|x", "?timeline|x", "=timeline|a|b|c|d|e", "=timeline|" + "x".repeat(70)])(
    "refuses tampered data %j with a clear error",
    (data) => {
      expect(() => decodeButton(data, services.commands)).toThrow(HeraldError);
      expect(() => decodeButton(data, services.commands)).toThrow(/not valid any more/);
    },
  );

  it("refuses to make a button that would not fit", () => {
    expect(() => encodeButton({ ...action, options: { story: "s".repeat(60) } }, services.commands)).toThrow(/over 64 bytes/);
  });
});

describe("option messages", () => {
  it("names the allowed choices and the length limit", async () => {
    const { validateOptions } = await import("../../src/core/dispatch.js");
    const { defineCommand, option } = await import("../../src/core/command.js");
    const command = defineCommand({
      name: "probe",
      description: "probe",
      options: { mode: option.string("mode", { choices: ["daily", "both"] }), note: option.string("note", { maxLength: 5 }) },
      execute: () => ({ blocks: [] }),
    });
    expect(() => validateOptions(command, { mode: "weekly" })).toThrow('/probe: mode: "weekly" is not one of daily, both.');
    expect(() => validateOptions(command, { note: "too long" })).toThrow('/probe: note: "too long" is longer than 5 characters.');
    expect(() => validateOptions(command, { note: "word ".repeat(100) })).toThrow(/^\/probe: note: "(word ){5,7}word…" is longer than 5 characters\.$/);
  });
});
