import { defineCommand } from "../src/core/command.js";
import { requireSubscriptions, subscriptionFields } from "../src/core/subscriptions.js";

export default defineCommand({
  name: "subscriptions",
  description: "This chat's subscription settings and next delivery",
  options: {},
  async execute(_input, { services, chat }) {
    const view = await requireSubscriptions(services).get(chat);
    if (!view) return { blocks: [{ text: "This chat has no subscription. /subscribe starts one (a daily digest by default)." }] };
    return { title: "This chat's subscription", blocks: [], fields: subscriptionFields(view) };
  },
});
