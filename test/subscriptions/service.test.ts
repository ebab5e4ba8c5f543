import { afterEach, describe, expect, it } from "vitest";
import type { SubscriptionRuntime } from "../../src/subscriptions/service.js";
import { event, FakeLibrary, story } from "./fake-library.js";
import { chat, harness, open, textOf, type Harness } from "./helpers.js";

const running: SubscriptionRuntime[] = [];
afterEach(async () => {
  for (const svc of running.splice(0)) await svc.stop();
});

async function start(h: Harness, url?: string): Promise<SubscriptionRuntime> {
  const svc = await open(h, url);
  running.push(svc);
  return svc;
}

/** Moves the clock to `iso`, runs the minute's tick and waits for the outbox. */
async function tickAt(h: Harness, svc: SubscriptionRuntime, iso: string) {
  await h.clock.set(iso);
  const result = await svc.tick();
  await h.clock.advance(0);
  return result;
}

describe("daily digests", () => {
  it("arrives at 08:00 Europe/Paris local time on both sides of the spring DST change", async () => {
    const h = harness(new FakeLibrary([story("a", "Alpha talks")]), "2026-03-27T12:00:00Z");
    const svc = await start(h);
    await svc.subscribe(chat("1"), { time: "08:00", timezone: "Europe/Paris" });
    await tickAt(h, svc, "2026-03-28T06:59:00Z");
    expect(h.port.sent).toHaveLength(0);
    await tickAt(h, svc, "2026-03-28T07:00:00Z"); // 08:00 CET
    expect(h.port.sent.map((s) => s.at)).toEqual([Date.parse("2026-03-28T07:00:00Z")]);
    await tickAt(h, svc, "2026-03-29T05:59:00Z");
    expect(h.port.sent).toHaveLength(1);
    await tickAt(h, svc, "2026-03-29T06:00:00Z"); // 08:00 CEST
    expect(h.port.sent.map((s) => new Date(s.at).toISOString())).toEqual(["2026-03-28T07:00:00.000Z", "2026-03-29T06:00:00.000Z"]);
  });

  it("covers only what changed since the chat's last digest, and says so when nothing did", async () => {
    const library = new FakeLibrary([story("a", "Alpha talks"), story("b", "Bravo strike")]);
    const h = harness(library, "2026-03-01T00:00:00Z");
    const svc = await start(h);
    await svc.subscribe(chat("1"), { time: "08:00", timezone: "UTC" });
    await tickAt(h, svc, "2026-03-01T08:00:00Z");
    expect(textOf(h.port.sent[0]!.reply)).toContain("Bravo strike");
    library.put(story("a", "Alpha talks", { timeline: [event("2026-01-10", "Alpha talks begins"), event("2026-03-01", "A deal is signed")] }));
    await tickAt(h, svc, "2026-03-02T08:00:00Z");
    const second = textOf(h.port.sent[1]!.reply);
    expect(second).toContain("A deal is signed");
    expect(second).not.toContain("Bravo");
    await tickAt(h, svc, "2026-03-03T08:00:00Z");
    expect(h.port.sent[2]!.reply.blocks[0]!.text).toBe("No new developments since 2 Mar 2026.");
  });

  it("shows a preview of the next digest without marking anything delivered", async () => {
    const library = new FakeLibrary([story("a", "Alpha talks")]);
    const h = harness(library, "2026-03-01T00:00:00Z");
    const svc = await start(h);
    await svc.subscribe(chat("1"), { time: "08:00", timezone: "UTC" });
    const preview = await svc.preview(chat("1"));
    expect(textOf(preview[0]!)).toContain("Alpha talks");
    await tickAt(h, svc, "2026-03-01T08:00:00Z");
    expect(textOf(h.port.sent[0]!.reply)).toContain("Alpha talks");
    expect(h.port.sent[0]!.reply.blocks[0]!.text).not.toMatch(/No new developments/);
  });
});

describe("update notices", () => {
  it("gives one notice for a burst of edits to one story, carrying the final version, never twice", async () => {
    const library = new FakeLibrary([story("a", "Alpha talks")]);
    const h = harness(library, "2026-03-01T00:00:00Z");
    const svc = await start(h);
    await svc.start();
    await svc.subscribe(chat("1"), { mode: "updates" });
    await svc.subscribe(chat("2"), { mode: "daily" });
    const base = story("a", "Alpha talks");
    library.put({ ...base, timeline: [...base.timeline, event("2026-03-01", "First edit")] });
    await h.clock.advance(5_000);
    library.put({ ...base, timeline: [...base.timeline, event("2026-03-01", "First edit"), event("2026-03-02", "Second edit")] });
    await h.clock.advance(5_000);
    const last = library.put({ ...base, articleCount: 9, timeline: [...base.timeline, event("2026-03-01", "First edit"), event("2026-03-02", "Second edit")] });
    await h.clock.advance(19_000);
    expect(h.port.sent).toHaveLength(0);
    await h.clock.advance(1_000);
    expect(h.port.sent).toHaveLength(1);
    const notice = h.port.sent[0]!;
    expect(notice.chatId).toBe("1");
    expect(textOf(notice.reply)).toContain("First edit");
    expect(textOf(notice.reply)).toContain("Second edit");
    expect(textOf(notice.reply)).toContain("Articles: 3 → 9.");
    expect(await svc.store.space("noticed").get("telegram:1")).toEqual({ a: last.version });
    // The same version announced again (a second instance, a replay) is a no-op.
    library.emit(library.lastChange!);
    await h.clock.advance(20_000);
    expect(h.port.sent).toHaveLength(1);
  });

  it("sends notices only for stories matching the chat's filter", async () => {
    const library = new FakeLibrary([story("a", "Alpha talks"), story("b", "Bravo strike")]);
    const h = harness(library, "2026-03-01T00:00:00Z");
    const svc = await start(h);
    await svc.start();
    await svc.subscribe(chat("1"), { mode: "both", story: "bravo" });
    await svc.subscribe(chat("2"), { mode: "updates", topic: "alpha" });
    library.put(story("a", "Alpha talks", { articleCount: 4 }));
    library.put(story("b", "Bravo strike", { articleCount: 4 }));
    // Notices go out 20 s after the last change, spaced by the pacer.
    await h.clock.advance(20_100);
    expect(h.port.sent.map((s) => [s.chatId, s.reply.title])).toEqual(
      expect.arrayContaining([
        ["1", "Updated: Bravo strike"],
        ["2", "Updated: Alpha talks"],
      ]),
    );
    expect(h.port.sent).toHaveLength(2);
  });
});

describe("delivery failures", () => {
  it("honours a 429 retry_after before sending to that chat again", async () => {
    const h = harness(new FakeLibrary([story("a", "Alpha talks")]), "2026-03-01T00:00:00Z");
    const svc = await start(h);
    await svc.subscribe(chat("1"), { time: "08:00", timezone: "UTC" });
    let calls = 0;
    h.port.answer = () => (++calls === 1 ? { status: "retry", afterMs: 30_000, reason: "429 Too Many Requests: retry after 30" } : { status: "sent" });
    await tickAt(h, svc, "2026-03-01T08:00:00Z");
    expect(h.port.attempts).toHaveLength(1);
    await h.clock.advance(29_000);
    expect(h.port.attempts).toHaveLength(1);
    await h.clock.advance(1_000);
    expect(h.port.sent.map((s) => s.at)).toEqual([Date.parse("2026-03-01T08:00:30Z")]);
    expect((await svc.get(chat("1")))!.lastDigestAt).not.toBeNull();
  });

  it("pauses a gone chat after 3 consecutive failures, shows it, and resumes when subscribed again", async () => {
    const h = harness(new FakeLibrary([story("a", "Alpha talks")]), "2026-03-01T00:00:00Z");
    const svc = await start(h);
    await svc.subscribe(chat("1"), { time: "08:00", timezone: "UTC" });
    h.port.answer = () => ({ status: "gone", reason: "403 Forbidden: bot was kicked" });
    await tickAt(h, svc, "2026-03-01T08:00:00Z");
    expect((await svc.get(chat("1")))!.paused).toBeNull();
    await h.clock.advance(60_000);
    expect((await svc.get(chat("1")))!.paused).toBeNull();
    await h.clock.advance(60_000);
    expect(h.port.attempts).toHaveLength(3);
    const view = (await svc.get(chat("1")))!;
    expect(view.paused?.reason).toContain("kicked");
    expect(view.nextDigestAt).toBeNull();
    await tickAt(h, svc, "2026-03-02T08:00:00Z");
    expect(h.port.attempts).toHaveLength(3);
    h.port.answer = () => ({ status: "sent" });
    const again = await svc.subscribe(chat("1"), {});
    expect(again.paused).toBeNull();
    await tickAt(h, svc, "2026-03-03T08:00:00Z");
    expect(h.port.sent).toHaveLength(1);
  });

  it("tries a digest again the next minute when preparing it failed", async () => {
    const library = new FakeLibrary([story("a", "Alpha talks")]);
    const h = harness(library, "2026-03-01T00:00:00Z");
    const svc = await start(h);
    await svc.subscribe(chat("1"), { time: "08:00", timezone: "UTC" });
    const list = library.list.bind(library);
    let broken = true;
    library.list = () => {
      if (broken) throw new Error("disk went away");
      return list();
    };
    await tickAt(h, svc, "2026-03-01T08:00:00Z");
    expect(h.port.sent).toHaveLength(0);
    expect(h.lines.some((l) => /digest for telegram:1 failed; retrying next minute/.test(l))).toBe(true);
    broken = false;
    await tickAt(h, svc, "2026-03-01T08:01:00Z");
    expect(h.port.sent.map((s) => s.reply.title)).toEqual(["Digest · 1 Mar 2026"]);
  });

  it("retries a network failure with growing backoff", async () => {
    const h = harness(new FakeLibrary([story("a", "Alpha talks")]), "2026-03-01T00:00:00Z");
    const svc = await start(h);
    await svc.subscribe(chat("1"), { time: "08:00", timezone: "UTC" });
    let calls = 0;
    h.port.answer = () => (++calls <= 2 ? { status: "failed", reason: "502 Bad Gateway" } : { status: "sent" });
    await tickAt(h, svc, "2026-03-01T08:00:00Z");
    await h.clock.advance(10_000);
    const times = h.port.attempts.map((a) => (a.at - Date.parse("2026-03-01T08:00:00Z")) / 1000);
    expect(times).toEqual([0, 2, 6]);
    expect(h.port.sent).toHaveLength(1);
  });
});

describe("bad input", () => {
  it.each([
    [{ time: "25:00" }, /"25:00" is not a time of day.*08:00/],
    [{ time: "8am" }, /"8am" is not a time of day/],
    [{ timezone: "Mars/Olympus" }, /"Mars\/Olympus" is not a time zone.*Europe\/Paris/],
    [{ timezone: "Pari" }, /"Pari" is not a time zone, city or country Herald knows\. Did you mean Paris/],
    [{ timezone: "United States" }, /United States has several time zones \(America\/New_York, America\/Chicago/],
    [{ story: "zulu" }, /No story matches "zulu". Closest: “Alpha talks”/],
    [{ story: "alpha", topic: "x" }, /either story or topic/],
  ])("refuses %o with a clear answer and stores nothing", async (request, message) => {
    const h = harness(new FakeLibrary([story("a", "Alpha talks")]), "2026-03-01T00:00:00Z");
    const svc = await start(h);
    await expect(svc.subscribe(chat("1"), request)).rejects.toThrow(message);
    expect(await svc.get(chat("1"))).toBeNull();
  });

  it("keeps unchanged settings when re-run and clears a filter with all", async () => {
    const h = harness(new FakeLibrary([story("a", "Alpha talks")]), "2026-03-01T00:00:00Z");
    const svc = await start(h);
    await svc.subscribe(chat("1"), { time: "7:30", timezone: "europe/paris", story: "alpha" });
    const changed = await svc.subscribe(chat("1"), { mode: "both" });
    expect(changed).toMatchObject({ time: "07:30", timezone: "Europe/Paris", mode: "both", filter: { kind: "story", storyId: "a" } });
    expect((await svc.subscribe(chat("1"), { story: "all" })).filter).toBeNull();
    expect(await svc.unsubscribe(chat("1"))).toBe(true);
    expect(await svc.unsubscribe(chat("1"))).toBe(false);
  });
});
