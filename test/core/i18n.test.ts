import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { FluentResource } from "@fluent/bundle";
import { describe, expect, it } from "vitest";
import { answer } from "../../src/core/answer.js";
import { readCommandLine } from "../../src/core/dispatch.js";
import { describeCommand, formatStoryDate, LOCALES, localeOf, messageIds, translate } from "../../src/core/i18n.js";
import { PROJECT_ROOT } from "../../src/core/paths.js";
import { loadCommands } from "../../src/core/registry.js";
import { toSlashCommand } from "../../src/adapters/discord/definitions.js";
import { createSubscriptionService } from "../../src/subscriptions/index.js";
import { makeServices } from "../helpers/services.js";
import { harbour } from "../helpers/stories.js";

/** Every .ts file of src/ and commands/, the places that may name a message. */
function sourceFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
  return [...walk(path.join(PROJECT_ROOT, "src")), ...walk(path.join(PROJECT_ROOT, "commands"))];
}

/** The text of a call's first argument, from after `(` to the comma or parenthesis that closes it. */
function firstArgument(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      if (depth === 0) return source.slice(open, i);
      depth--;
    } else if (c === "," && depth === 0) return source.slice(open, i);
  }
  return source.slice(open);
}

/**
 * The message ids the code names: string literals where a message id goes (`t(…)`, `translate(locale, …)`,
 * `refuse(code, …)`, `{ id: … }`), and families built at run time (`mode-${mode}`) as prefixes.
 */
function idsInCode(): { ids: Set<string>; families: Set<string> } {
  const ids = new Set<string>();
  const families = new Set<string>();
  const take = (text: string) => {
    // Every message id has a hyphen (`help-title`); a literal compared with (`=== "added"`) is no id.
    for (const m of text.matchAll(/(?<![=!]==\s*)"([a-z][a-z0-9]*-[a-z0-9-]+)"/g)) ids.add(m[1]!);
  };
  for (const file of sourceFiles()) {
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(/(?<![\w.])t\(/g)) take(firstArgument(source, m.index + m[0].length));
    for (const m of source.matchAll(/\b(?:translate|refuse)\(/g)) {
      const start = m.index + m[0].length;
      const first = firstArgument(source, start);
      take(firstArgument(source, start + first.length + 1));
    }
    for (const m of source.matchAll(/\bid: /g)) take(firstArgument(source, m.index + m[0].length));
    // A message id built at run time (`mode-${mode}`, `feed-health-${…}`) names a family; the next test checks its members.
    for (const m of source.matchAll(/`([a-z][a-z0-9-]*-)\$\{/g)) families.add(m[1]!);
  }
  return { ids, families };
}

describe("message catalogues", () => {
  // Command and option descriptions and choice names are each command's own in English; other catalogues translate them (cmd-*, opt-*, choice-*).
  const describing = (id: string) => id.startsWith("cmd-") || id.startsWith("opt-") || id.startsWith("choice-");

  it("every catalogue has every message of every other", () => {
    const ids = (locale: (typeof LOCALES)[number]) => messageIds(locale).filter((id) => !describing(id));
    const all = new Set(LOCALES.flatMap(ids));
    for (const locale of LOCALES) {
      const missing = [...all].filter((id) => !ids(locale).includes(id));
      expect(missing, `locales/${locale}.ftl lacks ${missing.join(", ")}`).toEqual([]);
    }
  });

  it("has every message the code uses, and none the code does not", () => {
    const { ids, families } = idsInCode();
    // The scan must see the code at all: a broken scan would find nothing missing.
    expect(ids.size).toBeGreaterThan(100);
    for (const locale of LOCALES) {
      const catalogue = messageIds(locale).filter((id) => !describing(id));
      const missing = [...ids].filter((id) => !catalogue.includes(id));
      expect(missing, `locales/${locale}.ftl lacks messages the code uses`).toEqual([]);
      for (const family of [...families].filter((f) => !describing(f))) expect(catalogue.some((id) => id.startsWith(family)), `locales/${locale}.ftl has no ${family}*`).toBe(true);
      const unused = catalogue.filter((id) => !ids.has(id) && ![...families].some((family) => id.startsWith(family)));
      expect(unused, `locales/${locale}.ftl has messages no code uses`).toEqual([]);
    }
  });

  it("has the members of every family the code builds at run time", async () => {
    const registry = await loadCommands();
    const wanted = [
      ...["daily", "updates", "both"].flatMap((mode) => [`mode-${mode}`, `button-mode-${mode}`]),
      ...LOCALES.map((locale) => `language-name-${locale}`),
      ...["healthy", "failing", "unhealthy", "stopped", "not-yet-fetched"].map((health) => `feed-health-${health}`),
      ...["early", "mid", "late"].map((q) => `date-${q}`),
    ];
    for (const locale of LOCALES) expect(wanted.filter((id) => !messageIds(locale).includes(id))).toEqual([]);
    expect(registry.all().length).toBeGreaterThan(5);
  });

  it("translates every command's description and every option's into every other language, and nothing else", async () => {
    const registry = await loadCommands();
    const wanted = registry.all().flatMap((command) => [
      `cmd-${command.name}`,
      ...Object.entries(command.options)
        .filter(([, spec]) => !spec.hidden)
        .flatMap(([name, spec]) => [`opt-${command.name}-${name}`, ...(spec.choices ?? []).map((choice) => `choice-${command.name}-${name}-${choice}`)]),
    ]);
    for (const locale of LOCALES.filter((l) => l !== "en")) {
      const have = messageIds(locale).filter(describing);
      expect(wanted.filter((id) => !have.includes(id)), `locales/${locale}.ftl lacks`).toEqual([]);
      expect(have.filter((id) => !wanted.includes(id)), `locales/${locale}.ftl describes what does not exist`).toEqual([]);
    }
    expect(messageIds("en").filter(describing)).toEqual([]);
    for (const command of registry.all()) expect(describeCommand(command, "en")).toBe(command.description);
  });

  it("translates every message: a French one reads as the English only where both languages use the same words", () => {
    const SAME_IN_BOTH = ["count-articles", "notice-articles", "story-id", "button-sources", "field-articles", "field-date", "help-options-heading"];
    const values = (locale: string) =>
      new Map(new FluentResource(readFileSync(path.join(PROJECT_ROOT, "locales", `${locale}.ftl`), "utf8")).body.map((m) => [m.id, JSON.stringify(m.value)]));
    const en = values("en");
    const fr = values("fr");
    const same = [...en.keys()].filter((id) => en.get(id) === fr.get(id));
    expect(same.sort()).toEqual([...SAME_IN_BOTH].sort());
  });

  it("maps platform language tags to a locale, English when Herald does not speak it", () => {
    expect(localeOf("fr")).toBe("fr");
    expect(localeOf("fr-CA")).toBe("fr");
    expect(localeOf("fr_FR.UTF-8")).toBe("fr");
    expect(localeOf("en-GB")).toBe("en");
    expect(localeOf("C.UTF-8")).toBe("en");
    expect(localeOf("de")).toBe("en");
    expect(localeOf(undefined)).toBe("en");
  });

  it("formats arguments, numbers and plurals for the locale", () => {
    expect(translate("fr", "language-current", { language: "français" })).toContain("Herald écrit en français");
    expect(translate("en", "count-articles", { count: 1234 })).toBe("1,234 articles");
    expect(translate("fr", "count-articles", { count: 1234 })).toBe("1\u202f234 articles");
    expect(translate("en", "count-articles", { count: 1 })).toBe("1 article");
    expect(translate("fr", "count-articles", { count: 0 })).toBe("0 article");
  });

  it("writes timeline dates for the locale, to the precision the document gave", () => {
    const day = { text: "Mar 2, 2026", iso: "2026-03-02", precision: "day" as const, qualifier: null };
    expect(formatStoryDate("en", day)).toBe("2 March 2026");
    expect(formatStoryDate("fr", day)).toBe("2 mars 2026");
    const month = { text: "Jan 2026 (early)", iso: "2026-01", precision: "month" as const, qualifier: "early" as const };
    expect(formatStoryDate("en", month)).toBe("early January 2026");
    expect(formatStoryDate("fr", month)).toBe("début janvier 2026");
    expect(formatStoryDate("fr", { text: "2025", iso: "2025", precision: "year", qualifier: "late" })).toBe("fin 2025");
  });
});

describe("/language and the language of answers", () => {
  const chat = { platform: "telegram" as const, id: "5", kind: "private" as const };

  it("answers in the person's platform language until the chat chooses one, then in the chat's", async () => {
    const base = await makeServices([harbour]);
    const subscriptions = await createSubscriptionService({ services: base, storeUrl: "memory", deliveries: [] });
    const services = { ...base, subscriptions };
    const ask = (line: string, language?: string) =>
      answer({ line: readCommandLine(line) }, { services, chat, user: { id: "u", ...(language ? { language } : {}) }, canManage: async () => true });
    try {
      expect((await ask("/help", "fr-FR")).replies[0]!.title).toBe("Commandes de Herald");
      expect((await ask("/help")).replies[0]!.title).toBe("Herald commands");
      const set = await ask("/language fr");
      expect(set.replies[0]!.blocks[0]!.text).toMatch(/^Herald écrit désormais en français/);
      expect((await ask("/help", "en")).replies[0]!.title).toBe("Commandes de Herald");
      expect((await ask("/help")).replies[0]!.blocks[0]!.text).toContain("/timeline [story:…] [event:…] — Parcourir la chronologie");
      // Errors too, including those found before any command runs.
      expect((await ask("/weather")).error!.blocks[0]!.text).toMatch(/^Commande inconnue « \/weather »/);
      expect((await ask("/timeline harbour event:9")).error!.blocks[0]!.text).toBe(
        "L'événement 9 n'existe pas : « Harbour Strike Enters Third Week in Rotterdam » a 3 événements (1–3).",
      );
      await ask("/language en");
      expect((await ask("/help", "fr")).replies[0]!.title).toBe("Herald commands");
    } finally {
      await subscriptions.stop();
    }
  });

  it("gives Discord French names for the choices of an option, sending the same values", async () => {
    const registry = await loadCommands();
    const mode = toSlashCommand(registry.get("subscribe")!).options!.find((o) => o.name === "mode") as { choices: { name: string; value: string; name_localizations: Record<string, string> }[] };
    expect(mode.choices.map((c) => [c.value, c.name, c.name_localizations.fr])).toEqual([
      ["daily", "daily", "résumé quotidien (daily)"],
      ["updates", "updates", "alertes de mise à jour (updates)"],
      ["both", "both", "les deux (both)"],
    ]);
  });

  it("gives Discord a French description of every command and option", async () => {
    const registry = await loadCommands();
    const json = toSlashCommand(registry.get("timeline")!);
    expect(json.description_localizations).toEqual({ fr: "Parcourir la chronologie d'un sujet, un événement à la fois" });
    expect(json.options!.map((o) => o.description_localizations)).toEqual([
      { fr: "Identifiant du sujet ou mots de son titre" },
      { fr: "Quel événement, 1 = le plus ancien" },
    ]);
  });
});
