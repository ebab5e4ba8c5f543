import type { ChatRef } from "./chat.js";
import { formatDate, refuse, translator, type Locale, type Translate } from "./i18n.js";
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
  /** This chat's next digest as it would be sent now (in `locale`, else the chat's language), without marking anything delivered. */
  preview(chat: ChatRef, locale?: Locale): Promise<Reply[]>;
}

/** The subscription service, or the error every subscription command gives where there is none (`herald ask` stores nothing). */
export function requireSubscriptions(services: { subscriptions?: SubscriptionService }): SubscriptionService {
  if (!services.subscriptions) throw refuse("unavailable", "err-subscriptions-need-herald");
  return services.subscriptions;
}

/** `Tue 25 Nov, 08:00 Europe/Paris (07:00 UTC)`, or `mar. 25 nov., 08:00 …` in French. */
export function formatDelivery(at: Date, zone: string, locale: Locale = "en"): string {
  const local = formatDate(locale, at, "delivery", zone);
  const utc = at.toISOString().slice(11, 16);
  return zone === "UTC" ? `${local} UTC` : `${local} ${zone} (${utc} UTC)`;
}

/** `daily digest · topic “strike”`: a subscription in a few words, for lists and buttons. */
export function subscriptionLabel(view: Pick<SubscriptionView, "mode" | "filter">, t: Translate = translator()): string {
  return `${t(`mode-${view.mode}`)} · ${filterText(view.filter, t)}`;
}

const filterText = (filter: SubscriptionFilter | null, t: Translate): string =>
  !filter
    ? t("filter-all")
    : filter.kind === "story"
      ? t("filter-story", { title: filter.title, id: filter.storyId })
      : t("filter-topic", { words: filter.words });

/** Field names of `subscriptionFields` that a list of several subscriptions leaves out (its headings say them). */
export const LABEL_FIELDS = ["field-mode", "field-filter"] as const;

/** The settings of a subscription as name/value pairs, the same in every reply that shows them. */
export function subscriptionFields(view: SubscriptionView, locale: Locale = "en", omit: readonly string[] = []): Field[] {
  const t = translator(locale);
  const fields: (Field & { id: string })[] = [{ id: "field-mode", name: t("field-mode"), value: t(`mode-${view.mode}`), inline: true }];
  if (view.mode !== "updates") fields.push({ id: "field-digest-time", name: t("field-digest-time"), value: `${view.time} ${view.timezone}`, inline: true });
  fields.push({ id: "field-filter", name: t("field-filter"), value: filterText(view.filter, t), inline: true });
  fields.push(
    view.paused
      ? { id: "field-status", name: t("field-status"), value: t("status-paused", { since: formatDelivery(view.paused.since, view.timezone, locale), reason: view.paused.reason }) }
      : { id: "field-status", name: t("field-status"), value: t("status-active") },
  );
  if (view.nextDigestAt) fields.push({ id: "field-next-digest", name: t("field-next-digest"), value: formatDelivery(view.nextDigestAt, view.timezone, locale) });
  if (view.lastDigestAt) fields.push({ id: "field-last-digest", name: t("field-last-digest"), value: formatDelivery(view.lastDigestAt, view.timezone, locale) });
  return fields.filter((field) => !omit.includes(field.id)).map(({ id: _id, ...field }) => field);
}
