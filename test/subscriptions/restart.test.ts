import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { SubscriptionRuntime } from "../../src/subscriptions/service.js";
import { FakeLibrary, story } from "./fake-library.js";
import { chat, harness, open, sqliteFiles, textOf } from "./helpers.js";

const files = sqliteFiles("restart");
afterAll(files.remove);
const running: SubscriptionRuntime[] = [];
afterEach(async () => {
  for (const svc of running.splice(0)) await svc.stop().catch(() => undefined);
});

const sqliteUrl = files.url;

describe("restarts from the same SQLite file", () => {
  it("resumes the outbox without losing or repeating a delivery", async () => {
    const url = sqliteUrl();
    const library = new FakeLibrary([story("a", "Alpha talks")]);
    const first = harness(library, "2026-03-01T00:00:00Z");
    const a = await open(first, url);
    for (const id of ["1", "2", "3"]) await a.subscribe(chat(id), { time: "08:00", timezone: "UTC" });
    // Chat 1 gets its digest; the process dies while sending to chats 2 and 3.
    first.port.answer = (chatId) => (chatId === "1" ? { status: "sent" } : new Promise(() => {}));
    await first.clock.set("2026-03-01T08:00:00Z");
    await a.tick();
    // Sends are spaced by the pacer (34 ms apart at 30/s).
    await first.clock.advance(100);
    expect(first.port.sent.map((s) => s.chatId)).toEqual(["1"]);
    expect(first.port.attempts.map((s) => s.chatId).sort()).toEqual(["1", "2", "3"]);
    a.outbox.stop();
    await a.store.close();

    const second = harness(library, "2026-03-01T08:01:00Z");
    const b = await open(second, url);
    running.push(b);
    await b.start();
    await second.clock.advance(100);
    expect(second.port.sent.map((s) => s.chatId).sort()).toEqual(["2", "3"]);
    expect(textOf(second.port.sent[0]!.reply)).toContain("Alpha talks");
    // A tick in the same minute, or a later one that day, sends nothing again.
    await b.tick();
    await second.clock.advance(60_000);
    await b.tick();
    expect(second.port.sent).toHaveLength(2);
    // Every chat's digest was recorded: the next one has nothing new.
    await second.clock.set("2026-03-02T08:00:00Z");
    await b.tick();
    await second.clock.advance(100);
    expect(second.port.sent.slice(2).map((s) => s.reply.blocks[0]!.text)).toEqual(Array(3).fill("No new developments since 1 Mar 2026."));
  });

  it("resumes a digest split into several messages after the last part that went out", async () => {
    const url = sqliteUrl();
    const long = Array.from({ length: 150 }, (_, i) => `word${i}`).join(" ");
    const library = new FakeLibrary(Array.from({ length: 20 }, (_, i) => story(`s${i}`, `Story ${i}`, { dek: long, sections: [] })));
    const first = harness(library, "2026-03-01T00:00:00Z");
    first.services.config.digest.maxStories = 20;
    const a = await open(first, url);
    await a.subscribe(chat("1", "private"), { time: "08:00", timezone: "UTC" });
    let parts = 0;
    first.port.answer = () => (++parts === 1 ? { status: "sent" } : new Promise(() => {}));
    await first.clock.set("2026-03-01T08:00:00Z");
    await a.tick();
    await first.clock.advance(5_000);
    const total = Number(/\(1\/(\d+)\)/.exec(first.port.sent[0]!.reply.title!)![1]);
    expect(total).toBeGreaterThan(1);
    a.outbox.stop();
    await a.store.close();

    const second = harness(library, "2026-03-01T08:02:00Z");
    second.services.config.digest.maxStories = 20;
    const b = await open(second, url);
    running.push(b);
    await b.start();
    await second.clock.advance(60_000);
    expect(second.port.sent.map((s) => s.reply.title)).toEqual(Array.from({ length: total - 1 }, (_, i) => `Digest · 1 Mar 2026 (${i + 2}/${total})`));
  });

  it("sends a digest missed within the grace period on start, and skips and logs an older one", async () => {
    const url = sqliteUrl();
    const library = new FakeLibrary([story("a", "Alpha talks")]);
    const first = harness(library, "2026-03-01T00:00:00Z");
    const a = await open(first, url);
    await a.subscribe(chat("1"), { time: "08:00", timezone: "UTC" });
    await a.subscribe(chat("2"), { time: "02:00", timezone: "UTC" });
    await a.stop();

    // Down from before 02:00 until 13:59: chat 1 (08:00) is 5 h 59 late, chat 2 (02:00) 11 h 59.
    const second = harness(library, "2026-03-01T13:59:00Z");
    const b = await open(second, url);
    running.push(b);
    await b.start();
    await second.clock.advance(0);
    expect(second.port.sent.map((s) => s.chatId)).toEqual(["1"]);
    expect(second.lines.some((l) => /skipped the 2026-03-01T02:00:00.000Z digest of telegram:2: missed by more than 6 h/.test(l))).toBe(true);
    expect((await b.get(chat("2")))!.nextDigestAt!.toISOString()).toBe("2026-03-02T02:00:00.000Z");
  });
});

describe("corrupt records", () => {
  it("are logged and set aside; the rest of the store still works", async () => {
    const { createStore } = await import("../../src/subscriptions/store.js");
    const url = sqliteUrl();
    const raw = await createStore(url);
    await raw.space("subs").set("telegram:bad", { mode: "weekly", chat: 42 });
    await raw.space("outbox").set("digest:telegram:bad:2026-03-01", "not an entry");
    await raw.space("digests").set("telegram:1", { at: 7 });
    await raw.close();

    const h = harness(new FakeLibrary([story("a", "Alpha talks")]), "2026-03-01T00:00:00Z");
    const svc = await open(h, url);
    running.push(svc);
    await svc.start();
    expect(h.lines.filter((l) => /the (subs|outbox|digests) record ".+" does not parse \(.+\); set it aside as quarantine/.test(l))).toHaveLength(3);
    expect(await svc.get(chat("bad"))).toBeNull();
    await svc.subscribe(chat("1"), { time: "08:00" });
    await h.clock.set("2026-03-01T08:00:00Z");
    await svc.tick();
    await h.clock.advance(0);
    expect(textOf(h.port.sent[0]!.reply)).toContain("Alpha talks");
  });
});
