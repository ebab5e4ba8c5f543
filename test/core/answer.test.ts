import { beforeAll, describe, expect, it } from "vitest";
import { answer, type Answered, type Asker } from "../../src/core/answer.js";
import { defineCommand } from "../../src/core/command.js";
import { encodeButton, readCommandLine } from "../../src/core/dispatch.js";
import { createLogger } from "../../src/core/log.js";
import { createRegistry, loadCommands } from "../../src/core/registry.js";
import type { Services } from "../../src/core/services.js";
import { makeServices } from "../helpers/services.js";
import { harbour } from "../helpers/stories.js";

const boom = defineCommand({ name: "boom", description: "Always fails", options: {}, execute: () => { throw new Error("disk on fire"); } });

let services: Services;
let lines: string[];
let heard: Answered[];
beforeAll(async () => {
  services = await makeServices([harbour], {
    commands: createRegistry([...(await loadCommands()).all(), boom]),
    log: createLogger({ level: "debug", write: (line) => lines.push(line) }),
    onAnswered: (event) => heard.push(event),
  });
});

const asker = (): Asker => {
  lines = [];
  heard = [];
  return { services, chat: { platform: "terminal", id: "t", kind: "private" }, user: { id: "u" }, canManage: async () => false };
};

describe("readCommandLine", () => {
  it("reads the name, the bot it addresses and the rest, once", () => {
    expect(readCommandLine("/Timeline@HeraldBot story:franco  event:3")).toEqual({ name: "timeline", addressee: "HeraldBot", args: "story:franco  event:3" });
  });

  it("takes a line without the slash or without arguments", () => {
    expect(readCommandLine("  headline ")).toEqual({ name: "headline", args: "" });
    expect(readCommandLine("")).toEqual({ name: "", args: "" });
  });
});

describe("answer", () => {
  it("runs a typed line and answers with the command's replies", async () => {
    const result = await answer({ line: readCommandLine("/timeline harbour event:2") }, asker());
    expect(result.error).toBeUndefined();
    expect(result.inPlace).toBe(false);
    expect(result.replies[0]!.fields?.find((f) => f.name === "Event")?.value).toBe("2/3");
    expect(heard).toMatchObject([{ platform: "terminal", command: "timeline", outcome: "ok" }]);
    expect(heard[0]!.ms).toBeGreaterThanOrEqual(0);
  });

  it("decodes a pressed button and says whether it edits in place", async () => {
    const data = encodeButton({ command: "timeline", options: { story: "harbour", event: 3 }, inPlace: true }, services.commands);
    const result = await answer({ button: data }, asker());
    expect(result.inPlace).toBe(true);
    expect(result.replies[0]!.fields?.find((f) => f.name === "Event")?.value).toBe("3/3");
  });

  it("turns a person's mistake into one error reply, logged only at debug level", async () => {
    const result = await answer({ invocation: { command: "timeline", options: { story: "harbour", event: "x" } } }, asker());
    expect(result.replies).toEqual([result.error]);
    expect(result.error!.blocks[0]!.text).toMatch(/event: "x" must be a whole number/);
    expect(lines.filter((l) => /ERROR/.test(l))).toEqual([]);
    expect(heard).toMatchObject([{ command: "timeline", outcome: "refused" }]);
  });

  it("answers a tampered button with an error naming no command", async () => {
    const result = await answer({ button: "=nope|x" }, asker());
    expect(result.error!.blocks[0]!.text).toMatch(/not valid any more/);
    expect(heard).toMatchObject([{ command: undefined, outcome: "refused" }]);
  });

  it("turns an unexpected error into an apology and one error log line naming the command", async () => {
    const result = await answer({ line: readCommandLine("/boom") }, asker());
    expect(result.error!.blocks[0]!.text).toContain("Something went wrong on our side");
    expect(lines.filter((l) => l.includes("ERROR terminal /boom: unexpected error Error: disk on fire"))).toHaveLength(1);
    expect(heard).toMatchObject([{ command: "boom", outcome: "failed" }]);
  });

  it("logs through the logger it is given instead of the services' one", async () => {
    const own: string[] = [];
    await answer({ line: readCommandLine("/boom") }, asker(), { log: createLogger({ level: "debug", write: (line) => own.push(line) }) });
    expect(own.some((l) => l.includes("disk on fire"))).toBe(true);
    expect(lines).toEqual([]);
  });
});
