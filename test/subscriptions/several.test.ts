import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ChatSubscriptions } from "../../src/subscriptions/records.js";
import type { SubscriptionRuntime } from "../../src/subscriptions/service.js";
import { createStore } from "../../src/subscriptions/store.js";
import { FakeLibrary, story } from "./fake-library.js";
import { chat, harness, open, textOf } from "./helpers.js";

const running: SubscriptionRuntime[] = [];
afterEach(async () => {
  for (const svc of running.splice(0)) await svc.stop();
});
const dir = mkdtempSync(path.join(tmpdir(), "herald-several-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const sqliteUrl = () => `sqlite:${path.join(dir, `herald-${++n}.sqlite`)}`;

/** A "subs" record exactly as version 1 (one subscription per chat) wrote it. */
const V1_RECORD = {
  chat: { platform: "telegram", id: "-100", kind: "group", title: "Newsroom" },
  mode: "both",
  time: "07:30",
  timezone: "Europe/Paris",
  filter: { kind: "topic", words: "strike" },
  createdAt: "2026-02-01T10:00:00.000Z",
  paused: null,
};

async function start(startIso = "2026-03-01T00:00:00Z", url = "memory") {
  const h = harness(new FakeLibrary([story("a", "Alpha talks"), story("b", "Bravo strike")]), startIso);
  const svc = await open(h, url);
  running.push(svc);
  await svc.start();
  return { h, svc };
}

describe("stored subscriptions from before several per chat", () => {
  it("decode a version 1 record as subscription 1 of its chat", () => {
    expect(ChatSubscriptions.parse(V1_RECORD)).toEqual({
      v: 2,
      chat: V1_RECORD.chat,
      paused: null,
      subscriptions: [{ number: 1, mode: "both", time: "07:30", timezone: "Europe/Paris", filter: { kind: "topic", words: "strike" }, createdAt: "2026-02-01T10:00:00.000Z" }],
    });
    const paused = ChatSubscriptions.parse({ ...V1_RECORD, paused: { since: "2026-02-02T00:00:00.000Z", reason: "bot removed" } });
    expect(paused?.paused).toEqual({ since: "2026-02-02T00:00:00.000Z", reason: "bot removed" });
  });

  it("keep working: listed, delivered at their time, changed and joined by a second one", async () => {
    const url = sqliteUrl();
    const raw = await createStore(url);
    await raw.space("subs").set("telegram:-100", V1_RECORD);
    await raw.close();

    const { h, svc } = await start("2026-03-01T00:00:00Z", url);
    const group = chat("-100");
    expect(await svc.list(group)).toMatchObject([{ number: 1, mode: "both", time: "07:30", timezone: "Europe/Paris" }]);
    await h.clock.set("2026-03-01T06:30:00Z"); // 07:30 in Paris
    await svc.tick();
    await h.clock.advance(0);
    expect(textOf(h.port.sent[0]!.reply)).toContain("Bravo strike");
    await svc.subscribe(group, { number: 1, time: "08:00" });
    await svc.subscribe(group, { mode: "daily", topic: "all", time: "18:00", timezone: "UTC" });
    expect((await svc.list(group)).map((s) => [s.number, s.mode, s.filter?.kind ?? "all"])).toEqual([
      [1, "both", "topic"],
      [2, "daily", "all"],
    ]);
    const stored = await svc.store.space("subs").get("telegram:-100");
    expect(stored).toMatchObject({ v: 2, subscriptions: [{ number: 1 }, { number: 2 }] });
  });
});

describe("several subscriptions per chat", () => {
  it("holds a daily digest of everything and update notices for one topic, each delivered on its own", async () => {
    const { h, svc } = await start();
    const group = chat("1");
    await svc.subscribe(group, { mode: "daily", time: "07:30", timezone: "UTC" });
    await svc.subscribe(group, { mode: "updates", topic: "strike" });
    expect((await svc.list(group)).map((s) => s.number)).toEqual([1, 2]);
    await h.clock.set("2026-03-01T07:30:00Z");
    await svc.tick();
    await h.clock.advance(0);
    expect(h.port.sent).toHaveLength(1);
    expect(textOf(h.port.sent[0]!.reply)).toContain("Alpha talks");
  });

  it("changes the one with the same mode and filter instead of adding another", async () => {
    const { svc } = await start();
    const group = chat("1");
    await svc.subscribe(group, { mode: "daily", time: "07:30", timezone: "UTC" });
    await svc.subscribe(group, { mode: "updates", topic: "strike" });
    await svc.subscribe(group, { mode: "daily", time: "09:00" });
    await svc.subscribe(group, { mode: "updates", topic: "STRIKE" });
    expect((await svc.list(group)).map((s) => [s.number, s.mode, s.time, s.filter?.kind ?? "all"])).toEqual([
      [1, "daily", "09:00", "all"],
      [2, "updates", "08:00", "topic"],
    ]);
  });

  it("changes one by number, and refuses an unknown number or a change that would duplicate another", async () => {
    const { svc } = await start();
    const group = chat("1");
    await svc.subscribe(group, { mode: "daily", time: "07:30", timezone: "UTC" });
    await svc.subscribe(group, { mode: "updates", topic: "strike" });
    expect(await svc.subscribe(group, { number: 2, topic: "alpha" })).toMatchObject({ number: 2, filter: { kind: "topic", words: "alpha" } });
    await expect(svc.subscribe(group, { number: 7, time: "08:00" })).rejects.toThrow("This chat has no subscription 7.");
    await expect(svc.subscribe(group, { number: 2, mode: "daily", topic: "all" })).rejects.toThrow(/Subscription 1 of this chat already delivers that/);
    await expect(svc.subscribe(group, { time: "10:00" })).rejects.toThrow(/This chat has 2 subscriptions that could be meant.*number:/);
  });

  it("ends one by number and keeps the others; ending all leaves nothing stored", async () => {
    const { svc } = await start();
    const group = chat("1");
    await svc.subscribe(group, { mode: "daily", time: "07:30", timezone: "UTC" });
    await svc.subscribe(group, { mode: "updates", topic: "strike" });
    expect(await svc.unsubscribe(group, 1)).toBe(true);
    expect((await svc.list(group)).map((s) => s.number)).toEqual([2]);
    expect(await svc.unsubscribe(group, 1)).toBe(false);
    expect(await svc.unsubscribe(group)).toBe(true);
    expect(await svc.list(group)).toEqual([]);
    expect(await svc.store.space("subs").get("telegram:1")).toBeUndefined();
  });

  it("pauses every subscription of a chat that is gone, and a new /subscribe resumes them all", async () => {
    const { h, svc } = await start();
    const group = chat("1");
    await svc.subscribe(group, { mode: "daily", time: "07:30", timezone: "UTC" });
    await svc.subscribe(group, { mode: "daily", time: "19:00", topic: "alpha" });
    h.port.answer = () => ({ status: "gone", reason: "bot was kicked" });
    for (const at of ["2026-03-01T07:30:00Z", "2026-03-01T19:00:00Z", "2026-03-02T07:30:00Z"]) {
      await h.clock.set(at);
      await svc.tick();
      await h.clock.advance(60_000);
    }
    expect((await svc.list(group)).every((s) => s.paused !== null)).toBe(true);
    await svc.subscribe(group, { number: 1, time: "08:00" });
    const after = await svc.list(group);
    expect(after.every((s) => s.paused === null && s.nextDigestAt !== null)).toBe(true);
  });
});
