import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localTime, nextDigestAt, parseLocalTime, previousDigestAt } from "../../src/subscriptions/schedule.js";

const iso = (s: string) => new Date(s);

describe("nextDigestAt", () => {
  it("delivers an 08:00 Paris digest at 08:00 local on both sides of the spring change", () => {
    const before = nextDigestAt("08:00", "Europe/Paris", iso("2026-03-28T08:00:00Z"));
    expect(before.at.toISOString()).toBe("2026-03-29T06:00:00.000Z"); // CEST starts that night
    expect(before.localDate).toBe("2026-03-29");
    const saturday = nextDigestAt("08:00", "Europe/Paris", iso("2026-03-27T12:00:00Z"));
    expect(saturday.at.toISOString()).toBe("2026-03-28T07:00:00.000Z"); // still CET
  });

  it("delivers at 08:00 local on both sides of the autumn change", () => {
    expect(nextDigestAt("08:00", "Europe/Paris", iso("2026-10-24T12:00:00Z")).at.toISOString()).toBe("2026-10-25T07:00:00.000Z");
    expect(nextDigestAt("08:00", "Europe/Paris", iso("2026-10-23T12:00:00Z")).at.toISOString()).toBe("2026-10-24T06:00:00.000Z");
  });

  it("delivers a local time that does not exist that day once, at the next valid minute", () => {
    const slot = nextDigestAt("02:30", "Europe/Paris", iso("2026-03-28T12:00:00Z"));
    expect(slot.at.toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(localTime(slot.at, "Europe/Paris")).toBe("03:00");
    expect(slot.localDate).toBe("2026-03-29");
    const next = nextDigestAt("02:30", "Europe/Paris", slot.at);
    expect(next.at.toISOString()).toBe("2026-03-30T00:30:00.000Z");
  });

  it("delivers a local time that occurs twice only once, at its first occurrence", () => {
    const first = nextDigestAt("02:30", "Europe/Paris", iso("2026-10-24T12:00:00Z"));
    expect(first.at.toISOString()).toBe("2026-10-25T00:30:00.000Z"); // 02:30 CEST
    const next = nextDigestAt("02:30", "Europe/Paris", first.at);
    expect(next.localDate).toBe("2026-10-26");
  });

  it("handles zones with half-hour offsets and the other hemisphere", () => {
    expect(nextDigestAt("09:15", "Asia/Kolkata", iso("2026-01-01T00:00:00Z")).at.toISOString()).toBe("2026-01-01T03:45:00.000Z");
    // Sydney leaves daylight time on 2026-04-05.
    expect(nextDigestAt("08:00", "Australia/Sydney", iso("2026-04-04T12:00:00Z")).at.toISOString()).toBe("2026-04-04T22:00:00.000Z");
  });

  it("always lands strictly after the given instant, within two days, at the requested local time or later", () => {
    const zones = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "UTC", "Asia/Kathmandu", "America/Santiago"];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (ms, zone, h, m) => {
          const time = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
          const after = new Date(ms);
          const slot = nextDigestAt(time, zone, after);
          expect(slot.at.getTime()).toBeGreaterThan(ms);
          expect(slot.at.getTime() - ms).toBeLessThanOrEqual(2 * 86_400_000);
          const local = localTime(slot.at, zone);
          // Either exactly the time, or (in a gap) a later minute of the same local day.
          if (local !== time) expect(local > time).toBe(true);
          expect(previousDigestAt(time, zone, slot.at).at.getTime()).toBe(slot.at.getTime());
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("parseLocalTime", () => {
  it("accepts 24-hour HH:MM and rejects the rest", () => {
    expect(parseLocalTime("08:00")).toEqual({ hour: 8, minute: 0 });
    expect(parseLocalTime("23:59")).toEqual({ hour: 23, minute: 59 });
    for (const bad of ["25:00", "8am", "24:00", "12:60", "", "noon"]) expect(parseLocalTime(bad)).toBeNull();
  });
});
