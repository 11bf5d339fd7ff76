/**
 * School counts per disadvantage band against an adversary who knows the register (the number of
 * schools per area × sector, DUO open data) and every published count, "0 scholen" included.
 * The layouts are the two band counts the national attack as coordinator derived (2024-2025):
 * all of a municipality's mbo schools in one band, and a band total minus what the register
 * leaves the other sectors. Counts only, by linear programming over the linked cube itself.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PROTECTION, schoolsProtection } from '@rd/shared';
import { auditTargets, type Relation } from '../test-support/attacker/lp.ts';
import { ALL, BAND_PARTS, buildLinkedCube, cellKey, decideCube, overAllBands } from './disclosure.ts';

const MIN = 5;
type Schools = Record<string, Partial<Record<(typeof BAND_PARTS)[number], number>>>;
type Layout = { region: string; municipalities: Record<string, Schools> }[];

/** The school table's cube (one figure over all schools) of a layout, and its decisions. */
function decide(layout: Layout) {
  const municipalities = layout.flatMap((r) => Object.keys(r.municipalities).map((code) => ({ code, regionCode: r.region })));
  const leaves = layout.flatMap((r) => Object.entries(r.municipalities).flatMap(([municipality, sectors]) =>
    Object.entries(sectors).flatMap(([sector, bands]) => Object.entries(bands).map(([band, n]) => ({ municipality, sector, part: band, schools: [n!], sums: [n! * 50] })))));
  const spec = { part: 'cell', metrics: [{ max: 100, protection: () => PROTECTION.percentPoints }], partRelations: [{ parent: ALL, children: BAND_PARTS }], publicCounts: overAllBands };
  const cube = buildLinkedCube(leaves, municipalities, spec);
  return { cube, decisions: decideCube(cube, spec, MIN) };
}

/** The interval of a cell's school count that the register, the relations and the published counts leave. */
async function derivedCount(layout: Layout, target: string) {
  return (await derivedCounts(layout, [target]))[0]!;
}

async function derivedCounts(layout: Layout, targets: readonly string[] | null) {
  const { cube, decisions } = decide(layout);
  const wanted = targets ?? [...cube.cells].filter(([key, c]) => decisions.get(key) === 'small_cell' && !key.endsWith(`|${ALL}`) && c.schools[0]! > 0).map(([key]) => key);
  const fixed = (ref: string, n: number): Relation => ({ kind: 'known', terms: [{ ref, coef: 1 }], lower: n, upper: n });
  const relations: Relation[] = [];
  for (const [key, cell] of cube.cells) {
    relations.push({ kind: 'bound', terms: [{ ref: key, coef: 1 }], lower: 0, upper: Number.POSITIVE_INFINITY });
    if (decisions.get(key) === null || key.endsWith(`|${ALL}`)) relations.push(fixed(key, cell.schools[0]!));
  }
  for (const r of cube.relations) relations.push({ kind: 'sum', terms: [{ ref: r.parent, coef: 1 }, ...r.children.map((c) => ({ ref: c, coef: -1 }))], lower: 0, upper: 0 });
  const result = await auditTargets(relations, wanted.map((id) => ({ id, num: id, den: null, scale: 1, count: id, needCount: false })), {
    integer: true, integerRefs: new Set(cube.cells.keys()), valueRange: () => ({ lo: 0, hi: 1000 }),
  });
  return wanted.map((target) => ({ target, decision: decisions.get(target), truth: cube.cells.get(target)!.schools[0]!, interval: result.intervals.get(target)!.value }));
}

/** The attacker's requirement for a hidden small count shown as a figure: it can be 15 % (and a school) less. */
function expectUnpinned({ target, decision, truth, interval }: Awaited<ReturnType<typeof derivedCount>>) {
  expect(decision).toBe('small_cell');
  expect(interval.lo, `${target}: ${truth} schools, derived [${interval.lo}, ${interval.hi}]`).toBeLessThanOrEqual(truth - schoolsProtection(truth) + 1e-6);
}

describe('school counts per band against the register', () => {
  it('does not place all of a municipality\'s mbo schools in one band through the empty bands beside them', async () => {
    // GM1892: both mbo schools in band 3. The region has no mbo school in bands 1 and 2, the
    // municipality none in bands 4 and 0 (all published as 0 schools): the register's 2 are band 3's.
    const layout: Layout = [{
      region: 'GG01',
      municipalities: {
        GM01: { po: { 1: 2, 2: 9, 3: 4 }, vo: { 2: 2 }, mbo: { 3: 2 } },
        GM02: { po: { 1: 20, 2: 25, 3: 22, 4: 21 }, vo: { 1: 6, 2: 7, 3: 8, 4: 6 }, mbo: { 3: 6, 4: 7 } },
        GM03: { po: { 1: 15, 2: 18, 3: 17, 4: 16 }, vo: { 1: 5, 2: 6, 3: 5, 4: 7 }, mbo: { 3: 5, 4: 6 } },
      },
    }];
    expectUnpinned(await derivedCount(layout, cellKey('GM01', 'mbo', '3')));
  });

  it('does not bound a band\'s po schools from below by the band total minus the register\'s other sectors', async () => {
    // GM0109: band 4 has 5 schools over all sectors (3 po, 2 vo), the register gives 2 vo schools in
    // all, and there are no so or mbo schools: at least 3 of band 4 are po.
    const layout: Layout = [{
      region: 'GG01',
      municipalities: {
        GM01: { po: { 1: 6, 2: 5, 3: 10, 4: 3 }, vo: { 4: 2 } },
        GM02: { po: { 1: 20, 2: 25, 3: 22, 4: 21 }, so: { 2: 5, 4: 6 }, vo: { 1: 6, 2: 7, 3: 8, 4: 6 }, mbo: { 3: 6, 4: 7 } },
        GM03: { po: { 1: 15, 2: 18, 3: 17, 4: 16 }, so: { 1: 5, 3: 7 }, vo: { 1: 5, 2: 6, 3: 5, 4: 7 }, mbo: { 3: 5, 4: 6 } },
      },
    }];
    expectUnpinned(await derivedCount(layout, cellKey('GM01', 'po', '4')));
  });

  it('does not bound a band count from below through a chain: the nation\'s band total minus what the other region can hold', async () => {
    // Found by the property below: band 3 has 7 schools nationally, GM11 shows its 5, and GM10 has
    // 1 school in all (the register): GG01 holds at most 6 of band 3, so GG00 at least 1.
    const none = { 0: 0 };
    const layout: Layout = [
      { region: 'GG00', municipalities: { GM00: { so: { 3: 1 }, mbo: { 0: 1 } }, GM01: { po: none } } },
      { region: 'GG01', municipalities: { GM10: { so: { 3: 1 } }, GM11: { vo: { 3: 1, 4: 1 }, mbo: { 0: 1, 1: 1, 3: 4, 4: 2 } } } },
    ];
    for (const found of await derivedCounts(layout, null)) expectUnpinned(found);
  });

  /**
   * Opt-in (ATTACK_LAYOUTS=1, runs ATTACK_LAYOUT_RUNS), with the reason: the layer looks a few
   * relations deep from each small cell, and counts can be bounded jointly, through hidden cells
   * that share one bottleneck. In random layouts of 1 to 3 regions of tiny sectors it still finds
   * such counts, e.g. a nation with 6 vo schools of which 4 in band 1: each region's 2 can move
   * by one, but not both the same way (docs/security.md, "Wat niet gegarandeerd is"). Until the
   * layer solves counts by linear programming it would fail `npm test` on that known limitation;
   * the cases above are the ones the national demo had.
   */
  it.runIf(process.env.ATTACK_LAYOUTS === '1')('property: in random small layouts no hidden small band count can be pinned from below', async () => {
    const bands = fc.record(Object.fromEntries(BAND_PARTS.map((b) => [b, fc.nat({ max: b === '0' ? 1 : 6 })])) as Record<(typeof BAND_PARTS)[number], fc.Arbitrary<number>>);
    const municipality = fc.record({ po: bands, so: bands, vo: bands, mbo: bands });
    const layoutArb = fc.array(fc.array(municipality, { minLength: 2, maxLength: 3 }), { minLength: 1, maxLength: 3 })
      .map((regions): Layout => regions.map((ms, r) => ({ region: `GG0${r}`, municipalities: Object.fromEntries(ms.map((m, i) => [`GM${r}${i}`, m])) })));
    await fc.assert(fc.asyncProperty(layoutArb, async (layout) => {
      for (const found of await derivedCounts(layout, null)) expectUnpinned(found);
    }), { numRuns: Number(process.env.ATTACK_LAYOUT_RUNS ?? 100) });
  }, 3_600_000);
});
