import { resolveStory } from "../core/briefing.js";
import type { ChatRef } from "../core/chat.js";
import { refuse } from "../core/i18n.js";
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
  if (story && topic) throw refuse("bad_option", "err-story-and-topic");
  if (story === "all" || topic === "all") return null;
  if (topic) {
    if (!normalizeWords(topic)) throw refuse("bad_option", "err-topic-no-words", { topic });
    return { kind: "topic", words: topic };
  }
  if (!story) return current;
  const { story: found } = resolveStory(library, story);
  return { kind: "story", storyId: found.id, title: found.title };
}

/** Subscriptions one chat may hold. */
export const MAX_SUBSCRIPTIONS_PER_CHAT = 10;

/** Same filter: everything, one story (by id), or one topic (by its words, ignoring case and accents). */
export const sameFilter = (a: SubscriptionFilter | null, b: SubscriptionFilter | null): boolean =>
  a === null || b === null
    ? a === b
    : a.kind === "story"
      ? b.kind === "story" && a.storyId === b.storyId
      : b.kind === "topic" && normalizeWords(a.words) === normalizeWords(b.words);

/** `both` overlaps `daily` and `updates`: asking for one where the other exists changes it rather than doubling deliveries. */
const overlaps = (a: SubscriptionMode, b: SubscriptionMode) => a === b || a === "both" || b === "both";

/**
 * Which of a chat's subscriptions a `/subscribe` changes (undefined: a new one). By `number` when given;
 * else the one with the same filter and an overlapping mode (an exact mode first); a request that names
 * neither mode nor filter changes the only subscription. Throws when it cannot tell which.
 */
export function chooseSubscription<S extends SubscriptionRecord & { number: number }>(
  existing: readonly S[],
  request: SubscribeRequest,
  library: StoryLibrary,
): S | undefined {
  if (request.number !== undefined) {
    const found = existing.find((s) => s.number === request.number);
    if (!found) {
      throw refuse("bad_option", "err-no-such-subscription", { number: request.number, count: existing.length });
    }
    return found;
  }
  const namesFilter = Boolean(request.story?.trim() || request.topic?.trim());
  if (!namesFilter && !request.mode) {
    if (existing.length <= 1) return existing[0];
    throw whichOne(existing.length);
  }
  if (!namesFilter) {
    // A mode alone means everything, or the chat's only subscription whatever its filter (as before several existed).
    const candidates = existing.filter((s) => overlaps(s.mode, request.mode!));
    const everything = candidates.filter((s) => s.filter === null);
    const exact = everything.filter((s) => s.mode === request.mode);
    if (exact.length === 1 || everything.length === 1) return exact[0] ?? everything[0];
    if (everything.length > 1) throw whichOne(everything.length);
    return existing.length === 1 ? candidates[0] : undefined;
  }
  const filter = resolveFilter(request, null, library);
  const candidates = existing.filter((s) => sameFilter(s.filter, filter) && (!request.mode || overlaps(s.mode, request.mode)));
  const exact = candidates.filter((s) => s.mode === request.mode);
  if (exact.length === 1 || candidates.length === 1) return exact[0] ?? candidates[0];
  if (candidates.length > 1) throw whichOne(candidates.length);
  return undefined;
}

/** Another subscription of the chat that already delivers what `record` would (same filter, overlapping mode). */
export const duplicateOf = <S extends SubscriptionRecord & { number: number }>(record: SubscriptionRecord, others: readonly S[]): S | undefined =>
  others.find((s) => sameFilter(s.filter, record.filter) && overlaps(s.mode, record.mode));

const whichOne = (count: number) =>
  refuse("bad_option", "err-which-subscription", { count });

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
  if (!parsed) throw refuse("bad_option", "err-not-a-time", { time });
  const timezone = resolveTimeZone(request.timezone?.trim() ?? current?.timezone ?? defaults.timezone);
  const mode = (request.mode ?? current?.mode ?? "daily") as SubscriptionMode;
  if (!SUBSCRIPTION_MODES.includes(mode)) throw refuse("bad_option", "err-not-a-mode", { mode: String(mode) });
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
