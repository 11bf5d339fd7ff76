/**
 * Figures pinned by several relations together, against an adversary who combines every published
 * figure by linear programming (the attacker's solver), with the register's school counts per area
 * × sector. The layouts are regions of the national demo where the attack pinned hidden figures
 * although each relation passed the layer's rules on its own: as coordinator, three municipalities'
 * hidden sectors at "no support" (2024-2025, GG7306); as the region's advisor, the support hours of
 * hidden disadvantage bands of districts and municipalities at 0 (2019-2020, GG3406: the region
 * publishes its band 1, whose hours are all in published districts); in the partner table, a
 * municipality's hidden so and vo at "all have a culture agreement" (2019-2020, GG1009).
 */
import { describe, expect, it } from 'vitest';
import { PROTECTION, hoursProtection, type LinkedMetric } from '@rd/shared';
import { auditTargets, type Relation } from '../test-support/attacker/lp.ts';
import { ALL, BAND_PARTS, CHECKED_CELLS, PARTNER_SPEC, buildLinkedCube, decideCube, overAllBands, partnerPart, type LinkedCube } from './disclosure.ts';

const MIN = 5;
/** Municipality, district (null: none), sector, band, schools, schools supported, support hours. */
type Layout = readonly (readonly [string, string | null, string, string, number, number, number])[];
const GG7306_2024: Layout = [
  ['GM0385', null, 'po', '1', 5, 1, 9.5],
  ['GM0385', null, 'po', '2', 6, 2, 24.0],
  ['GM0385', null, 'po', '3', 4, 0, 0.0],
  ['GM0385', null, 'vo', '1', 2, 0, 0.0],
  ['GM0415', null, 'po', '1', 4, 0, 0.0],
  ['GM0415', null, 'po', '3', 2, 1, 8.5],
  ['GM0431', null, 'po', '1', 2, 0, 0.0],
  ['GM0431', null, 'po', '2', 2, 0, 0.0],
  ['GM0439', null, 'po', '1', 7, 0, 0.0],
  ['GM0439', null, 'po', '2', 7, 0, 0.0],
  ['GM0439', null, 'po', '3', 5, 0, 0.0],
  ['GM0439', null, 'po', '4', 8, 3, 32.0],
  ['GM0439', null, 'so', '2', 1, 0, 0.0],
  ['GM0439', null, 'so', '3', 1, 0, 0.0],
  ['GM0439', null, 'so', '4', 2, 0, 0.0],
  ['GM0439', null, 'vo', '1', 1, 0, 0.0],
  ['GM0439', null, 'vo', '2', 3, 0, 0.0],
  ['GM0439', null, 'vo', '4', 3, 0, 0.0],
  ['GM0852', null, 'po', '1', 6, 0, 0.0],
  ['GM0852', null, 'po', '2', 2, 0, 0.0],
  ['GM0852', null, 'po', '3', 2, 1, 8.5],
  ['GM0852', null, 'vo', '1', 1, 0, 0.0],
  ['GM0880', null, 'po', '2', 2, 0, 0.0],
  ['GM0880', null, 'po', '3', 4, 1, 15.5],
  ['GM0479', 'GM0479-onbekend', 'po', '1', 2, 0, 0.0],
  ['GM0479', 'GM0479-onbekend', 'po', '2', 3, 1, 8.0],
  ['GM0479', 'GM0479-onbekend', 'po', '3', 2, 1, 8.5],
  ['GM0479', 'GM0479-onbekend', 'po', '4', 1, 0, 0.0],
  ['GM0479', 'GM0479-onbekend', 'vo', '1', 1, 0, 0.0],
  ['GM0479', 'WK047990', 'po', '2', 2, 0, 0.0],
  ['GM0479', 'WK047990', 'po', '4', 4, 0, 0.0],
  ['GM0479', 'WK047991', 'po', '1', 3, 0, 0.0],
  ['GM0479', 'WK047991', 'po', '2', 2, 0, 0.0],
  ['GM0479', 'WK047991', 'po', '3', 2, 0, 0.0],
  ['GM0479', 'WK047991', 'po', '4', 3, 1, 9.5],
  ['GM0479', 'WK047991', 'vo', '2', 1, 0, 0.0],
  ['GM0479', 'WK047992', 'po', '1', 1, 1, 9.5],
  ['GM0479', 'WK047992', 'po', '2', 2, 0, 0.0],
  ['GM0479', 'WK047992', 'po', '3', 7, 1, 6.0],
  ['GM0479', 'WK047992', 'po', '4', 5, 0, 0.0],
  ['GM0479', 'WK047992', 'so', '1', 1, 0, 0.0],
  ['GM0479', 'WK047992', 'so', '2', 1, 0, 0.0],
  ['GM0479', 'WK047992', 'vo', '1', 1, 0, 0.0],
  ['GM0479', 'WK047992', 'vo', '2', 1, 0, 0.0],
  ['GM0479', 'WK047992', 'vo', '3', 2, 0, 0.0],
  ['GM0479', 'WK047992', 'vo', '4', 1, 0, 0.0],
  ['GM0479', 'WK047993', 'po', '1', 2, 0, 0.0],
  ['GM0479', 'WK047993', 'po', '2', 1, 0, 0.0],
  ['GM0479', 'WK047993', 'po', '3', 4, 0, 0.0],
  ['GM0479', 'WK047993', 'po', '4', 1, 0, 0.0],
  ['GM0479', 'WK047993', 'so', '3', 1, 0, 0.0],
  ['GM0479', 'WK047993', 'so', '4', 2, 1, 11.0],
  ['GM0479', 'WK047993', 'vo', '1', 1, 0, 0.0],
  ['GM0479', 'WK047993', 'vo', '3', 3, 1, 15.0],
  ['GM0479', 'WK047993', 'vo', '4', 2, 0, 0.0],
];
const GG3406_2019: Layout = [
  ['GM0358', null, 'po', '1', 2, 0, 0.0],
  ['GM0358', null, 'po', '2', 5, 0, 0.0],
  ['GM0358', null, 'po', '3', 1, 0, 0.0],
  ['GM0358', null, 'po', '4', 1, 0, 0.0],
  ['GM0358', null, 'vo', '1', 1, 0, 0.0],
  ['GM0358', null, 'vo', '2', 2, 0, 0.0],
  ['GM0362', null, 'mbo', '1', 1, 0, 0.0],
  ['GM0362', null, 'po', '1', 9, 0, 0.0],
  ['GM0362', null, 'po', '2', 3, 0, 0.0],
  ['GM0362', null, 'po', '3', 7, 0, 0.0],
  ['GM0362', null, 'po', '4', 2, 0, 0.0],
  ['GM0362', null, 'vo', '1', 1, 0, 0.0],
  ['GM0362', null, 'vo', '3', 2, 1, 13.0],
  ['GM0362', null, 'vo', '4', 1, 0, 0.0],
  ['GM0363', 'GM0363-onbekend', 'mbo', '4', 1, 0, 0.0],
  ['GM0363', 'GM0363-onbekend', 'po', '1', 2, 0, 0.0],
  ['GM0363', 'GM0363-onbekend', 'po', '2', 1, 0, 0.0],
  ['GM0363', 'GM0363-onbekend', 'po', '3', 4, 1, 10.5],
  ['GM0363', 'GM0363-onbekend', 'po', '4', 6, 2, 28.5],
  ['GM0363', 'GM0363-onbekend', 'so', '4', 3, 2, 25.5],
  ['GM0363', 'GM0363-onbekend', 'vo', '2', 2, 0, 0.0],
  ['GM0363', 'GM0363-onbekend', 'vo', '4', 3, 0, 0.0],
  ['GM0363', 'WK036390', 'mbo', '4', 1, 0, 0.0],
  ['GM0363', 'WK036390', 'po', '2', 1, 0, 0.0],
  ['GM0363', 'WK036390', 'po', '4', 2, 0, 0.0],
  ['GM0363', 'WK036390', 'vo', '2', 2, 0, 0.0],
  ['GM0363', 'WK036390', 'vo', '3', 1, 0, 0.0],
  ['GM0363', 'WK036391', 'mbo', '4', 1, 1, 11.0],
  ['GM0363', 'WK036391', 'po', '2', 2, 0, 0.0],
  ['GM0363', 'WK036391', 'po', '4', 4, 1, 10.0],
  ['GM0363', 'WK036391', 'so', '4', 1, 0, 0.0],
  ['GM0363', 'WK036391', 'vo', '1', 1, 0, 0.0],
  ['GM0363', 'WK036391', 'vo', '4', 4, 0, 0.0],
  ['GM0363', 'WK036392', 'mbo', '2', 1, 0, 0.0],
  ['GM0363', 'WK036392', 'mbo', '4', 1, 0, 0.0],
  ['GM0363', 'WK036392', 'po', '1', 2, 0, 0.0],
  ['GM0363', 'WK036392', 'po', '2', 1, 0, 0.0],
  ['GM0363', 'WK036392', 'po', '3', 2, 0, 0.0],
  ['GM0363', 'WK036392', 'po', '4', 7, 0, 0.0],
  ['GM0363', 'WK036392', 'so', '2', 1, 0, 0.0],
  ['GM0363', 'WK036392', 'so', '3', 2, 0, 0.0],
  ['GM0363', 'WK036392', 'so', '4', 1, 0, 0.0],
  ['GM0363', 'WK036392', 'vo', '1', 2, 0, 0.0],
  ['GM0363', 'WK036392', 'vo', '2', 1, 0, 0.0],
  ['GM0363', 'WK036392', 'vo', '4', 3, 1, 7.0],
  ['GM0363', 'WK036393', 'mbo', '1', 1, 0, 0.0],
  ['GM0363', 'WK036393', 'mbo', '4', 2, 1, 7.5],
  ['GM0363', 'WK036393', 'po', '1', 4, 0, 0.0],
  ['GM0363', 'WK036393', 'po', '2', 3, 1, 12.0],
  ['GM0363', 'WK036393', 'po', '3', 3, 0, 0.0],
  ['GM0363', 'WK036393', 'po', '4', 15, 2, 23.0],
  ['GM0363', 'WK036393', 'so', '2', 2, 0, 0.0],
  ['GM0363', 'WK036393', 'so', '4', 2, 0, 0.0],
  ['GM0363', 'WK036393', 'vo', '1', 2, 0, 0.0],
  ['GM0363', 'WK036393', 'vo', '2', 2, 0, 0.0],
  ['GM0363', 'WK036393', 'vo', '4', 5, 0, 0.0],
  ['GM0363', 'WK036394', 'mbo', '2', 2, 0, 0.0],
  ['GM0363', 'WK036394', 'mbo', '4', 1, 0, 0.0],
  ['GM0363', 'WK036394', 'po', '1', 8, 1, 8.0],
  ['GM0363', 'WK036394', 'po', '2', 5, 1, 12.0],
  ['GM0363', 'WK036394', 'po', '3', 4, 0, 0.0],
  ['GM0363', 'WK036394', 'po', '4', 15, 1, 7.0],
  ['GM0363', 'WK036394', 'so', '2', 2, 0, 0.0],
  ['GM0363', 'WK036394', 'so', '4', 1, 0, 0.0],
  ['GM0363', 'WK036394', 'vo', '1', 1, 0, 0.0],
  ['GM0363', 'WK036394', 'vo', '3', 1, 0, 0.0],
  ['GM0363', 'WK036394', 'vo', '4', 6, 0, 0.0],
  ['GM0363', 'WK036395', 'mbo', '4', 1, 0, 0.0],
  ['GM0363', 'WK036395', 'po', '1', 6, 0, 0.0],
  ['GM0363', 'WK036395', 'po', '2', 8, 0, 0.0],
  ['GM0363', 'WK036395', 'po', '3', 6, 0, 0.0],
  ['GM0363', 'WK036395', 'po', '4', 15, 0, 0.0],
  ['GM0363', 'WK036395', 'so', '1', 1, 0, 0.0],
  ['GM0363', 'WK036395', 'so', '3', 1, 0, 0.0],
  ['GM0363', 'WK036395', 'so', '4', 3, 0, 0.0],
  ['GM0363', 'WK036395', 'vo', '1', 3, 0, 0.0],
  ['GM0363', 'WK036395', 'vo', '2', 2, 0, 0.0],
  ['GM0363', 'WK036395', 'vo', '3', 4, 1, 9.5],
  ['GM0363', 'WK036395', 'vo', '4', 9, 0, 0.0],
  ['GM0363', 'WK036396', 'mbo', '4', 2, 0, 0.0],
  ['GM0363', 'WK036396', 'po', '1', 8, 0, 0.0],
  ['GM0363', 'WK036396', 'po', '2', 4, 0, 0.0],
  ['GM0363', 'WK036396', 'po', '3', 7, 0, 0.0],
  ['GM0363', 'WK036396', 'po', '4', 26, 2, 24.0],
  ['GM0363', 'WK036396', 'so', '3', 1, 0, 0.0],
  ['GM0363', 'WK036396', 'so', '4', 2, 1, 8.5],
  ['GM0363', 'WK036396', 'vo', '1', 6, 1, 8.0],
  ['GM0363', 'WK036396', 'vo', '2', 1, 0, 0.0],
  ['GM0363', 'WK036396', 'vo', '3', 2, 1, 15.0],
  ['GM0363', 'WK036396', 'vo', '4', 8, 0, 0.0],
  ['GM0363', 'WK036397', 'mbo', '4', 1, 0, 0.0],
  ['GM0363', 'WK036397', 'po', '1', 7, 0, 0.0],
  ['GM0363', 'WK036397', 'po', '2', 6, 1, 11.5],
  ['GM0363', 'WK036397', 'po', '3', 5, 0, 0.0],
  ['GM0363', 'WK036397', 'po', '4', 24, 2, 27.0],
  ['GM0363', 'WK036397', 'so', '2', 2, 0, 0.0],
  ['GM0363', 'WK036397', 'so', '3', 1, 0, 0.0],
  ['GM0363', 'WK036397', 'so', '4', 7, 0, 0.0],
  ['GM0363', 'WK036397', 'vo', '1', 3, 1, 18.0],
  ['GM0363', 'WK036397', 'vo', '2', 4, 0, 0.0],
  ['GM0363', 'WK036397', 'vo', '3', 1, 0, 0.0],
  ['GM0363', 'WK036397', 'vo', '4', 8, 1, 9.5],
  ['GM0384', null, 'po', '2', 1, 0, 0.0],
  ['GM0384', null, 'po', '3', 5, 0, 0.0],
  ['GM0384', null, 'po', '4', 1, 0, 0.0],
  ['GM0384', null, 'vo', '3', 1, 0, 0.0],
  ['GM0437', null, 'po', '1', 2, 0, 0.0],
  ['GM0437', null, 'po', '2', 1, 0, 0.0],
  ['GM0437', null, 'po', '3', 2, 1, 11.0],
  ['GM0437', null, 'so', '2', 1, 1, 7.0],
  ['GM0437', null, 'vo', '2', 1, 0, 0.0],
  ['GM0451', null, 'po', '1', 2, 0, 0.0],
  ['GM0451', null, 'po', '2', 5, 0, 0.0],
  ['GM0451', null, 'po', '3', 2, 0, 0.0],
  ['GM0451', null, 'vo', '3', 2, 0, 0.0],
  ['GM0451', null, 'vo', '4', 2, 0, 0.0],
];
/** Municipality, sector, schools, schools with a culture agreement (partner coverage). */
type PartnerLayout = readonly (readonly [string, string, number, number])[];
const GG1009_2019_CULTURE: PartnerLayout = [
  ['GM0148', 'po', 17, 7],
  ['GM0148', 'vo', 1, 0],
  ['GM0150', 'po', 36, 6],
  ['GM0150', 'so', 3, 0],
  ['GM0150', 'vo', 10, 3],
  ['GM0150', 'mbo', 3, 0],
  ['GM0160', 'po', 38, 14],
  ['GM0160', 'so', 1, 1],
  ['GM0160', 'vo', 7, 1],
  ['GM0160', 'mbo', 3, 0],
  ['GM0166', 'po', 31, 6],
  ['GM0166', 'so', 2, 0],
  ['GM0166', 'vo', 10, 0],
  ['GM0175', 'po', 13, 5],
  ['GM0175', 'so', 1, 1],
  ['GM0175', 'vo', 2, 2],
  ['GM0175', 'mbo', 2, 0],
  ['GM0177', 'po', 17, 6],
  ['GM0177', 'so', 1, 0],
  ['GM0177', 'vo', 4, 1],
  ['GM0180', 'po', 10, 2],
  ['GM0180', 'vo', 1, 0],
  ['GM0193', 'po', 49, 26],
  ['GM0193', 'so', 12, 3],
  ['GM0193', 'vo', 25, 7],
  ['GM0193', 'mbo', 2, 0],
  ['GM1708', 'po', 32, 13],
  ['GM1708', 'vo', 5, 1],
  ['GM1708', 'mbo', 4, 0],
  ['GM1773', 'po', 6, 2],
  ['GM1773', 'vo', 2, 1],
  ['GM1896', 'po', 15, 7],
  ['GM1896', 'vo', 1, 1],
];
const METRICS: readonly (LinkedMetric & { id: string; perSchool: number })[] = [
  { id: 'supportedShare', max: 100, protection: () => PROTECTION.percentPoints, perSchool: 100 },
  { id: 'supportHoursPerSchool', max: null, protection: hoursProtection, perSchool: 1000 },
];

function decide(layout: Layout, check: boolean) {
  const municipalities = [...new Set(layout.map((r) => r[0]))].map((code) => ({ code, regionCode: 'GG0000' }));
  const leaves = layout.map(([municipality, district, sector, part, n, supported, hours]) => ({
    municipality, ...(district === null ? {} : { district }), sector, part, schools: [n, n], sums: [100 * supported, hours],
  }));
  const spec = { part: 'cell', metrics: METRICS, partRelations: [{ parent: ALL, children: BAND_PARTS }], publicCounts: overAllBands, checkBounds: check ? CHECKED_CELLS : undefined };
  const cube = buildLinkedCube(leaves, municipalities, spec);
  return { cube, decisions: decideCube(cube, spec, MIN), metrics: METRICS, countKnown: overAllBands };
}

const COVERAGE = [{ id: 'coverage', max: 100, protection: () => PROTECTION.percentPoints, perSchool: 100 }] as const;

/** The partner table of one partner type's layout, by the layer's spec or `spec`. */
function decidePartners(layout: PartnerLayout, spec: typeof PARTNER_SPEC = PARTNER_SPEC) {
  const municipalities = [...new Set(layout.map((r) => r[0]))].map((code) => ({ code, regionCode: 'GG0000' }));
  const leaves = layout.map(([municipality, sector, n, agreements]) => ({ municipality, sector, part: partnerPart('cultuur'), schools: [n], sums: [100 * agreements] }));
  const cube = buildLinkedCube(leaves, municipalities, spec);
  // Every school answers every partner type of its sector: the register gives every cell's schools.
  return { cube, decisions: decideCube(cube, spec, MIN), metrics: COVERAGE, countKnown: () => true };
}

type Decided = { cube: LinkedCube; decisions: ReadonlyMap<string, unknown>; metrics: readonly (LinkedMetric & { id: string; perSchool: number })[]; countKnown: (key: string) => boolean };

/** The hidden small cells whose figure the adversary bounds tighter than its protection level. */
async function pinned({ cube, decisions, metrics, countKnown }: Decided) {
  const parentsOf = new Map<string, string[]>();
  for (const r of cube.relations) for (const c of r.children) parentsOf.set(c, [...(parentsOf.get(c) ?? []), r.parent]);
  const ancestors = (key: string) => {
    const seen = new Set<string>();
    const stack = [...(parentsOf.get(key) ?? [])];
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      stack.push(...(parentsOf.get(p) ?? []));
    }
    return [...seen];
  };
  const found: string[] = [];
  for (const [m, metric] of metrics.entries()) {
    // Per cell its count n and its sum s (value × n): known where published, the count also where
    // the register gives it; s ≤ n × the most per school.
    const relations: Relation[] = [];
    const known = (ref: string, x: number) => relations.push({ kind: 'known', terms: [{ ref, coef: 1 }], lower: x, upper: x });
    for (const [key, c] of cube.cells) {
      relations.push({ kind: 'bound', terms: [{ ref: `n:${key}`, coef: 1 }], lower: 0, upper: Number.POSITIVE_INFINITY });
      relations.push({ kind: 'bound', terms: [{ ref: `s:${key}`, coef: 1 }, { ref: `n:${key}`, coef: -metric.perSchool }], lower: Number.NEGATIVE_INFINITY, upper: 0 });
      relations.push({ kind: 'bound', terms: [{ ref: `s:${key}`, coef: 1 }], lower: 0, upper: Number.POSITIVE_INFINITY });
      if (decisions.get(key) === null) known(`s:${key}`, c.sums[m]!);
      if (decisions.get(key) === null || countKnown(key)) known(`n:${key}`, c.schools[m]!);
    }
    for (const r of cube.relations) {
      for (const q of ['n', 's']) relations.push({ kind: 'sum', terms: [{ ref: `${q}:${r.parent}`, coef: 1 }, ...r.children.map((c) => ({ ref: `${q}:${c}`, coef: -1 }))], lower: 0, upper: 0 });
    }
    const targets = [...cube.cells].filter(([key, c]) => decisions.get(key) === 'small_cell' && c.schools[m]! > 0).map(([key]) => key);
    const result = await auditTargets(relations, targets.map((key) => ({ id: key, num: `s:${key}`, den: null, scale: 1, count: `n:${key}`, needCount: false })), { valueRange: () => ({ lo: 0, hi: 1e6 }) });
    for (const key of targets) {
      const c = cube.cells.get(key)!;
      const n = c.schools[m]!;
      const sum = c.sums[m]!;
      const x = sum / n;
      const p = metric.protection(x);
      let up = Math.min(metric.max === null ? p : metric.max - x, p) * n;
      let down = Math.min(x, p) * n;
      // What one published cell containing it says by itself (a part holds at most its whole, and
      // lacks at most what its whole lacks) is that figure's, not a pin.
      for (const a of ancestors(key)) {
        const ac = cube.cells.get(a)!;
        if (decisions.get(a) !== null || ac.schools[m]! <= 0) continue;
        up = Math.min(up, ac.sums[m]! - sum);
        if (metric.max !== null) down = Math.min(down, (metric.max * ac.schools[m]! - ac.sums[m]!) - (metric.max * n - sum));
      }
      const { lo, hi } = result.intervals.get(key)!.value;
      if (hi < sum + up - 1e-6 || lo > sum - down + 1e-6) found.push(`${key} ${metric.id}: ${sum / n} over ${n} schools, sum derived [${lo}, ${hi}]`);
    }
  }
  return found;
}

describe('figures pinned by relations together', () => {
  it('without the check, the region\'s layout pins hidden sectors without support (the national attack\'s finding)', async () => {
    const found = (await pinned(decide(GG7306_2024, false))).map((f) => f.slice(0, f.indexOf(':')));
    for (const cell of ['GM0385|vo|all', 'GM0439|so|all', 'GM0852|vo|all']) {
      expect(found).toContain(`${cell} supportedShare`);
      expect(found).toContain(`${cell} supportHoursPerSchool`);
    }
  });

  it('with it, no hidden small cell\'s support figures can be pinned', async () => {
    expect(await pinned(decide(GG7306_2024, true))).toEqual([]);
  });

  it('checks the cells of every disadvantage band too: a region\'s published band pins its hidden districts\' support', async () => {
    expect(await pinned(decide(GG3406_2019, true))).toEqual([]);
  });

  it('checks the partner table with the register\'s counts: a region\'s mbo without any culture agreement pins a municipality\'s hidden so and vo at its total minus its po', async () => {
    // GM0175 publishes 8 agreements over its 18 schools and 5 over its 13 po schools; its hidden
    // mbo has none, like the region's 14 mbo schools, so its 1 so and 2 vo schools have the other 3.
    const found = (await pinned(decidePartners(GG1009_2019_CULTURE, { ...PARTNER_SPEC, publicCounts: undefined, checkBounds: undefined }))).map((f) => f.slice(0, f.indexOf(' ')));
    expect(found).toEqual(expect.arrayContaining(['GM0175|so|partner:cultuur', 'GM0175|vo|partner:cultuur']));
    expect(await pinned(decidePartners(GG1009_2019_CULTURE))).toEqual([]);
  });
});
