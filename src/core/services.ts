/**
 * What commands and adapters are handed. Declared in command.ts next to the Command they serve (the
 * two refer to each other); imported from here by everything else.
 */
export type { CommandRegistry, Services } from "./command.js";
export type { Answered, Outcome } from "./metrics.js";
