/**
 * Grouping many reports, and adding one report to a large library.
 * Run: npx tsx bench/group.ts [reports=10000]   (add --cpu-prof after `node --import tsx` to profile)
 * Reports are generated: events of 1–4 reports each, sharing people, places and dates; many
 * reports also name the same few leaders and countries, as real news does.
 */
import { CoverageGroups, DEFAULT_RULE, extractFeatures } from "../src/core/coverage/index.js";
import { NO_FEED_ORIGIN, type Story } from "../src/core/story.js";

const COUNT = Number(process.argv[2] ?? 10_000);
const GIVEN = ["Anna", "Jonas", "Marta", "Pavel", "Ines", "Tomasz", "Leila", "Oskar", "Yuki", "Rafael", "Nadia", "Emil"];
const SUR = ["Kowalczyk", "Brenner", "Okafor", "Lindqvist", "Moreau", "Haddad", "Novak", "Castillo", "Petrov", "Tanaka", "Weber", "Silva"];
const PLACES = ["Lyon", "Gdansk", "Porto", "Tartu", "Mombasa", "Valparaiso", "Kobe", "Tromso", "Izmir", "Leipzig"];
const LEADERS = ["President Emmanuel Macron", "President Vladimir Putin", "Chancellor Friedrich Merz"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

let seed = 42;
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** A number as letters (name keys drop digits): 0 → "", 27 → "ab". */
const letters = (n: number): string => (n === 0 ? "" : letters(Math.floor(n / 26)) + "abcdefghijklmnopqrstuvwxyz"[n % 26]);

function person(event: number, k: number): string {
  // Each event has its own two people: names drawn so that about 1 in 150 events share a person.
  return `${GIVEN[(event * 7 + k) % GIVEN.length]} ${SUR[(event * 5 + k * 3) % SUR.length]}${letters(Math.floor(event / 20) + k)}`;
}

function report(i: number, event: number): Story {
  const [a, b] = [person(event, 0), person(event, 1)];
  const day = 1 + (event % 28);
  const month = MONTHS[Math.floor(event / 28) % 12]!;
  const year = 2020 + Math.floor(event / 336);
  const place = PLACES[event % PLACES.length]!;
  const text = `The negotiator ${a} met the economist ${b} in ${place} on ${day} ${month} ${year}, officials said. ${pick(LEADERS)} welcomed the talks. ${a.split(" ")[1]} said the meeting was useful, and ${b.split(" ")[1]} agreed.`;
  return {
    id: `r${i}`, kind: "article", title: `${a.split(" ")[1]} and ${b.split(" ")[1]} meet in ${place}`, dek: text, articleCount: null, relatedCount: null,
    sections: [{ heading: null, text: `Report ${i} adds detail on the talks in ${place}. ${a.split(" ")[1]} spoke for an hour.`, citations: [] }],
    timeline: [], images: [], outlets: [], warnings: [], ...NO_FEED_ORIGIN,
  };
}

const reports: Story[] = [];
for (let event = 0; reports.length < COUNT; event++) {
  const size = 1 + Math.floor(random() * 4);
  for (let k = 0; k < size && reports.length < COUNT; k++) reports.push(report(reports.length, event));
}

/** CPU time (user + system, ms) of this process: less swayed than wall time by the other processes of a shared machine. */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

let started = performance.now();
let cpuStarted = cpuMs();
const features = reports.map(extractFeatures);
const extractMs = performance.now() - started;
const extractCpu = cpuMs() - cpuStarted;

started = performance.now();
cpuStarted = cpuMs();
const groups = new CoverageGroups(DEFAULT_RULE);
reports.forEach((r, i) => groups.add(r, features[i]));
const groupMs = performance.now() - started;
const groupCpu = cpuMs() - cpuStarted;

// One report arriving at a full library: its names read, then added (what a new feed item costs).
const arrivals = reports.slice(0, 200).map((r, i) => ({ ...r, id: `arrival${i}` }));
started = performance.now();
for (const r of arrivals) {
  groups.add(r);
  groups.remove(r.id);
}
const arrivalMs = (performance.now() - started) / arrivals.length;

const extra = reports.slice(0, 200).map((r, i) => ({ ...r, id: `extra${i}` }));
const extraFeatures = extra.map(extractFeatures);
started = performance.now();
for (const [i, r] of extra.entries()) {
  groups.add(r, extraFeatures[i]);
  groups.remove(r.id);
}
const addRemoveMs = (performance.now() - started) / extra.length;

console.log(`${COUNT} reports → ${groups.groups().length} stories`);
console.log(`reading names and dates (once per report, at load): ${extractMs.toFixed(0)} ms wall, ${extractCpu.toFixed(0)} ms CPU (${((extractMs * 1000) / COUNT).toFixed(0)} µs/report)`);
console.log(`grouping all ${COUNT} reports one by one (names and dates read before): ${groupMs.toFixed(0)} ms wall, ${groupCpu.toFixed(0)} ms CPU`);
console.log(`cold total, reading names included: ${(extractMs + groupMs).toFixed(0)} ms wall, ${(extractCpu + groupCpu).toFixed(0)} ms CPU`);
console.log(`one new report into a library of ${COUNT}, names read included (then removed): ${arrivalMs.toFixed(3)} ms`);
console.log(`adding then removing one report in a library of ${COUNT} (names read before): ${addRemoveMs.toFixed(3)} ms`);
