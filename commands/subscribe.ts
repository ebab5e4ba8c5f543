import { defineCommand, option } from "../src/core/command.js";
import type { Button, Reply } from "../src/core/reply.js";
import {
  requireSubscriptions,
  subscriptionFields,
  SUBSCRIPTION_MODES,
  type SubscriptionMode,
  type SubscriptionService,
} from "../src/core/subscriptions.js";
import type { ChatRef } from "../src/core/chat.js";
import { COMMON_ZONES } from "../src/core/timezones.js";

/** Steps of the guided /subscribe, carried by its buttons (hidden option `step`). */
const STEPS = ["mode", "time", "zone"] as const;
type Step = (typeof STEPS)[number];
/** Digest times the guided /subscribe offers as buttons; any other is typed. */
export const GUIDE_TIMES = ["07:00", "08:00", "12:00", "18:00", "21:00"] as const;

const MODE_CHOICES: { mode: SubscriptionMode; label: string }[] = [
  { mode: "daily", label: "Daily digest" },
  { mode: "updates", label: "Update notices" },
  { mode: "both", label: "Both" },
];

export default defineCommand({
  name: "subscribe",
  description: "Get a daily digest, update notices, or both, in this chat",
  options: {
    number: option.integer("Which of this chat's subscriptions to change (see /subscriptions)", { min: 1, max: 99 }),
    time: option.string("Digest time, 24-hour HH:MM (e.g. 08:00)", { maxLength: 10 }),
    timezone: option.string("A city, a country or an IANA time zone (e.g. Paris, India, Europe/Paris)", { maxLength: 64, autocomplete: "timezone" }),
    mode: option.string("daily, updates or both", { choices: SUBSCRIPTION_MODES }),
    story: option.string("Only this story (id or words of its title); all to clear", { autocomplete: "story" }),
    topic: option.string("Only stories mentioning these words; all to clear", { maxLength: 100 }),
    step: option.string("Step of the guided /subscribe", { hidden: true, choices: STEPS }),
  },
  requires: "manage",
  async execute({ step, ...input }, { services, chat }) {
    const subscriptions = requireSubscriptions(services);
    const { number, ...settings } = input;
    const guided = step !== undefined || Object.values(settings).every((value) => value === undefined);
    if (guided) return guide(subscriptions, chat, (step ?? "mode") as Step, input);
    const before = await subscriptions.list(chat);
    const view = await subscriptions.subscribe(chat, { ...input, mode: input.mode as SubscriptionMode | undefined });
    const count = before.length + (before.some((s) => s.number === view.number) ? 0 : 1);
    const updated = before.some((s) => s.number === view.number);
    const what = view.mode === "updates" ? "update notices" : view.mode === "both" ? "a daily digest and update notices" : "a daily digest";
    return {
      title: updated ? `Subscription ${count > 1 ? `${view.number} ` : ""}updated` : "Subscribed",
      blocks: [
        {
          text: `This chat will get ${what}. /subscriptions shows this chat's subscriptions, /digest previews the next digest, /unsubscribe ends one. Another /subscribe with a different mode, story or topic adds a subscription.`,
        },
      ],
      fields: subscriptionFields(view),
      ...(count > 1 ? { footer: `Subscription ${view.number} of ${count}` } : {}),
    };
  },
});

type GuideState = { number?: number; time?: string; timezone?: string; mode?: string };

/** One step of the guided /subscribe: mode, then (for a digest) time, then time zone; each button carries what was chosen. */
async function guide(subscriptions: SubscriptionService, chat: ChatRef, step: Step, state: GuideState): Promise<Reply> {
  const current = state.number !== undefined ? (await subscriptions.list(chat)).find((s) => s.number === state.number) : undefined;
  const title = state.number !== undefined ? `Change subscription ${state.number}` : "Subscribe this chat";
  const carry = (options: Record<string, string | number>): Button["action"] => ({
    command: "subscribe",
    options: { ...(state.number !== undefined ? { number: state.number } : {}), ...options },
    inPlace: true,
  });
  const typed = (example: string) => `Or type it: /subscribe ${state.number !== undefined ? `number:${state.number} ` : ""}${example}`;
  if (step === "mode" || !state.mode) {
    return {
      title,
      blocks: [
        { text: "What should this chat get? A daily digest sums up what changed, once a day at a time you choose; update notices arrive when a story changes." },
        { text: typed("mode:daily time:07:30 timezone:Paris (a story: or topic: option limits it to one story or subject).") },
      ],
      buttons: [MODE_CHOICES.map(({ mode, label }) => ({ label, action: carry(mode === "updates" ? { mode } : { mode, step: "time" }) }))],
    };
  }
  if (step === "time" || !state.time) {
    const times = [...new Set([...(current ? [current.time] : []), ...GUIDE_TIMES])].slice(0, 5);
    return {
      title,
      blocks: [{ text: "At what time should the digest arrive?" }, { text: typed(`mode:${state.mode} time:06:45 (any 24-hour HH:MM).`) }],
      buttons: [times.map((time) => ({ label: time, action: carry({ mode: state.mode!, time, step: "zone" }) }))],
    };
  }
  const zones = [...new Set([...(current ? [current.timezone] : []), ...COMMON_ZONES])].slice(0, 5);
  return {
    title,
    blocks: [
      { text: `In which time zone is ${state.time}?` },
      { text: typed(`mode:${state.mode} time:${state.time} timezone:Tokyo (a city, a country or a name such as Europe/Paris).`) },
    ],
    buttons: [zones.map((timezone) => ({ label: timezone, action: carry({ mode: state.mode!, time: state.time!, timezone }) }))],
  };
}
