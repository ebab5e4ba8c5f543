/** Machine-readable reason of a HeraldError; adapters and the CLI map it to wording and exit codes. */
export type ErrorCode =
  | "bad_file" // a document that cannot be read or parsed
  | "bad_config" // a configuration value out of shape
  | "bad_feed" // a feed that cannot be fetched or read
  | "bad_option" // a command option that does not validate
  | "unknown_command"
  | "unknown_story"
  | "ambiguous_story"
  | "out_of_range"
  | "bad_button" // button data tampered with, malformed or expired
  | "forbidden" // the person lacks the rights for this command
  | "unavailable" // a feature not configured in this process
  | "store_unreachable" // the store did not answer at start-up
  | "internal";

/**
 * A message of the catalogues (`locales/*.ftl`) with its arguments, translated where it is shown; an
 * argument may itself be such a message (or a list of them, joined by "; "), translated in the same language.
 */
export interface LocalText {
  id: string;
  args?: Record<string, string | number | LocalText | LocalText[]>;
}

/**
 * The one error type of Herald: `message` is safe to show to the person who caused it. `text`, when set,
 * is the same message in the catalogue, so the person reads it in their language (see `refuse` in i18n.ts).
 */
export class HeraldError extends Error {
  override readonly name = "HeraldError";
  readonly text?: LocalText;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; text?: LocalText },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.text) this.text = options.text;
  }
}

export const isHeraldError = (err: unknown): err is HeraldError => err instanceof HeraldError;
