import { defineCommand } from "../src/core/command.js";
import { translator } from "../src/core/i18n.js";
import type { Button } from "../src/core/reply.js";
import { LABEL_FIELDS, requireSubscriptions, subscriptionFields, subscriptionLabel } from "../src/core/subscriptions.js";

/** Subscriptions per row of buttons: two (Change, End) each keeps every row within Discord's five buttons. */
const PER_ROW = 2;

export default defineCommand({
  name: "subscriptions",
  description: "This chat's subscriptions: settings, next delivery, buttons to change or end each",
  options: {},
  async execute(_input, { services, chat, locale = "en" }) {
    const t = translator(locale);
    const all = await requireSubscriptions(services).list(chat);
    if (!all.length) return { blocks: [{ text: t("subscriptions-none") }] };
    const several = all.length > 1;
    const buttons: Button[][] = [];
    all.forEach((view, i) => {
      if (i % PER_ROW === 0) buttons.push([]);
      buttons.at(-1)!.push(
        { label: several ? t("button-change-number", { number: view.number }) : t("button-change"), action: { command: "subscribe", options: { number: view.number, step: "mode" }, inPlace: false } },
        { label: several ? t("button-end-number", { number: view.number }) : t("button-end"), action: { command: "unsubscribe", options: { number: view.number }, inPlace: false } },
      );
    });
    if (!several) return { title: t("subscriptions-title-one"), blocks: [], fields: subscriptionFields(all[0]!, locale), buttons };
    return {
      title: t("subscriptions-title", { count: all.length }),
      blocks: all.map((view) => ({
        heading: `${view.number}. ${subscriptionLabel(view, t)}`,
        text: subscriptionFields(view, locale, LABEL_FIELDS)
          .map((field) => `${field.name}: ${field.value}`)
          .join("\n"),
      })),
      buttons,
    };
  },
});
