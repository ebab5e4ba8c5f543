import path from "node:path";
import { readFileSync } from "node:fs";
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import { HeraldError, type ErrorCode, type LocalText } from "./errors.js";
import { PROJECT_ROOT } from "./paths.js";
import type { StoryDate } from "./story.js";

/**
 * Herald's fixed texts in every language it speaks: one Fluent catalogue per locale in `locales/`
 * (the format and library under @grammyjs/i18n), shared by every platform. Story text is never translated.
 */

/** The languages Herald writes in; the first is the default. */
export const LOCALES = ["en", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

const LOCALES_DIR = path.join(PROJECT_ROOT, "locales", path.sep);

const bundles = new Map<Locale, FluentBundle>();

/** The catalogue of `locale`, read and checked on first use; a syntax error in a catalogue stops with its name. */
function bundleOf(locale: Locale): FluentBundle {
  let bundle = bundles.get(locale);
  if (!bundle) {
    bundle = new FluentBundle(locale, { useIsolating: false });
    const errors = bundle.addResource(new FluentResource(readFileSync(`${LOCALES_DIR}${locale}.ftl`, "utf8")));
    if (errors.length) throw new HeraldError("internal", `locales/${locale}.ftl: ${errors[0]!.message}`);
    bundles.set(locale, bundle);
  }
  return bundle;
}

/** The message `id` in `locale`, falling back to English; an id no catalogue has is a bug and throws. */
export function translate(locale: Locale, id: string, args?: Record<string, FluentVariable>): string {
  for (const bundle of [bundleOf(locale), bundleOf(DEFAULT_LOCALE)]) {
    const message = bundle.getMessage(id);
    if (message?.value) return bundle.formatPattern(message.value, args);
  }
  throw new HeraldError("internal", `no message "${id}" in locales/${DEFAULT_LOCALE}.ftl`);
}

/** A catalogue message in one language: `t("help-title")`. */
export type Translate = (id: string, args?: LocalText["args"]) => string;

/** `text` in `locale`, its message-valued arguments translated too. */
export function translateText(locale: Locale, text: LocalText): string {
  const raw = text.args;
  if (!raw) return translate(locale, text.id);
  // Copied only when an argument is itself a message: most calls pass plain values through.
  let args: Record<string, FluentVariable> | undefined;
  for (const key in raw) {
    const value = raw[key]!;
    if (typeof value !== "object") continue;
    args ??= { ...(raw as Record<string, FluentVariable>) };
    args[key] = Array.isArray(value) ? value.map((v) => translateText(locale, v)).join("; ") : translateText(locale, value);
  }
  return translate(locale, text.id, args ?? (raw as Record<string, FluentVariable>));
}

/** `t("help-title")` bound to one locale, for a command's execute. */
export const translator =
  (locale: Locale = DEFAULT_LOCALE): Translate =>
  (id, args) =>
    args ? translateText(locale, { id, args }) : translate(locale, id);

/** A refusal a person reads in their language: its `message` (logs, the CLI) is the English text. */
export function refuse(code: ErrorCode, id: string, args?: LocalText["args"]): HeraldError {
  const text: LocalText = { id, ...(args ? { args } : {}) };
  return new HeraldError(code, translateText(DEFAULT_LOCALE, text), { text });
}

/** What an error says to a person in `locale`: its catalogue text when it has one, else its message. */
export const messageOf = (err: HeraldError, locale: Locale = DEFAULT_LOCALE): string => (err.text ? translateText(locale, err.text) : err.message);

/** The BCP 47 tag Intl formats a locale's dates and numbers with ("en" writes 25 Nov, 08:00, as in Britain). */
const INTL_TAG: Record<Locale, string> = { en: "en-GB", fr: "fr-FR" };

/** The ways Herald writes a date; each is formatted for the locale and a time zone. */
const DATE_STYLES = {
  /** `2 March 2026` / `2 mars 2026` */
  day: { day: "numeric", month: "long", year: "numeric" },
  /** `March 2026` */
  month: { month: "long", year: "numeric" },
  /** `2026` */
  year: { year: "numeric" },
  /** `24 Nov 2026` / `24 nov. 2026` (a digest's day) */
  shortDay: { day: "numeric", month: "short", year: "numeric" },
  /** `Tue 25 Nov, 08:00` / `mar. 25 nov., 08:00` (a delivery) */
  delivery: { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  /** `20 Mar 2026, 11:50` / `20 mars 2026, 11:50` (a fetch, a publication) */
  stamp: { dateStyle: "medium", timeStyle: "short" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
export type DateStyle = keyof typeof DATE_STYLES;

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** `date` in `style` for `locale` and `zone` (cached: building an Intl format costs far more than using one). */
export function formatDate(locale: Locale, date: Date, style: DateStyle, zone = "UTC"): string {
  const key = `${style}|${locale}|${zone}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(INTL_TAG[locale], { ...DATE_STYLES[style], timeZone: zone })));
  return format.format(date);
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();
/** `1,234` or `1 234`: a count as `locale` writes it (Fluent does the same for numbers given to a message). */
export function formatNumber(locale: Locale, n: number): string {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(INTL_TAG[locale])));
  return format.format(n);
}

/**
 * A timeline date as `locale` writes it, to its precision: `2 March 2026` / `2 mars 2026`, `March 2026`,
 * `early March 2026` / `début mars 2026`. The document's own wording is kept in `date.text`.
 */
export function formatStoryDate(locale: Locale, date: StoryDate): string {
  const iso = date.precision === "year" ? `${date.iso.slice(0, 4)}-01-01` : date.precision === "month" ? `${date.iso.slice(0, 7)}-01` : date.iso.slice(0, 10);
  const at = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return date.text;
  const formatted = formatDate(locale, at, date.precision);
  return date.qualifier ? translate(locale, `date-${date.qualifier}`, { date: formatted }) : formatted;
}

/** The ids of every message in a catalogue (the completeness test compares them); `cmd-*` are the translated command descriptions. */
export function messageIds(locale: Locale): string[] {
  const source = readFileSync(`${LOCALES_DIR}${locale}.ftl`, "utf8");
  return [...source.matchAll(/^([a-z][a-z0-9-]*)\s*=/gm)].map((m) => m[1]!);
}

/** Herald's locale for a platform's language tag (`fr-FR`, `fr`, Discord's `fr`): French for French, else English. */
export function localeOf(tag: string | null | undefined): Locale {
  const base = tag?.toLowerCase().split(/[-_]/)[0];
  return LOCALES.find((locale) => locale === base) ?? DEFAULT_LOCALE;
}

/** An option's description in `locale`: its own (English) one, or the catalogue's `opt-COMMAND-OPTION` in another language. */
export function describeOption(command: string, option: string, spec: { description: string }, locale: Locale): string {
  const id = `opt-${command}-${option}`;
  return locale !== DEFAULT_LOCALE && bundleOf(locale).hasMessage(id) ? translate(locale, id) : spec.description;
}

/** A choice's name in `locale` (Discord shows it; the value sent stays the same): `choice-COMMAND-OPTION-VALUE`, else the value. */
export function nameChoice(command: string, option: string, value: string, locale: Locale): string {
  const id = `choice-${command}-${option}-${value}`;
  return locale !== DEFAULT_LOCALE && bundleOf(locale).hasMessage(id) ? translate(locale, id) : value;
}

/** A command's description in `locale`: its own (English) one, or the catalogue's `cmd-NAME` in another language. */
export function describeCommand(command: { name: string; description: string }, locale: Locale): string {
  return locale !== DEFAULT_LOCALE && bundleOf(locale).hasMessage(`cmd-${command.name}`) ? translate(locale, `cmd-${command.name}`) : command.description;
}
