import type { Story } from "../story.js";
import { compareReports, framesMeet, type Comparison, type CoverageRule } from "./compare.js";
import { extractFeatures, type ReportFeatures } from "./features.js";
import { HeldFeatures } from "./held.js";
import type { TextSpills } from "../text-spill.js";
import { compareCodeUnits, hash30 } from "../text.js";

/** One story: the reports of one event. */
export interface CoverageGroup {
  /** The lead's id: the story's id. */
  id: string;
  /** Every member's id, sorted (the lead included). */
  members: string[];
  /** The joins that hold the group together, with their scores (`explain` gives the evidence). */
  joins: readonly Join[];
}

/** Two reports joined, with the score of their comparison. */
export interface Join {
  a: string;
  b: string;
  score: number;
}

/** Groups that a change replaced, and the groups that replace them. */
export interface GroupsChange {
  before: CoverageGroup[];
  after: CoverageGroup[];
}

const NO_JOINS: CoverageGroup["joins"] = Object.freeze([]);

const byId = compareCodeUnits;

/**
 * The lead of a group: the aggregated story page if there is one, else the report that says most;
 * ties go to the earliest published, then the smallest id.
 */
export function chooseLead<R extends Pick<ReportFeatures, "id" | "kind" | "size" | "published">>(reports: readonly R[]): R {
  return [...reports].sort(
    (x, y) =>
      Number(y.kind === "story") - Number(x.kind === "story") ||
      y.size - x.size ||
      (x.published ?? Infinity) - (y.published ?? Infinity) ||
      byId(x.id, y.id),
  )[0]!;
}

/**
 * Reports grouped into stories, kept current one report at a time. Candidates come from an index of
 * specific actors, so adding a report compares it with the reports sharing a name, never with all.
 * The groups are a function of the set of reports alone: the order of `add` calls never matters.
 */
export class CoverageGroups {
  /** Each report's features: all the grouping reads of it (its story is the caller's to keep). */
  private readonly reports = new Map<string, HeldFeatures>();
  /**
   * Specific actors → the reports naming them: a person's key (`usakov`), an organisation's. One id
   * or a list: most actors are named by one report or a few. (A map and a set per actor and month
   * were 1.4 KB a report.) Candidates are compared, so a shared hash joins nothing by itself.
   */
  private readonly people = new Postings();
  private readonly organisations = new Postings();
  /** Joined pairs: id → id → score (the evidence is made again when asked for: kept, it was 0.5 KB a join). */
  private readonly edges = new Map<string, Map<string, number>>();
  /**
   * The group of every report in a group of two or more. A report alone (most of a feed library) has
   * no entry: its group is made when asked for (a group, its list and the entry were 0.14 KB a report).
   */
  private readonly groupOfId = new Map<string, CoverageGroup>();

  /**
   * `spills`: where the reports' features are held between comparisons (a file, read back when a report
   * is compared: 0.3 KB a report less in the heap); without, in memory. Whoever owns the spills renews
   * them, moving the features with `moveSpilled` (the coverage library does).
   */
  constructor(
    private readonly rule: CoverageRule,
    private readonly spills: TextSpills | null = null,
  ) {}

  /** Adds a report, or replaces the report with the same id (features: when already read, e.g. at load). */
  add(story: Story, features: ReportFeatures = extractFeatures(story)): GroupsChange {
    const replaced = this.groupOf(story.id);
    const previous = replaced ? this.detach(story.id) : new Set<string>();
    const candidates = this.candidates(features);
    this.reports.set(story.id, HeldFeatures.of(features, this.spills));
    this.post(features, (postings, key) => postings.add(key, story.id));
    const neighbours = new Map<string, number>();
    for (const id of candidates) {
      const comparison = compareReports(features, this.reports.get(id)!.features(), this.rule);
      if (comparison.joined) neighbours.set(id, comparison.score);
    }
    // Only joined reports have an entry: an empty map per report was 0.3 KB each (most reports join nothing).
    if (neighbours.size) this.edges.set(story.id, neighbours);
    for (const [id, score] of neighbours) {
      let theirs = this.edges.get(id);
      if (!theirs) this.edges.set(id, (theirs = new Map()));
      theirs.set(story.id, score);
    }
    const change = this.regroup(new Set([story.id, ...previous, ...neighbours.keys()]), story.id);
    if (replaced) {
      // The report changed, so its group is told as changed even when its members are the same: the
      // group it was in, and the group it is in now (a group that kept its members was left out of both,
      // and its story was dropped).
      if (!change.before.some((g) => sameGroup(g, replaced))) change.before.unshift(replaced);
      const current = this.groupOf(story.id)!;
      if (!change.after.some((g) => sameGroup(g, current))) change.after.push(current);
    }
    return change;
  }

  /** Removes a report; its group is formed again from the reports left. */
  remove(id: string): GroupsChange {
    if (!this.reports.has(id)) return { before: [], after: [] };
    const before = this.groupOf(id)!;
    const touched = this.detach(id);
    const change = this.regroup(touched);
    return { before: [before, ...change.before.filter((g) => !sameGroup(g, before))], after: change.after };
  }

  /** The group a report belongs to. */
  groupOf(id: string): CoverageGroup | undefined {
    return this.groupOfId.get(id) ?? (this.reports.has(id) ? { id, members: [id], joins: NO_JOINS } : undefined);
  }

  /** Every group, sorted by story id. */
  groups(): CoverageGroup[] {
    const lone = [...this.reports.keys()].filter((id) => !this.groupOfId.has(id)).map((id) => this.groupOf(id)!);
    return [...new Set(this.groupOfId.values()), ...lone].sort((a, b) => byId(a.id, b.id));
  }

  /** Why two reports are joined or kept apart (for `herald group --explain`). */
  explain(a: string, b: string): Comparison | undefined {
    const x = this.reports.get(a);
    const y = this.reports.get(b);
    return x && y ? compareReports(x.features(), y.features(), this.rule) : undefined;
  }

  /** Copies the features held in a spill file to the spills' current one (called from `TextSpills.renew`). */
  moveSpilled(spills: TextSpills): void {
    for (const held of this.reports.values()) held.moveTo(spills);
  }

  /** Files (or unfiles) a report under each specific actor it names. */
  private post(features: ReportFeatures, file: (postings: Postings, key: string) => void): void {
    for (const key of features.people.keys()) file(this.people, key);
    for (const key of features.organisations.keys()) file(this.organisations, key);
  }

  /**
   * Reports sharing at least one specific actor with `features` whose time frames meet its own (the
   * rest could never be joined to it). A report with no time frame is never joined.
   */
  private candidates(features: ReportFeatures): Set<string> {
    const found = new Set<string>();
    if (!features.frame) return found;
    this.post(features, (postings, key) => {
      for (const id of postings.get(key)) {
        if (id !== features.id && framesMeet(features.frame, this.reports.get(id)!.frame, this.rule.windowDays)) found.add(id);
      }
    });
    return found;
  }

  /** Takes a report out of the index; returns the ids its group held with it. */
  private detach(id: string): Set<string> {
    this.post(this.reports.get(id)!.features(), (postings, key) => postings.delete(key, id));
    for (const other of this.edges.get(id)?.keys() ?? []) {
      const theirs = this.edges.get(other);
      theirs?.delete(id);
      if (theirs?.size === 0) this.edges.delete(other);
    }
    this.edges.delete(id);
    this.reports.delete(id);
    const group = this.groupOf(id);
    this.groupOfId.delete(id);
    return new Set(group?.members.filter((m) => m !== id) ?? []);
  }

  /**
   * Forms again the groups of the reports connected to `seeds` by joins. Joins are taken strongest
   * first (ties by ids); two groups merge only when every pair of their reports has time frames that
   * meet, so one loosely dated report cannot chain two different events together.
   */
  private regroup(seeds: Set<string>, added?: string): GroupsChange {
    const component = new Set<string>();
    const queue = [...seeds].filter((id) => this.reports.has(id));
    // By group id: a lone report's group is made anew each time it is asked for.
    const beforeGroups = new Map<string, CoverageGroup>();
    const groupBefore = (id: string): CoverageGroup | undefined => (id === added ? undefined : this.groupOf(id));
    for (const id of [...seeds]) {
      const old = groupBefore(id);
      if (old) beforeGroups.set(old.id, old);
    }
    while (queue.length) {
      const id = queue.pop()!;
      if (component.has(id)) continue;
      component.add(id);
      const old = groupBefore(id);
      if (old) {
        beforeGroups.set(old.id, old);
        for (const m of old.members) if (!component.has(m) && this.reports.has(m)) queue.push(m);
      }
      for (const other of this.edges.get(id)?.keys() ?? []) if (!component.has(other)) queue.push(other);
    }
    const edges: Join[] = [];
    for (const a of component) {
      for (const [b, score] of this.edges.get(a) ?? []) if (a < b) edges.push({ a, b, score });
    }
    edges.sort((x, y) => y.score - x.score || byId(x.a, y.a) || byId(x.b, y.b));
    const clusterOf = new Map<string, { members: string[]; joins: typeof edges }>();
    for (const id of component) clusterOf.set(id, { members: [id], joins: [] });
    for (const edge of edges) {
      const x = clusterOf.get(edge.a)!;
      const y = clusterOf.get(edge.b)!;
      if (x === y || !this.compatible(x.members, y.members)) continue;
      x.members.push(...y.members);
      x.joins.push(...y.joins, edge);
      for (const id of y.members) clusterOf.set(id, x);
    }
    const after: CoverageGroup[] = [];
    for (const cluster of new Set(clusterOf.values())) {
      const lead = chooseLead(cluster.members.map((id) => this.reports.get(id)!));
      // A report alone (most of a feed library) shares one empty list of joins.
      const group: CoverageGroup = { id: lead.id, members: cluster.members.sort(byId), joins: cluster.joins.length ? cluster.joins : NO_JOINS };
      if (group.members.length > 1) for (const id of group.members) this.groupOfId.set(id, group);
      else this.groupOfId.delete(group.id);
      after.push(group);
    }
    const changedBefore = [...beforeGroups.values()].filter((g) => !after.some((a) => sameGroup(a, g)));
    const changedAfter = after.filter((a) => ![...beforeGroups.values()].some((g) => sameGroup(a, g)));
    return { before: changedBefore, after: changedAfter };
  }

  private compatible(xs: string[], ys: string[]): boolean {
    for (const x of xs) {
      const fx = this.reports.get(x)!.frame;
      for (const y of ys) if (!framesMeet(fx, this.reports.get(y)!.frame, this.rule.windowDays)) return false;
    }
    return true;
  }
}

const sameGroup = (a: CoverageGroup, b: CoverageGroup): boolean =>
  a === b || (a.id === b.id && a.members.length === b.members.length && a.members.every((m, i) => m === b.members[i]));

const NO_IDS: readonly string[] = Object.freeze([]);

/**
 * A key's 30-bit hash, a small integer V8 holds without a string: keys that share a hash only make a
 * report a candidate that the comparison then keeps apart (a string per key of 75,000 was 2 MB).
 */
const keyHash = hash30;

/**
 * A map from 30-bit non-negative integers (`hash30`) to values, in two flat arrays probed linearly: 12
 * bytes a slot, between 60 and 80 % of the slots used. The actor index files 50,000 people and 25,000
 * organisations for 25,000 reports; as `Map`s, their tables were 1.75 and 0.9 MB (a `Map` holds three
 * and a half words a slot and doubles at a power of two), these hold them in about 1.0 and 0.5 MB.
 */
export class SmallIntMap<V> {
  /** The key plus one in each used slot; 0: never used; -1: emptied (a probe goes on past it). */
  private keys = new Int32Array(16);
  private values: (V | undefined)[] = new Array<V | undefined>(16);
  /** Slots holding a key or emptied (what the probes pass). */
  private taken = 0;
  size = 0;

  get(key: number): V | undefined {
    const at = this.find(key);
    return at < 0 ? undefined : this.values[at];
  }

  set(key: number, value: V): void {
    let at = this.find(key);
    if (at < 0) {
      if ((this.taken + 1) * 5 > this.keys.length * 4) this.resize(Math.max(16, Math.ceil(((this.size + 1) * 5) / 3)));
      at = this.free(key);
      if (this.keys[at] === 0) this.taken++;
      this.keys[at] = key + 1;
      this.size++;
    }
    this.values[at] = value;
  }

  delete(key: number): void {
    const at = this.find(key);
    if (at < 0) return;
    this.keys[at] = -1;
    this.values[at] = undefined;
    this.size--;
  }

  /** The slot holding `key`, or -1. */
  private find(key: number): number {
    const slots = this.keys.length;
    for (let at = key % slots; ; at = at + 1 === slots ? 0 : at + 1) {
      const held = this.keys[at]!;
      if (held === key + 1) return at;
      if (held === 0) return -1;
    }
  }

  /** The first slot where `key` can go: never used or emptied. */
  private free(key: number): number {
    const slots = this.keys.length;
    for (let at = key % slots; ; at = at + 1 === slots ? 0 : at + 1) if (this.keys[at]! <= 0) return at;
  }

  private resize(slots: number): void {
    const [keys, values] = [this.keys, this.values];
    this.keys = new Int32Array(slots);
    this.values = new Array<V | undefined>(slots);
    this.taken = 0;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i]! <= 0) continue;
      const at = this.free(keys[i]! - 1);
      this.keys[at] = keys[i]!;
      this.values[at] = values[i];
      this.taken++;
    }
  }
}

/** Key → the ids filed under it (by the key's hash): one id held as itself, more as a list. */
class Postings {
  private readonly ids = new SmallIntMap<string | string[]>();

  get(key: string): readonly string[] {
    const ids = this.ids.get(keyHash(key));
    return ids === undefined ? NO_IDS : typeof ids === "string" ? [ids] : ids;
  }

  add(key: string, id: string): void {
    const hash = keyHash(key);
    const ids = this.ids.get(hash);
    if (ids === undefined) this.ids.set(hash, id);
    else if (typeof ids === "string") {
      if (ids !== id) this.ids.set(hash, [ids, id]);
    } else if (!ids.includes(id)) ids.push(id);
  }

  /** Takes `id` from under `key` (a report naming two keys of one hash is filed there once, and taken once). */
  delete(key: string, id: string): void {
    const hash = keyHash(key);
    const ids = this.ids.get(hash);
    if (ids === id) this.ids.delete(hash);
    else if (Array.isArray(ids)) {
      const left = ids.filter((other) => other !== id);
      if (left.length !== ids.length) this.ids.set(hash, left.length === 1 ? left[0]! : left);
    }
  }
}
