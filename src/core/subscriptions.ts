import type { ChatRef } from "./chat.js";
import { HeraldError } from "./errors.js";
import type { Locale } from "./i18n.js";
import type { Field, Reply } from "./reply.js";

/** What a subscription delivers: a daily digest, update notices, or both. */
export type SubscriptionMode = "daily" | "updates" | "both";

export const SUBSCRIPTION_MODES: readonly SubscriptionMode[] = ["daily", "updates", "both"];

/** Restricts a subscription to one story, or to stories whose title or text mention every word of a topic. */
export type SubscriptionFilter = { kind: "story"; storyId: string; title: string } | { kind: "topic"; words: string };

/** What `/subscribe` asks for; missing values fall back to the configured defaults. */
export interface SubscribeRequest {
  /** Which of the chat's subscriptions to change (as /subscriptions numbers them). */
  number?: number;
  time?: string;
  timezone?: string;
  mode?: SubscriptionMode;
  story?: string;
  topic?: string;
}

/** A chat's subscription as `/subscriptions` shows it. */
export interface SubscriptionView {
  chat: ChatRef;
  /** Its number among the chat's subscriptions (1, 2, …), stable until it ends. */
  number: number;
  mode: SubscriptionMode;
  /** Local HH:MM of the daily digest. */
  time: string;
  /** IANA zone of `time`. */
  timezone: string;
  filter: SubscriptionFilter | null;
  /** Next digest (null in `updates` mode or while paused). */
  nextDigestAt: Date | null;
  lastDigestAt: Date | null;
  /** Set when deliveries stopped because the chat is gone; subscribing again clears it. */
  paused: { since: Date; reason: string } | null;
  createdAt: Date;
}

/** What the subscription commands need from the subscription service (src/subscriptions). */
export interface SubscriptionService {
  /**
   * Creates or changes one of this chat's subscriptions and clears the chat's pause; throws HeraldError on
   * bad input, storing nothing. Which one changes: `number` when given; else the one with the same filter
   * and mode (`both` counts as the same as `daily` or `updates`); else the only one when the request names
   * neither mode nor filter; else a new one.
   */
  subscribe(chat: ChatRef, request: SubscribeRequest): Promise<SubscriptionView>;
  /** Ends subscription `number` of this chat, or all of them; false when there was none. */
  unsubscribe(chat: ChatRef, number?: number): Promise<boolean>;
  /** This chat's subscriptions, by number. */
  list(chat: ChatRef): Promise<SubscriptionView[]>;
  /** This chat's first subscription, or null. */
  get(chat: ChatRef): Promise<SubscriptionView | null>;
  /** The language chosen for this chat with /language, or null. */
  language(chat: ChatRef): Promise<Locale | null>;
  /** Stores this chat's language. */
  setLanguage(chat: ChatRef, locale: Locale): Promise<void>;
  /** This chat's next digest as it would be sent now, without marking anything delivered. */
  preview(chat: ChatRef): Promise<Reply[]>;
}

/** What `herald ask` (which stores nothing) says to /subscribe and the other subscription commands. */
export const SUBSCRIPTIONS_NEED_A_RUNNING_HERALD =
  "Subscriptions need a running Herald that keeps them: `herald ask` answers one command and stores nothing. " +
  "Start Herald (npm start opens the terminal chat; with a token, the Discord or Telegram bot) and type /subscribe there, " +
  "e.g. /subscribe time:07:30 timezone:Europe/Paris mode:daily. Digests and notices then arrive in that chat.";

/** The subscription service, or the error every subscription command gives where there is none. */
export function requireSubscriptions(services: { subscriptions?: SubscriptionService }): SubscriptionService {
  if (!services.subscriptions) throw new HeraldError("unavailable", SUBSCRIPTIONS_NEED_A_RUNNING_HERALD);
  return services.subscriptions;
}

const MODE_TEXT: Record<SubscriptionMode, string> = {
  daily: "daily digest",
  updates: "update notices",
  both: "daily digest and update notices",
};

/** `Tue 25 Nov, 08:00 Europe/Paris (07:00 UTC)`. */
export function formatDelivery(at: Date, zone: string): string {
  const local = new Intl.DateTimeFormat("en-GB", {
    weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone,
  }).format(at);
  const utc = at.toISOString().slice(11, 16);
  return zone === "UTC" ? `${local} UTC` : `${local} ${zone} (${utc} UTC)`;
}

/** `daily digest · topic “strike”`: a subscription in a few words, for lists and buttons. */
export function subscriptionLabel(view: Pick<SubscriptionView, "mode" | "filter">): string {
  return `${MODE_TEXT[view.mode]} · ${filterText(view.filter)}`;
}

const filterText = (filter: SubscriptionFilter | null): string =>
  !filter ? "all stories" : filter.kind === "story" ? `story “${filter.title}” (${filter.storyId})` : `topic “${filter.words}”`;

/** The settings of a subscription as name/value pairs, the same in every reply that shows them. */
export function subscriptionFields(view: SubscriptionView): Field[] {
  const fields: Field[] = [{ name: "Mode", value: MODE_TEXT[view.mode], inline: true }];
  if (view.mode !== "updates") fields.push({ name: "Digest time", value: `${view.time} ${view.timezone}`, inline: true });
  fields.push({ name: "Filter", value: filterText(view.filter), inline: true });
  if (view.paused) {
    fields.push({ name: "Status", value: `Paused since ${formatDelivery(view.paused.since, view.timezone)}: ${view.paused.reason}. Run /subscribe to resume.` });
  } else {
    fields.push({ name: "Status", value: "Active" });
  }
  if (view.nextDigestAt) fields.push({ name: "Next digest", value: formatDelivery(view.nextDigestAt, view.timezone) });
  if (view.lastDigestAt) fields.push({ name: "Last digest", value: formatDelivery(view.lastDigestAt, view.timezone) });
  return fields;
}
