/**
 * Precision and recall of joined pairs on the labelled set (test/fixtures/coverage, labels.json).
 * Run: npx tsx bench/coverage-quality.ts
 */
import { CoverageGroups, DEFAULT_RULE } from "../src/core/coverage/index.js";
import { labelled, pairScores } from "../test/coverage/labelled.js";
const g = new CoverageGroups(DEFAULT_RULE);
for (const r of labelled.reports) g.add(r);
console.log(pairScores(g.groups(), labelled.eventOf));
