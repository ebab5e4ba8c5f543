import path from "node:path";
import { readFileSync } from "node:fs";
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import { HeraldError } from "./errors.js";
import { PROJECT_ROOT } from "./paths.js";

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

/** `t("help-title")` bound to one locale, for a command's execute. */
export const translator = (locale: Locale) => (id: string, args?: Record<string, FluentVariable>) => translate(locale, id, args);

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

/** A command's description in `locale`: its own (English) one, or the catalogue's `cmd-NAME` in another language. */
export function describeCommand(command: { name: string; description: string }, locale: Locale): string {
  return locale !== DEFAULT_LOCALE && bundleOf(locale).hasMessage(`cmd-${command.name}`) ? translate(locale, `cmd-${command.name}`) : command.description;
}
