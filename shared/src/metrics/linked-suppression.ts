/**
 * Linked-table suppression: one set of decisions for every figure that is published about the same
 * schools, whichever table it appears in.
 *
 * The dashboard publishes the same school values summed along several additive hierarchies at once
 * (geography nation → region → municipality, sector all → po/so/vo/mbo, disadvantage band
 * all → 0…4). Every published total is an equation over the cells below it, so suppressing a cell
 * table by table leaves it recoverable from another table (all sectors minus the visible sectors).
 * Here all those tables are one hypercube: a cell is one population (a geography × sector × band)
 * and is hidden or published as a whole, for every metric at once; each additive relation between
 * cells (a parent and its children along one dimension) is checked until nothing changes — the
 * hypercube method (GHMITER in τ-ARGUS) with protection levels.
 *
 * Per relation and per metric the rules are:
 * - primary: a cell where any metric rests on 0 < n < minSchools schools is hidden;
 * - no relation may have exactly one hidden non-empty member (it would be the parent minus the rest,
 *   or the sum of the children);
 * - under a published parent, the hidden children together rest on ≥ minSchools schools, so their
 *   combined figure obeys the small-cell rule;
 * - protection level: under a published parent, the other hidden children must be able to absorb a
 *   shift of ± `protection` (in the metric's unit per school) of each hidden child's true value,
 *   within the natural bounds 0 … max per school. Otherwise an attacker who knows the parent and the
 *   visible children bounds the hidden child tighter than that (e.g. hidden cells that are all at
 *   0 % reveal each other).
 * A relation whose parent is hidden gives no equation of its own; the parent is protected through the
 * relations in which it is a child.
 *
 * Complementary cells are chosen among the visible children of the failing relation: the one that
 * repairs the shortfall with the fewest schools (information loss), else the one that helps most;
 * the parent only when no child is left. Decisions only ever add hidden cells, so the loop ends.
 *
 * This is a heuristic per relation, as GHMITER is: the guarantee against an adversary who combines
 * all relations at once is checked by the linear-programming audit in the test suite, not proven
 * here.
 */
import type { SuppressionReason } from './suppression.ts';

/**
 * What a hidden figure about too few schools must keep open against an adversary (one home for the
 * publication layer and its attacker test): percentages ±15 percentage points; support hours per
 * school, which have no natural scale, ±15 % of the value and at least 2 hours (so 0 hours is
 * protected too); the number of schools a hidden figure rests on must be able to be 15 % and at
 * least one school more than it is, so that it is never pinned down.
 */
export const PROTECTION = { percentPoints: 15, hoursShare: 0.15, hoursMinimum: 2, schoolsShare: 0.15, schoolsMinimum: 1 } as const;

export function hoursProtection(hours: number): number {
  return Math.max(PROTECTION.hoursShare * hours, PROTECTION.hoursMinimum);
}

export function schoolsProtection(schools: number): number {
  return Math.max(PROTECTION.schoolsShare * schools, PROTECTION.schoolsMinimum);
}

export interface LinkedMetric {
  /** Largest value one school can contribute (100 for a percentage); null when unbounded (hours). */
  max: number | null;
  /** Half-width an attacker's interval must keep around a hidden cell's true value, in the metric's unit. */
  protection: (value: number) => number;
}

export interface LinkedCell {
  key: string;
  /** Per metric (same order as the metrics): the number of schools it rests on. */
  schools: readonly number[];
  /** Per metric: the value in its unit (null when there is nothing to measure). */
  values: readonly (number | null)[];
}

/** Parent = sum of children, for every metric (numerators and school counts alike). */
export interface LinkedRelation {
  parent: string;
  children: readonly string[];
  /**
   * The children are never published (figures shown only for the parent): the rules per relation
   * do not apply. It counts for what a hidden parent must keep open for its small children, for
   * nested shares, and in the check of relations together (`checkBounds`), where it is the sum it is.
   */
  boundOnly?: boolean;
}

export interface LinkedTableInput {
  cells: readonly LinkedCell[];
  relations: readonly LinkedRelation[];
  metrics: readonly LinkedMetric[];
  minSchools: number;
  /** Cells hidden for a reason outside this table (protected like any hidden cell, unless `protectComplements` is false). */
  alreadyHidden?: ReadonlySet<string>;
  /**
   * Of those, the cells that keep their own protection level where complements do not
   * (`protectComplements` false): hidden because their figure would pin a small cell of another
   * table, so it must not be derivable itself.
   */
  protect?: ReadonlySet<string>;
  /**
   * Whether the protection levels also keep open the values of complementary cells (default true).
   * Only the small cells need it, but complements that are protected leave an adversary who
   * combines relations more cells to shift: the per-relation rules need that margin where a table
   * has few figures per cell. A table with many figures of which each is rare (the funnel's
   * certificates per theme) would hide nearly everything with it.
   */
  protectComplements?: boolean;
  /**
   * Nested shares within a cell, each chain ordered from the widest to the narrowest (all schools ≥
   * vignet ≥ certificate ≥ renewal due): metric indexes whose school counts are the cell's own. The
   * differences between neighbours are counts of schools too, which an adversary bounds by the same
   * differences in every published cell that contains this one.
   */
  chains?: readonly (readonly number[])[];
  /**
   * Cells whose number of schools is public even where the cell is hidden: the register of schools
   * gives every area × sector. With it, the layer also keeps the school count of every hidden small
   * cell open (see `keepCountsOpen` below); without it, counts are protected only as the figures'
   * bases are.
   */
  publicCounts?: (key: string) => boolean;
  /**
   * The small cells whose figures are also checked against all relations together, by propagating
   * bounds (`propagateSums`), with more cells hidden where that pins one (default: none).
   */
  checkBounds?: (key: string) => boolean;
  /**
   * The most schools a cell can hold, as the adversary knows from outside this table (default:
   * nothing): the register gives every area × sector its schools, among them the funnel's recorded
   * ones. Bounds the counts in the check of `checkBounds`.
   */
  countsAtMost?: (key: string) => number | undefined;
  /**
   * The most a cell's sum (value × schools) of a metric can be, as the adversary knows from another
   * table (default: nothing): a theme's certificates are at most the area's published vignets.
   * Bounds the sums in the check of `checkBounds`.
   */
  sumsAtMost?: (key: string, metric: number) => number | undefined;
  /** Called for every complementary cell: which relation, metric and rule made it hidden. */
  onComplement?: (key: string, why: { relation: LinkedRelation; metric: number; rule: Rule }) => void;
}

const EPSILON = 1e-9;

/** What propagating bounds derives for one metric: per cell (in the order given) its sum's interval, and the relation that set each bound (-1: the cell's own). */
export interface PropagatedSums {
  lo: Float64Array;
  hi: Float64Array;
  loBy: Int32Array;
  hiBy: Int32Array;
}

/**
 * The interval of every cell's sum (value × schools) of one metric that an adversary derives by
 * propagating bounds through the relations: a published cell is exact, a hidden one lies between 0
 * and its schools × the metric's maximum, and each relation bounds its parent by its children and
 * each child by its parent minus the others, until nothing tightens. A relaxation of the attacker's
 * linear programme (it misses what only a combination of equations gives), cheap enough to run at
 * every rebuild. A hidden cell's sum is at most its schools × the metric's maximum, or `ceiling`
 * (what the adversary knows of its schools). Relations are given as cell indexes.
 */
export function propagateSums(cells: readonly LinkedCell[], relations: readonly { parent: number; children: readonly number[] }[], metric: number, max: number | null, isHidden: (i: number) => boolean, ceiling?: (i: number) => number): PropagatedSums {
  const size = cells.length;
  const lo = new Float64Array(size);
  const hi = new Float64Array(size);
  const loBy = new Int32Array(size).fill(-1);
  const hiBy = new Int32Array(size).fill(-1);
  let scale = 1;
  cells.forEach((c, i) => {
    const n = c.schools[metric]!;
    const sum = (c.values[metric] ?? 0) * n;
    scale = Math.max(scale, Math.abs(sum));
    if (!isHidden(i)) lo[i] = hi[i] = sum;
    else hi[i] = ceiling ? ceiling(i) : max === null ? Number.POSITIVE_INFINITY : max * n;
  });
  const relationsOf: number[][] = Array.from({ length: size }, () => []);
  relations.forEach((r, j) => {
    relationsOf[r.parent]!.push(j);
    for (const k of r.children) relationsOf[k]!.push(j);
  });
  // Only tightenings that matter against a protection level are passed on: bounds that creep
  // towards each other through a cycle of relations would otherwise go on for ever.
  const step = 1e-7 * scale;
  const queue = relations.map((_, j) => j);
  const queued = new Uint8Array(relations.length).fill(1);
  const tighten = (k: number, l: number, h: number, by: number) => {
    let moved = false;
    if (l > lo[k]! + step) { lo[k] = l; loBy[k] = by; moved = true; }
    if (h < hi[k]! - step) { hi[k] = h; hiBy[k] = by; moved = true; }
    if (!moved) return;
    for (const j of relationsOf[k]!) {
      if (!queued[j]) { queued[j] = 1; queue.push(j); }
    }
  };
  for (let next = 0; next < queue.length && next < 100 * relations.length; next++) {
    const j = queue[next]!;
    queued[j] = 0;
    const r = relations[j]!;
    let sumLo = 0;
    let sumHi = 0;
    let unbounded = 0;
    for (const k of r.children) {
      sumLo += lo[k]!;
      if (hi[k] === Number.POSITIVE_INFINITY) unbounded++;
      else sumHi += hi[k]!;
    }
    tighten(r.parent, sumLo, unbounded > 0 ? Number.POSITIVE_INFINITY : sumHi, j);
    const pLo = lo[r.parent]!;
    const pHi = hi[r.parent]!;
    for (const k of r.children) {
      const own = hi[k] === Number.POSITIVE_INFINITY;
      const othersHi = unbounded - (own ? 1 : 0) > 0 ? Number.POSITIVE_INFINITY : sumHi - (own ? 0 : hi[k]!);
      tighten(k, pLo - othersHi, pHi - (sumLo - lo[k]!), j);
    }
  }
  return { lo, hi, loBy, hiBy };
}

type Rule = 'lone' | 'count' | 'mass' | 'room' | 'chain' | 'schools' | 'bounds';

interface LinkedMemberCells {
  parent: LinkedCell;
  children: readonly LinkedCell[];
}

/** The decision per cell key: null = publish, otherwise why it is hidden. */
export function suppressLinkedTable(input: LinkedTableInput): Map<string, SuppressionReason | null> {
  const { metrics, minSchools } = input;
  if (!Number.isInteger(minSchools) || minSchools < 1) throw new RangeError(`Minimumaantal scholen moet een positief geheel getal zijn, kreeg ${minSchools}`);
  const cells = new Map<string, LinkedCell>();
  for (const c of input.cells) {
    if (cells.has(c.key)) throw new RangeError(`Dubbele cel: ${c.key}`);
    if (c.schools.length !== metrics.length || c.values.length !== metrics.length) throw new RangeError(`Cel ${c.key} heeft niet voor elke indicator een waarde`);
    cells.set(c.key, c);
  }
  for (const r of input.relations) {
    for (const k of [r.parent, ...r.children]) if (!cells.has(k)) throw new RangeError(`Relatie verwijst naar onbekende cel: ${k}`);
  }

  const hidden = new Map<string, SuppressionReason>();
  for (const c of cells.values()) {
    if (c.schools.some((n) => n > 0 && n < minSchools)) hidden.set(c.key, 'small_cell');
    else if (input.alreadyHidden?.has(c.key) && c.schools.some((n) => n > 0)) hidden.set(c.key, 'complementary');
  }
  // A cell small in another table rests on a subset of the same schools here: small here too, or empty.
  let hide = (key: string): boolean => {
    if (hidden.has(key)) return false;
    hidden.set(key, 'complementary');
    return true;
  };

  const metricIndexes = metrics.map((_, i) => i);
  const countOf = (c: LinkedCell) => Math.max(0, ...c.schools);
  const sumOf = (c: LinkedCell, m: number) => (c.values[m] ?? 0) * c.schools[m]!;
  const roomOf = (c: LinkedCell, m: number) => {
    const max = metrics[m]!.max;
    return max === null ? Number.POSITIVE_INFINITY : (max - (c.values[m] ?? 0)) * c.schools[m]!;
  };

  /**
   * How far (in the metric's sum unit) a hidden cell's sum must be able to move up and down. A cell
   * protects ± its protection level around its own value. Where complements are not protected, a
   * hidden cell that contains small cells must still move as far as they must: an adversary who pins
   * a region's hidden mbo figure at 0 has pinned its municipalities' mbo figures too.
   */
  type Need = { up: number[]; down: number[] };
  const ownNeed = (c: LinkedCell): Need => {
    const up: number[] = [];
    const down: number[] = [];
    for (const m of metricIndexes) {
      const x = c.values[m] ?? null;
      const n = c.schools[m]!;
      const metric = metrics[m]!;
      const p = x === null ? 0 : metric.protection(x);
      up.push(x === null ? 0 : Math.min(metric.max === null ? p : metric.max - x, p) * n);
      down.push(x === null ? 0 : Math.min(x, p) * n);
    }
    return { up, down };
  };
  const childrenOf = new Map<string, Set<string>>();
  for (const r of input.relations) {
    const set = childrenOf.get(r.parent) ?? new Set<string>();
    for (const k of r.children) set.add(k);
    childrenOf.set(r.parent, set);
  }
  const containedNeed = new Map<string, Need | null>();
  const smallNeedWithin = (key: string): Need | null => {
    if (containedNeed.has(key)) return containedNeed.get(key)!;
    let need: Need | null = hidden.get(key) === 'small_cell' || (input.protect?.has(key) && hidden.has(key)) ? ownNeed(cells.get(key)!) : null;
    for (const k of childrenOf.get(key) ?? []) {
      const below = smallNeedWithin(k);
      if (below === null) continue;
      need = need === null ? { up: [...below.up], down: [...below.down] }
        : { up: need.up.map((v, i) => Math.max(v, below.up[i]!)), down: need.down.map((v, i) => Math.max(v, below.down[i]!)) };
    }
    containedNeed.set(key, need);
    return need;
  };
  const needOf = input.protectComplements === false ? (c: LinkedCell) => smallNeedWithin(c.key) : ownNeed;

  /**
   * What is wrong with one relation for one metric if `extra` were hidden too (null: nothing).
   * `need` is the shortfall in the metric's sum (mass/room) so a complement can be chosen to cover it.
   */
  const failure = (members: LinkedMemberCells, m: number, extra: LinkedCell | null): { rule: Rule; need: number } | null => {
    const isHidden = (c: LinkedCell) => c === extra || hidden.has(c.key);
    const parent = members.parent;
    const parentHidden = parent.schools[m]! > 0 && isHidden(parent);
    let hiddenCount = parentHidden ? 1 : 0;
    let visibleCount = 0;
    let hiddenSchools = 0;
    let mass = 0;
    let room = 0;
    let visibleMass = 0;
    let visibleRoom = 0;
    for (const c of members.children) {
      if (c.schools[m]! <= 0) continue;
      if (isHidden(c)) {
        hiddenCount++;
        hiddenSchools += c.schools[m]!;
        mass += sumOf(c, m);
        room += roomOf(c, m);
      } else {
        visibleCount++;
        visibleMass += sumOf(c, m);
        visibleRoom += roomOf(c, m);
      }
    }
    if (hiddenCount === 0) return null;
    if (hiddenCount === 1) return parentHidden && visibleCount === 0 ? null : { rule: 'lone', need: 0 };
    if (parentHidden) return null;
    if (hiddenSchools < minSchools) return { rule: 'count', need: 0 };
    for (const a of members.children) {
      if (a.schools[m]! <= 0 || !isHidden(a)) continue;
      const need = needOf(a);
      if (need === null) continue;
      const massShort = need.up[m]! - (mass - sumOf(a, m));
      const roomShort = need.down[m]! - (room - roomOf(a, m));
      // Only a visible child that has mass (room) to lend can widen the interval. When none has,
      // the published parent itself pins the hidden cells (e.g. a parent at 0 %): that is what the
      // parent says about all its schools, and hiding more would not change it.
      if (massShort > EPSILON && visibleMass > EPSILON) return { rule: 'mass', need: massShort };
      if (roomShort > EPSILON && visibleRoom > EPSILON) return { rule: 'room', need: roomShort };
    }
    return null;
  };

  /** Repairs one relation for one metric by hiding one more cell; true when it hid one. */
  const repair = (r: LinkedRelation, members: LinkedMemberCells, m: number): boolean => {
    const wrong = failure(members, m, null);
    if (wrong === null) return false;
    const visible = members.children.filter((c) => c.schools[m]! > 0 && !hidden.has(c.key));
    const size = (c: LinkedCell) => Math.max(...c.schools);
    // Best: the smallest visible child that makes the relation hold for every metric at once, so
    // one complement does what several would do one rule at a time.
    let choice: LinkedCell | undefined;
    for (const c of visible) {
      if ((choice === undefined || size(c) < size(choice)) && metricIndexes.every((i) => failure(members, i, c) === null)) choice = c;
    }
    if (choice === undefined) {
      // Else the child that helps most with this rule: the fewest schools that cover the shortfall,
      // else the largest contribution; the parent when no child is left.
      const score = wrong.rule === 'mass' ? (c: LinkedCell) => (sumOf(c, m) >= wrong.need ? 1e12 - c.schools[m]! : sumOf(c, m))
        : wrong.rule === 'room' ? (c: LinkedCell) => (roomOf(c, m) >= wrong.need ? 1e12 - c.schools[m]! : Math.min(roomOf(c, m), 1e11))
        : (c: LinkedCell) => -c.schools[m]!;
      let best = Number.NEGATIVE_INFINITY;
      for (const c of visible) {
        const sc = score(c);
        if (sc > best) {
          best = sc;
          choice = c;
        }
      }
    }
    const key = choice ? choice.key : members.parent.key;
    if (trial === null) input.onComplement?.(key, { relation: r, metric: m, rule: wrong.rule });
    return hide(key);
  };

  // A worklist of relations: a newly hidden cell puts back every relation it belongs to.
  const relationsOf = new Map<string, number[]>();
  input.relations.forEach((r, i) => {
    if (r.boundOnly) return;
    for (const k of [r.parent, ...r.children]) {
      const list = relationsOf.get(k);
      if (list) list.push(i);
      else relationsOf.set(k, [i]);
    }
  });
  const queued = new Uint8Array(input.relations.length).fill(1);
  const queue: number[] = input.relations.flatMap((r, i) => (r.boundOnly ? [] : [i]));
  const hideAndQueue = hide;
  hide = (key: string): boolean => {
    if (!hideAndQueue(key)) return false;
    trial?.push(key);
    for (const i of relationsOf.get(key) ?? []) {
      if (!queued[i]) {
        queued[i] = 1;
        queue.push(i);
      }
    }
    return true;
  };
  const cellList = [...cells.values()];
  const indexOf = new Map(cellList.map((c, i) => [c.key, i]));
  const memberCells: LinkedMemberCells[] = input.relations.map((r) => ({ parent: cells.get(r.parent)!, children: r.children.map((k) => cells.get(k)!) }));
  const parentsOf = new Map<string, LinkedCell[]>();
  for (const members of memberCells) {
    for (const c of members.children) {
      const list = parentsOf.get(c.key);
      if (list) list.push(members.parent);
      else parentsOf.set(c.key, [members.parent]);
    }
  }
  /** Every cell that contains `key`, along any dimension, however far up. */
  const ancestorsOf = (key: string): LinkedCell[] => {
    const seen = new Map<string, LinkedCell>();
    const stack = [...(parentsOf.get(key) ?? [])];
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (seen.has(p.key)) continue;
      seen.set(p.key, p);
      stack.push(...(parentsOf.get(p.key) ?? []));
    }
    return [...seen.values()];
  };
  let next = 0;
  /** The cells hidden while a choice is tried out (null: not trying), so that it can be undone. */
  let trial: string[] | null = null;
  const settle = () => {
    for (; next < queue.length; next++) {
      const i = queue[next]!;
      queued[i] = 0;
      const r = input.relations[i]!;
      const members = memberCells[i]!;
      // Most relations hold no hidden cell at all: nothing to check for any metric.
      if (!hidden.has(r.parent) && !r.children.some((k) => hidden.has(k))) continue;
      // Repeat on the same relation until it holds: each repair hides one more cell.
      for (const m of metricIndexes) while (repair(r, members, m));
    }
  };
  settle();

  /** The cells that hiding `key` hides in all, with the complements the rules then need (nothing stays hidden). */
  const tryOut = (key: string): string[] => {
    const queued0 = queue.length;
    trial = [];
    hide(key);
    settle();
    const added = trial;
    trial = null;
    for (const k of added) hidden.delete(k);
    queue.length = queued0;
    next = queued0;
    return added;
  };

  /**
   * School counts. The register makes every area × sector count public, hidden or not, and an
   * empty cell is published as "0 scholen". The rules above see figures, not counts: where a
   * municipality's 2 mbo schools are in one band, and the region has no mbo school in two other
   * bands and the municipality no school at all in the rest, the register's 2 are that band's;
   * where a band of 5 schools holds 3 po and 2 vo schools and the register has only those 2 vo
   * schools, at least 3 of the 5 are po. So each hidden small cell must be able to lose
   * `schoolsProtection` schools: in every total it is part of that is known (published, or
   * public), another hidden part must be able to gain them, and so on, a few relations deep
   * (`move`). Where that fails, more cells are hidden: a member of one of its relations (with what
   * pins that member's own count: an empty cell under a published "0" needs that 0 hidden too) or a
   * total, whichever hides the fewest schools. Hiding an empty cell costs no figure, only its
   * "0 scholen". Hiding only ever lets counts move further, so a cell that passes keeps passing.
   */
  function keepCountsOpen(isPublic: (key: string) => boolean): void {
    // The relations of each cell, split by its place in them.
    const childIn = new Map<string, number[]>();
    const parentIn = new Map<string, number[]>();
    for (const [key, js] of relationsOf) {
      childIn.set(key, js.filter((j) => input.relations[j]!.parent !== key));
      parentIn.set(key, js.filter((j) => input.relations[j]!.parent === key));
    }
    const MOVE_DEPTH = 4;
    const UNPIN_DEPTH = 4;
    const relationCount = input.relations.length + 1;
    const view = (extra: ReadonlySet<string>) => {
      const isHidden = (c: LinkedCell) => hidden.has(c.key) || extra.has(c.key);
      const known = (c: LinkedCell) => !isHidden(c) || isPublic(c.key);
      const memo = new Map<number, number>();
      /**
       * How many schools cell `c` can gain (`up`) or lose, as far as the relations around it allow,
       * looking MOVE_DEPTH relations deep (beyond that: anything up, its own count down). `except` is
       * the relation the question comes from.
       */
      const move = (c: LinkedCell, up: boolean, except: number, depth: number): number => {
        if (known(c)) return 0;
        const free = up ? Number.POSITIVE_INFINITY : countOf(c);
        if (depth >= MOVE_DEPTH) return free;
        const key = ((indexOf.get(c.key)! * relationCount + except + 1) * 2 + (up ? 1 : 0)) * MOVE_DEPTH + depth;
        const kept = memo.get(key);
        if (kept !== undefined) return kept;
        let most = free;
        // As a part: what it gains, its total gains or another part loses.
        for (const j of childIn.get(c.key) ?? []) {
          if (j === except || most <= 0) continue;
          const { parent, children } = memberCells[j]!;
          let m = known(parent) ? 0 : move(parent, up, j, depth + 1);
          for (const s of children) if (m < most && s !== c && isHidden(s)) m += move(s, !up, j, depth + 1);
          most = Math.min(most, m);
        }
        // As a total: it moves as far as its parts move together.
        for (const j of parentIn.get(c.key) ?? []) {
          if (j === except || most <= 0) continue;
          let m = 0;
          for (const s of memberCells[j]!.children) if (m < most && isHidden(s)) m += move(s, up, j, depth + 1);
          most = Math.min(most, m);
        }
        memo.set(key, most);
        return most;
      };
      return { isHidden, known, move };
    };
    const need = (h: LinkedCell) => Math.ceil(schoolsProtection(countOf(h)) - EPSILON);
    const short = (h: LinkedCell, v: ReturnType<typeof view>) => v.move(h, false, -1, 0) < need(h);
    /** Hides `start` and, for each total or set of parts that pins it, the cheapest cell that unpins it. */
    const withUnpinned = (start: LinkedCell): Set<string> => {
      const extra = new Set([start.key]);
      const stack: [LinkedCell, number][] = [[start, 0]];
      while (stack.length > 0) {
        const [c, depth] = stack.pop()!;
        if (depth >= UNPIN_DEPTH) continue;
        const v = view(extra);
        for (const j of childIn.get(c.key) ?? []) {
          const { parent, children } = memberCells[j]!;
          if (!v.known(parent) || children.some((s) => s !== c && v.isHidden(s) && countOf(s) > 0)) continue;
          const options = children.filter((s) => s !== c && countOf(s) > 0 && !v.isHidden(s));
          if (!isPublic(parent.key)) options.push(parent);
          if (options.length === 0) continue;
          const pick = options.reduce((a, b) => (countOf(b) < countOf(a) ? b : a));
          extra.add(pick.key);
          stack.push([pick, depth + 1]);
        }
        // A total whose parts are all published (a region's empty band under its municipalities'
        // "0 scholen") is pinned by them: one part is hidden with it, the smallest.
        for (const j of parentIn.get(c.key) ?? []) {
          const { children } = memberCells[j]!;
          if (children.length === 0 || children.some((s) => v.isHidden(s))) continue;
          const options = children.filter((s) => !isPublic(s.key));
          if (options.length === 0) continue;
          const pick = options.reduce((a, b) => (countOf(b) < countOf(a) ? b : a));
          extra.add(pick.key);
          stack.push([pick, depth + 1]);
        }
      }
      for (const k of [...extra]) if (hidden.has(k)) extra.delete(k);
      return extra;
    };
    const cost = (extra: ReadonlySet<string>) => [...extra].reduce((t, k) => t + countOf(cells.get(k)!) + 1, 0);
    const small = [...cells.values()].filter((c) => hidden.has(c.key) && !isPublic(c.key) && countOf(c) > 0 && countOf(c) < minSchools);
    // One view (and its memo) serves every cell until a repair changes what is hidden.
    let current = view(new Set());
    for (const h of small) {
      while (short(h, current)) {
        // Candidates: every other member of each relation of h, and each relation's total.
        const nearby = new Map<string, LinkedCell>();
        for (const j of [...(childIn.get(h.key) ?? []), ...(parentIn.get(h.key) ?? [])]) {
          const { parent, children } = memberCells[j]!;
          for (const x of [parent, ...children]) if (x !== h && !isPublic(x.key)) nearby.set(x.key, x);
        }
        let best: Set<string> | undefined;
        for (const x of nearby.values()) {
          const extra = withUnpinned(x);
          if (extra.size === 0 || (best !== undefined && cost(extra) >= cost(best))) continue;
          if (!short(h, view(extra))) best = extra;
        }
        if (best === undefined) break;
        for (const k of best) {
          input.onComplement?.(k, { relation: { parent: k, children: [h.key] }, metric: 0, rule: 'schools' });
          hide(k);
        }
        settle();
        current = view(new Set());
      }
    }
  }

  // Nested shares: a hidden small cell's renewals are at most those of its municipality over all
  // sectors, and its certificates without a renewal due at most those of its region's sector. When
  // both published cells have none, its certificates are pinned at 0, although neither figure says so
  // by itself. The per-relation rules above see one metric at a time; here each hidden small cell is
  // checked against the published cells that contain it, and one of the pinning cells is hidden.
  const chains = input.chains ?? [];
  if (chains.length > 0) {
    // Gap i of a chain in a cell: level i minus level i + 1, where level 0 is every school (max × n)
    // and the level after the last metric is 0. Counts of schools, in the metric's sum unit.
    const gapsOf = (c: LinkedCell, chain: readonly number[]): number[] => {
      const n = Math.max(...chain.map((m) => c.schools[m]!));
      const levels = [metrics[chain[0]!]!.max! * n, ...chain.map((m) => sumOf(c, m)), 0];
      return levels.slice(0, -1).map((level, i) => level - levels[i + 1]!);
    };
    // Gaps are whole schools times the metric's maximum: far from the rounding noise of the sums.
    const isZero = (x: number) => Math.abs(x) <= 1e-6;
    const cost = (ps: readonly LinkedCell[]) => ps.reduce((t, p) => t + Math.max(...p.schools), 0);
    /** The published cells to hide so that no level of the chain is pinned in `c` (null: none is). */
    const pinnedBy = (chain: readonly number[], published: readonly LinkedCell[]): LinkedCell[] | null => {
      const ancestorGaps = published.map((p) => ({ p, gaps: gapsOf(p, chain) }));
      const gapCount = chain.length + 1;
      // Level k is pinned at 0 when every gap from k on is 0 in some published cell, and at "all"
      // when every gap before k is; unless one published cell alone says so (that is a figure about
      // its whole group, as a published 0 % is).
      for (let k = 1; k < gapCount; k++) {
        for (const [from, to] of [[k, gapCount], [0, k]] as const) {
          const gaps = Array.from({ length: to - from }, (_, j) => from + j);
          if (ancestorGaps.some((a) => gaps.every((i) => isZero(a.gaps[i]!)))) continue;
          const pinning = gaps.map((i) => ancestorGaps.filter((a) => isZero(a.gaps[i]!)).map((a) => a.p));
          if (pinning.some((ps) => ps.length === 0)) continue;
          // Break the pin where it costs least: the gap whose pinning cells hold the fewest schools.
          return pinning.reduce((a, b) => (cost(b) < cost(a) ? b : a));
        }
      }
      return null;
    };
    for (let round = 0; round < cells.size; round++) {
      let hidMore = false;
      for (const c of cells.values()) {
        if (hidden.get(c.key) !== 'small_cell') continue;
        const published = ancestorsOf(c.key).filter((p) => !hidden.has(p.key) && p.schools.some((n) => n > 0));
        for (const chain of chains) {
          const pins = published.length > 0 ? pinnedBy(chain, published) : null;
          if (pins === null) continue;
          for (const p of pins) {
            input.onComplement?.(p.key, { relation: { parent: p.key, children: [c.key] }, metric: chain[0]!, rule: 'chain' });
            if (hide(p.key)) hidMore = true;
          }
          break; // The published cells have changed: this cell is checked again next round.
        }
      }
      if (!hidMore) break;
      settle();
    }
  }

  /**
   * An empty cell says "no school here" ("– (0 scholen)"). Under a hidden parent that is a count
   * the parent hides: a municipality's one so school, with its other bands shown empty, is in the
   * one band left. Such an empty cell is hidden too, unless another parent of it is empty and
   * published (then its emptiness is public already). Hiding an empty parent can take that away
   * from its children, so this runs until nothing changes. Empty cells carry no figure: hiding
   * them changes no relation's rules above. Runs last, and before the bounds are checked.
   */
  function hideEmptyUnderHidden(): void {
    const isEmpty = (c: LinkedCell) => c.schools.every((n) => n <= 0);
    const parentsOfEmpty = [...parentsOf].filter(([key]) => isEmpty(cells.get(key)!));
    for (let changed = true; changed; ) {
      changed = false;
      for (const [key, parents] of parentsOfEmpty) {
        if (hidden.has(key) || !parents.some((p) => hidden.has(p.key))) continue;
        if (parents.some((p) => isEmpty(p) && !hidden.has(p.key))) continue;
        hidden.set(key, 'complementary');
        changed = true;
      }
    }
  }

  if (input.publicCounts) keepCountsOpen(input.publicCounts);

  /**
   * Figures pinned by relations together. Each relation above passes on its own, yet an adversary
   * who chains them can still pin a small cell: a region's vo schools hold one supported school,
   * published; one municipality's hidden vo cell must hold it (its own total minus its visible
   * sectors says so); so the region's other hidden vo cells have none. Bounds are propagated
   * through every relation, and a small cell that cannot move by its protection level gets one more cell
   * hidden: a published cell that set one of the bounds that pin it, followed back through the
   * hidden cells whose bounds did, the one with the fewest schools. The adversary knows a hidden
   * cell's schools only as far as the published counts and the register bound them, as the
   * attacker in the test suite does. The same bounds keep a small cell's count open where the
   * register does not give it (schools whose record states a condition): it must be able to be one
   * school more. A pin that a single published
   * cell containing it states by itself (a part holds at most what its whole holds, and lacks at
   * most what its whole lacks, as a published 0 % says of all its schools) is what that figure
   * says, as in the rules above. Hiding only widens bounds, so each round checks only the cells
   * that failed the one before.
   */
  function keepSumsOpen(checked: (key: string) => boolean): void {
    const list = cellList;
    // A relation whose children are never published still adds up: with the register bounding
    // those children, "all sectors minus the others" bounds each of them.
    const relations = input.relations.map((r) => ({ parent: indexOf.get(r.parent)!, children: r.children.map((k) => indexOf.get(k)!) }));
    const unpublished = new Set(input.relations.filter((r) => r.boundOnly).flatMap((r) => r.children));
    const isHiddenAt = (i: number) => hidden.has(list[i]!.key) || unpublished.has(list[i]!.key);
    // A hidden cell holds at most the schools the register gives it (its count over all figures),
    // and what `countsAtMost` says.
    const countCeiling = (i: number) => Math.min(input.countsAtMost?.(list[i]!.key) ?? Number.POSITIVE_INFINITY,
      input.publicCounts?.(list[i]!.key) ? countOf(list[i]!) : Number.POSITIVE_INFINITY);
    const ancestors = new Map<string, LinkedCell[]>();
    let failing = new Map<number, LinkedCell[]>(metricIndexes.map((m) => [m, list.filter((c) => hidden.get(c.key) === 'small_cell' && checked(c.key) && c.schools[m]! > 0 && c.values[m] !== null)]));
    const TRACE_DEPTH = 4;
    const TRIALS = 6;
    for (let round = 0; round < 50 && failing.size > 0; round++) {
      let repaired = false;
      const stillFailing = new Map<number, LinkedCell[]>();
      for (const [m, small] of failing) {
        const max = metrics[m]!.max;
        const countCells = list.map((c) => ({ key: c.key, schools: [c.schools[m]!], values: [1] }));
        const isCountHidden = (i: number) => isHiddenAt(i) && !(input.publicCounts?.(list[i]!.key) && list[i]!.schools[m] === countOf(list[i]!));
        // The counts behind the figure as far as the adversary can bound them (exact where
        // published, or public by the register), then the sums within them.
        const propagate = () => {
          const counts = propagateSums(countCells, relations, 0, null, isCountHidden, countCeiling);
          const fromCounts = (i: number) => (max === null ? Number.POSITIVE_INFINITY : max * counts.hi[i]!);
          const sumAtMost = input.sumsAtMost;
          const sums = propagateSums(list, relations, m, max, isHiddenAt, max === null && !sumAtMost ? undefined
            : (i) => Math.min(fromCounts(i), sumAtMost?.(list[i]!.key, m) ?? Number.POSITIVE_INFINITY));
          return { counts, sums };
        };
        let bounds = propagate();
        let stale = false;
        /**
         * The published cells whose bound (lower or upper) is behind cell i's sum, or its count,
         * followed back through hidden cells.
         */
        const pinning = (i: number, upper: boolean, depth: number, out: Set<number>, ofCount = false): void => {
          const by = ofCount ? bounds.counts : bounds.sums;
          const j = (upper ? by.hiBy : by.loBy)[i]!;
          if (j < 0 || depth >= TRACE_DEPTH) return;
          const r = relations[j]!;
          const visit = (k: number, up: boolean) => {
            const c = list[k]!;
            if (c.schools[m]! <= 0) return;
            if (ofCount ? isCountHidden(k) : isHiddenAt(k)) pinning(k, up, depth + 1, out, ofCount);
            else if (ofCount || (up ? roomOf(c, m) > EPSILON : sumOf(c, m) > EPSILON)) out.add(k);
          };
          // A total is bounded by its parts' same bounds; a part by its total's and the other parts' opposite ones.
          if (r.parent === i) for (const k of r.children) visit(k, upper);
          else {
            visit(r.parent, upper);
            for (const k of r.children) if (k !== i) visit(k, !upper);
          }
        };
        const failed: LinkedCell[] = [];
        for (const c of small) {
          const i = indexOf.get(c.key)!;
          const sum = sumOf(c, m);
          const own = ownNeed(c);
          let up = own.up[m]!;
          let down = own.down[m]!;
          if (!ancestors.has(c.key)) ancestors.set(c.key, ancestorsOf(c.key));
          for (const a of ancestors.get(c.key)!) {
            if (hidden.has(a.key) || unpublished.has(a.key) || a.schools[m]! <= 0) continue;
            up = Math.min(up, sumOf(a, m) - sum);
            if (max !== null) down = Math.min(down, roomOf(a, m) - roomOf(c, m));
          }
          const tol = 1e-6 * Math.max(1, Math.abs(sum));
          // Its count too, where the register does not make it public: the schools whose record
          // states a condition must be able to be one more than they are, like the small cells'
          // counts in `keepCountsOpen`.
          const n = c.schools[m]!;
          const countUp = isCountHidden(i) ? Math.ceil(schoolsProtection(n) - EPSILON) : 0;
          const shortOf = () => [bounds.sums.hi[i]! < sum + up - tol, bounds.sums.lo[i]! > sum - down + tol, bounds.counts.hi[i]! < n + countUp - 1e-6] as const;
          let [upShort, downShort, countShort] = shortOf();
          if ((upShort || downShort || countShort) && stale) {
            // A repair for an earlier cell may have freed this one.
            bounds = propagate();
            stale = false;
            [upShort, downShort, countShort] = shortOf();
          }
          if (!upShort && !downShort && !countShort) continue;
          failed.push(c);
          const options = new Set<number>();
          if (upShort) pinning(i, true, 0, options);
          if (downShort) pinning(i, false, 0, options);
          if (countShort) pinning(i, true, 0, options, true);
          // The option that hides the fewest schools once the rules have their complements: a
          // region's band hidden for one municipality's cell can take half the region with it.
          const tried = [...options].map((k) => list[k]!).filter((o) => !hidden.has(o.key))
            .sort((a, b) => countOf(a) - countOf(b)).slice(0, TRIALS);
          let pick: LinkedCell | undefined;
          let least = Number.POSITIVE_INFINITY;
          for (const o of tried) {
            const cost = tryOut(o.key).reduce((t, k) => t + countOf(cells.get(k)!) + 1, 0);
            if (cost < least) {
              least = cost;
              pick = o;
            }
          }
          if (pick === undefined) continue;
          input.onComplement?.(pick.key, { relation: { parent: pick.key, children: [c.key] }, metric: m, rule: 'bounds' });
          hide(pick.key);
          settle();
          repaired = true;
          stale = true;
        }
        if (failed.length > 0) stillFailing.set(m, failed);
      }
      if (!repaired) break;
      failing = stillFailing;
    }
  }
  if (input.checkBounds) {
    // The adversary does not know which hidden cells are empty: the check starts from those hidden.
    hideEmptyUnderHidden();
    keepSumsOpen(input.checkBounds);
  }

  hideEmptyUnderHidden();

  const result = new Map<string, SuppressionReason | null>();
  for (const key of cells.keys()) result.set(key, hidden.get(key) ?? null);
  return result;
}
