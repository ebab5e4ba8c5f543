import { defineCommand, option } from "../src/core/command.js";
import { HeraldError } from "../src/core/errors.js";
import { requireSubscriptions, subscriptionLabel } from "../src/core/subscriptions.js";

export default defineCommand({
  name: "unsubscribe",
  description: "End one of this chat's subscriptions (asks which when there are several)",
  options: {
    number: option.integer("Which subscription to end (see /subscriptions)", { min: 1, max: 99 }),
  },
  requires: "manage",
  async execute({ number }, { services, chat }) {
    const subscriptions = requireSubscriptions(services);
    const all = await subscriptions.list(chat);
    if (!all.length) return { blocks: [{ text: "This chat has no subscription. /subscribe starts one." }] };
    if (number === undefined && all.length > 1) {
      return {
        title: "Which subscription should end?",
        blocks: [{ text: all.map((view) => `${view.number}. ${subscriptionLabel(view)}`).join("\n") }],
        buttons: all.map((view) => [{ label: `End ${view.number}: ${subscriptionLabel(view)}`, action: { command: "unsubscribe", options: { number: view.number }, inPlace: true } }]).slice(0, 5),
        footer: all.length > 5 ? `Or type /unsubscribe number:N for any of the ${all.length}.` : "Or type /unsubscribe number:N.",
      };
    }
    const ending = number === undefined ? all[0]! : all.find((view) => view.number === number);
    if (!ending) throw new HeraldError("bad_option", `This chat has no subscription ${number}. /subscriptions lists its ${all.length}.`);
    await subscriptions.unsubscribe(chat, ending.number);
    const left = all.length - 1;
    return {
      blocks: [
        {
          text:
            left === 0
              ? "Unsubscribed: this chat gets no more digests or update notices."
              : `Unsubscribed from ${subscriptionLabel(ending)} (subscription ${ending.number}). ${left === 1 ? "One subscription remains" : `${left} subscriptions remain`}: /subscriptions shows ${left === 1 ? "it" : "them"}.`,
        },
      ],
    };
  },
});
