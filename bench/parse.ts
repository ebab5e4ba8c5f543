/**
 * Parser throughput and folder load time. Run: `npx tsx bench/parse.ts`
 * Goals: ≥ 50 MB/s parse throughput; 10,000 stories loaded from disk in < 2 s.
 */
import { readFileSync, readdirSync, rmSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listStoryFiles, parseStory, readStoryFile } from "../src/core/parse/index.js";

const FOLDER_STORIES = 10_000;
const LOAD_CONCURRENCY = 64;
const THROUGHPUT_MS = 3_000;

/** Deterministic pseudo-random numbers, so every run parses the same documents. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const WORDS = "port strike talks minister budget vote court ruling energy grid harvest drought election tariff summit border treaty vaccine rail union".split(" ");
const NAMES = ["Anna\u202fKowalska", "Pedro Alves", "Le\u202fFigaro", "Kaito Mori", "Fatima Diallo", "Officials", "The government"];
const MONTHS = ["Jan", "February", "Mar", "April", "May", "Jun", "July", "Aug", "September", "Oct", "Nov", "December"];

function generateStory(n: number): string {
  const r = random(n + 1);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const sentence = (): string => `${pick(NAMES)} said the ${pick(WORDS)} and the ${pick(WORDS)} would ${pick(["resume", "stall", "change"])} soon\u202f[${1 + Math.floor(r() * 9)}].`;
  const title = (): string => Array.from({ length: 6 }, () => pick(WORDS)).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" ");
  if (n % 5 === 4) {
    const body = Array.from({ length: 8 }, (_, i) => (i % 3 === 2 ? `${title()}` : `${sentence()} ${sentence()}`));
    return `${title()}\n\n${sentence()} ${sentence()}\n${body.join("\n")}\nAdvertisement\nComments you share on our site are a valuable resource.\n`;
  }
  const count = 1 + Math.floor(r() * 20);
  const sections = Array.from({ length: 4 }, () => `${title()} ${sentence()} ${sentence()} ${sentence()}`);
  const events = Array.from({ length: 10 }, (_, i) => {
    const month = (i + Math.floor(r() * 2)) % 12;
    const date = r() < 0.2 ? `${MONTHS[month]} 2025` : `${MONTHS[month]} ${1 + Math.floor(r() * 28)}, 2025`;
    return `${date} ${pick(["–", "—", "-"])} ${sentence()}`;
  });
  return [
    "Top Headlines", "", "Feeds", "", title(), "", `Updated (${count} articles)`,
    "  • A caption of the photo", "    Image: Le Monde", "    A caption of the photo (AFP) Source Full size", "",
    sections.join("\n\n"), "", "Sources", "", "Timeline", "", events.join("\n\n"), "", `All related articles (${count} articles)`,
  ].join(n % 3 === 0 ? "\r\n" : "\n");
}

/** Wall-clock and CPU seconds of `run`: CPU time shows the parser's cost when other processes share the 2 cores. */
function timed(run: () => void): { wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  run();
  const cpu = process.cpuUsage(cpu0);
  return { wall: (performance.now() - wall0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

const rate = (bytes: number, seconds: number): string => `${(bytes / 1e6 / seconds).toFixed(1)} MB/s`;

function throughput(): void {
  const seeds = readdirSync("seeds").map((name) => readFileSync(join("seeds", name), "utf8"));
  const docs = [...seeds, ...Array.from({ length: 200 }, (_, i) => generateStory(i))];
  for (const doc of docs) parseStory(doc, "warm");
  const measure = (label: string, set: string[]): void => {
    const size = set.reduce((sum, d) => sum + Buffer.byteLength(d), 0);
    let parsed = 0;
    const { wall, cpu } = timed(() => {
      const start = performance.now();
      while (performance.now() - start < THROUGHPUT_MS) {
        for (const doc of set) parseStory(doc, "bench");
        parsed += size;
      }
    });
    console.log(`parse throughput, ${label}: ${rate(parsed, wall)} wall, ${rate(parsed, cpu)} per CPU-second (${set.length} documents, ${(size / 1e3).toFixed(0)} kB per pass)`);
  };
  measure("seeds", seeds);
  measure("seeds + generated", docs);
}

async function folderLoad(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "herald-bench-"));
  try {
    let bytes = 0;
    for (let i = 0; i < FOLDER_STORIES; i++) {
      const doc = generateStory(i);
      bytes += Buffer.byteLength(doc);
      writeFileSync(join(dir, `${String(i).padStart(5, "0")}_story.txt`), doc);
    }
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    const files = await listStoryFiles(dir);
    let next = 0;
    let events = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const { story } = await readStoryFile(files[next++]!, { maxBytes: 5_000_000 });
        events += story.timeline.length;
      }
    };
    await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, worker));
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.log(`folder load: ${files.length} stories (${(bytes / 1e6).toFixed(1)} MB, ${events} events) read + parsed in ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

throughput();
await folderLoad();
