import { defineCommand, option } from "../src/core/command.js";
import { requireSubscriptions, subscriptionFields, SUBSCRIPTION_MODES, type SubscriptionMode } from "../src/core/subscriptions.js";

export default defineCommand({
  name: "subscribe",
  description: "Get a daily digest, update notices, or both, in this chat",
  options: {
    time: option.string("Digest time, 24-hour HH:MM (e.g. 08:00)", { maxLength: 10 }),
    timezone: option.string("A city, a country or an IANA time zone (e.g. Paris, India, Europe/Paris)", { maxLength: 64, autocomplete: "timezone" }),
    mode: option.string("daily, updates or both", { choices: SUBSCRIPTION_MODES }),
    story: option.string("Only this story (id or words of its title); all to clear", { autocomplete: "story" }),
    topic: option.string("Only stories mentioning these words; all to clear", { maxLength: 100 }),
  },
  requires: "manage",
  async execute(input, { services, chat }) {
    const subscriptions = requireSubscriptions(services);
    const before = await subscriptions.get(chat);
    const view = await subscriptions.subscribe(chat, { ...input, mode: input.mode as SubscriptionMode | undefined });
    const what = view.mode === "updates" ? "update notices" : view.mode === "both" ? "a daily digest and update notices" : "a daily digest";
    return {
      title: before ? "Subscription updated" : "Subscribed",
      blocks: [{ text: `This chat will get ${what}. /subscriptions shows the settings, /digest previews the next digest, /unsubscribe ends it.` }],
      fields: subscriptionFields(view),
    };
  },
});
