import { afterAll, describe, expect, it } from "vitest";
import { PLATFORM_NAMES, PLATFORMS } from "../../src/core/chat.js";
import { createLogger } from "../../src/core/log.js";
import { Outbox } from "../../src/subscriptions/outbox.js";
import { DEFAULT_PACING } from "../../src/subscriptions/pacer.js";
import { OutboxEntry, SubscriptionRecord } from "../../src/subscriptions/records.js";
import { createStore } from "../../src/subscriptions/store.js";
import { FakeLibrary, story } from "./fake-library.js";
import { chat, FakeClock, harness, open, RecordingPort, sqliteFiles } from "./helpers.js";

const files = sqliteFiles("records");
afterAll(files.remove);

const entry = (id: string, platform: string) => ({
  id,
  chat: { platform, id: "1", kind: "private" },
  kind: "notice",
  replies: [{ blocks: [{ text: id }] }],
  sent: 0,
  attempts: 0,
  createdAt: "2026-03-01T07:00:00.000Z",
  seq: 0,
  commit: null,
});

async function outbox() {
  const lines: string[] = [];
  const clock = new FakeClock(Date.parse("2026-03-01T08:00:00Z"));
  const port = new RecordingPort("telegram", clock);
  const store = await createStore("memory");
  const log = createLogger({ level: "warn", write: (line) => lines.push(line) });
  const box = new Outbox({ store, ports: [port], log, clock, onDelivered: async () => {}, onGone: async () => {} });
  return { lines, clock, port, store, box };
}

describe("the platform list", () => {
  it("is what stored chats, pacing defaults and records accept", () => {
    for (const platform of PLATFORM_NAMES) {
      expect(SubscriptionRecord.shape.chat.shape.platform.safeParse(platform).success).toBe(true);
      expect(DEFAULT_PACING[platform].perSecond).toBe(PLATFORMS[platform].pacing.perSecond);
    }
    expect(SubscriptionRecord.shape.chat.shape.platform.safeParse("whatsapp").success).toBe(false);
  });
});

describe("a stored record that does not parse", () => {
  it("is set aside in the quarantine namespace and logged, never deleted", async () => {
    const { lines, store, box, port, clock } = await outbox();
    await store.space("outbox").set("n:unknown-platform", entry("n:unknown-platform", "whatsapp"));
    await store.space("outbox").set("n:garbage", "not an entry");
    await store.space("outbox").set("n:good", entry("n:good", "telegram"));
    expect(await box.resume()).toBe(1);
    expect(await store.space("quarantine").get("outbox:n:unknown-platform")).toEqual(entry("n:unknown-platform", "whatsapp"));
    expect(await store.space("quarantine").get("outbox:n:garbage")).toBe("not an entry");
    expect(await store.space("outbox").get("n:garbage")).toBeUndefined();
    expect(lines.filter((l) => /the outbox record "n:(garbage|unknown-platform)" does not parse \(.+\); set it aside as quarantine "outbox:n:/.test(l))).toHaveLength(2);
    await clock.advance(1_000);
    expect(port.sent.map((s) => s.chatId)).toEqual(["1"]);
  });

  it("leaves a good entry where it is", async () => {
    const { store, box } = await outbox();
    await box.enqueue("n:1", chat("1"), "notice", [{ blocks: [{ text: "hello" }] }]);
    expect(OutboxEntry.safeParse(await store.space("outbox").get("n:1")).success).toBe(true);
    const quarantined: unknown[] = [];
    for await (const item of store.space("quarantine").entries()) quarantined.push(item);
    expect(quarantined).toEqual([]);
  });
});

describe("a subscription or digest record that does not parse", () => {
  const subscription = (id: string) => ({
    chat: { platform: "telegram", id, kind: "group" },
    mode: "daily",
    time: "08:00",
    timezone: "UTC",
    filter: null,
    createdAt: "2026-02-01T00:00:00.000Z",
    paused: null,
  });

  it("is set aside in the quarantine namespace when the service loads, logged once, and the rest still works", async () => {
    const url = files.url();
    const store = await createStore(url);
    await store.space("subs").set("telegram:1", subscription("1"));
    await store.space("subs").set("telegram:2", { chat: "not a chat", mode: "weekly" });
    await store.space("digests").set("telegram:1", { at: 5, localDate: null });
    await store.close();

    const h = harness(new FakeLibrary([story("a", "Alpha talks")]), "2026-03-01T00:00:00Z");
    const svc = await open(h, url);
    try {
      expect((await svc.get(chat("1")))?.time).toBe("08:00");
      expect(await svc.get(chat("2"))).toBeNull();
      expect(await svc.store.space("quarantine").get("subs:telegram:2")).toEqual({ chat: "not a chat", mode: "weekly" });
      expect(await svc.store.space("subs").get("telegram:2")).toBeUndefined();
      expect(await svc.store.space("quarantine").get("digests:telegram:1")).toEqual({ at: 5, localDate: null });
      expect(await svc.store.space("digests").get("telegram:1")).toBeUndefined();
      const warned = h.lines.filter((l) => l.includes("set it aside as quarantine"));
      expect(warned).toHaveLength(2);
      expect(warned.join("\n")).toMatch(/the subs record "telegram:2" does not parse \(.+\); set it aside as quarantine "subs:telegram:2"/);
      expect(warned.join("\n")).toMatch(/the digests record "telegram:1" does not parse \(.+\); set it aside as quarantine "digests:telegram:1"/);
      // The chat whose last digest was set aside gets today's digest as if it had none (nothing is lost but the record).
      await svc.subscribe(chat("3"), { time: "09:00", timezone: "UTC" });
      expect((await svc.get(chat("3")))?.time).toBe("09:00");
    } finally {
      await svc.stop();
    }

    // A restart finds nothing more to set aside.
    const again = harness(new FakeLibrary([story("a", "Alpha talks")]), "2026-03-01T00:00:00Z");
    const restarted = await open(again, url);
    expect(again.lines.filter((l) => l.includes("quarantine"))).toEqual([]);
    await restarted.stop();
  });

  it("leaves a record of a newer version (a newer Herald on the same store) where it is", async () => {
    const url = files.url();
    const store = await createStore(url);
    const newer = { v: 3, chat: subscription("4").chat, everything: "else changed" };
    await store.space("subs").set("telegram:4", newer);
    await store.close();
    const h = harness(new FakeLibrary([story("a", "Alpha talks")]), "2026-03-01T00:00:00Z");
    const svc = await open(h, url);
    try {
      expect(await svc.store.space("subs").get("telegram:4")).toEqual(newer);
      expect(await svc.store.space("quarantine").get("subs:telegram:4")).toBeUndefined();
      expect(h.lines.filter((l) => l.includes('the subs record "telegram:4" is of version 3, newer than this Herald reads'))).toHaveLength(1);
    } finally {
      await svc.stop();
    }
  });
});
