/** Where a command came from or a delivery goes; `id` is the platform's chat or channel id. */
export type Platform = "discord" | "telegram" | "terminal";

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
