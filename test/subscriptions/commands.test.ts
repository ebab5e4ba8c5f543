import { afterEach, describe, expect, it } from "vitest";
import type { ChatRef } from "../../src/core/chat.js";
import type { CommandContext } from "../../src/core/command.js";
import { decodeButton, encodeButton, runCommand } from "../../src/core/dispatch.js";
import type { Locale } from "../../src/core/i18n.js";
import type { Reply } from "../../src/core/reply.js";
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
    await run("subscribe", { mode: "daily" });
    expect((await run("unsubscribe"))[0]!.blocks[0]!.text).toMatch(/^Unsubscribed/);
    expect((await run("subscriptions"))[0]!.blocks[0]!.text).toMatch(/no subscription/);
  });
});

/** Presses the button labelled `label` the way adapters do: through its encoded data, as a button. */
async function press(services: Services, reply: Reply, label: string | RegExp, locale: Locale = "en") {
  const button = reply.buttons?.flat().find((b) => (typeof label === "string" ? b.label === label : label.test(b.label)));
  if (!button) throw new Error(`no button ${label} in ${JSON.stringify(reply.buttons?.flat().map((b) => b.label))}`);
  const data = encodeButton(button.action, services.commands);
  expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
  const action = decodeButton(data, services.commands);
  const ctx: CommandContext = { services, chat: group, user: { id: "u" }, canManage: async () => true, fromButton: true, locale };
  const [next] = await runCommand({ command: action.command, options: action.options }, ctx);
  return next!;
}
const labels = (reply: Reply) => reply.buttons?.flat().map((b) => b.label) ?? [];

describe("guided /subscribe", () => {
  it("asks the mode, then which stories, then a time, then the zone, and subscribes with what was chosen", async () => {
    const { run, svc, services } = await setup();
    const [first] = await run("subscribe");
    expect(first!.title).toBe("Subscribe this chat");
    expect(labels(first!)).toEqual(["Daily digest", "Update notices", "Both"]);
    expect(await svc.get(group)).toBeNull();
    const which = await press(services, first!, "Daily digest");
    expect(which.blocks[0]!.text).toMatch(/^About which stories\?/);
    expect(labels(which)).toEqual(["All stories", "Bravo strike", "Alpha talks"]);
    expect(which.blocks.map((b) => b.text).join(" ")).toContain("Or type it: /subscribe mode:daily topic:strike");
    const time = await press(services, which, "All stories");
    expect(labels(time)).toEqual(["07:00", "08:00", "12:00", "18:00", "21:00"]);
    expect(time.blocks.map((b) => b.text).join(" ")).toContain("Or type it: /subscribe mode:daily time:06:45");
    const zone = await press(services, time, "07:00");
    expect(labels(zone)).toContain("Europe/Paris");
    expect(await svc.get(group)).toBeNull();
    const done = await press(services, zone, "Europe/Paris");
    expect(done.title).toBe("Subscribed");
    expect(await svc.get(group)).toMatchObject({ mode: "daily", time: "07:00", timezone: "Europe/Paris" });
  });

  it("subscribes to update notices in two presses, mode and stories: they need no time", async () => {
    const { run, svc, services } = await setup();
    const [first] = await run("subscribe");
    const which = await press(services, first!, "Update notices");
    const done = await press(services, which, "All stories");
    expect(done.title).toBe("Subscribed");
    expect(await svc.get(group)).toMatchObject({ mode: "updates", filter: null });
  });

  it("adds update notices for one story by clicking, next to a daily digest of everything (the issue's example)", async () => {
    const { run, svc, services } = await setup();
    await run("subscribe", { mode: "daily", time: "07:30", timezone: "Europe/Paris" });
    const [first] = await run("subscribe");
    const which = await press(services, first!, "Update notices");
    const done = await press(services, which, "Alpha talks");
    expect(done.title).toBe("Subscribed");
    expect(done.blocks[0]!.text).toBe("This chat will get: update notices · story “Alpha talks” (a).");
    expect(done.footer).toBe("Subscription 2 of 2");
    expect((await svc.list(group)).map((s) => [s.number, s.mode, s.time, s.timezone, s.filter])).toEqual([
      [1, "daily", "07:30", "Europe/Paris", null],
      [2, "updates", "08:00", "UTC", { kind: "story", storyId: "a", title: "Alpha talks" }],
    ]);
  });

  it("carries a chosen story through time and zone, every button within 64 bytes, with the longest story ids and zones", async () => {
    const long = "x".repeat(24); // the longest story id a file name gives
    const h = harness(new FakeLibrary([story(long, "A story with the longest id")]), "2026-03-27T12:00:00Z");
    const svc = await open(h);
    running.push(svc);
    const services: Services = { ...h.services, commands: await loadCommands(), subscriptions: svc };
    await svc.subscribe(group, { mode: "daily", time: "06:15", timezone: "America/Argentina/Buenos_Aires", story: "all" });
    const ctx: CommandContext = { services, chat: group, user: { id: "u" }, canManage: async () => true, fromButton: false };
    const [start] = await runCommand({ command: "subscribe", options: { number: "1", step: "mode" } }, ctx);
    const which = await press(services, start!, "Both");
    const time = await press(services, which, "A story with the longest id");
    const zone = await press(services, time, "06:15");
    // press() checks each pressed button's data; every offered one must encode too, or the reply could not be sent.
    for (const button of zone.buttons!.flat()) expect(Buffer.byteLength(encodeButton(button.action, services.commands))).toBeLessThanOrEqual(64);
    expect(labels(zone)).toContain("America/New_York");
    await press(services, zone, "America/New_York");
    expect(await svc.get(group)).toMatchObject({ mode: "both", time: "06:15", timezone: "America/New_York", filter: { kind: "story", storyId: long } });
  });

  it("walks the same steps in French", async () => {
    const { svc, services } = await setup();
    const ctx: CommandContext = { services, chat: group, user: { id: "u" }, canManage: async () => true, fromButton: false, locale: "fr" };
    const [first] = await runCommand({ command: "subscribe", options: {} }, ctx);
    expect(first!.title).toBe("Abonner cette discussion");
    expect(labels(first!)).toEqual(["Résumé quotidien", "Alertes de mise à jour", "Les deux"]);
    const which = await press(services, first!, "Résumé quotidien", "fr");
    expect(labels(which)[0]).toBe("Tous les sujets");
    const time = await press(services, which, "Tous les sujets", "fr");
    expect(time.blocks[0]!.text).toBe("À quelle heure le résumé doit-il arriver ?");
    const zone = await press(services, time, "07:00", "fr");
    expect(zone.blocks[0]!.text).toMatch(/^Dans quel fuseau horaire est 07:00 \?/);
    const done = await press(services, zone, "Europe/Paris", "fr");
    expect(done.title).toBe("Abonnement fait");
    expect(done.blocks[0]!.text).toBe("Cette discussion recevra : résumé quotidien · tous les sujets.");
    expect(done.fields!.find((f) => f.name === "Prochain résumé")!.value).toBe("sam. 28 mars, 07:00 Europe/Paris (06:00 UTC)");
    // The subscriber's language becomes the chat's, for its digests and notices.
    expect(await svc.language(group)).toBe("fr");
  });

  it("changes a chosen subscription from the Change button of /subscriptions", async () => {
    const { run, svc, services } = await setup();
    await run("subscribe", { mode: "daily", time: "07:30", timezone: "UTC" });
    await run("subscribe", { mode: "updates", topic: "strike" });
    const [list] = await run("subscriptions");
    const start = await press(services, list!, "Change 1");
    expect(start.title).toBe("Change subscription 1");
    const which = await press(services, start, "Both");
    const time = await press(services, which, "All stories");
    expect(labels(time)[0]).toBe("07:30");
    const zone = await press(services, time, "18:00");
    await press(services, zone, "Asia/Tokyo");
    expect((await svc.list(group)).map((s) => [s.number, s.mode, s.time, s.timezone])).toEqual([
      [1, "both", "18:00", "Asia/Tokyo"],
      [2, "updates", "08:00", "UTC"],
    ]);
  });

  it("refuses a tampered step or time carried by a button, storing nothing", async () => {
    const { svc, services } = await setup();
    const ctx: CommandContext = { services, chat: group, user: { id: "u" }, canManage: async () => true, fromButton: true };
    await expect(runCommand({ command: "subscribe", options: decodeButton("=subscribe|||UTC|daily|||jump", services.commands).options }, ctx)).rejects.toThrow(/step: "jump"/);
    await expect(runCommand({ command: "subscribe", options: decodeButton("=subscribe||99:99|UTC|daily", services.commands).options }, ctx)).rejects.toThrow(/"99:99" is not a time of day/);
    expect(await svc.get(group)).toBeNull();
  });
});

describe("several subscriptions in the commands", () => {
  it("lists them numbered with Change and End buttons for each", async () => {
    const { run } = await setup();
    await run("subscribe", { mode: "daily", time: "07:30", timezone: "Europe/Paris" });
    const [added] = await run("subscribe", { mode: "updates", topic: "strike" });
    expect(added!.title).toBe("Subscribed");
    expect(added!.footer).toBe("Subscription 2 of 2");
    const [list] = await run("subscriptions");
    expect(list!.title).toBe("This chat's subscriptions (2)");
    expect(list!.blocks.map((b) => b.heading)).toEqual(["1. daily digest · all stories", "2. update notices · topic “strike”"]);
    expect(list!.blocks[0]!.text).toContain("Digest time: 07:30 Europe/Paris");
    expect(labels(list!)).toEqual(["Change 1", "End 1", "Change 2", "End 2"]);
  });

  it("asks which to end when there are several, and ends the one pressed", async () => {
    const { run, svc, services } = await setup();
    await run("subscribe", { mode: "daily", time: "07:30", timezone: "Europe/Paris" });
    await run("subscribe", { mode: "updates", topic: "strike" });
    const [ask] = await run("unsubscribe");
    expect(ask!.title).toBe("Which subscription should end?");
    expect((await svc.list(group)).length).toBe(2);
    const ended = await press(services, ask!, /^End 2/);
    expect(ended.blocks[0]!.text).toMatch(/^Unsubscribed from update notices · topic “strike” \(subscription 2\)\. One subscription remains/);
    expect((await svc.list(group)).map((s) => s.number)).toEqual([1]);
    expect((await run("unsubscribe"))[0]!.blocks[0]!.text).toMatch(/^Unsubscribed: this chat gets no more/);
    await expect(run("unsubscribe", { number: "3" })).resolves.toMatchObject([{ blocks: [{ text: expect.stringMatching(/no subscription/) }] }]);
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
