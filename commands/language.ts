import { defineCommand, option } from "../src/core/command.js";
import { LOCALES, translator, type Locale } from "../src/core/i18n.js";
import { requireSubscriptions } from "../src/core/subscriptions.js";

export default defineCommand({
  name: "language",
  description: "The language Herald writes in for this chat (English or French)",
  options: {
    language: option.string("en (English) or fr (French)", { choices: LOCALES }),
  },
  requires: "manage",
  async execute({ language }, { services, chat, locale = "en" }) {
    if (language === undefined) {
      const t = translator(locale);
      return { blocks: [{ text: t("language-current", { language: t(`language-name-${locale}`) }) }] };
    }
    const chosen = language as Locale;
    await requireSubscriptions(services).setLanguage(chat, chosen);
    const t = translator(chosen);
    return { blocks: [{ text: t("language-set") }] };
  },
});
