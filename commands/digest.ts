import { defineCommand } from "../src/core/command.js";
import { translator } from "../src/core/i18n.js";
import { requireSubscriptions } from "../src/core/subscriptions.js";

export default defineCommand({
  name: "digest",
  description: "A preview of this chat's next digest, now",
  options: {},
  async execute(_input, { services, chat, locale = "en" }) {
    const replies = await requireSubscriptions(services).preview(chat, locale);
    const t = translator(locale);
    const note = t("digest-preview-note");
    return replies.map((reply, i) => (i === 0 ? { ...reply, footer: [reply.footer, note].filter(Boolean).join(" · ") } : reply));
  },
});
