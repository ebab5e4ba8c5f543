import type { Story } from "../story.js";
import { BoundedMap, ownCopy } from "../text.js";
import type { TextSpill, TextSpills } from "../text-spill.js";
import type { PersonName, ReportFeatures, TimeFrame } from "./features.js";

/**
 * Separators of a packed report's names and words. Names and stems are made of letters, digits,
 * apostrophes, hyphens and spaces (features.ts reads them from word tokens), never of control characters.
 */
const FIELD = "\u001f";
const ITEM = "\u001e";
const PART = "\u001d";

const NO_MAP: ReadonlyMap<string, never> = new Map<string, never>();
const NO_WORDS: readonly string[] = Object.freeze([]);

function packMap<V>(map: ReadonlyMap<string, V>, fields: (value: V) => string[]): string {
  const items: string[] = [];
  for (const [key, value] of map) items.push([key, ...fields(value)].join(FIELD));
  return items.join(ITEM);
}

function unpackMap<V>(packed: string, value: (fields: string[]) => V): ReadonlyMap<string, V> {
  if (!packed) return NO_MAP;
  const map = new Map<string, V>();
  for (const item of packed.split(ITEM)) {
    const [key, ...fields] = item.split(FIELD);
    map.set(key!, value(fields));
  }
  return map;
}

/**
 * Time frames, one frozen copy each: most reports of a library state one of a few days, and each held
 * its own frame with its text (0.1 KB).
 */
const frames = new BoundedMap<TimeFrame>(4_096);
function sharedFrame(frame: TimeFrame | null): TimeFrame | null {
  if (!frame) return null;
  const key = `${frame.from} ${frame.to} ${frame.dayOfYear ? `${frame.dayOfYear.month}-${frame.dayOfYear.day}` : ""} ${frame.basis}`;
  return frames.get(key, () => {
    const dayOfYear = frame.dayOfYear ? { dayOfYear: Object.freeze({ ...frame.dayOfYear }) } : {};
    return Object.freeze({ from: frame.from, to: frame.to, basis: ownCopy(frame.basis), ...dayOfYear });
  });
}

/**
 * A report's features as grouping holds them between comparisons: its names (people, organisations,
 * places) and its words in one string, read back into `ReportFeatures` when the report is compared.
 * Grouping keeps every report's features for as long as the report is held, and most are never
 * compared again: as maps, sets and lists, a report naming two people, a company and a place held
 * about 1.2 KB; packed, about 0.3 KB. Given spills (`TextSpills`), the string goes to their file and
 * is read back with one `pread` when the report is compared; the heap then holds its place in the
 * file. Held in memory, it is a copy of its own, one byte a character where it can be (names read
 * from a text with one typographic quote were two bytes a character, and views into the text).
 */
export class HeldFeatures {
  private constructor(
    readonly id: string,
    readonly kind: Story["kind"],
    readonly frame: TimeFrame | null,
    readonly days: readonly number[],
    readonly size: number,
    readonly published: number | null,
    /**
     * People, organisations, places and words, each part's items and fields separated as above; or
     * the spill they were written to, `bytes` bytes at `at`.
     */
    private packed: string | TextSpill,
    private at: number,
    private bytes: number,
  ) {}

  static of(features: ReportFeatures, spills?: TextSpills | null): HeldFeatures {
    const packed = [
      packMap(features.people, (p: PersonName) => [p.display, p.given ?? ""]),
      packMap(features.organisations, (display) => [display]),
      packMap(features.places, (display) => [display]),
      features.words.join(ITEM),
    ].join(PART);
    const spilled = spills?.write(packed);
    return new HeldFeatures(features.id, features.kind, sharedFrame(features.frame), features.days, features.size, features.published,
      spilled?.spill ?? ownCopy(packed), spilled?.at ?? 0, spilled?.bytes ?? 0);
  }

  /** True when the features are in a spill file rather than in memory. */
  get spilled(): boolean {
    return typeof this.packed !== "string";
  }

  /** Copies spilled features to the spills' current file (see `TextSpills.renew`); kept in memory if that fails. */
  moveTo(spills: TextSpills): void {
    if (typeof this.packed === "string") return;
    const text = this.packed.read(this.at, this.bytes);
    const moved = spills.write(text);
    if (moved) [this.packed, this.at, this.bytes] = [moved.spill, moved.at, moved.bytes];
    else this.packed = ownCopy(text);
  }

  /** The features as extracted (a given name that was empty reads back as none: both mean "not known"). */
  features(): ReportFeatures {
    const text = typeof this.packed === "string" ? this.packed : this.packed.read(this.at, this.bytes);
    const [people = "", organisations = "", places = "", words = ""] = text.split(PART);
    return {
      id: this.id,
      kind: this.kind,
      people: unpackMap(people, ([display, given]) => ({ display: display!, given: given || null })),
      organisations: unpackMap(organisations, ([display]) => display!),
      places: unpackMap(places, ([display]) => display!),
      words: words ? words.split(ITEM) : NO_WORDS,
      days: this.days,
      frame: this.frame,
      size: this.size,
      published: this.published,
    };
  }
}
