/**
 * The attacker's arithmetic: given linear knowledge about non-negative quantities (published
 * figures, additive relations between cells, natural bounds), the tightest interval of every
 * protected figure that can be derived from all of it together, by linear programming (HiGHS,
 * compiled to WebAssembly: the `highs` package).
 *
 * Pure: no database, no tRPC. The domain (which cells exist, how they add up, what a published
 * figure says) is built in lattice.ts; this module only sees named quantities (`refs`) and
 * linear relations `lower ≤ Σ coef·x ≤ upper` between them.
 *
 * Adversary modelled: knows every relation given, exactly; reasons linearly (LP). A figure
 * value = scale · num / den with den itself unknown is still a linear constraint
 * (num − v/scale · den = 0), so unknown school counts beside a published rate are handled.
 * The interval of a hidden ratio with an unknown denominator is a linear-fractional program,
 * solved exactly (for the LP relaxation) with the Charnes–Cooper transformation, in a component of
 * any size, with the denominator at least what the attacker knows of it (`denAtLeast`).
 *
 * Integrality: counts are integers. With `integer`, count quantities of components up to
 * `integerMaxColumns` columns are declared integer and their min/max solved as a MIP; larger
 * components, and every ratio with an unknown denominator, use the LP relaxation (a slightly
 * weaker attacker: an interval from the relaxation contains the integer one). Integer count
 * bounds from the relaxation are rounded inward (ceil/floor), which is exact reasoning.
 *
 * Not modelled (the attacker is weaker than a real one in these respects): nonlinear reasoning
 * (e.g. the gap band 1 − band 4 as a difference of two ratios, or products of hidden values),
 * prior knowledge beyond what lattice.ts states, and reasoning about how the server rounds
 * figures it publishes other than through the per-figure `precision` half-widths.
 */
import highsLoader, { type Highs } from 'highs';

export interface Term { ref: string; coef: number }

/** lower ≤ Σ coef · x ≤ upper; `kind` says where the knowledge comes from (for the report). */
export interface Relation { kind: string; terms: readonly Term[]; lower: number; upper: number }

/** A figure to protect: its value is scale · num / den (den null: the value is num itself). */
export interface Target {
  id: string;
  num: string;
  den: string | null;
  scale: number;
  /** The school count behind the figure. */
  count: string;
  /** Whether the count's interval is needed (false saves two solves; the count is then not reported). */
  needCount?: boolean;
  /** False: the value is not modelled (its interval is reported as the whole range, and not judged). */
  needValue?: boolean;
}

export interface Interval { lo: number; hi: number }

export interface TargetInterval {
  value: Interval;
  count: Interval | null;
  /** True when a relation pins this figure with all others fixed, without an LP (e.g. published elsewhere). */
  direct: boolean;
}

export interface AuditOptions {
  /** Refs whose values are integers (school counts, numbers of agreements, ...). */
  integerRefs?: ReadonlySet<string>;
  integer?: boolean;
  integerMaxColumns?: number;
  /** What the attacker knows of a hidden figure's denominator (it is not "no data"): at least this (default 0). */
  denAtLeast?: (t: Target) => number;
  /** The feasible range of a ratio value when its denominator can be (nearly) zero or is unbounded. */
  valueRange?: (t: Target) => Interval;
  /**
   * Whether an interval fails the requirement. With it, targets in components over
   * `screenMinColumns` are first solved in their neighbourhood (`screenDepth` relation hops): a
   * relaxation, so an interval that already fails there fails exactly too.
   */
  broken?: (t: Target, iv: TargetInterval) => boolean;
  screenMinColumns?: number;
  screenDepth?: number;
  /** The true values (tests): a propagation that contradicts them is reported as a model error. */
  truth?: ReadonlyMap<string, number>;
}

const EPS = 1e-7;
/**
 * The time a group of checkTargets gets for one solve and in all: a group only shortcuts the
 * whole component, and an LP that stalls there (seen on rate rows loosened to the truth) would
 * otherwise cost more than the whole component.
 */
const GROUP_SOLVE_SECONDS = 10;
const GROUP_SECONDS = 20;
/** HiGHS's default time limit: options must be finite. */
const NO_TIME_LIMIT = 1e30;
/** The least time a warm-started run of a large model gets before it starts over cold (ComponentSolver.run). */
const WARM_SECONDS = 30;
let loaded: Promise<Highs> | null = null;
function solver(): Promise<Highs> {
  loaded ??= highsLoader();
  return loaded;
}

/**
 * Propagates fixed values: a relation with one unknown left fixes it (equality) or bounds it
 * (inequality). Returns fixed values and column bounds; throws when the knowledge is inconsistent
 * (which would mean the model of the publication is wrong, not that the attack failed).
 * A value fixed from an interval (up to EPS wide, or crossed by rounding noise) is its midpoint,
 * and a value fixed from such values inherits their error: `slack` holds how far each may be off.
 * A row that adds many of them can miss its equality by their sum (seen: 1e-6 over a region's
 * municipalities), which the solver would call infeasible; buildComponent gives such rows that room.
 * Values fixed by exact figures have none, so no other row changes.
 */
function propagate(relations: readonly Relation[]) {
  const fixed = new Map<string, number>();
  const slack = new Map<string, number>();
  const lower = new Map<string, number>();
  const upper = new Map<string, number>();
  const byRef = new Map<string, number[]>();
  relations.forEach((r, i) => {
    for (const t of r.terms) {
      const list = byRef.get(t.ref);
      if (list) list.push(i);
      else byRef.set(t.ref, [i]);
    }
  });
  const queue = relations.map((_, i) => i);
  const queued = new Uint8Array(relations.length).fill(1);
  while (queue.length) {
    const i = queue.pop()!;
    queued[i] = 0;
    const r = relations[i]!;
    let constant = 0;
    let inherited = 0;
    let open: Term | null = null;
    let opens = 0;
    for (const t of r.terms) {
      const f = fixed.get(t.ref);
      if (f !== undefined) {
        constant += t.coef * f;
        inherited += Math.abs(t.coef) * (slack.get(t.ref) ?? 0);
      } else if (t.coef !== 0) {
        opens += 1;
        open = t;
      }
    }
    if (opens !== 1 || !open) continue;
    const a = (r.lower - constant) / open.coef;
    const b = (r.upper - constant) / open.coef;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    let curLo = Math.max(lower.get(open.ref) ?? 0, lo);
    let curHi = Math.min(upper.get(open.ref) ?? Infinity, hi);
    // Slack of exact figures can cross by rounding noise: the value is then pinned between them.
    let crossed = 0;
    if (curLo > curHi) {
      crossed = (curLo - curHi) / 2;
      curLo = curHi = (curLo + curHi) / 2;
    }
    lower.set(open.ref, curLo);
    upper.set(open.ref, curHi);
    if (curHi - curLo <= EPS * Math.max(1, Math.abs(curLo))) {
      fixed.set(open.ref, (curLo + curHi) / 2);
      const off = (curHi - curLo) / 2 + crossed + inherited / Math.abs(open.coef);
      if (off > 0) slack.set(open.ref, off);
      for (const j of byRef.get(open.ref) ?? []) if (!queued[j]) {
        queued[j] = 1;
        queue.push(j);
      }
    }
  }
  return { fixed, slack, lower, upper };
}

/** Connected components of the unknown refs, linked by relations with ≥ 2 unknowns. */
function components(relations: readonly Relation[], fixed: ReadonlyMap<string, number>): { refs: string[]; rows: number[] }[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (parent.get(y) !== r) {
      const n = parent.get(y)!;
      parent.set(y, r);
      y = n;
    }
    return r;
  };
  const openRows: number[] = [];
  relations.forEach((r, i) => {
    const open = r.terms.filter((t) => t.coef !== 0 && !fixed.has(t.ref));
    if (open.length < 2) return;
    openRows.push(i);
    for (const t of open) if (!parent.has(t.ref)) parent.set(t.ref, t.ref);
    for (let k = 1; k < open.length; k++) {
      const a = find(open[0]!.ref);
      const b = find(open[k]!.ref);
      if (a !== b) parent.set(a, b);
    }
  });
  const byRoot = new Map<string, { refs: string[]; rows: number[] }>();
  for (const ref of parent.keys()) {
    const root = find(ref);
    const c = byRoot.get(root) ?? { refs: [], rows: [] };
    c.refs.push(ref);
    byRoot.set(root, c);
  }
  for (const i of openRows) {
    const ref = relations[i]!.terms.find((t) => t.coef !== 0 && !fixed.has(t.ref))!.ref;
    byRoot.get(find(ref))!.rows.push(i);
  }
  return [...byRoot.values()];
}

interface ComponentModel {
  index: Map<string, number>;
  colLower: number[];
  colUpper: number[];
  rows: { cols: number[]; coefs: number[]; lower: number; upper: number }[];
}

function buildComponent(
  refs: readonly string[],
  rowIds: readonly number[],
  relations: readonly Relation[],
  known: (ref: string) => number | undefined,
  lower: ReadonlyMap<string, number>,
  upper: ReadonlyMap<string, number>,
  slack: ReadonlyMap<string, number> = new Map(),
): ComponentModel {
  const index = new Map(refs.map((r, i) => [r, i]));
  const rows = rowIds.map((i) => {
    const r = relations[i]!;
    let constant = 0;
    let room = 0;
    const coefByCol = new Map<number, number>();
    for (const t of r.terms) {
      const f = known(t.ref);
      if (f !== undefined) {
        constant += t.coef * f;
        room += Math.abs(t.coef) * (slack.get(t.ref) ?? 0);
      } else {
        const c = index.get(t.ref)!;
        coefByCol.set(c, (coefByCol.get(c) ?? 0) + t.coef);
      }
    }
    return { cols: [...coefByCol.keys()], coefs: [...coefByCol.values()], lower: r.lower - constant - room, upper: r.upper - constant + room };
  });
  return {
    index,
    colLower: refs.map((r) => lower.get(r) ?? 0),
    colUpper: refs.map((r) => upper.get(r) ?? Infinity),
    rows,
  };
}

type Sense = 'min' | 'max';

class ComponentSolver {
  private model: ReturnType<Highs['createModel']>;
  private sumCols: number[] = [];
  /**
   * `timeLimit` (seconds per run): a run that takes longer ends unclear (undefined), without the
   * retries; for models whose verdict is only a shortcut (checkTargets' groups).
   */
  constructor(private highs: Highs, private m: ComponentModel, integrality: number[] | null, private timeLimit: number | null = null) {
    const inf = highs.infinity;
    const n = m.colLower.length;
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const r of m.rows) {
      indices.push(...r.cols);
      values.push(...r.coefs);
      starts.push(indices.length);
    }
    const fin = (x: number) => (x === Infinity ? inf : x === -Infinity ? -inf : x);
    this.model = highs.createModel({
      numCols: n,
      numRows: m.rows.length,
      colCost: new Array(n).fill(0),
      colLower: m.colLower.map(fin),
      colUpper: m.colUpper.map(fin),
      rowLower: m.rows.map((r) => fin(r.lower)),
      rowUpper: m.rows.map((r) => fin(r.upper)),
      matrix: { format: 'csr', numRows: m.rows.length, numCols: n, starts, indices, values },
      ...(integrality ? { integrality: Int32Array.from(integrality) } : {}),
    });
    this.model.options.set({ output_flag: false, log_to_console: false, presolve: 'off', simplex_strategy: 4 });
  }

  /** The optimum of one column, ±Infinity when unbounded, null when infeasible, undefined when the solver could not tell. */
  optimise(col: number, sense: Sense): number | null | undefined {
    return this.optimiseSum([[col, 1]], sense);
  }

  /** The optimum of Σ coef·x over a few columns (the costs of the previous objective are cleared first). */
  optimiseSum(terms: readonly (readonly [number, number])[], sense: Sense): number | null | undefined {
    for (const col of this.sumCols) this.model.changeColCost(col, 0);
    this.sumCols = terms.map(([col]) => col);
    for (const [col, coef] of terms) this.model.changeColCost(col, coef);
    const c = this.highs.constants;
    this.model.changeObjectiveSense(sense === 'min' ? c.objectiveSense.minimize : c.objectiveSense.maximize);
    let status = this.run();
    // Out of time: unclear, and the basis reached is kept (the next objective starts from it).
    if (status === c.modelStatus.timeLimit) return undefined;
    if (status !== c.modelStatus.optimal && status !== c.modelStatus.unbounded) {
      // A warm start from the previous objective's basis occasionally ends unclear or (wrongly)
      // infeasible on nearly degenerate rate rows: retry without the basis (a large model cold, see
      // run), then cold whatever its size.
      this.forgetBasis();
      status = this.run();
      if (status !== c.modelStatus.optimal && status !== c.modelStatus.unbounded) {
        this.forgetBasis();
        status = this.run(true);
      }
    }
    if (status === c.modelStatus.optimal) return this.model.getObjectiveValue();
    if (status === c.modelStatus.unbounded || status === c.modelStatus.unboundedOrInfeasible) return sense === 'min' ? -Infinity : Infinity;
    if (status === c.modelStatus.infeasible) return null;
    return undefined;
  }

  /** The last optimal point's column values (null when the last run found none). */
  solution(): Float64Array | null {
    try {
      return this.model.getSolution().colValue;
    } catch {
      return null;
    }
  }

  /** Runs `fn` with several columns' lower bounds raised (a restriction of the model). */
  withLowerBounds<T>(bounds: ReadonlyMap<number, number>, fn: () => T): T {
    const inf = this.highs.infinity;
    const raised = [...bounds].filter(([col, lower]) => lower > this.m.colLower[col]!);
    const fin = (x: number) => (x === Infinity ? inf : x);
    for (const [col, lower] of raised) this.model.changeColBounds(col, lower, fin(this.m.colUpper[col]!));
    try {
      return fn();
    } finally {
      for (const [col] of raised) this.model.changeColBounds(col, this.m.colLower[col]!, fin(this.m.colUpper[col]!));
    }
  }

  /** Runs `fn` with a column's lower bound raised (what the attacker knows of a hidden figure's denominator). */
  withLowerBound<T>(col: number, lower: number, fn: () => T): T {
    const lo = this.m.colLower[col]!;
    if (lower <= lo) return fn();
    const up = this.m.colUpper[col]!;
    const inf = this.highs.infinity;
    this.model.changeColBounds(col, lower, up === Infinity ? inf : up);
    try {
      return fn();
    } finally {
      this.model.changeColBounds(col, lo, up === Infinity ? inf : up);
    }
  }

  /** Whether the model holds a basis from an earlier run (the next run starts warm from it). */
  private warm = false;
  /** Seconds the last cold run of this model took: what a warm run may take before it starts over cold. */
  private coldSeconds = 0;

  private forgetBasis(): void {
    this.model.clearSolver();
    this.warm = false;
  }

  /**
   * One run; a native error (HiGHS status −1) counts as an unclear outcome, not a crash. Without a
   * basis, a large model is found feasible far faster with presolve and the dual simplex (`cold`);
   * later objectives start warm from the basis it leaves. A warm start usually takes a fraction of
   * the cold run, but on a large, nearly degenerate model it has been seen to wander for over ten
   * minutes where a cold run takes half a minute: so without the caller's own time limit, a warm
   * run of a large model gets twice the cold run's time (at least WARM_SECONDS), then starts over cold.
   */
  private run(cold = !this.warm && this.large()): number {
    const c = this.highs.constants;
    const limit = this.timeLimit ?? (!cold && this.large() ? Math.max(WARM_SECONDS, 2 * this.coldSeconds) : null);
    const status = this.runOnce(cold, limit);
    if (status === c.modelStatus.timeLimit && this.timeLimit === null) {
      this.forgetBasis();
      return this.runOnce(true, null);
    }
    return status;
  }

  private large(): boolean {
    return this.m.colLower.length > 1000;
  }

  private runOnce(cold: boolean, limit: number | null): number {
    const started = performance.now();
    try {
      this.model.options.set({ time_limit: limit ?? NO_TIME_LIMIT, ...(cold ? { presolve: 'on', simplex_strategy: 1 } : {}) });
      this.model.zeroAllClocks();
      this.model.run();
      this.warm = true;
      return this.model.getModelStatus();
    } catch {
      return this.highs.constants.modelStatus.unknown;
    } finally {
      if (cold) {
        this.model.options.set({ presolve: 'off', simplex_strategy: 4 });
        this.coldSeconds = (performance.now() - started) / 1000;
      }
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Charnes–Cooper: max/min num/den over {x | rows, bounds, den ≥ denAtLeast, den > 0} equals
 * max/min y_num over {y, 0 ≤ t ≤ 1/denAtLeast | a·y ∈ [lower·t, upper·t], l·t ≤ y ≤ u·t, y_den = 1}.
 */
function charnesCooper(highs: Highs, m: ComponentModel, num: number, den: number, denAtLeast: number): { min: number | null | undefined; max: number | null | undefined } {
  const n = m.colLower.length;
  const t = n;
  const rows: { cols: number[]; coefs: number[]; lower: number; upper: number }[] = [];
  for (const r of m.rows) {
    if (r.lower > -Infinity) rows.push({ cols: [...r.cols, t], coefs: [...r.coefs, -r.lower], lower: 0, upper: Infinity });
    if (r.upper < Infinity) rows.push({ cols: [...r.cols, t], coefs: [...r.coefs, -r.upper], lower: -Infinity, upper: 0 });
  }
  for (let j = 0; j < n; j++) {
    if (m.colLower[j]! !== 0) rows.push({ cols: [j, t], coefs: [1, -m.colLower[j]!], lower: 0, upper: Infinity });
    if (m.colUpper[j]! < Infinity) rows.push({ cols: [j, t], coefs: [1, -m.colUpper[j]!], lower: -Infinity, upper: 0 });
  }
  rows.push({ cols: [den], coefs: [1], lower: 1, upper: 1 });
  const cc: ComponentModel = {
    index: new Map(),
    colLower: [...m.colLower.map((l) => (l < 0 ? -Infinity : 0)), 0],
    // t = 1/den, so den ≥ denAtLeast is t ≤ 1/denAtLeast.
    colUpper: [...new Array(n).fill(Infinity), denAtLeast > 0 ? 1 / denAtLeast : Infinity],
    rows,
  };
  const s = new ComponentSolver(highs, cc, null);
  try {
    return { min: s.optimise(num, 'min'), max: s.optimise(num, 'max') };
  } finally {
    s.dispose();
  }
}

const atLeast = (iv: Interval, least: number): Interval => ({ lo: Math.max(iv.lo, least), hi: iv.hi });
const roundLo = (x: number) => Math.ceil(x - 1e-6);
const roundHi = (x: number) => Math.floor(x + 1e-6);

export interface AuditResult {
  intervals: Map<string, TargetInterval>;
  /** Number of LP/MIP solves and of components with a target, for the report. */
  solves: number;
  components: number;
  /** Solves whose status HiGHS could not classify; the weaker interval was used (reported, should be 0). */
  numericalFailures: number;
  /** MIP solves that failed and were answered by the LP relaxation instead. */
  mipFallbacks: number;
  /** Targets already shown broken by a neighbourhood relaxation (no whole-component solve needed). */
  screened: number;
  warnings: string[];
}

/**
 * For every target: the tightest interval of its value and of its school count that follows from
 * the relations. Throws when the relations are infeasible (the model does not fit the data).
 */
export async function auditTargets(relations: readonly Relation[], targets: readonly Target[], options: AuditOptions = {}): Promise<AuditResult> {
  const highs = await solver();
  const { fixed, slack, lower, upper } = propagate(relations);
  if (options.truth) {
    for (const [ref, v] of fixed) {
      const t = options.truth.get(ref) ?? 0;
      if (Math.abs(t - v) > 1e-5 * Math.max(1, Math.abs(t))) throw new Error(`Model fout: ${ref} vastgelegd op ${v}, waar is ${t}`);
    }
    for (const [ref, lo] of lower) {
      const t = options.truth.get(ref) ?? 0;
      if (t < lo - 1e-5 * Math.max(1, Math.abs(t)) || t > (upper.get(ref) ?? Infinity) + 1e-5 * Math.max(1, Math.abs(t))) throw new Error(`Model fout: ${ref} = ${t} buiten [${lo}, ${upper.get(ref)}]`);
    }
  }
  const comps = components(relations, fixed);
  const compOf = new Map<string, number>();
  comps.forEach((c, i) => { for (const r of c.refs) compOf.set(r, i); });
  const intervals = new Map<string, TargetInterval>();
  const integerRefs = options.integerRefs ?? new Set<string>();
  const rangeOf = options.valueRange ?? (() => ({ lo: 0, hi: Infinity }));
  let solves = 0;
  let numericalFailures = 0;
  let mipFallbacks = 0;
  let screened = 0;
  /** Rows the truth violates inside a solved (sub)model: must be empty; answered with the weakest interval. */
  const warnings: string[] = [];

  const singleInterval = (ref: string): Interval => {
    const f = fixed.get(ref);
    if (f !== undefined) return { lo: f, hi: f };
    return { lo: lower.get(ref) ?? 0, hi: upper.get(ref) ?? Infinity };
  };
  const ratio = (t: Target, num: Interval, den: Interval): Interval => {
    const range = rangeOf(t);
    if (t.den === null) return { lo: num.lo * t.scale, hi: num.hi * t.scale };
    if (den.hi <= EPS) return range;
    if (den.hi - den.lo <= EPS * Math.max(1, den.hi)) {
      return { lo: Math.max(range.lo, (t.scale * num.lo) / den.hi), hi: Math.min(range.hi, (t.scale * num.hi) / den.hi) };
    }
    // Unknown denominator without an LP (the quantities are in no open relation): bounds only.
    const lo = den.hi === Infinity ? 0 : (t.scale * num.lo) / den.hi;
    const hi = den.lo <= EPS ? range.hi : (t.scale * num.hi) / den.lo;
    return { lo: Math.max(range.lo, Number.isNaN(lo) ? range.lo : lo), hi: Math.min(range.hi, Number.isNaN(hi) ? range.hi : hi) };
  };

  const byComponent = new Map<number, Target[]>();
  for (const t of targets) {
    const refs = [t.num, t.den, t.count].filter((r): r is string => r !== null);
    const c = refs.map((r) => compOf.get(r)).find((x) => x !== undefined);
    if (c === undefined) {
      const num = singleInterval(t.num);
      const den = t.den ? singleInterval(t.den) : { lo: 1, hi: 1 };
      const count = singleInterval(t.count);
      intervals.set(t.id, { value: ratio(t, num, den), count: integerRefs.has(t.count) ? { lo: roundLo(count.lo), hi: roundHi(count.hi) } : count, direct: true });
      continue;
    }
    const list = byComponent.get(c) ?? [];
    list.push(t);
    byComponent.set(c, list);
  }

  const debug = process.env.ATTACK_DEBUG === '1';
  if (debug) console.error(`components ${comps.length}, with targets ${byComponent.size}, fixed ${fixed.size}, relations ${relations.length}`);
  const solveIn = (comp: { refs: string[]; rows: number[] }, list: readonly Target[], into: Map<string, TargetInterval>) => {
    const started = performance.now();
    const m = buildComponent(comp.refs, comp.rows, relations, (ref) => fixed.get(ref), lower, upper, slack);
    const useInteger = (options.integer ?? false) && comp.refs.length <= (options.integerMaxColumns ?? 300);
    const integrality = useInteger ? comp.refs.map((r) => (integerRefs.has(r) ? 1 : 0)) : null;
    const lp = new ComponentSolver(highs, m, null);
    const mip = integrality?.some((x) => x === 1) ? new ComponentSolver(highs, m, integrality) : null;
    try {
      const cache = new Map<string, Interval>();
      const rangeOfRef = (ref: string): Interval => {
        const hit = cache.get(ref);
        if (hit) return hit;
        const col = m.index.get(ref);
        let result: Interval;
        if (col === undefined) result = singleInterval(ref);
        else {
          const s = mip && integerRefs.has(ref) ? mip : lp;
          let lo = s.optimise(col, 'min');
          let hi = s.optimise(col, 'max');
          solves += 2;
          // The MIP may give up numerically: the relaxation's interval is then the (weaker) answer.
          // (HiGHS's MIP presolve has been seen to call feasible models with tight rate rows infeasible.)
          if (s === mip && (lo === undefined || lo === null)) {
            mipFallbacks += 1;
            lo = lp.optimise(col, 'min');
          }
          if (s === mip && (hi === undefined || hi === null)) {
            mipFallbacks += 1;
            hi = lp.optimise(col, 'max');
          }
          if (lo === undefined || hi === undefined) {
            numericalFailures += 1;
            lo ??= 0;
            hi ??= Infinity;
          }
          if ((lo === null || hi === null) && options.truth) {
            // Does the truth satisfy this component? If not, the model is wrong: say where.
            const x = comp.refs.map((r) => options.truth!.get(r) ?? 0);
            m.rows.forEach((row, i) => {
              const v = row.cols.reduce((acc, c, k) => acc + row.coefs[k]! * x[c]!, 0);
              if ((v < row.lower - 1e-6 || v > row.upper + 1e-6) && warnings.length < 20) warnings.push(`${relations[comp.rows[i]!]!.kind}: ${v} ∉ [${row.lower}, ${row.upper}] in a model of ${comp.refs.length} columns`);
            });
          }
          // The relations were checked against the truth where it is known (options.truth): an
          // infeasible verdict is then the solver's numerics, answered with the weakest interval.
          if ((lo === null || hi === null) && !options.truth) throw new Error(`Tegenstrijdige kennis over ${ref}: het model van de publicatie klopt niet met de gegevens`);
          if (lo === null || hi === null) numericalFailures += 1;
          lo ??= 0;
          hi ??= Infinity;
          result = integerRefs.has(ref) ? { lo: roundLo(lo), hi: roundHi(hi) } : { lo, hi };
        }
        cache.set(ref, result);
        return result;
      };
      for (const t of list) {
        const count = t.needCount === false && t.count !== t.den ? null : rangeOfRef(t.count);
        if (t.needValue === false) {
          into.set(t.id, { value: rangeOf(t), count, direct: false });
          continue;
        }
        const num = rangeOfRef(t.num);
        const least = options.denAtLeast?.(t) ?? 0;
        const den = t.den ? atLeast(rangeOfRef(t.den), least) : { lo: 1, hi: 1 };
        let value = ratio(t, num, den);
        const numCol = m.index.get(t.num);
        const denCol = t.den ? m.index.get(t.den) : undefined;
        // Both free: the exact interval, whatever the component's size (a model per target). The
        // interval from num's and den's own intervals contains it: it could show a figure narrow,
        // never that it is wide. (One of them fixed: that interval is exact.)
        if (t.den && den.hi > EPS && den.hi - den.lo > EPS * Math.max(1, den.hi) && numCol !== undefined && denCol !== undefined) {
          const cc = charnesCooper(highs, m, numCol, denCol, least);
          solves += 2;
          const range = rangeOf(t);
          // Unclear solver status: keep the bound from the num/den intervals (a weaker, still valid answer).
          if (cc.min === undefined || cc.max === undefined) numericalFailures += 1;
          value = {
            lo: cc.min === undefined ? value.lo : Math.max(range.lo, cc.min === null ? range.lo : t.scale * cc.min),
            hi: cc.max === undefined ? value.hi : Math.min(range.hi, cc.max === null ? range.hi : t.scale * cc.max),
          };
        }
        into.set(t.id, { value, count, direct: false });
      }
    } finally {
      lp.dispose();
      mip?.dispose();
    }
    if (debug && comp.refs.length > 500) {
      const hist = new Map<string, number>();
      for (const r of comp.refs) { const parts = r.split('|'); const k = `${parts[2]}|${parts[3] === 'all' ? 'all' : 'band'}|${parts[4]}`; hist.set(k, (hist.get(k) ?? 0) + 1); }
      console.error([...hist].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, n]) => `${k}:${n}`).join(' '));
    }
    if (debug) console.error(`component ${comp.refs.length} cols ${comp.rows.length} rows, ${list.length} targets: ${Math.round(performance.now() - started)} ms`);
  };

  const rowsOfComponent = (comp: { rows: number[] }) => {
    const rowsOf = new Map<string, number[]>();
    for (const i of comp.rows) for (const t of relations[i]!.terms) if (!fixed.has(t.ref)) {
      const l = rowsOf.get(t.ref);
      if (l) l.push(i);
      else rowsOf.set(t.ref, [i]);
    }
    return rowsOf;
  };
  const neighbourhood = (rowsOf: ReadonlyMap<string, number[]>, seeds: readonly string[], depth: number) => {
    const refs = new Set(seeds.filter((r) => rowsOf.has(r)));
    let frontier = [...refs];
    for (let d = 0; d < depth; d++) {
      const next: string[] = [];
      for (const r of frontier) for (const i of rowsOf.get(r) ?? []) for (const t of relations[i]!.terms) {
        if (!fixed.has(t.ref) && !refs.has(t.ref)) {
          refs.add(t.ref);
          next.push(t.ref);
        }
      }
      frontier = next;
    }
    // Only rows wholly inside: dropping the others relaxes the model (outer intervals).
    const candidates = new Set<number>();
    for (const r of refs) for (const i of rowsOf.get(r) ?? []) candidates.add(i);
    const rows = [...candidates].filter((i) => relations[i]!.terms.every((t) => fixed.has(t.ref) || refs.has(t.ref)));
    return { refs: [...refs], rows };
  };

  for (const [ci, list] of byComponent) {
    const comp = comps[ci]!;
    let rest: readonly Target[] = list;
    if (options.broken && comp.refs.length > (options.screenMinColumns ?? 600)) {
      // Screening: a relaxation (the neighbourhood of the target only) gives outer intervals; if
      // those already fail the requirement, the exact interval fails it too. Only the others need
      // the whole component.
      const passed: Target[] = [];
      const rowsOf = rowsOfComponent(comp);
      for (const t of list) {
        const local = neighbourhood(rowsOf, [t.num, t.den, t.count].filter((r): r is string => r !== null), options.screenDepth ?? 2);
        const out = new Map<string, TargetInterval>();
        solveIn(local, [t], out);
        const iv = out.get(t.id)!;
        if (options.broken(t, iv)) {
          intervals.set(t.id, iv);
          screened += 1;
        } else passed.push(t);
      }
      rest = passed;
    }
    if (rest.length) solveIn(comp, rest, intervals);
  }
  return { intervals, solves, components: byComponent.size, numericalFailures, mipFallbacks, screened, warnings };
}

/** What must stay underivable about one protected figure. */
export interface Requirement {
  /** The value's derivable interval must reach down to `lo` and up to `hi`; null: the value is not judged. */
  value: Interval | null;
  /** The count's derivable maximum must reach this; null: the count is not judged. */
  countAtLeast: number | null;
  /** What the attacker knows of the denominator of a hidden (not "no data") figure: at least this. */
  denAtLeast: number;
}

export interface CheckTarget extends Target { requirement: Requirement }

/** Groups of columns in which checkTargets tries to prove targets before their whole component. */
export interface LocalTier {
  /** The group of each target, given all the targets the tier is tried on. */
  groupsOf: (targets: readonly CheckTarget[], open: (ref: string) => boolean) => readonly (string | null)[];
  contains: (group: string, ref: string) => boolean;
}

export interface CheckResult {
  /** Targets proven protected: the requirement holds against the LP relaxation of the knowledge. */
  passed: Set<string>;
  /** Of those, proven in a group's model (localTiers) rather than in their whole component. */
  provenInGroups: number;
  solves: number;
  numericalFailures: number;
}

/**
 * Whether each target's requirement holds, by feasibility rather than by its exact interval: the
 * value can go down to `lo` iff min (num − lo/scale · den) ≤ 0 with den ≥ denAtLeast (and up to
 * `hi` likewise with max), so each side is one LP on the component's warm model, where the
 * exact interval of a ratio needs a Charnes–Cooper model per target. Targets not proven here
 * (no open component, or a side that fails, or an unclear solve) are left to `auditTargets`,
 * whose exact intervals judge and explain them.
 */
export async function checkTargets(
  relations: readonly Relation[],
  targets: readonly CheckTarget[],
  options: {
    integerRefs?: ReadonlySet<string>;
    /** The true values: with `localGroupOf`, what the columns outside a group are held at. */
    truth?: ReadonlyMap<string, number>;
    /**
     * For components over `localMinColumns`, tried in turn before the whole component: the group
     * each target is settled in (null: not in this tier; `open` says whether a ref is a column of
     * the targets' component, i.e. not fixed by what is published), and whether a ref's column is
     * in a group (the columns outside it are held at their true values).
     */
    localTiers?: readonly LocalTier[];
    localMinColumns?: number;
  } = {},
): Promise<CheckResult> {
  const highs = await solver();
  const { fixed, slack, lower, upper } = propagate(relations);
  const comps = components(relations, fixed);
  const compOf = new Map<string, number>();
  comps.forEach((c, i) => { for (const r of c.refs) compOf.set(r, i); });
  const integerRefs = options.integerRefs ?? new Set<string>();
  const byComponent = new Map<number, CheckTarget[]>();
  for (const t of targets) {
    const c = [t.num, t.den, t.count].filter((r): r is string => r !== null).map((r) => compOf.get(r)).find((x) => x !== undefined);
    if (c === undefined) continue;
    const list = byComponent.get(c) ?? [];
    list.push(t);
    byComponent.set(c, list);
  }
  const passed = new Set<string>();
  let provenInGroups = 0;
  let solves = 0;
  let numericalFailures = 0;
  /** One side of one requirement: Σ coef·x + constant must be able to reach ≤ 0 ('min') or ≥ 0 ('max'). */
  interface Side { target: CheckTarget; sense: Sense; terms: [number, number][]; constant: number; den: number | null; tol: number }
  const debug = process.env.ATTACK_DEBUG === '1';
  if (debug) console.error(`check: ${comps.length} components, ${byComponent.size} with targets (${[...byComponent].map(([ci, l]) => `${comps[ci]!.refs.length}c/${comps[ci]!.rows.length}r/${l.length}t`).join(' ')}), fixed ${fixed.size}`);

  /**
   * The sides of each target's requirement in model `m`, where `known` gives the value of a ref
   * that is not a column. Targets whose requirement cannot be put as sides go to `failed`.
   */
  const sidesIn = (m: ComponentModel, list: readonly CheckTarget[], known: (ref: string) => number | undefined, failed: Set<string>): Side[] => {
    const sides: Side[] = [];
    for (const t of list) {
      const req = t.requirement;
      if (req.countAtLeast !== null) {
        const col = m.index.get(t.count);
        if (col === undefined) {
          const hi = known(t.count) ?? upper.get(t.count) ?? Infinity;
          if ((integerRefs.has(t.count) ? roundHi(hi) : hi) < req.countAtLeast - 1e-6) failed.add(t.id);
        } else {
          // max count ≥ threshold; integers: the relaxation's max must reach it after rounding down.
          sides.push({ target: t, sense: 'max', terms: [[col, 1]], constant: -(req.countAtLeast - (integerRefs.has(t.count) ? 1e-6 : 0)), den: null, tol: 1e-6 });
        }
      }
      if (req.value !== null) {
        const numCol = m.index.get(t.num);
        const denCol = t.den === null ? undefined : m.index.get(t.den);
        const isKnown = (ref: string | null, col: number | undefined) => ref === null || col !== undefined || known(ref) !== undefined;
        if ((numCol === undefined && denCol === undefined) || !isKnown(t.num, numCol) || !isKnown(t.den, denCol)) {
          failed.add(t.id); // Fixed, or bounded outside any relation: the exact path judges it.
          continue;
        }
        for (const [sense, bound] of [['min', req.value.lo], ['max', req.value.hi]] as const) {
          // value ≷ bound  ⇔  num − bound/scale · den ≷ 0 (den > 0), with fixed parts as a constant.
          const c = bound / t.scale;
          const terms: [number, number][] = [];
          let constant = 0;
          if (numCol !== undefined) terms.push([numCol, 1]);
          else constant += known(t.num)!;
          if (t.den === null) constant -= c;
          else if (denCol !== undefined) terms.push([denCol, -c]);
          else constant -= c * known(t.den)!;
          const tol = 1e-6 * (1 + Math.abs(c)) * Math.max(1, Math.abs(constant));
          sides.push({ target: t, sense, terms, constant, den: denCol ?? null, tol });
        }
      }
    }
    return sides.filter((side) => !failed.has(side.target.id));
  };

  /**
   * Solves sides until each is reached or fails; returns the targets with a failing side (or an
   * unclear solve). Every LP solution is a point the attacker cannot rule out: it proves every side
   * it reaches, so one solve usually settles many sides (a cell pushed down pushes its complements up).
   */
  const settle = (s: ComponentSolver, sides: readonly Side[], failed: Set<string>, batch: boolean, progress?: (open: number) => void, group?: { deadline: number }): void => {
    const reached = (side: Side, x: Float64Array) => {
      if (side.den !== null && x[side.den]! < side.target.requirement.denAtLeast - 1e-9) return false;
      const v = side.terms.reduce((acc, [col, coef]) => acc + coef * x[col]!, side.constant);
      return side.sense === 'min' ? v <= side.tol : v >= -side.tol;
    };
    let open = sides.filter((side) => !failed.has(side.target.id));
    if (batch) {
      // Many sides at once: one objective pushing a random half of the targets each its own
      // way, with every denominator in the batch held at its least (a restriction, so what a
      // solution reaches is reached). Complements pull against each other, so random halves and
      // directions, until a round settles few.
      let seed = 1;
      const random = () => {
        seed = (seed * 48271) % 2147483647;
        return seed / 2147483647;
      };
      while (open.length > 20 && !(group && performance.now() > group.deadline)) {
        const chosen = new Map<string, Side>();
        for (const side of open) if (random() < 0.5 && !chosen.has(side.target.id)) chosen.set(side.target.id, side);
        const cost = new Map<number, number>();
        const dens = new Map<number, number>();
        for (const side of chosen.values()) {
          const weight = (side.sense === 'min' ? 1 : -1) / side.terms.reduce((acc, [, coef]) => acc + Math.abs(coef), 0);
          for (const [col, coef] of side.terms) cost.set(col, (cost.get(col) ?? 0) + weight * coef);
          if (side.den !== null) dens.set(side.den, Math.max(dens.get(side.den) ?? 0, side.target.requirement.denAtLeast));
        }
        const opt = s.withLowerBounds(dens, () => s.optimiseSum([...cost], 'min'));
        solves += 1;
        const x = opt === null || opt === undefined ? null : s.solution();
        const before = open.length;
        if (x) open = open.filter((o) => !reached(o, x));
        progress?.(open.length);
        if (before - open.length < Math.max(2, 0.02 * before)) break;
      }
    }
    while (open.length) {
      if (group && performance.now() > group.deadline) {
        // A group is a shortcut: what it has not proven in its time goes to the next tier.
        for (const o of open) failed.add(o.target.id);
        break;
      }
      const side = open[0]!;
      const run = () => s.optimiseSum(side.terms, side.sense);
      const opt = side.den === null ? run() : s.withLowerBound(side.den, side.target.requirement.denAtLeast, run);
      solves += 1;
      progress?.(open.length);
      if (opt === undefined || opt === null) {
        if (opt === undefined && !group) numericalFailures += 1;
        failed.add(side.target.id);
        open = open.filter((o) => !failed.has(o.target.id));
        continue;
      }
      const value = opt + side.constant;
      if (side.sense === 'min' ? value > side.tol : value < -side.tol) {
        failed.add(side.target.id);
        open = open.filter((o) => !failed.has(o.target.id));
        continue;
      }
      const x = s.solution();
      open = open.filter((o) => o !== side && !failed.has(o.target.id) && !(x && reached(o, x)));
    }
  };

  for (const [ci, list] of byComponent) {
    const comp = comps[ci]!;
    const started = performance.now();
    const solvesBefore = solves;
    let rest: readonly CheckTarget[] = list;
    const truth = options.truth;
    for (const tier of truth && comp.refs.length > (options.localMinColumns ?? 300) ? options.localTiers ?? [] : []) {
      if (!truth) break;
      // A restriction proves what it reaches: with every column outside one group (a region's
      // cells) held at its true value, a point the attacker cannot rule out, any solution of the
      // group's model is a solution of the whole component. (The truth satisfies every relation:
      // audit.ts attacks no year whose model it violates.) A requirement asks for points (one
      // where the figure is at most `lo`, one where it is at least `hi`, one with the count at
      // least its bound), and a point of a subset of the feasible set is a point of the set: so a
      // group's "proven" is final. The opposite verdict, that a figure is narrow, needs the
      // opposite, a relaxation (auditTargets' screening), and a group never gives it. Hidden cells are protected by their
      // complements, mostly within their region (regions meet only in the national totals), so
      // the groups settle most targets in small models; the whole component decides the rest.
      const rowsOf = new Map<string, number[]>();
      for (const i of comp.rows) for (const t of relations[i]!.terms) if (!fixed.has(t.ref)) {
        const l = rowsOf.get(t.ref);
        if (l) l.push(i);
        else rowsOf.set(t.ref, [i]);
      }
      const open = (ref: string) => compOf.get(ref) === ci;
      const targetsOfGroup = new Map<string, CheckTarget[]>();
      const unproven: CheckTarget[] = [];
      const groups = tier.groupsOf(rest, open);
      for (const [k, t] of rest.entries()) {
        const g = groups[k] ?? null;
        if (g === null) unproven.push(t);
        else targetsOfGroup.set(g, [...(targetsOfGroup.get(g) ?? []), t]);
      }
      for (const [g, groupTargets] of targetsOfGroup) {
        const refs = new Set(comp.refs.filter((r) => tier.contains(g, r)));
        if (refs.size === 0) {
          unproven.push(...groupTargets);
          continue;
        }
        const rowIds = [...new Set([...refs].flatMap((r) => rowsOf.get(r) ?? []))];
        const known = (ref: string) => fixed.get(ref) ?? (refs.has(ref) ? undefined : truth.get(ref) ?? 0);
        const m = buildComponent([...refs], rowIds, relations, known, lower, upper, slack);
        // Exact figures hold in the truth only up to floating point (the model check's relative
        // 1e-6): let each row admit the true point, or the restriction may be empty by rounding.
        m.rows.forEach((row, k) => {
          let v = 0;
          let scale = 1;
          for (const term of relations[rowIds[k]!]!.terms) {
            const x = term.coef * (fixed.get(term.ref) ?? truth.get(term.ref) ?? 0);
            scale = Math.max(scale, Math.abs(x));
            if (refs.has(term.ref)) v += x;
          }
          const tol = 1e-6 * scale;
          if (v < row.lower && v >= row.lower - tol) row.lower = v;
          if (v > row.upper && v <= row.upper + tol) row.upper = v;
        });
        const localFailed = new Set<string>();
        const sides = sidesIn(m, groupTargets, known, localFailed);
        const s = new ComponentSolver(highs, m, null, GROUP_SOLVE_SECONDS);
        const groupStarted = performance.now();
        const groupSolves = solves;
        try {
          settle(s, sides, localFailed, true, undefined, { deadline: groupStarted + GROUP_SECONDS * 1000 });
        } finally {
          s.dispose();
        }
        if (debug && performance.now() - groupStarted > 2000) console.error(`    group ${g}: ${refs.size} cols ${m.rows.length} rows ${sides.length} sides, ${groupTargets.length - groupTargets.filter((t) => localFailed.has(t.id)).length} of ${groupTargets.length} proven, ${solves - groupSolves} solves, ${Math.round(performance.now() - groupStarted)} ms`);
        for (const t of groupTargets) {
          if (localFailed.has(t.id)) unproven.push(t);
          else {
            passed.add(t.id);
            provenInGroups += 1;
          }
        }
      }
      if (debug) console.error(`  groups: ${rest.length - unproven.length} of ${rest.length} proven in ${targetsOfGroup.size} groups, ${solves - solvesBefore} solves, ${Math.round(performance.now() - started)} ms`);
      rest = unproven;
      if (rest.length === 0) break;
    }
    if (rest.length === 0) continue;
    if (debug) console.error(`  left to the whole component: ${rest.map((t) => t.id).join(' ')}`);
    const m = buildComponent(comp.refs, comp.rows, relations, (ref) => fixed.get(ref), lower, upper, slack);
    const s = new ComponentSolver(highs, m, null);
    try {
      const failed = new Set<string>();
      const sides = sidesIn(m, rest, (ref) => fixed.get(ref), failed);
      settle(s, sides, failed, true, (open) => {
        if (debug && (solves - solvesBefore) % 50 === 0) console.error(`  ${solves - solvesBefore} solves, ${open} sides open, ${Math.round(performance.now() - started)} ms`);
      });
      for (const t of rest) if (!failed.has(t.id)) passed.add(t.id);
    } finally {
      s.dispose();
    }
    if (debug) console.error(`check component ${comp.refs.length} cols: ${list.length} targets, ${solves - solvesBefore} solves, ${Math.round(performance.now() - started)} ms`);
  }
  return { passed, provenInGroups, solves, numericalFailures };
}
