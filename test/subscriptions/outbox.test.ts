import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/core/log.js";
import { Outbox } from "../../src/subscriptions/outbox.js";
import { createStore } from "../../src/subscriptions/store.js";
import { chat, FakeClock, RecordingPort } from "./helpers.js";

const reply = (text: string) => ({ blocks: [{ text }] });

async function outbox(perSecond: number, spacing = 1_000) {
  const clock = new FakeClock(Date.parse("2026-03-01T08:00:00Z"));
  const port = new RecordingPort("telegram", clock);
  const store = await createStore("memory");
  const box = new Outbox({
    store,
    ports: [port],
    log: silentLogger,
    clock,
    pacing: { telegram: { perSecond, privateSpacingMs: spacing, groupSpacingMs: spacing * 3 } },
    onDelivered: async () => {},
    onGone: async () => {},
  });
  return { clock, port, store, box, start: clock.now() };
}

describe("outbox pacing", () => {
  it("holds the platform's overall rate across many chats", async () => {
    const { clock, port, box, start } = await outbox(30);
    for (let i = 0; i < 300; i++) await box.enqueue(`n:${i}`, chat(String(i), "private"), "notice", [reply(`hello ${i}`)]);
    await clock.advance(1_000);
    const firstSecond = port.sent.filter((s) => s.at < start + 1_000).length;
    expect(firstSecond).toBeGreaterThanOrEqual(28);
    expect(firstSecond).toBeLessThanOrEqual(33);
    await clock.advance(9_000);
    expect(port.sent).toHaveLength(300);
    // No window of one second carries more than the rate plus the small burst.
    for (const s of port.sent) expect(port.sent.filter((t) => t.at >= s.at && t.at < s.at + 1_000).length).toBeLessThanOrEqual(33);
  });

  it("spaces messages to one chat and keeps them in order, even when one is rate-limited", async () => {
    const { clock, port, box, start } = await outbox(1_000);
    let first = true;
    port.answer = () => (first ? ((first = false), { status: "retry", afterMs: 5_000, reason: "429" }) : { status: "sent" });
    for (const text of ["one", "two", "three"]) await box.enqueue(`n:${text}`, chat("g", "group"), "notice", [reply(text)]);
    await box.enqueue("n:other", chat("p", "private"), "notice", [reply("other chat")]);
    await clock.advance(20_000);
    expect(port.sent.map((s) => [s.reply.blocks[0]!.text, s.at - start])).toEqual([
      ["other chat", 0],
      ["one", 5_000],
      ["two", 8_000],
      ["three", 11_000],
    ]);
  });

  it("records an entry before sending and forgets it once sent", async () => {
    const { clock, port, store, box } = await outbox(30);
    let release!: () => void;
    port.answer = () => new Promise((resolve) => (release = () => resolve({ status: "sent" })));
    await box.enqueue("n:1", chat("1"), "notice", [reply("x")]);
    expect(await store.space("outbox").get("n:1")).toMatchObject({ id: "n:1", sent: 0 });
    expect(await box.enqueue("n:1", chat("1"), "notice", [reply("x")])).toBe(false);
    release();
    await clock.advance(0);
    expect(await store.space("outbox").get("n:1")).toBeUndefined();
    expect(box.pending).toBe(0);
  });
});
