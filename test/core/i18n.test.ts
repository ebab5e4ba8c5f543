import { describe, expect, it } from "vitest";
import { answer } from "../../src/core/answer.js";
import { readCommandLine } from "../../src/core/dispatch.js";
import { describeCommand, LOCALES, localeOf, messageIds, translate } from "../../src/core/i18n.js";
import { loadCommands } from "../../src/core/registry.js";
import { toSlashCommand } from "../../src/adapters/discord/definitions.js";
import { createSubscriptionService } from "../../src/subscriptions/index.js";
import { makeServices } from "../helpers/services.js";
import { harbour } from "../helpers/stories.js";

describe("message catalogues", () => {
  it("every catalogue has every message of every other", () => {
    // Command descriptions (cmd-*) are compared with the commands themselves below.
    const ids = (locale: (typeof LOCALES)[number]) => messageIds(locale).filter((id) => !id.startsWith("cmd-"));
    const all = new Set(LOCALES.flatMap(ids));
    for (const locale of LOCALES) {
      const missing = [...all].filter((id) => !ids(locale).includes(id));
      expect(missing, `locales/${locale}.ftl lacks ${missing.join(", ")}`).toEqual([]);
    }
  });

  it("has a translated description of every command in every other language (English is the command's own)", async () => {
    const registry = await loadCommands();
    for (const locale of LOCALES.filter((l) => l !== "en")) {
      const missing = registry.all().filter((command) => !messageIds(locale).includes(`cmd-${command.name}`)).map((c) => `cmd-${c.name}`);
      expect(missing, `locales/${locale}.ftl lacks ${missing.join(", ")}`).toEqual([]);
    }
    for (const command of registry.all()) expect(describeCommand(command, "en")).toBe(command.description);
  });

  it("maps platform language tags to a locale, English when Herald does not speak it", () => {
    expect(localeOf("fr")).toBe("fr");
    expect(localeOf("fr-CA")).toBe("fr");
    expect(localeOf("en-GB")).toBe("en");
    expect(localeOf("de")).toBe("en");
    expect(localeOf(undefined)).toBe("en");
  });

  it("formats arguments", () => {
    expect(translate("fr", "language-current", { language: "français" })).toContain("Herald écrit en français");
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
      await ask("/language en");
      expect((await ask("/help", "fr")).replies[0]!.title).toBe("Herald commands");
    } finally {
      await subscriptions.stop();
    }
  });

  it("gives Discord a French description of every command", async () => {
    const registry = await loadCommands();
    const json = toSlashCommand(registry.get("timeline")!);
    expect(json.description_localizations).toEqual({ fr: "Parcourir la chronologie d'un sujet, un événement à la fois" });
  });
});
