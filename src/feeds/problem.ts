import type { LocalText } from "../core/errors.js";
import { translateText } from "../core/i18n.js";

/** Why a feed could not be read: `reason` in English for the logs, `problem` the same catalogue message for a chat. */
export interface FeedProblem {
  reason: string;
  problem: LocalText;
}

/**
 * A feed problem from its catalogue message (`feed-problem-*` in locales/): the English reason is that
 * message in English, so the logs and `/feeds` in every language say the same thing.
 */
export const feedProblem = (problem: LocalText): FeedProblem => ({ reason: translateText("en", problem), problem });
