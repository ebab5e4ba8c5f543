import { describe, expect, it } from "vitest";
import { splitHeading } from "../../src/core/parse/headings.js";

const NB = "\u202f";

/** [paragraph, expected heading] — made-up headings of many kinds. */
const CASES: [string, string | null][] = [
  [`Bonne’s Visit Scheduled and Low‑Profile Emmanuel${NB}Bonne, head of the cell, travelled to Moscow.`, "Bonne’s Visit Scheduled and Low‑Profile"],
  ["Purpose Focused on Coordination with Ukraine and Europe During the discussion, Bonne spoke.", "Purpose Focused on Coordination with Ukraine and Europe"],
  ["Link to Macron’s December 2025 Announcement President Macron announced in December a plan.", "Link to Macron’s December 2025 Announcement"],
  [`Timing and Publication Details Le${NB}Monde first published the story.`, "Timing and Publication Details"],
  ["Timing and Publication Details Le Monde first published the story.", "Timing and Publication Details"],
  ["Walkout Enters Its Third Week The union said the strike would go on.", "Walkout Enters Its Third Week"],
  ["Economic Cost for Northern Europe According to the port authority, ships wait.", "Economic Cost for Northern Europe"],
  ["Government Calls for Mediation Prime Minister Dick Schoof urged both sides to talk.", "Government Calls for Mediation"],
  ["Codelco Takes the Lead The state copper miner will hold a majority.", "Codelco Takes the Lead"],
  ["A Record Reaching Back 1.2 Million Years The team drilled deep.", "A Record Reaching Back 1.2 Million Years"],
  ["Logistics on the Plateau In a season lasting weeks, the crew worked.", "Logistics on the Plateau"],
  ["Next Steps in Venice Carlo Barbante, who coordinates the project, said more.", "Next Steps in Venice"],
  ["Markets React Investors sold shares on Monday.", "Markets React"],
  ["Background: The dispute began in 2019.", "Background"],
  ["What Comes Next – Negotiators meet again on Friday.", "What Comes Next"],
  ["Talks Stall Over Fishing Rights Officials said no deal was near.", "Talks Stall Over Fishing Rights"],
  ["Reaction in Brussels The European Commission declined to comment.", "Reaction in Brussels"],
  ["Key Figures 12 people were injured in the blast.", "Key Figures"],
  ["Role of the Central Bank It was not immediately clear who would pay.", "Role of the Central Bank"],
  ["Opposition Response Critics called the plan reckless.", "Opposition Response"],
  ["Rising Prices at the Pump Drivers paid record amounts in May.", "Rising Prices at the Pump"],
  ["Court Ruling Expected Judges will decide next week.", "Court Ruling Expected"],
  ["Diplomatic Fallout French Foreign Minister Jean-Noël Barrot summoned the ambassador.", "Diplomatic Fallout"],
  ["Impact on Farmers “We are losing money every day,” said one grower.", "Impact on Farmers"],
  ["The talks were held in private and no statement followed.", null],
  ["prices rose sharply in March.", null],
  ["Short Title Only", null],
];

describe("splitHeading", () => {
  it.each(CASES)("finds the heading of %j", (paragraph, heading) => {
    const split = splitHeading(paragraph);
    expect(split.heading).toBe(heading);
    if (heading !== null) {
      expect(`${heading} ${split.text}`.replace(/[:–] /u, "")).toContain(split.text);
      expect(paragraph.endsWith(split.text)).toBe(true);
    } else expect(split.text).toBe(paragraph);
  });
});
