/**
 * What the message catalogues cost a digest and an update notice: buildDigest and noticeReply in English
 * and French, in one process, and (with a second tree) the same functions from before the catalogues.
 * Run: npx tsx bench/i18n.ts [calls=2000] [beforeTree]
 *   beforeTree: a checkout of an older Herald, e.g.
 *   mkdir /tmp/herald-before && git archive 616058d | tar -x -C /tmp/herald-before && ln -s "$PWD/node_modules" /tmp/herald-before/
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { StoryEntry } from "../src/core/library.js";
import type { Story } from "../src/core/story.js";
import * as digest from "../src/subscriptions/digest.js";
import * as notices from "../src/subscriptions/notices.js";

const CALLS = Number(process.argv[2] ?? 2000);
const BEFORE = process.argv[3];
const ROUNDS = 5;

const day = (d: number) => ({ text: `2026-02-${String(d).padStart(2, "0")}`, iso: `2026-02-${String(d).padStart(2, "0")}`, precision: "day" as const, qualifier: null });
const story = (i: number): Story => ({
  id: `s${i}`, kind: "story", title: `Story number ${i}`, dek: null, articleCount: 5, relatedCount: 5,
  sections: [{ heading: "Background", text: "Several paragraphs of background. ".repeat(20), citations: [1] }],
  timeline: Array.from({ length: 8 }, (_, e) => ({ date: day(1 + e), text: `Event ${e} of story ${i}.`, citations: [1] })),
  images: [], outlets: [], warnings: [], url: null, published: null, outlet: null, feed: null,
});
const entries: StoryEntry[] = Array.from({ length: 50 }, (_, i) => ({ story: story(i), version: `v${i}`, file: `${i}.txt`, updatedAt: i }));
// Every story changed since the last digest: one new event and a new article count each.
const changed: StoryEntry[] = entries.map((e) => ({
  ...e, version: `${e.version}b`, story: { ...e.story, articleCount: 9, timeline: [...e.story.timeline, { date: day(20), text: "New event", citations: [2] }] },
}));
const snapshot = digest.snapshotOf(entries);
const at = new Date("2026-02-28T08:00:00Z");
const options = { maxStories: 10, whenQuiet: "message" as const, timezone: "Europe/Paris", now: at };
const change = {
  type: "updated" as const, storyId: "s1", title: "Story number 1", version: "v1b", previousVersion: "v1",
  newEvents: changed[1]!.story.timeline.slice(-1), articleCount: { from: 5, to: 9 }, titleChange: null, at,
};

const cases: [string, () => unknown, number][] = [
  ["digest, en", () => digest.buildDigest(changed, null, { snapshot, at }, { ...options, locale: "en" }), CALLS],
  ["digest, fr", () => digest.buildDigest(changed, null, { snapshot, at }, { ...options, locale: "fr" }), CALLS],
  ["notice, en", () => notices.noticeReply(change, "en"), CALLS * 20],
  ["notice, fr", () => notices.noticeReply(change, "fr"), CALLS * 20],
];
if (BEFORE) {
  const load = (file: string) => import(pathToFileURL(path.resolve(BEFORE, file)).href);
  const [oldDigest, oldNotices] = await Promise.all([load("src/subscriptions/digest.ts"), load("src/subscriptions/notices.ts")]);
  cases.unshift(["digest, before", () => oldDigest.buildDigest(changed, null, { snapshot, at }, options), CALLS]);
  cases.splice(3, 0, ["notice, before", () => oldNotices.noticeReply(change), CALLS * 20]);
}

// Rounds interleave the cases, so a burst of load from elsewhere hits them alike; the median is shown.
const times = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run, calls] of cases) {
    for (let i = 0; i < 50; i++) run();
    const started = performance.now();
    for (let i = 0; i < calls; i++) run();
    (times.get(name) ?? times.set(name, []).get(name)!).push(((performance.now() - started) * 1000) / calls);
  }
}
for (const [name, samples] of times) {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(`${name.padEnd(16)} median ${sorted[ROUNDS >> 1]!.toFixed(1)} µs per call (rounds: ${sorted.map((t) => t.toFixed(1)).join(", ")})`);
}
