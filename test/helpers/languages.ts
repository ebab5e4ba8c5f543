import { readFileSync } from "node:fs";
import { expect } from "vitest";
import path from "node:path";
import { LOCALES, type Locale } from "../../src/core/i18n.js";
import { PROJECT_ROOT } from "../../src/core/paths.js";

/**
 * The fixed words of each catalogue: every run of text between placeables (`Subscribed`, `is out of range:`),
 * at least two words long, that the other catalogue does not also contain (command examples such as
 * `/subscribe number:2 time:08:00` are the same in both). A French answer that holds one of the English
 * runs left a text untranslated, and the reverse.
 */
function fragmentsOf(locale: Locale): string[] {
  const source = (l: Locale) => readFileSync(path.join(PROJECT_ROOT, "locales", `${l}.ftl`), "utf8");
  const others = LOCALES.filter((l) => l !== locale).map(source).join("\n");
  const pieces = source(locale)
    .split("\n")
    .filter((line) => !line.startsWith("#") && !/^(cmd|opt|choice)-/.test(line))
    .map((line) => line.replace(/^[a-z][a-z0-9-]* =/, "").replace(/^\s*\*?\[[^\]]+\]/, ""))
    .flatMap((line) => line.split(/\{[^}]*\}?|\}/))
    .map((piece) => piece.trim().replace(/[.:;,]$/, "").trim())
    .filter((piece) => piece.split(/\s+/).length >= 2 && piece.length >= 10 && !others.includes(piece));
  return [...new Set(pieces)];
}

const fragments = new Map<Locale, string[]>(LOCALES.map((l) => [l, fragmentsOf(l)]));

/** The fixed texts of `locale` found in `text` (the plain text of a rendered answer). */
export const textsOf = (locale: Locale, text: string): string[] => fragments.get(locale)!.filter((piece) => text.includes(piece));

/**
 * Every command once, typed as a person would, in an order that leaves each one something to show: a
 * subscription exists before /subscriptions, /digest and /unsubscribe. Two bad requests end the list.
 */
export const EVERY_COMMAND = [
  "/help",
  "/stories",
  "/headline",
  "/timeline harbour",
  "/sources harbour",
  "/feeds",
  "/language",
  "/subscribe",
  "/subscribe mode:daily time:07:30 timezone:Paris",
  "/subscriptions",
  "/digest",
  "/unsubscribe",
  "/timeline harbour event:9",
  "/weather",
] as const;

/**
 * The answers to EVERY_COMMAND in each language, as plain text with button labels: each answer differs
 * from the other language's answer to the same line and holds none of the other language's fixed texts,
 * and each conversation holds many of its own (so an empty or untranslated run cannot pass).
 */
export function expectEachInItsLanguage(answers: Record<Locale, { line: string; text: string }[]>): void {
  for (const locale of LOCALES) {
    const other = LOCALES.find((l) => l !== locale)!;
    expect(answers[locale].map((a) => a.line)).toEqual([...EVERY_COMMAND]);
    answers[locale].forEach(({ line, text }, i) => {
      expect(textsOf(other, text), `the ${locale} answer to ${line} holds ${other} text:\n${text}`).toEqual([]);
      expect(text, `${line} answers the same in ${locale} and ${other}`).not.toBe(answers[other][i]!.text);
    });
    expect(new Set(answers[locale].flatMap(({ text }) => textsOf(locale, text))).size).toBeGreaterThan(20);
  }
}
