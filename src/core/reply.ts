/**
 * The platform-neutral answer of a command. Commands build content; adapters only render it
 * (Discord embeds, Telegram HTML, terminal text), trimming to their platform's limits.
 * All strings are plain text: renderers escape them for their markup.
 */
export interface Reply {
  /** Headline of the message (embed title, bold first line). */
  title?: string;
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
}

export interface TextBlock {
  heading?: string;
  text: string;
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
