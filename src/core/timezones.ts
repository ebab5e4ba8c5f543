import { createRequire } from "node:module";
import { getAllCountries, getAllTimezones } from "countries-and-timezones";
import { distance } from "fastest-levenshtein";
import { refuse } from "./i18n.js";
import { normalizeForMatch } from "./parse/index.js";

/** city-timezones (7,300 cities, about 9 MB of RSS) is loaded when a place is first looked up, not at start. */
const loadCities = (): typeof import("city-timezones") => createRequire(import.meta.url)("city-timezones");

/**
 * Time zones as people name them: an IANA name (`Europe/Paris`, any case), a city (`paris`, `Tokyo`)
 * or a country (`India`, `Japon`). Cities come from city-timezones (7,300 cities with their population),
 * countries from countries-and-timezones, with English and French country names from Intl.DisplayNames.
 */

export type TimeZoneMatch =
  | { kind: "found"; zone: string; place?: string }
  | { kind: "several"; place: string; zones: string[] }
  | { kind: "unknown"; suggestions: string[] };

/** Near misses offered for an unknown name. */
const SUGGESTIONS_SHOWN = 3;
/** Zones listed when a country has several. */
const ZONES_SHOWN = 6;
/** Inputs longer than this are no place name; they are refused before any lookup. */
export const TIME_ZONE_INPUT_MAX_CHARS = 64;
/** A country whose most populous zone holds this share of its people counts as that zone (Germany, not Büsingen). */
const MAIN_ZONE_SHARE = 0.8;

/** Offered first by the guided /subscribe and by autocomplete before anything is typed. */
export const COMMON_ZONES = ["Europe/Paris", "Europe/London", "America/New_York", "Asia/Tokyo", "UTC"] as const;

/** Names people use that the data spells otherwise (English short forms, French city names). */
const ALIASES: Record<string, string> = {
  usa: "United States",
  us: "United States",
  uk: "United Kingdom",
  "great britain": "United Kingdom",
  england: "London",
  geneve: "Geneva",
  bruxelles: "Brussels",
  londres: "London",
  moscou: "Moscow",
  pekin: "Beijing",
  varsovie: "Warsaw",
  lisbonne: "Lisbon",
  bangalore: "Bengaluru",
};

interface Place {
  /** As people write it: `Paris`, `India`. */
  name: string;
  /** Most populous first. */
  zones: string[];
  /** People living there (cities) or in its listed cities (countries): ranks near misses and suggestions. */
  weight: number;
}

interface Index {
  /** Normalised name → place. */
  places: Map<string, Place>;
  /** Lower-cased IANA name → IANA name. */
  iana: Map<string, string>;
  /** People in each zone's listed cities. */
  zoneWeight: Map<string, number>;
}

let index: Index | null = null;

/** Whether the index of cities and countries was built (for tests: a zone Intl knows needs none). */
export const placeIndexBuilt = (): boolean => index !== null;
const intlNames = new Map<string, string | null>();

/** The zone as Intl spells it (`europe/paris` → `Europe/Paris`), or null when Intl does not know it. Cached: a formatter is slow to build. */
function intlZone(name: string): string | null {
  let zone = intlNames.get(name);
  if (zone === undefined) {
    try {
      zone = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      zone = null;
    }
    if (intlNames.size < 10_000) intlNames.set(name, zone);
  }
  return zone;
}

/** Built on first use, so start-up does not pay for it. */
function getIndex(): Index {
  if (index) return index;
  const places = new Map<string, Place>();
  const zoneWeight = new Map<string, number>();
  for (const city of loadCities().cityMapping) {
    if (!city.timezone || !intlZone(city.timezone)) continue;
    zoneWeight.set(city.timezone, (zoneWeight.get(city.timezone) ?? 0) + city.pop);
    for (const name of new Set([city.city, city.city_ascii])) {
      const key = normalizeForMatch(name);
      // The most populous city of a name wins: "paris" is Paris, France, not Paris, Texas.
      if (key && (places.get(key)?.weight ?? -1) < city.pop) places.set(key, { name: city.city, zones: [city.timezone], weight: city.pop });
    }
  }
  const english = new Intl.DisplayNames(["en"], { type: "region" });
  const french = new Intl.DisplayNames(["fr"], { type: "region" });
  for (const country of Object.values(getAllCountries())) {
    const ranked = country.timezones.filter((z) => intlZone(z)).sort((a, b) => (zoneWeight.get(b) ?? 0) - (zoneWeight.get(a) ?? 0));
    if (!ranked.length) continue;
    const total = ranked.reduce((sum, z) => sum + (zoneWeight.get(z) ?? 0), 0);
    const main = total > 0 && (zoneWeight.get(ranked[0]!) ?? 0) / total >= MAIN_ZONE_SHARE;
    const place: Place = { name: english.of(country.id) ?? country.name, zones: main ? [ranked[0]!] : ranked, weight: total };
    for (const name of new Set([country.name, english.of(country.id), french.of(country.id)])) {
      const key = name ? normalizeForMatch(name) : "";
      // A one-zone country is the answer to its name; a city keeps a name it shares with a many-zoned country.
      if (key && (place.zones.length === 1 || !places.has(key))) places.set(key, place);
    }
  }
  for (const [alias, target] of Object.entries(ALIASES)) {
    const place = places.get(normalizeForMatch(target));
    if (place) places.set(alias, place);
  }
  index = { places, iana: ianaZones(), zoneWeight };
  return index;
}

let iana: Map<string, string> | null = null;

/** Lower-cased IANA name → IANA name as the lists spell it (`Asia/Kolkata`, where Intl says `Asia/Calcutta`). */
function ianaZones(): Map<string, string> {
  if (iana) return iana;
  iana = new Map<string, string>();
  for (const zone of [...Intl.supportedValuesOf("timeZone"), ...Object.keys(getAllTimezones()), "UTC"]) {
    if (intlZone(zone)) iana.set(zone.toLowerCase(), zone);
  }
  return iana;
}

/** Understands an IANA name, a city or a country; an unknown name gets the nearest known names. */
export function matchTimeZone(input: string): TimeZoneMatch {
  const text = input.trim();
  if (!text || text.length > TIME_ZONE_INPUT_MAX_CHARS) return { kind: "unknown", suggestions: [] };
  // An IANA name in any case (`europe/paris`), or a link or abbreviation Intl knows that the lists leave
  // out (`US/Eastern`, `GMT`), needs no index of places: most chats keep the default or type an IANA
  // name, and the index of cities and countries is 2.5 MB of heap held from then on.
  const zone = ianaZones().get(text.toLowerCase()) ?? intlZone(text);
  if (zone) return { kind: "found", zone };
  const place = getIndex().places.get(normalizeForMatch(text.replace(/_/g, " ")));
  if (place) {
    return place.zones.length === 1
      ? { kind: "found", zone: place.zones[0]!, place: place.name }
      : { kind: "several", place: place.name, zones: place.zones };
  }
  return { kind: "unknown", suggestions: nearest(text) };
}

/** The nearest names by edit distance (within about a third of the input's length), the most populous first among equals. */
function nearest(text: string): string[] {
  const { places, iana, zoneWeight } = getIndex();
  const iananame = text.includes("/");
  const key = iananame ? text.toLowerCase() : normalizeForMatch(text);
  const limit = Math.max(1, Math.round(key.length / 3));
  const scored: { name: string; d: number; weight: number }[] = [];
  if (iananame) {
    for (const [lower, zone] of iana) scored.push({ name: zone, d: distance(key, lower), weight: zoneWeight.get(zone) ?? 0 });
  } else {
    for (const [name, place] of places) scored.push({ name: place.name, d: distance(key, name), weight: place.weight });
  }
  return scored
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || b.weight - a.weight)
    .map(({ name }) => name)
    .filter((name, i, all) => all.indexOf(name) === i)
    .slice(0, SUGGESTIONS_SHOWN);
}

/** The IANA zone for what a person typed, or a HeraldError that says what would work. */
export function resolveTimeZone(input: string): string {
  const match = matchTimeZone(input);
  if (match.kind === "found") return match.zone;
  if (match.kind === "several") {
    const shown = match.zones.slice(0, ZONES_SHOWN).join(", ") + (match.zones.length > ZONES_SHOWN ? ", …" : "");
    throw refuse("bad_option", "err-zone-several", { place: match.place, zones: shown, city: cityOf(match.zones[0]!) });
  }
  const typed = input.trim().slice(0, 40);
  if (!match.suggestions.length) throw refuse("bad_option", "err-zone-unknown", { typed });
  throw refuse("bad_option", "err-zone-unknown-suggest", { typed, suggestions: match.suggestions.join(", ") });
}

const cityOf = (zone: string): string => zone.split("/").pop()!.replace(/_/g, " ");

/** Up to `limit` choices for a partly typed time zone (Discord autocomplete): a label and the IANA zone. */
export function suggestTimeZones(query: string, limit: number): { name: string; value: string }[] {
  const key = normalizeForMatch(query.replace(/[_/]/g, " "));
  if (!key) return COMMON_ZONES.slice(0, limit).map((zone) => ({ name: zone, value: zone }));
  const { places, iana, zoneWeight } = getIndex();
  const found: { name: string; value: string; weight: number }[] = [];
  for (const [lower, zone] of iana) {
    if (normalizeForMatch(lower.replace(/[_/]/g, " ")).includes(key)) found.push({ name: zone, value: zone, weight: zoneWeight.get(zone) ?? 0 });
  }
  for (const [name, place] of places) {
    if (name.startsWith(key) && place.zones.length === 1) found.push({ name: `${place.name} (${place.zones[0]})`, value: place.zones[0]!, weight: place.weight });
  }
  if (!found.length) {
    for (const name of nearest(query)) {
      const match = matchTimeZone(name);
      if (match.kind === "found") found.push({ name: `${name} (${match.zone})`, value: match.zone, weight: 0 });
    }
  }
  return found
    .sort((a, b) => b.weight - a.weight)
    .filter((choice, i, all) => all.findIndex((c) => c.value === choice.value) === i)
    .slice(0, limit)
    .map(({ name, value }) => ({ name, value }));
}
