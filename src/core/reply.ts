import type { Locale } from "./i18n.js";

/**
 * The platform-neutral answer of a command. Commands build content; adapters only render it
 * (Discord embeds, Telegram HTML, terminal text), trimming to their platform's limits.
 * All strings are plain text: renderers escape them for their markup.
 */
export interface Reply {
  /** Headline of the message (embed title, bold first line). */
  title?: string;
  /** Where the title links to (a report's web page); only http(s) links are shown, see `linkOf`. */
  url?: string;
  /** Paragraphs in order; a heading is shown emphasised above its text. */
  blocks: TextBlock[];
  /** Short name/value pairs (embed fields; "name: value" lines elsewhere). */
  fields?: Field[];
  /** One line under the content (article count, last update, position). */
  footer?: string;
  /** When the content last changed, ISO 8601 (embed timestamp). */
  timestamp?: string;
  /** Rows of buttons; each button replays a command with the options it carries. */
  buttons?: Button[][];
  /** "error" replies are ephemeral on Discord and short everywhere. */
  tone?: "info" | "error";
  /** The language of its fixed texts, for what a renderer adds ("3 more not shown"); English when absent. */
  locale?: Locale;
}

export interface TextBlock {
  heading?: string;
  /** Where the heading links to (a story's report in a digest); only http(s) links are shown. */
  url?: string;
  text: string;
}

/** Longest link a renderer shows; longer ones are dropped rather than cut (a cut link leads nowhere). */
export const LINK_MAX_CHARS = 512;

/** The link as renderers may show it: an absolute http(s) URL without spaces, or undefined. */
export function linkOf(url: string | null | undefined): string | undefined {
  if (!url || url.length > LINK_MAX_CHARS || /[\s<>"]/.test(url)) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export interface Field {
  name: string;
  value: string;
  inline?: boolean;
}

export interface Button {
  label: string;
  action: ButtonAction;
  /** Shown but not useful now (Prev on the first event); Discord greys it out. */
  disabled?: boolean;
}

/** What pressing a button does: run `command` with `options`; `inPlace` edits the pressed message. */
export interface ButtonAction {
  command: string;
  options: Record<string, string | number>;
  inPlace: boolean;
}

export const errorReply = (message: string): Reply => ({ blocks: [{ text: message }], tone: "error" });
