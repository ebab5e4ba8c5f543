// Time zones from what people type (issue 15): index build, lookup and near-miss cost, and coverage of
// 70 places a French-speaking audience names (cities, countries, some in French).
// Run: npx tsx bench/timezones.ts [runs=2000]
import { performance } from "node:perf_hooks";
import { matchTimeZone } from "../src/core/timezones.js";

const RUNS = Number(process.argv[2] ?? 2_000);
const PLACES = ["paris","Tokyo","India","lyon","bordeaux","nantes","lille","strasbourg","nice","marseille","rennes","montreal","quebec","geneva","genève","zurich","brussels","bruxelles","london","new york","los angeles","chicago","sydney","melbourne","mumbai","delhi","bangalore","beijing","shanghai","moscow","berlin","madrid","rome","são paulo","buenos aires","mexico city","cairo","lagos","nairobi","dakar","abidjan","kinshasa","france","germany","japan","brazil","usa","united states","canada","belgium","switzerland","senegal","morocco","algeria","tunisia","vietnam","ivory coast","côte d'ivoire","uk","united kingdom","réunion","martinique","guadeloupe","new caledonia","tahiti","hong kong","singapore","seoul","dubai","istanbul"];

let started = performance.now();
matchTimeZone("paris");
const buildMs = performance.now() - started;
const counts = { found: 0, several: 0, unknown: [] as string[] };
for (const place of PLACES) {
  const match = matchTimeZone(place);
  if (match.kind === "unknown") counts.unknown.push(place);
  else counts[match.kind]++;
}
const known = PLACES.filter((place) => !counts.unknown.includes(place));
started = performance.now();
for (let i = 0; i < RUNS; i++) matchTimeZone(known[i % known.length]!);
const lookupUs = ((performance.now() - started) / RUNS) * 1000;
started = performance.now();
for (let i = 0; i < 50; i++) matchTimeZone(`Tokio${i % 2 ? "" : "x"}`);
const missMs = (performance.now() - started) / 50;
const heapMb = process.memoryUsage().heapUsed / 1e6;
console.log(`index built on first use: ${buildMs.toFixed(0)} ms; heap after: ${heapMb.toFixed(1)} MB`);
console.log(`lookup of a known place: ${lookupUs.toFixed(1)} µs; near miss ("did you mean"): ${missMs.toFixed(1)} ms`);
console.log(`coverage of ${PLACES.length} places: one zone ${counts.found}, asks which zone ${counts.several}, unknown ${counts.unknown.length} (${counts.unknown.join(", ")})`);
