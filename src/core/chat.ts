/** What Herald needs to know of a platform beyond its adapter folder. */
export interface PlatformTraits {
  /** Default pacing of digests and notices (config `delivery.*` overrides it); `maxInFlight` is derived from the rate when absent. */
  pacing: { perSecond: number; privateSpacingMs: number; groupSpacingMs: number; maxInFlight?: number };
}

/**
 * Every platform Herald speaks. The `Platform` type, the stored records' schema, the pacing defaults
 * and the outbox lanes are derived from it: a new platform is a folder in src/adapters plus one line here.
 * Pacing: the documented limits (Telegram 30 messages/s and 20 per minute to a group; Discord 50
 * requests/s); the limiter keeps under them by itself.
 */
export const PLATFORMS = {
  discord: { pacing: { perSecond: 50, privateSpacingMs: 1_000, groupSpacingMs: 1_000 } },
  telegram: { pacing: { perSecond: 30, privateSpacingMs: 1_000, groupSpacingMs: 3_000 } },
  terminal: { pacing: { perSecond: 1_000, privateSpacingMs: 0, groupSpacingMs: 0, maxInFlight: 1 } },
} as const satisfies Record<string, PlatformTraits>;

/** Where a command came from or a delivery goes. */
export type Platform = keyof typeof PLATFORMS;

/** The names in PLATFORMS, in order (for zod enums and loops). */
export const PLATFORM_NAMES = Object.keys(PLATFORMS) as [Platform, ...Platform[]];

/** A chat on a platform; `id` is the platform's chat or channel id. */
export interface ChatRef {
  platform: Platform;
  id: string;
  /** private: a DM; group: a Telegram group or a Discord server channel; channel: a Telegram channel. */
  kind: "private" | "group" | "channel";
  /** A display name for logs and /subscriptions (server or group title), when known. */
  title?: string;
}

/** Stable key of a chat across platforms, e.g. `telegram:-100123`. */
export const chatKey = (chat: Pick<ChatRef, "platform" | "id">): string => `${chat.platform}:${chat.id}`;
