import { defineCommand, option } from "../src/core/command.js";
import { encodeButton } from "../src/core/dispatch.js";
import { translator, type Translate } from "../src/core/i18n.js";
import type { Button, Reply } from "../src/core/reply.js";
import type { Services } from "../src/core/services.js";
import {
  requireSubscriptions,
  subscriptionFields,
  subscriptionLabel,
  SUBSCRIPTION_MODES,
  type SubscriptionMode,
  type SubscriptionService,
  type SubscriptionView,
} from "../src/core/subscriptions.js";
import type { ChatRef } from "../src/core/chat.js";
import { truncate } from "../src/core/text.js";
import { COMMON_ZONES, matchTimeZone } from "../src/core/timezones.js";

/** Steps of the guided /subscribe, carried by its buttons (hidden option `step`); only ever append. */
const STEPS = ["mode", "time", "zone", "filter"] as const;
type Step = (typeof STEPS)[number];
/** Digest times the guided /subscribe offers as buttons; any other is typed. */
export const GUIDE_TIMES = ["07:00", "08:00", "12:00", "18:00", "21:00"] as const;
/** The newest stories the guided /subscribe offers to follow alone; any other is typed (story:words). */
export const GUIDE_STORIES = 3;
/** Characters of a story title on its button (Discord cuts labels at 80, Telegram shows less on phones). */
const STORY_LABEL_CHARS = 40;

const MODE_CHOICES: readonly SubscriptionMode[] = ["daily", "updates", "both"];

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
  // The order buttons were first posted with; topic is never carried, but holds its place.
  buttonFields: ["number", "time", "timezone", "mode", "story", "topic", "step"],
  requires: "manage",
  async execute({ step, ...input }, { services, chat, locale = "en" }) {
    const t = translator(locale);
    const subscriptions = requireSubscriptions(services);
    const { number, ...settings } = input;
    const guided = step !== undefined || Object.values(settings).every((value) => value === undefined);
    if (guided) return guide(services, subscriptions, chat, (step ?? "mode") as Step, input, t);
    const before = await subscriptions.list(chat);
    const view = await subscriptions.subscribe(chat, { ...input, mode: input.mode as SubscriptionMode | undefined });
    // Digests and notices go out in the chat's language: until /language chooses one, the subscriber's.
    let language = await subscriptions.language(chat);
    if (!language) await subscriptions.setLanguage(chat, (language = locale));
    const updated = before.some((s) => s.number === view.number);
    const count = before.length + (updated ? 0 : 1);
    return {
      title: updated ? t(count > 1 ? "subscribe-updated-number" : "subscribe-updated", { number: view.number }) : t("subscribe-done"),
      blocks: [
        { text: t("subscribe-will-get", { what: subscriptionLabel(view, t) }) },
        { text: t("subscribe-next-steps", { language: t(`language-name-${language}`) }) },
      ],
      fields: subscriptionFields(view, locale),
      ...(count > 1 ? { footer: t("subscribe-number-of", { number: view.number, count }) } : {}),
    };
  },
});

type GuideState = { number?: number; time?: string; timezone?: string; mode?: string; story?: string };

/**
 * A zone as a button carries it: the city when it names the same zone (`New York` for America/New_York),
 * so a button that also carries a story id stays within 64 bytes.
 */
function shortZone(zone: string): string {
  const city = zone.split("/").pop()!.replace(/_/g, " ");
  const match = city !== zone ? matchTimeZone(city) : null;
  return match?.kind === "found" && match.zone === zone && city.length < zone.length ? city : zone;
}

/**
 * One step of the guided /subscribe: mode, then which stories (all, one of the newest, or a typed topic),
 * then for a digest its time and time zone. Each button carries what was chosen so far; the last one subscribes.
 */
async function guide(services: Services, subscriptions: SubscriptionService, chat: ChatRef, step: Step, state: GuideState, t: Translate): Promise<Reply> {
  const current: SubscriptionView | undefined = state.number !== undefined ? (await subscriptions.list(chat)).find((s) => s.number === state.number) : undefined;
  const title = state.number !== undefined ? t("guide-title-change", { number: state.number }) : t("guide-title");
  const carry = (options: Record<string, string | number | undefined>): Button["action"] => ({
    command: "subscribe",
    options: Object.fromEntries(Object.entries({ number: state.number, ...options }).filter(([, v]) => v !== undefined)) as Record<string, string | number>,
    inPlace: true,
  });
  // A button whose data would not fit the platforms' 64 bytes (a long zone with a long story id) is left out; typing still works.
  const fits = (button: Button) => {
    try {
      encodeButton(button.action, services.commands);
      return true;
    } catch {
      return false;
    }
  };
  const typed = (example: string) => t("guide-or-type", { command: `/subscribe ${state.number !== undefined ? `number:${state.number} ` : ""}${example}` });
  const wantsDigest = state.mode !== "updates";
  if (step === "mode" || !state.mode) {
    return {
      title,
      blocks: [{ text: t("guide-mode-question") }, { text: typed("mode:daily time:07:30 timezone:Paris") }],
      buttons: [MODE_CHOICES.map((mode) => ({ label: t(`button-mode-${mode}`), action: carry({ mode, step: "filter" }) }))],
    };
  }
  if (step === "filter") {
    // "all" says everything outright (and clears a changed subscription's filter); a story button names its id.
    const next = (story: string | undefined) => carry({ mode: state.mode, story, ...(wantsDigest ? { step: "time" } : {}) });
    const newest = services.library.list().slice(0, GUIDE_STORIES);
    const buttons: Button[][] = [[{ label: t("button-all-stories"), action: next("all") }]];
    if (current?.filter) buttons[0]!.push({ label: t("button-keep-filter"), action: next(undefined) });
    for (const { story } of newest) buttons.push([{ label: truncate(story.title, STORY_LABEL_CHARS), action: next(story.id) }]);
    return {
      title,
      blocks: [
        { text: t("guide-filter-question") },
        ...(current?.filter ? [{ text: t("guide-filter-current", { label: subscriptionLabel(current, t) }) }] : []),
        { text: typed(`mode:${state.mode} topic:strike`) },
      ],
      buttons: buttons.map((row) => row.filter(fits)).filter((row) => row.length),
    };
  }
  if (step === "time" || !state.time) {
    const times = [...new Set([...(current ? [current.time] : []), ...GUIDE_TIMES])].slice(0, 5);
    return {
      title,
      blocks: [{ text: t("guide-time-question") }, { text: typed(`mode:${state.mode} time:06:45`) }],
      buttons: [times.map((time) => ({ label: time, action: carry({ mode: state.mode, story: state.story, time, step: "zone" }) })).filter(fits)],
    };
  }
  const zones = [...new Set([...(current ? [current.timezone] : []), ...COMMON_ZONES])].slice(0, 5);
  return {
    title,
    blocks: [{ text: t("guide-zone-question", { time: state.time }) }, { text: typed(`mode:${state.mode} time:${state.time} timezone:Tokyo`) }],
    buttons: [zones.map((zone) => ({ label: zone, action: carry({ mode: state.mode, story: state.story, time: state.time, timezone: shortZone(zone) }) })).filter(fits)],
  };
}
