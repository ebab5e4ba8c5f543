import { describe, expect, it } from "vitest";
import { PLATFORM_NAMES, PLATFORMS } from "../../src/core/chat.js";
import { createLogger } from "../../src/core/log.js";
import { Outbox } from "../../src/subscriptions/outbox.js";
import { DEFAULT_PACING } from "../../src/subscriptions/pacer.js";
import { OutboxEntry, SubscriptionRecord } from "../../src/subscriptions/records.js";
import { createStore } from "../../src/subscriptions/store.js";
import { chat, FakeClock, RecordingPort } from "./helpers.js";

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
    expect(lines.filter((l) => /set the outbox record "n:(garbage|unknown-platform)" aside as quarantine "outbox:n:/.test(l))).toHaveLength(2);
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
