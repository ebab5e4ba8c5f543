import { defineCommand } from "../src/core/command.js";
import { describeCommand, translator } from "../src/core/i18n.js";

export default defineCommand({
  name: "help",
  description: "Every command, one line each",
  options: {},
  execute(_input, { services, chat, locale = "en" }) {
    const t = translator(locale);
    const lines = services.commands.all().map((command) => {
      const options = Object.entries(command.options)
        .filter(([, spec]) => !spec.hidden)
        .map(([name, spec]) => (spec.required ? `${name}:…` : `[${name}:…]`));
      return `/${[command.name, ...options].join(" ")} — ${describeCommand(command, locale)}`;
    });
    // The terminal chat is the one place a person leaves by typing.
    if (chat.platform === "terminal") lines.push(t("help-quit"));
    return {
      title: t("help-title"),
      blocks: [
        { text: lines.join("\n") },
        { heading: t("help-options-heading"), text: t("help-options") },
      ],
    };
  },
});
