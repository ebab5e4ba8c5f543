import { defineCommand } from "../src/core/command.js";
import { requireSubscriptions } from "../src/core/subscriptions.js";

export default defineCommand({
  name: "unsubscribe",
  description: "End this chat's digests and update notices",
  options: {},
  requires: "manage",
  async execute(_input, { services, chat }) {
    const ended = await requireSubscriptions(services).unsubscribe(chat);
    return {
      blocks: [{ text: ended ? "Unsubscribed: this chat gets no more digests or update notices." : "This chat has no subscription. /subscribe starts one." }],
    };
  },
});
