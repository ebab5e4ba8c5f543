import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/core/log.js";
import { Outbox } from "../../src/subscriptions/outbox.js";
import { systemClock } from "../../src/subscriptions/pacer.js";
import type { SubscriptionRuntime } from "../../src/subscriptions/service.js";
import { createStore } from "../../src/subscriptions/store.js";
import { event, FakeLibrary, story } from "./fake-library.js";
import { chat, eventually, FakeClock, harness, open, RecordingPort, sqliteFiles, textOf, type Harness } from "./helpers.js";

const files = sqliteFiles("durable");
afterAll(files.remove);
const running: SubscriptionRuntime[] = [];
afterEach(async () => {
  for (const svc of running.splice(0)) await svc.stop().catch(() => undefined);
});
const sqliteUrl = files.url;

/** Starts a service on `url` and keeps it for clean-up. */
async function started(h: Harness, url: string): Promise<SubscriptionRuntime> {
  const svc = await open(h, url);
  running.push(svc);
  await svc.start();
  await h.clock.advance(0);
  return svc;
}

/** What a SIGKILL leaves: nothing more is sent or written, and nothing is flushed. */
async function kill(svc: SubscriptionRuntime): Promise<void> {
  running.splice(running.indexOf(svc), 1);
  await svc.outbox.stop();
  await svc.store.close();
}

/** Moves the fake clock a second at a time (up to a minute) until `done`. */
async function advanceUntil(h: Harness, done: () => boolean): Promise<void> {
  for (let i = 0; i < 60 && !done(); i++) await h.clock.advance(1_000);
}

const withEvent = (id: string, title: string, text: string) => {
  const base = story(id, title);
  return { ...base, timeline: [...base.timeline, event("2026-03-01", text)] };
};

describe("update notices across restarts", () => {
  it("announces once, at start, a story edited while Herald was stopped", async () => {
    const url = sqliteUrl();
    const library = new FakeLibrary([story("a", "Alpha talks"), story("b", "Bravo strike")]);
    const first = harness(library, "2026-03-01T00:00:00Z");
    const a = await started(first, url);
    await a.subscribe(chat("1"), { mode: "updates" });
    await a.stop();
    running.splice(running.indexOf(a), 1);

    library.put(withEvent("a", "Alpha talks", "Talks resume in Geneva"), false);
    library.put(story("c", "Charlie floods"), false);
    const second = harness(library, "2026-03-01T10:00:00Z");
    const b = await started(second, url);
    await second.clock.advance(5_000); // two notices to one group chat go out 3 s apart
    expect(second.port.sent.map((s) => s.reply.title).sort()).toEqual(["New story: Charlie floods", "Updated: Alpha talks"]);
    expect(textOf(second.port.sent.find((s) => s.reply.title === "Updated: Alpha talks")!.reply)).toContain("Talks resume in Geneva");
    await b.stop();
    running.splice(running.indexOf(b), 1);

    const third = harness(library, "2026-03-01T11:00:00Z");
    await started(third, url);
    expect(third.port.sent).toHaveLength(0);
  });

  it("sends after a restart a notice that was noticed but not yet sent when the process died", async () => {
    const url = sqliteUrl();
    const library = new FakeLibrary([story("a", "Alpha talks")]);
    const first = harness(library, "2026-03-01T00:00:00Z");
    const a = await started(first, url);
    await a.subscribe(chat("1"), { mode: "updates" });
    library.put(withEvent("a", "Alpha talks", "Talks resume in Geneva"));
    await first.clock.advance(5_000); // killed 5 s after the edit, inside the 20 s settle time
    expect(first.port.sent).toHaveLength(0);
    await kill(a);

    const second = harness(library, "2026-03-01T00:01:00Z");
    const b = await started(second, url);
    expect(second.port.sent.map((s) => s.reply.title)).toEqual(["Updated: Alpha talks"]);
    await second.clock.advance(60_000);
    expect(second.port.sent).toHaveLength(1);
    await b.stop();
    running.splice(running.indexOf(b), 1);
    const third = harness(library, "2026-03-01T00:05:00Z");
    await started(third, url);
    expect(third.port.sent).toHaveLength(0);
  });

  it("announces only to the chats not yet told when the process died half-way through a notice", async () => {
    const url = sqliteUrl();
    const library = new FakeLibrary([story("a", "Alpha talks")]);
    const first = harness(library, "2026-03-01T00:00:00Z");
    const a = await started(first, url);
    for (const id of ["1", "2", "3"]) await a.subscribe(chat(id), { mode: "updates" });
    // The process dies after chat 1's notice went out and while chat 2's is being sent.
    first.port.answer = (chatId) => (chatId === "1" ? { status: "sent" } : new Promise(() => {}));
    library.put(withEvent("a", "Alpha talks", "Talks resume in Geneva"));
    await first.clock.advance(20_000);
    // SQLite answers in real time: keep the fake clock moving until every send has started.
    await advanceUntil(first, () => first.port.attempts.length >= 3);
    expect(first.port.attempts.map((s) => s.chatId).sort()).toEqual(["1", "2", "3"]);
    expect(first.port.sent.map((s) => s.chatId)).toEqual(["1"]);
    await kill(a);

    const second = harness(library, "2026-03-01T00:01:00Z");
    await started(second, url);
    await advanceUntil(second, () => second.port.sent.length >= 2);
    await second.clock.advance(10_000);
    expect(second.port.sent.map((s) => s.chatId).sort()).toEqual(["2", "3"]);
  });
});

describe("a grouped notice across a kill", () => {
  it("is sent once when the process died after queueing it and before recording what the chat was told", async () => {
    const url = sqliteUrl();
    const ids = Array.from({ length: 5 }, (_, i) => `s${i}`);
    const library = new FakeLibrary(ids.map((id) => story(id, `Story ${id}`)));
    const first = harness(library, "2026-03-01T00:00:00Z");
    const a = await started(first, url);
    await a.subscribe(chat("1", "private"), { mode: "updates" });
    const announcedBefore: [string, unknown][] = [];
    for await (const entry of a.store.space("announced").entries()) announcedBefore.push(entry);
    // Nothing the first process sends gets through: its grouped notice stays in the outbox.
    first.port.answer = () => new Promise(() => {});
    for (const id of ids) library.put(withEvent(id, `Story ${id}`, `News of ${id}`));
    await first.clock.advance(25_000);
    await advanceUntil(first, () => first.port.attempts.length >= 1);
    await kill(a);
    // What the process would have left had it died just before recording what chat 1 was told.
    const raw = await createStore(url);
    await raw.space("noticed").delete("telegram:1");
    for (const [id, value] of announcedBefore) await raw.space("announced").set(id, value);
    await raw.close();

    // The restart on the system clock, as in production: the resumed notice goes out at once.
    const second = harness(library, "2026-03-01T00:01:00Z");
    const b = await open(second, url, { clock: systemClock });
    running.push(b);
    await b.start();
    await eventually(() => expect(second.port.sent.length).toBeGreaterThanOrEqual(1), 10_000);
    await new Promise((r) => setTimeout(r, 1_000));
    await b.idle();
    expect(second.port.sent.map((s) => s.reply.title)).toEqual(["5 stories updated"]);
  });
});

describe("floods of changes", () => {
  it("gives each chat one grouped notice when many stories change at once", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `s${i}`);
    const library = new FakeLibrary(ids.map((id) => story(id, `Story ${id}`)));
    const h = harness(library, "2026-03-01T00:00:00Z");
    const svc = await started(h, "memory");
    await svc.subscribe(chat("1"), { mode: "updates" });
    await svc.subscribe(chat("2"), { mode: "updates", topic: "s3" });
    for (const id of ids) library.put(withEvent(id, `Story ${id}`, `News of ${id}`));
    await h.clock.advance(25_000);
    const toOne = h.port.sent.filter((s) => s.chatId === "1");
    expect(toOne.map((s) => s.reply.title)).toEqual(["12 stories updated"]);
    expect(textOf(toOne[0]!.reply)).toContain("• Story s0");
    expect(textOf(toOne[0]!.reply)).toContain("…and 2 more.");
    // A chat that follows one of them gets that story's own notice.
    expect(h.port.sent.filter((s) => s.chatId === "2").map((s) => s.reply.title)).toEqual(["Updated: Story s3"]);
    expect(h.lines.filter((l) => l.includes("12 story changes announced in 2 notices"))).toHaveLength(1);
  });

  it("keeps one notice per story when only a few change", async () => {
    const library = new FakeLibrary([story("a", "Alpha talks"), story("b", "Bravo strike")]);
    const h = harness(library, "2026-03-01T00:00:00Z");
    const svc = await started(h, "memory");
    await svc.subscribe(chat("1"), { mode: "updates" });
    library.put(withEvent("a", "Alpha talks", "Talks resume"));
    library.put(withEvent("b", "Bravo strike", "Strike ends"));
    await h.clock.advance(25_000); // two notices to one group chat go out 3 s apart
    expect(h.port.sent.map((s) => s.reply.title).sort()).toEqual(["Updated: Alpha talks", "Updated: Bravo strike"]);
  });
});

describe("time that jumps", () => {
  it("sends, after a forward jump, the digest still within the grace period, as a restart would", async () => {
    const library = new FakeLibrary([story("a", "Alpha talks")]);
    const h = harness(library, "2026-03-01T07:59:00Z");
    const svc = await started(h, "memory");
    await svc.subscribe(chat("1"), { time: "08:00", timezone: "UTC" });
    // The clock jumps 30 h: the 1 Mar slot is 29 h late, the 2 Mar one only 5 h 59.
    await h.clock.set("2026-03-02T13:59:00Z");
    await svc.tick();
    await h.clock.advance(0);
    expect(h.port.sent.map((s) => s.reply.title)).toEqual(["Digest · 2 Mar 2026"]);
    expect(h.lines.some((l) => l.includes("skipped the 2026-03-01T08:00:00.000Z digest of telegram:1"))).toBe(true);
    expect((await svc.get(chat("1")))!.nextDigestAt!.toISOString()).toBe("2026-03-03T08:00:00.000Z");
  });

  it("still skips a slot when even the latest one is past the grace period", async () => {
    const library = new FakeLibrary([story("a", "Alpha talks")]);
    const h = harness(library, "2026-03-01T07:59:00Z");
    const svc = await started(h, "memory");
    await svc.subscribe(chat("1"), { time: "08:00", timezone: "UTC" });
    await h.clock.set("2026-03-02T15:00:00Z");
    await svc.tick();
    await h.clock.advance(0);
    expect(h.port.sent).toHaveLength(0);
  });
});

describe("an entry left behind after its digest was recorded", () => {
  it("is dropped at start instead of sent again", async () => {
    const url = sqliteUrl();
    const { createStore } = await import("../../src/subscriptions/store.js");
    const raw = await createStore(url);
    const chatRef = chat("1");
    // Killed between recording chat 1's digest of 1 Mar and deleting its outbox entry.
    await raw.space("digests").set("telegram:1", { at: "2026-03-01T08:00:00.000Z", localDate: "2026-03-01", snapshot: "x" });
    await raw.space("outbox").set("digest:telegram:1:2026-03-01", {
      id: "digest:telegram:1:2026-03-01",
      chat: chatRef,
      kind: "digest",
      replies: [{ title: "Digest · 1 Mar 2026", blocks: [{ text: "Alpha talks" }] }],
      sent: 0,
      attempts: 0,
      createdAt: "2026-03-01T08:00:00.000Z",
      seq: 0,
      commit: { chatKey: "telegram:1", digest: { at: "2026-03-01T08:00:00.000Z", localDate: "2026-03-01", snapshot: "x" } },
    });
    await raw.close();
    const h = harness(new FakeLibrary([story("a", "Alpha talks")]), "2026-03-01T08:01:00Z");
    const svc = await started(h, url);
    await h.clock.advance(5_000);
    expect(h.port.sent).toHaveLength(0);
    expect(await svc.store.space("outbox").get("digest:telegram:1:2026-03-01")).toBeUndefined();
  });
});

describe("taking over a dead instance's work", () => {
  it("sends each stored entry once when two take-overs find it at the same time", async () => {
    const store = await createStore(sqliteUrl());
    const clock = new FakeClock(Date.parse("2026-03-01T08:00:00Z"));
    const port = new RecordingPort("telegram", clock);
    const log = createLogger({ level: "warn", write: () => undefined });
    // What a dead instance left: three pending deliveries, none of them sent.
    for (const id of ["1", "2", "3"]) {
      await store.space("outbox").set(`notice:${id}`, {
        id: `notice:${id}`,
        chat: { platform: "telegram", id, kind: "private" },
        kind: "notice",
        replies: [{ blocks: [{ text: `for ${id}` }] }],
        sent: 0,
        attempts: 0,
        createdAt: "2026-03-01T07:59:00.000Z",
        seq: Number(id),
        commit: null,
      });
    }
    const survivor = new Outbox({ store, ports: [port], log, clock, onDelivered: async () => {}, onGone: async () => {} });
    await Promise.all([survivor.resume(), survivor.resume()]);
    for (let i = 0; i < 20 && port.sent.length < 3; i++) await clock.advance(1_000);
    await clock.advance(10_000);
    expect(port.sent.map((s) => s.chatId).sort()).toEqual(["1", "2", "3"]);
    await survivor.stop();
    await store.close();
  });
});
