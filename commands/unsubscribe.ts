import { defineCommand, option } from "../src/core/command.js";
import { refuse, translator } from "../src/core/i18n.js";
import { requireSubscriptions, subscriptionLabel } from "../src/core/subscriptions.js";

/** Subscriptions offered as buttons when /unsubscribe asks which; any other is typed. */
const ENDABLE_BUTTONS = 5;

export default defineCommand({
  name: "unsubscribe",
  description: "End one of this chat's subscriptions (asks which when there are several)",
  options: {
    number: option.integer("Which subscription to end (see /subscriptions)", { min: 1, max: 99 }),
  },
  buttonFields: ["number"],
  requires: "manage",
  async execute({ number }, { services, chat, locale = "en" }) {
    const t = translator(locale);
    const subscriptions = requireSubscriptions(services);
    const all = await subscriptions.list(chat);
    if (!all.length) return { blocks: [{ text: t("unsubscribe-none") }] };
    if (number === undefined && all.length > 1) {
      return {
        title: t("unsubscribe-which"),
        blocks: [{ text: all.map((view) => `${view.number}. ${subscriptionLabel(view, t)}`).join("\n") }],
        buttons: all
          .slice(0, ENDABLE_BUTTONS)
          .map((view) => [{ label: t("button-end-label", { number: view.number, label: subscriptionLabel(view, t) }), action: { command: "unsubscribe", options: { number: view.number }, inPlace: true } }]),
        footer: all.length > ENDABLE_BUTTONS ? t("unsubscribe-type-any", { count: all.length }) : t("unsubscribe-type"),
      };
    }
    const ending = number === undefined ? all[0]! : all.find((view) => view.number === number);
    if (!ending) throw refuse("bad_option", "err-no-such-subscription", { number: number!, count: all.length });
    await subscriptions.unsubscribe(chat, ending.number);
    const left = all.length - 1;
    return {
      blocks: [
        {
          text: left === 0 ? t("unsubscribed-all") : t("unsubscribed-one", { label: subscriptionLabel(ending, t), number: ending.number, left }),
        },
      ],
    };
  },
});
