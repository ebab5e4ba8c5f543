import { afterEach, describe, expect, it } from "vitest";
import type { SubscriptionRuntime } from "../../src/subscriptions/service.js";
import { event, FakeLibrary, story } from "./fake-library.js";
import { chat, harness, open, textOf } from "./helpers.js";

const running: SubscriptionRuntime[] = [];
afterEach(async () => {
  for (const svc of running.splice(0)) await svc.stop();
});

describe("digests and update notices in the chat's language", () => {
  it("sends each chat its digest, notices and grouped notice in the language it chose, English where it chose none", async () => {
    const library = new FakeLibrary([story("a", "Alpha talks"), story("b", "Bravo strike")]);
    const h = harness(library, "2026-03-01T00:00:00Z");
    const svc = await open(h);
    running.push(svc);
    await svc.start();
    await svc.setLanguage(chat("1"), "fr");
    await svc.subscribe(chat("1"), { mode: "both", time: "08:00", timezone: "UTC" });
    await svc.subscribe(chat("2"), { mode: "both", time: "08:00", timezone: "UTC" });

    expect((await svc.preview(chat("1")))[0]!.title).toBe("Résumé · 1 mars 2026");
    expect((await svc.preview(chat("1"), "en"))[0]!.title).toBe("Digest · 1 Mar 2026");

    await h.clock.set("2026-03-01T08:00:00Z");
    await svc.tick();
    await h.clock.advance(2_000); // room for the pacer to send both chats' digests
    const digests = new Map(h.port.sent.map((s) => [s.chatId, s.reply]));
    expect(digests.get("1")!.title).toBe("Résumé · 1 mars 2026");
    expect(digests.get("1")!.locale).toBe("fr");
    expect(digests.get("2")!.title).toBe("Digest · 1 Mar 2026");

    const sent = h.port.sent.length;
    const base = story("a", "Alpha talks");
    library.put({ ...base, articleCount: 1_250, timeline: [...base.timeline, event("2026-03-01", "First edit")] });
    await h.clock.advance(20_100);
    const notices = new Map(h.port.sent.slice(sent).map((s) => [s.chatId, s.reply]));
    expect(notices.get("1")!.title).toBe("Mis à jour : Alpha talks");
    expect(textOf(notices.get("1")!)).toContain("Articles : 3 → 1\u202f250.");
    expect(textOf(notices.get("1")!)).toContain("• 1 mars 2026 – First edit");
    expect(notices.get("2")!.title).toBe("Updated: Alpha talks");
    expect(textOf(notices.get("2")!)).toContain("Articles: 3 → 1,250.");
    expect(textOf(notices.get("2")!)).toContain("• 1 March 2026 – First edit");

    const before = h.port.sent.length;
    for (const id of ["c", "d", "e", "f"]) library.put(story(id, `Story ${id}`));
    await h.clock.advance(20_100);
    const grouped = new Map(h.port.sent.slice(before).map((s) => [s.chatId, s.reply]));
    expect(grouped.get("1")!.title).toBe("4 sujets mis à jour");
    expect(textOf(grouped.get("1")!)).toContain("• Story c (nouveau)");
    expect(grouped.get("2")!.title).toBe("4 stories updated");
  });
});
