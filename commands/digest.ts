import { defineCommand } from "../src/core/command.js";
import { requireSubscriptions } from "../src/core/subscriptions.js";

export default defineCommand({
  name: "digest",
  description: "A preview of this chat's next digest, now",
  options: {},
  async execute(_input, { services, chat }) {
    const replies = await requireSubscriptions(services).preview(chat);
    return replies.map((reply, i) => (i === 0 ? { ...reply, footer: [reply.footer, "Preview: nothing is marked as delivered."].filter(Boolean).join(" · ") } : reply));
  },
});
