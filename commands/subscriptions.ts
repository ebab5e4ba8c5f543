import { defineCommand } from "../src/core/command.js";
import type { Button } from "../src/core/reply.js";
import { requireSubscriptions, subscriptionFields, subscriptionLabel } from "../src/core/subscriptions.js";

/** Subscriptions per row of buttons: two (Change, End) each keeps every row within Discord's five buttons. */
const PER_ROW = 2;

export default defineCommand({
  name: "subscriptions",
  description: "This chat's subscriptions: settings, next delivery, buttons to change or end each",
  options: {},
  async execute(_input, { services, chat }) {
    const all = await requireSubscriptions(services).list(chat);
    if (!all.length) return { blocks: [{ text: "This chat has no subscription. /subscribe starts one (it asks what and when)." }] };
    const buttons: Button[][] = [];
    all.forEach((view, i) => {
      if (i % PER_ROW === 0) buttons.push([]);
      buttons.at(-1)!.push(
        { label: all.length > 1 ? `Change ${view.number}` : "Change", action: { command: "subscribe", options: { number: view.number, step: "mode" }, inPlace: false } },
        { label: all.length > 1 ? `End ${view.number}` : "End", action: { command: "unsubscribe", options: { number: view.number }, inPlace: false } },
      );
    });
    if (all.length === 1) return { title: "This chat's subscription", blocks: [], fields: subscriptionFields(all[0]!), buttons };
    return {
      title: `This chat's subscriptions (${all.length})`,
      blocks: all.map((view) => ({
        heading: `${view.number}. ${subscriptionLabel(view)}`,
        text: subscriptionFields(view)
          .filter((field) => field.name !== "Mode" && field.name !== "Filter")
          .map((field) => `${field.name}: ${field.value}`)
          .join("\n"),
      })),
      buttons,
    };
  },
});
