/**
 * Which name key finds transliterations of one name and keeps different names apart?
 * Compares Herald's own key with double-metaphone and Daitch–Mokotoff (talisman) on labelled pairs.
 * Run: npx tsx bench/names.ts
 */
import { doubleMetaphone } from "double-metaphone";
import daitchMokotoff from "talisman/phonetics/daitch-mokotoff.js";
import { nameKey, normalizeName } from "../src/core/coverage/names.js";

/** Spellings of one name in English, French, German and other Latin transliterations. */
const SAME: string[][] = [
  ["Ushakov", "Ouchakov", "Uschakow"], ["Zelensky", "Zelenskyy", "Selenskyj", "Zelenski", "Zelenskiy"],
  ["Peskov", "Peskow"], ["Yuri", "Iouri", "Juri", "Yury", "Jurij"], ["Dmitry", "Dmitri", "Dmitrij"],
  ["Sergei", "Sergey", "Sergueï", "Sergej"], ["Lavrov", "Lawrow"], ["Medvedev", "Medwedew", "Medvedeff"],
  ["Navalny", "Nawalny", "Navalnyy", "Navalni"], ["Tchaikovsky", "Tschaikowski", "Chaikovsky", "Tchaïkovski"],
  ["Khodorkovsky", "Chodorkowski", "Khodorkovski"], ["Shoigu", "Choïgou", "Schoigu"], ["Gorbachev", "Gorbatchev", "Gorbatschow"],
  ["Yanukovych", "Ianoukovitch", "Janukowytsch"], ["Kuleba", "Kouleba"], ["Oleksandr", "Oleksander"],
  ["Alexei", "Alexey", "Alekseï", "Alexej"], ["Mikhail", "Mikhaïl", "Michail"], ["Nikolai", "Nikolaï", "Nikolaj"],
  ["Erdoğan", "Erdogan"], ["Müller", "Muller"], ["Sikorski", "Sikorsky"], ["Mishustin", "Michoustine", "Mischustin"],
];
/** Different names that a careless key would fold together. */
const DIFFERENT: [string, string][] = [
  ["Bonne", "Bonn"], ["Bonne", "Bonnet"], ["Ivanov", "Ivanova"], ["Lavrov", "Lavrova"], ["Macron", "Micron"],
  ["Putin", "Patton"], ["Peskov", "Pesko"], ["Markov", "Marks"], ["Smith", "Schmidt"], ["Kuleba", "Kulibaba"],
  ["Sikorski", "Sikora"], ["Marin", "Martin"], ["Moscow", "Mosul"], ["Paris", "Perez"], ["Meloni", "Malone"],
  ["Scholz", "Schulz"], ["Merz", "Marx"], ["Orban", "Urban"], ["Rutte", "Root"], ["Sánchez", "Sanches"],
  ["Tusk", "Task"], ["Costa", "Koster"], ["Harris", "Haris"], ["Kallas", "Kallis"], ["Ushakov", "Usov"],
  ["Bern", "Born"], ["Berlin", "Merlin"], ["Stern", "Sterne"], ["Mann", "Man"], ["Kim", "Kimi"],
];

type Matcher = { name: string; codes(word: string): string[] };
const MATCHERS: Matcher[] = [
  { name: "Herald's own key (src/core/coverage/names.ts)", codes: (w) => [nameKey(w)] },
  { name: "double-metaphone (primary or secondary)", codes: (w) => doubleMetaphone(normalizeName(w)) },
  { name: "Daitch–Mokotoff soundex (talisman)", codes: (w) => daitchMokotoff(normalizeName(w)) as string[] },
];

const meet = (m: Matcher, a: string, b: string): boolean => {
  const codes = new Set(m.codes(a));
  return m.codes(b).some((c) => codes.has(c));
};

for (const matcher of MATCHERS) {
  let found = 0, pairs = 0;
  const missed: string[] = [];
  for (const group of SAME) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        pairs++;
        if (meet(matcher, group[i]!, group[j]!)) found++;
        else missed.push(`${group[i]}/${group[j]}`);
      }
    }
  }
  const wrong = DIFFERENT.filter(([a, b]) => meet(matcher, a, b)).map(([a, b]) => `${a}/${b}`);
  const started = performance.now();
  for (let k = 0; k < 2000; k++) for (const group of SAME) for (const w of group) matcher.codes(w);
  const perWordUs = ((performance.now() - started) * 1000) / (2000 * SAME.flat().length);
  console.log(`${matcher.name}\n  same name found: ${found}/${pairs}  different names folded: ${wrong.length}/${DIFFERENT.length}  ${perWordUs.toFixed(2)} µs/word`);
  if (missed.length) console.log(`  missed: ${missed.join(", ")}`);
  if (wrong.length) console.log(`  folded: ${wrong.join(", ")}`);
}
