import { afterEach, describe, expect, it } from "vitest";
import type { ChatRef } from "../../src/core/chat.js";
import type { CommandContext } from "../../src/core/command.js";
import { runCommand } from "../../src/core/dispatch.js";
import { loadCommands } from "../../src/core/registry.js";
import type { Services } from "../../src/core/services.js";
import type { SubscriptionRuntime } from "../../src/subscriptions/service.js";
import { FakeLibrary, story } from "./fake-library.js";
import { harness, open } from "./helpers.js";

const running: SubscriptionRuntime[] = [];
afterEach(async () => {
  for (const svc of running.splice(0)) await svc.stop();
});

const group: ChatRef = { platform: "telegram", id: "-100", kind: "group", title: "Newsroom" };

async function setup() {
  const h = harness(new FakeLibrary([story("a", "Alpha talks"), story("b", "Bravo strike")]), "2026-03-27T12:00:00Z");
  const svc = await open(h);
  running.push(svc);
  const services: Services = { ...h.services, commands: await loadCommands(), subscriptions: svc };
  const run = async (command: string, options: Record<string, string> = {}, canManage = true) => {
    const ctx: CommandContext = { services, chat: group, user: { id: "u" }, canManage: async () => canManage, fromButton: false };
    return runCommand({ command, options }, ctx);
  };
  return { h, svc, services, run };
}

const field = (reply: { fields?: { name: string; value: string }[] }, name: string) => reply.fields?.find((f) => f.name === name)?.value;

describe("/subscribe and /subscriptions", () => {
  it("subscribes a chat and shows its next delivery in the chat's zone and in UTC", async () => {
    const { run } = await setup();
    const [reply] = await run("subscribe", { time: "08:00", timezone: "Europe/Paris", mode: "both", topic: "strike" });
    expect(reply!.title).toBe("Subscribed");
    const [shown] = await run("subscriptions");
    expect(field(shown!, "Mode")).toBe("daily digest and update notices");
    expect(field(shown!, "Filter")).toBe("topic “strike”");
    expect(field(shown!, "Status")).toBe("Active");
    expect(field(shown!, "Next digest")).toBe("Sat 28 Mar, 08:00 Europe/Paris (07:00 UTC)");
    const [again] = await run("subscribe", { time: "09:30" });
    expect(again!.title).toBe("Subscription updated");
    expect(field(again!, "Next digest")).toBe("Sat 28 Mar, 09:30 Europe/Paris (08:30 UTC)");
  });

  it("refuses people without the right to manage the chat, storing nothing", async () => {
    const { run, svc } = await setup();
    await expect(run("subscribe", { time: "08:00" }, false)).rejects.toThrow(/needs the right to manage this chat/);
    expect(await svc.get(group)).toBeNull();
  });

  it("names what was wrong with a bad mode, time or zone", async () => {
    const { run, svc } = await setup();
    await expect(run("subscribe", { mode: "hourly" })).rejects.toThrow(/mode: "hourly"/);
    await expect(run("subscribe", { time: "25:00" })).rejects.toThrow(/"25:00" is not a time of day/);
    await expect(run("subscribe", { timezone: "Mars/Olympus" })).rejects.toThrow(/is not a time zone, city or country Herald knows.*For example: Paris, Tokyo, India or Europe\/Paris/);
    expect(await svc.get(group)).toBeNull();
  });

  it("ends a subscription with /unsubscribe", async () => {
    const { run } = await setup();
    await run("subscribe");
    expect((await run("unsubscribe"))[0]!.blocks[0]!.text).toMatch(/^Unsubscribed/);
    expect((await run("subscriptions"))[0]!.blocks[0]!.text).toMatch(/no subscription/);
  });
});

describe("/digest", () => {
  it("previews the chat's next digest", async () => {
    const { run } = await setup();
    const replies = await run("digest");
    expect(replies[0]!.blocks.map((b) => b.heading)).toEqual(["Bravo strike", "Alpha talks"]);
    expect(replies[0]!.footer).toContain("Preview");
  });

  it("says how to subscribe where no store is configured (herald ask)", async () => {
    const { services } = await setup();
    const ctx: CommandContext = { services: { ...services, subscriptions: undefined }, chat: group, user: { id: "u" }, canManage: async () => true, fromButton: false };
    await expect(runCommand({ command: "digest", options: {} }, ctx)).rejects.toThrow(/herald ask` answers one command and stores nothing/);
    await expect(runCommand({ command: "subscribe", options: { time: "07:30" } }, ctx)).rejects.toThrow(/Start Herald \(npm start.*\/subscribe time:07:30/);
  });
});
