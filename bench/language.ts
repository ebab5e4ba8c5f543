/**
 * Which package tells the language of a report (English, French or German) for its dated facts?
 * franc-min (Herald's dependency) against eld and tinyld, on the labelled coverage set (43 reports in
 * three languages), on the first 600 characters (what Herald reads) and on titles alone (a harder,
 * shorter sample). eld and tinyld are not dependencies:
 *   npm install --no-save eld@2.1.0 tinyld@1.3.4 && node --expose-gc --import tsx bench/language.ts
 * (--expose-gc: each package's load is also measured in heap, after a full collection).
 */
import { readFileSync, readdirSync } from "node:fs";

/** Loads a package and says what that cost in time and heap. */
async function measured<T>(name: string, load: () => Promise<T>): Promise<T> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap = process.memoryUsage().heapUsed;
  const start = performance.now();
  const loaded = await load();
  const ms = performance.now() - start;
  gc?.();
  console.log(`${name}: loaded in ${ms.toFixed(0)} ms${gc ? `, heap +${((process.memoryUsage().heapUsed - heap) / 1e6).toFixed(1)} MB` : ""}`);
  return loaded;
}
const { franc } = await measured("franc-min", () => import("franc-min"));

const DIR = new URL("../test/fixtures/coverage/", import.meta.url);
/** The language of each labelled report: the French and German ones are named for it (see labels.json). */
const FRENCH = new Set(["l1-tea-fr", "l2-port-fr", "n12-tea-resumes-fr"]);
const GERMAN = new Set(["l1-flood-de", "n13-passau-de"]);
const reports = readdirSync(DIR)
  .filter((f) => f.endsWith(".txt"))
  .map((f) => {
    const id = f.replace(/\.txt$/u, "");
    const text = readFileSync(new URL(f, DIR), "utf8");
    return { id, text, language: FRENCH.has(id) ? "fra" : GERMAN.has(id) ? "deu" : "eng" };
  });

type Detector = (text: string) => string;
const detectors: [string, Detector][] = [["franc-min 6.2.0 (only eng, fra, deu)", (t) => franc(t, { only: ["eng", "fra", "deu"], minLength: 20 })]];

const ISO3: Record<string, string> = { en: "eng", fr: "fra", de: "deu" };
try {
  type Eld = { load(size: string): Promise<unknown>; detect(t: string): { language: string }; setLanguageSubset(l: string[]): unknown };
  const eld = await measured("eld, medium database", async () => {
    const { eld } = (await import("eld" as string)) as { eld: Eld };
    await eld.load("medium");
    eld.setLanguageSubset(["en", "fr", "de"]);
    return eld;
  });
  detectors.push(["eld 2.1.0 (medium database, subset en, fr, de)", (t) => ISO3[eld.detect(t).language] ?? "und"]);
} catch {
  console.log("eld not installed: npm install --no-save eld@2.1.0");
}
try {
  const tinyld = await measured("tinyld", async () => (await import("tinyld" as string)) as { detect(t: string, o?: { only?: string[] }): string });
  detectors.push(["tinyld 1.3.4 (only en, fr, de)", (t) => ISO3[tinyld.detect(t, { only: ["en", "fr", "de"] })] ?? "und"]);
} catch {
  console.log("tinyld not installed: npm install --no-save tinyld@1.3.4");
}

const samples: [string, (text: string) => string][] = [
  ["first 600 characters", (t) => t.slice(0, 600)],
  ["title only", (t) => t.split("\n")[0]!],
];
const ROUNDS = 50;
for (const [name, detect] of detectors) {
  for (const [sampleName, sample] of samples) {
    const wrong = reports.filter((r) => detect(sample(r.text)) !== r.language).map((r) => `${r.id}→${detect(sample(r.text))}`);
    const texts = reports.map((r) => sample(r.text));
    const start = process.hrtime.bigint();
    for (let i = 0; i < ROUNDS; i++) for (const t of texts) detect(t);
    const us = Number(process.hrtime.bigint() - start) / 1e3 / (ROUNDS * texts.length);
    console.log(`${name}, ${sampleName}: ${reports.length - wrong.length}/${reports.length} right, ${us.toFixed(0)} µs a report${wrong.length ? `; wrong: ${wrong.join(", ")}` : ""}`);
  }
}
