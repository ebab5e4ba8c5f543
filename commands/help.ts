import { defineCommand } from "../src/core/command.js";

export default defineCommand({
  name: "help",
  description: "Every command, one line each",
  options: {},
  execute(_input, { services, chat }) {
    const lines = services.commands.all().map((command) => {
      const options = Object.entries(command.options)
        .filter(([, spec]) => !spec.hidden)
        .map(([name, spec]) => (spec.required ? `${name}:…` : `[${name}:…]`));
      return `/${[command.name, ...options].join(" ")} — ${command.description}`;
    });
    // The terminal chat is the one place a person leaves by typing.
    if (chat.platform === "terminal") lines.push("/quit — Leave the terminal chat (quit or exit work too)");
    return {
      title: "Herald commands",
      blocks: [
        { text: lines.join("\n") },
        { heading: "Options", text: "Type options as name:value, e.g. /timeline story:franco event:3. Words without a name fill the first option: /timeline franco." },
      ],
    };
  },
});
