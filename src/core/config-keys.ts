import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";

/** How an environment variable's text becomes a value: as is, as a number, a boolean, or JSON (lists, objects). */
export type KeyKind = "string" | "number" | "boolean" | "json";

export interface ConfigKey {
  /** Dotted path in the config, e.g. `digest.time`. */
  path: string;
  kind: KeyKind;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"]);

/** The schema that shapes a value, under `.optional()`, `.default()`, `z.preprocess()` and the like. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    // z.preprocess(fn, s) is a pipe from a transform into s; s.transform(fn) a pipe from s into a transform.
    else if (def.type === "pipe" && def.in && def.out) current = defOf(def.out).type === "transform" ? def.in : def.out;
    else return current;
  }
}

const shapeOf = (schema: z.ZodType): Record<string, z.ZodType> | undefined => {
  const def = defOf(unwrap(schema));
  return def.type === "object" ? def.shape : undefined;
};

/** Every leaf key of a config schema (objects are walked, anything else is a leaf), in declaration order. */
export function configKeys(schema: z.ZodType, prefix = ""): ConfigKey[] {
  const shape = shapeOf(schema);
  if (!shape) {
    const type = defOf(unwrap(schema)).type;
    const kind: KeyKind = type === "number" ? "number" : type === "boolean" ? "boolean" : ["string", "enum", "literal"].includes(type) ? "string" : "json";
    return [{ path: prefix, kind }];
  }
  return Object.entries(shape).flatMap(([key, child]) => configKeys(child, prefix ? `${prefix}.${key}` : key));
}

/** `digest.maxStories` → `HERALD_DIGEST_MAX_STORIES`. */
export const derivedEnvName = (path: string): string =>
  `HERALD_${path
    .split(".")
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase())
    .join("_")}`;

/** An environment variable's text as the value its key expects; text that does not fit is left for the schema to refuse. */
export function fromEnv(text: string, kind: KeyKind): unknown {
  if (kind === "number") return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
  if (kind === "boolean") {
    const word = text.trim().toLowerCase();
    return word === "true" ? true : word === "false" ? false : text;
  }
  if (kind === "json") {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `override` laid over `base`: objects merge key by key, anything else (lists included) is replaced. */
export function mergeConfig(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const under = merged[key];
    merged[key] = isPlainObject(under) && isPlainObject(value) ? mergeConfig(under, value) : value;
  }
  return merged;
}

/** A misspelling is at most this far (edits) from the key it meant, and a third of its length at most. */
const SUGGEST_MAX_EDITS = 3;

/** One line per key of `value` that the schema does not know, naming the closest known key. */
export function unknownKeys(value: unknown, schema: z.ZodType, prefix = ""): string[] {
  const shape = shapeOf(schema);
  const inner = unwrap(schema);
  const element = defOf(inner).type === "array" ? defOf(inner).element : undefined;
  if (element && Array.isArray(value)) return value.flatMap((item, i) => unknownKeys(item, element, `${prefix}[${i}]`));
  if (!shape || !isPlainObject(value)) return [];
  const known = Object.keys(shape);
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (Object.hasOwn(shape, key)) return unknownKeys(child, shape[key]!, path);
    const guess = known.length ? closest(key, known) : undefined;
    const near = guess !== undefined && distance(key.toLowerCase(), guess.toLowerCase()) <= Math.min(SUGGEST_MAX_EDITS, Math.ceil(key.length / 3));
    const hint = near ? `did you mean ${prefix ? `${prefix}.` : ""}${guess}?` : `known keys here: ${known.join(", ")}`;
    return [`${path}: unknown key (${hint})`];
  });
}
