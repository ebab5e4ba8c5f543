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

/** The one error type of Herald: `message` is safe to show to the person who caused it. */
export class HeraldError extends Error {
  override readonly name = "HeraldError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isHeraldError = (err: unknown): err is HeraldError => err instanceof HeraldError;
