import { resolveStory } from "../core/briefing.js";
import type { ChatRef } from "../core/chat.js";
import { HeraldError } from "../core/errors.js";
import type { StoryLibrary } from "../core/library.js";
import { resolveTimeZone } from "../core/timezones.js";
import {
  SUBSCRIPTION_MODES,
  type SubscribeRequest,
  type SubscriptionFilter,
  type SubscriptionMode,
} from "../core/subscriptions.js";
import { normalizeWords } from "./matching.js";
import type { SubscriptionRecord } from "./records.js";
import { parseLocalTime } from "./schedule.js";

/** `story` or `topic` (not both); "all" clears the filter; neither keeps the current one. */
function resolveFilter(request: SubscribeRequest, current: SubscriptionFilter | null, library: StoryLibrary): SubscriptionFilter | null {
  const story = request.story?.trim();
  const topic = request.topic?.trim();
  if (story && topic) throw new HeraldError("bad_option", "Choose either story or topic, not both.");
  if (story === "all" || topic === "all") return null;
  if (topic) {
    if (!normalizeWords(topic)) throw new HeraldError("bad_option", `The topic "${topic}" has no words to look for.`);
    return { kind: "topic", words: topic };
  }
  if (!story) return current;
  const { story: found } = resolveStory(library, story);
  return { kind: "story", storyId: found.id, title: found.title };
}

/**
 * The subscription a `/subscribe` asks for: what it names, else what the chat has, else the configured
 * defaults. Throws HeraldError naming the first bad value; a new subscription is never paused.
 */
export function resolveSubscription(
  chat: ChatRef,
  request: SubscribeRequest,
  current: SubscriptionRecord | undefined,
  defaults: { time: string; timezone: string },
  library: StoryLibrary,
  now: Date,
): SubscriptionRecord {
  const time = request.time?.trim() ?? current?.time ?? defaults.time;
  const parsed = parseLocalTime(time);
  if (!parsed) throw new HeraldError("bad_option", `"${time}" is not a time of day. Use 24-hour HH:MM, for example 08:00 or 18:30.`);
  const timezone = resolveTimeZone(request.timezone?.trim() ?? current?.timezone ?? defaults.timezone);
  const mode = (request.mode ?? current?.mode ?? "daily") as SubscriptionMode;
  if (!SUBSCRIPTION_MODES.includes(mode)) throw new HeraldError("bad_option", `"${String(mode)}" is not a mode. Use daily, updates or both.`);
  return {
    chat: { platform: chat.platform, id: chat.id, kind: chat.kind, ...(chat.title ? { title: chat.title } : {}) },
    mode,
    time: `${String(parsed.hour).padStart(2, "0")}:${String(parsed.minute).padStart(2, "0")}`,
    timezone,
    filter: resolveFilter(request, current?.filter ?? null, library),
    createdAt: current?.createdAt ?? now.toISOString(),
    paused: null,
  };
}
