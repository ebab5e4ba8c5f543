import { readdirSync, readFileSync } from "node:fs";
import { parseStory, storyIdFromPath } from "../../src/core/parse/index.js";
import type { Story } from "../../src/core/story.js";

const DIR = new URL("../fixtures/coverage/", import.meta.url);

/** The labelled set: 43 reports (38 in English; 3 in French and 2 in German), each with the event it tells of (labels.json). */
export const labelled: { reports: Story[]; eventOf: Map<string, string> } = (() => {
  const labels = JSON.parse(readFileSync(new URL("labels.json", DIR), "utf8")) as { events: Record<string, string> };
  const reports = readdirSync(DIR)
    .filter((name) => name.endsWith(".txt"))
    .sort()
    .map((name) => parseStory(readFileSync(new URL(name, DIR), "utf8"), storyIdFromPath(name)));
  return { reports, eventOf: new Map(Object.entries(labels.events)) };
})();

/** Precision and recall of joined pairs against the labels. */
export function pairScores(groups: { members: string[] }[], eventOf: Map<string, string>): { precision: number; recall: number; wrong: string[][]; joined: number; truePairs: number } {
  let joined = 0, right = 0;
  const wrong: string[][] = [];
  for (const { members } of groups) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        joined++;
        if (eventOf.get(members[i]!) === eventOf.get(members[j]!)) right++;
        else wrong.push([members[i]!, members[j]!]);
      }
    }
  }
  const sizes = new Map<string, number>();
  for (const event of eventOf.values()) sizes.set(event, (sizes.get(event) ?? 0) + 1);
  const truePairs = [...sizes.values()].reduce((sum, n) => sum + (n * (n - 1)) / 2, 0);
  return { precision: joined ? right / joined : 1, recall: truePairs ? right / truePairs : 1, wrong, joined, truePairs };
}
