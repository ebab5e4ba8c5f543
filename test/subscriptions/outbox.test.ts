import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/log.js";
import { BOT_WIDE_CHATS } from "../../src/subscriptions/pacer.js";
import { Outbox } from "../../src/subscriptions/outbox.js";
import { createStore, type Store, type StoreWrite } from "../../src/subscriptions/store.js";
import { chat, FakeClock, RecordingPort } from "./helpers.js";

const reply = (text: string) => ({ blocks: [{ text }] });

async function outbox(perSecond: number, spacing = 1_000) {
  const clock = new FakeClock(Date.parse("2026-03-01T08:00:00Z"));
  const port = new RecordingPort("telegram", clock);
  const store = await createStore("memory");
  const lines: string[] = [];
  const box = new Outbox({
    store,
    ports: [port],
    log: createLogger({ level: "info", write: (line) => lines.push(line) }),
    clock,
    pacing: { telegram: { perSecond, privateSpacingMs: spacing, groupSpacingMs: spacing * 3 } },
    onDelivered: async () => {},
    onGone: async () => {},
  });
  return { clock, port, store, box, lines, start: clock.now() };
}

describe("outbox pacing", () => {
  it("holds the platform's overall rate across many chats", async () => {
    const { clock, port, box, start } = await outbox(30);
    for (let i = 0; i < 300; i++) await box.enqueue(`n:${i}`, chat(String(i), "private"), "notice", [reply(`hello ${i}`)]);
    await clock.advance(1_000);
    const firstSecond = port.sent.filter((s) => s.at < start + 1_000).length;
    expect(firstSecond).toBeGreaterThanOrEqual(28);
    expect(firstSecond).toBeLessThanOrEqual(30);
    await clock.advance(9_500);
    expect(port.sent).toHaveLength(300);
    // No window of one second carries more than the rate.
    for (const s of port.sent) expect(port.sent.filter((t) => t.at >= s.at && t.at < s.at + 1_000).length).toBeLessThanOrEqual(30);
  });

  it("spaces messages to one chat and keeps them in order, even when one is rate-limited", async () => {
    const { clock, port, box, start } = await outbox(1_000);
    let first = true;
    port.answer = () => (first ? ((first = false), { status: "retry", afterMs: 5_000, reason: "429" }) : { status: "sent" });
    for (const text of ["one", "two", "three"]) await box.enqueue(`n:${text}`, chat("g", "group"), "notice", [reply(text)]);
    await box.enqueue("n:other", chat("p", "private"), "notice", [reply("other chat")]);
    await clock.advance(20_000);
    expect(port.sent.map((s) => [s.reply.blocks[0]!.text, s.at - start])).toEqual([
      // One interval (1 ms at 1,000/s, timers fire on whole ms) after the first attempt.
      ["other chat", 2],
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
    // Sending starts on the next turn of the event loop, not inside enqueue().
    await clock.advance(0);
    release();
    await clock.advance(0);
    expect(await store.space("outbox").get("n:1")).toBeUndefined();
    expect(box.pending).toBe(0);
  });

  it("on a store of one, reads nothing back once pending entries are resumed: one write to queue, one delete when sent", async () => {
    const { clock, port, store } = await outbox(30);
    await store.space("outbox").set("n:left", { id: "n:left", chat: chat("9"), kind: "notice", replies: [reply("left")], sent: 0, attempts: 0, createdAt: "2026-03-01T07:00:00.000Z", seq: 0, commit: null });
    const calls: string[] = [];
    const space = store.space("outbox");
    const counted = Object.assign(Object.create(store), {
      space: (name: string) => (name !== "outbox" ? store.space(name as "outbox") : { ...space, get: (k: string) => (calls.push(`get ${k}`), space.get(k)), set: (k: string, v: unknown) => (calls.push(`set ${k}`), space.set(k, v)), delete: (k: string) => (calls.push(`delete ${k}`), space.delete(k)), entries: () => space.entries() }),
      batch: (writes: StoreWrite[]) => {
        for (const w of writes) if (w.space === "outbox") calls.push(`${w.value === undefined ? "delete" : "set"} ${w.key}`);
        return store.batch(writes);
      },
    });
    const counting = new Outbox({ store: counted, ports: [port], log: createLogger({ level: "error", write: () => {} }), clock, onDelivered: async () => {}, onGone: async () => {} });
    expect(await counting.resume()).toBe(1);
    expect(await counting.has("n:left")).toBe(true);
    expect(await counting.has("n:new")).toBe(false);
    expect(await counting.enqueue("n:new", chat("1"), "notice", [reply("new")])).toBe(true);
    await clock.advance(2_000);
    expect(port.sent.map((s) => s.reply.blocks[0]!.text)).toEqual(["left", "new"]);
    expect(calls.filter((c) => !c.startsWith("delete n:left"))).toEqual(["set n:new", "delete n:new"]);
  });

  it("writes entries queued at the same time, and their removals once sent, in a few batches", async () => {
    const { clock, port, store } = await outbox(1_000, 0);
    const batches: StoreWrite[][] = [];
    const counted: Store = Object.assign(Object.create(store), { batch: (writes: StoreWrite[]) => (batches.push([...writes]), store.batch(writes)) });
    const box = new Outbox({ store: counted, ports: [port], log: createLogger({ level: "error", write: () => {} }), clock, pacing: { telegram: { perSecond: 1_000, privateSpacingMs: 0 } }, onDelivered: async () => {}, onGone: async () => {} });
    // As a digest run does: several chats prepared at once, each queued as soon as it is ready.
    const ids = Array.from({ length: 200 }, (_, i) => String(i));
    expect(await Promise.all(ids.map((id) => box.enqueue(`n:${id}`, chat(id, "private"), "notice", [reply(id)])))).toEqual(ids.map(() => true));
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((w) => w.key)).toEqual(ids.map((id) => `n:${id}`));
    await clock.advance(2_000);
    expect(port.sent).toHaveLength(200);
    const removals = batches.slice(1);
    expect(removals.flat().every((w) => w.value === undefined)).toBe(true);
    expect(removals.flat()).toHaveLength(200);
    // Sends that settle together are removed together (each batch holds what settled while the one before was written).
    expect(removals.length).toBeLessThan(200);
    for await (const entry of store.space("outbox").entries()) throw new Error(`left in the store: ${entry[0]}`);
  });

  it("records a digest with the removal of its entry, and counts the entry as queued until both are kept", async () => {
    const { clock, port, store } = await outbox(30);
    let hold: (() => void) | undefined;
    const held: Store = Object.assign(Object.create(store), {
      batch: async (writes: StoreWrite[]) => {
        if (writes.some((w) => w.space === "digests")) await new Promise<void>((resolve) => (hold = resolve));
        return store.batch(writes);
      },
    });
    const delivered: string[] = [];
    const box = new Outbox({ store: held, ports: [port], log: createLogger({ level: "error", write: () => {} }), clock, onDelivered: async (e) => void delivered.push(e.id), onGone: async () => {} });
    const commit = { chatKey: "telegram:1", digest: { at: "2026-03-01T08:00:00.000Z", localDate: "2026-03-01", snapshot: "s" } };
    expect(await box.enqueue("digest:telegram:1:2026-03-01", chat("1", "private"), "digest", [reply("digest")], commit)).toBe(true);
    await clock.advance(1_000);
    expect(port.sent).toHaveLength(1);
    // Sent, but its record and removal are not kept yet: the same delivery is not queued again.
    expect(hold).toBeDefined();
    expect(await box.has("digest:telegram:1:2026-03-01")).toBe(true);
    expect(await box.enqueue("digest:telegram:1:2026-03-01", chat("1", "private"), "digest", [reply("digest")], commit)).toBe(false);
    expect(delivered).toEqual([]);
    expect(await store.space("digests").get("telegram:1")).toBeUndefined();
    hold!();
    await clock.advance(1_000);
    expect(await store.space("digests").get("telegram:1")).toEqual(commit.digest);
    expect(await store.space("outbox").get("digest:telegram:1:2026-03-01")).toBeUndefined();
    expect(delivered).toEqual(["digest:telegram:1:2026-03-01"]);
    expect(await box.has("digest:telegram:1:2026-03-01")).toBe(false);
    expect(port.sent).toHaveLength(1);
  });

  it("keeps sending while results wait to be written, but never has more than maxInFlight sends unrecorded", async () => {
    const { clock, port, store } = await outbox(1_000, 0);
    const held: (() => void)[] = [];
    const holding: Store = Object.assign(Object.create(store), {
      batch: async (writes: StoreWrite[]) => {
        if (writes.every((w) => w.value === undefined)) await new Promise<void>((resolve) => held.push(resolve));
        return store.batch(writes);
      },
    });
    const box = new Outbox({ store: holding, ports: [port], log: createLogger({ level: "error", write: () => {} }), clock, pacing: { telegram: { perSecond: 1_000, privateSpacingMs: 0, maxInFlight: 20 } }, onDelivered: async () => {}, onGone: async () => {} });
    await Promise.all(Array.from({ length: 50 }, (_, i) => box.enqueue(`n:${i}`, chat(String(i), "private"), "notice", [reply(String(i))])));
    await clock.advance(1_000);
    // Past the 8 of slow start (answered sends are off the network), up to the bound on unrecorded sends.
    expect(port.sent).toHaveLength(20);
    while (held.length) {
      for (const release of held.splice(0)) release();
      await clock.advance(100);
    }
    expect(port.sent).toHaveLength(50);
    expect(box.pending).toBe(0);
  });

  it("reaches chats queued together in the order they were queued", async () => {
    const { clock, port, box } = await outbox(1_000, 0);
    const ids = Array.from({ length: 500 }, (_, i) => String(i));
    for (const id of ids) void box.enqueue(`n:${id}`, chat(id, "private"), "notice", [reply(id)]);
    await clock.advance(2_000);
    expect(port.sent.map((s) => s.chatId)).toEqual(ids);
  });

  it("keeps its pace when the wall clock goes back two hours", async () => {
    const { clock, port, box } = await outbox(30);
    for (let i = 0; i < 60; i++) await box.enqueue(`n:${i}`, chat(String(i), "private"), "notice", [reply(`hello ${i}`)]);
    await clock.advance(500);
    const early = port.sent.length;
    clock.jump(-2 * 3_600_000);
    await clock.advance(1_600);
    expect(early).toBeGreaterThan(10);
    expect(port.sent).toHaveLength(60);
  });

  it("delays only the chat answered 429 when one chat is rate-limited, at an unchanged rate", async () => {
    const { clock, port, box, lines } = await outbox(30);
    port.answer = (chatId) => (chatId === "5" && port.attempts.filter((a) => a.chatId === "5").length === 1 ? { status: "retry", afterMs: 3_000, reason: "429" } : { status: "sent" });
    for (let i = 0; i < 60; i++) await box.enqueue(`n:${i}`, chat(String(i), "private"), "notice", [reply(`hello ${i}`)]);
    await clock.advance(2_500);
    expect(port.sent.map((s) => s.chatId)).not.toContain("5");
    expect(box.rates().telegram).toBe(30);
    await clock.advance(1_000);
    expect(port.sent).toHaveLength(60);
    expect(lines).toEqual([]);
  });

  it("slows every chat down when several chats are answered 429 at once, then recovers, logging the episode twice in all", async () => {
    const { clock, port, box, lines } = await outbox(1_000, 0);
    // The platform takes 30 a second: the 31st and later requests in a second are refused. It counts a
    // request when it answers it (port.sent grows only after the answer, so requests answered together
    // would all see the same count).
    const accepted: number[] = [];
    port.answer = () => {
      const now = clock.now();
      if (accepted.filter((at) => at > now - 1_000).length >= 30) return { status: "retry", afterMs: 1_000, reason: "429: Too Many Requests" };
      accepted.push(now);
      return { status: "sent" };
    };
    for (let i = 0; i < 400; i++) await box.enqueue(`n:${i}`, chat(String(i), "private"), "notice", [reply(`hello ${i}`)]);
    await clock.advance(100);
    const refusedAtFirst = port.attempts.length - port.sent.length;
    expect(refusedAtFirst).toBeGreaterThanOrEqual(BOT_WIDE_CHATS);
    expect(box.rates().telegram).toBeLessThan(30);
    await clock.advance(30_000);
    expect(port.sent).toHaveLength(400);
    // Refused: the first wave, before the answers came back, and a few when the rate rose past 30 again.
    expect(port.attempts.length - port.sent.length).toBeLessThan(refusedAtFirst + 20);
    expect(lines.filter((l) => l.includes(" WARN "))).toHaveLength(1);
    await clock.advance(120_000);
    expect(box.rates().telegram).toBe(1_000);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/rate limiting: \d+ requests answered 429 in \d+ s/);
  });
});
