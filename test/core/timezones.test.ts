import { describe, expect, it, vi } from "vitest";
import { matchTimeZone, resolveTimeZone, suggestTimeZones } from "../../src/core/timezones.js";

describe("time zones from what people type", () => {
  it("answers the default zone and IANA names without building the index of cities and countries", async () => {
    vi.resetModules();
    const fresh = await import("../../src/core/timezones.js");
    expect(["UTC", "europe/paris", "Asia/Kolkata", "US/Eastern"].map(fresh.resolveTimeZone)).toEqual(["UTC", "Europe/Paris", "Asia/Kolkata", "America/New_York"]);
    expect(fresh.placeIndexBuilt()).toBe(false);
    expect(fresh.resolveTimeZone("Tokyo")).toBe("Asia/Tokyo");
    expect(fresh.placeIndexBuilt()).toBe(true);
  });

  it.each([
    ["paris", "Europe/Paris"],
    ["Tokyo", "Asia/Tokyo"],
    ["India", "Asia/Kolkata"],
    ["new york", "America/New_York"],
    ["Montréal", "America/Montreal"],
    ["Japon", "Asia/Tokyo"],
    ["Allemagne", "Europe/Berlin"],
    ["Royaume-Uni", "Europe/London"],
    ["Genève", "Europe/Zurich"],
    ["europe/paris", "Europe/Paris"],
    ["Asia/Kolkata", "Asia/Kolkata"],
    ["UTC", "UTC"],
  ])("understands %s as %s", (input, zone) => {
    expect(resolveTimeZone(input)).toBe(zone);
  });

  it("takes the most populous city of a name: Paris is in France, not Texas", () => {
    expect(matchTimeZone("Paris")).toEqual({ kind: "found", zone: "Europe/Paris", place: "Paris" });
  });

  it("asks which zone for a country with several, the most populous first", () => {
    const match = matchTimeZone("usa");
    expect(match.kind).toBe("several");
    if (match.kind === "several") expect(match.zones.slice(0, 3)).toEqual(["America/New_York", "America/Chicago", "America/Los_Angeles"]);
    expect(() => resolveTimeZone("Brazil")).toThrow(/Brazil has several time zones \(America\/Sao_Paulo.*Name a city, e\.g\. Sao Paulo/);
  });

  it("offers near misses of cities, countries and IANA names", () => {
    expect(matchTimeZone("Tokio")).toMatchObject({ kind: "unknown", suggestions: ["Tokyo", expect.any(String), expect.any(String)] });
    expect(matchTimeZone("Indai")).toMatchObject({ suggestions: expect.arrayContaining(["India"]) });
    expect(matchTimeZone("Europe/Pariss")).toMatchObject({ suggestions: expect.arrayContaining(["Europe/Paris"]) });
  });

  it("refuses what is no place with an example and no guess", () => {
    expect(() => resolveTimeZone("zzzz")).toThrow('"zzzz" is not a time zone, city or country Herald knows. For example: Paris, Tokyo, India or Europe/Paris.');
    expect(matchTimeZone("x".repeat(500))).toEqual({ kind: "unknown", suggestions: [] });
  });

  it("suggests zones for a partly typed name, IANA names and cities alike", () => {
    expect(suggestTimeZones("", 25).map((c) => c.value)).toContain("Europe/Paris");
    expect(suggestTimeZones("par", 25).map((c) => c.value)).toContain("Europe/Paris");
    expect(suggestTimeZones("tokyo", 25)[0]!.value).toBe("Asia/Tokyo");
    expect(suggestTimeZones("lyo", 25)).toContainEqual({ name: "Lyon (Europe/Paris)", value: "Europe/Paris" });
    const values = suggestTimeZones("par", 25).map((c) => c.value);
    expect(new Set(values).size).toBe(values.length);
    expect(suggestTimeZones("a", 25).length).toBeLessThanOrEqual(25);
  });
});
