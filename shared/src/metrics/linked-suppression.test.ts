import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { propagateSums, suppressLinkedTable, type LinkedMetric, type LinkedRelation } from './linked-suppression.ts';

const PERCENT: LinkedMetric = { max: 100, protection: () => 15 };
const MIN = 5;

/** A two-dimensional table: areas × sectors with totals, as the dashboard publishes them. */
function grid(values: readonly (readonly { n: number; x: number }[])[]) {
  const cells = new Map<string, { n: number; sum: number }>();
  const add = (key: string, n: number, sum: number) => {
    const c = cells.get(key) ?? { n: 0, sum: 0 };
    cells.set(key, { n: c.n + n, sum: c.sum + sum });
  };
  values.forEach((row, a) => row.forEach(({ n, x }, s) => {
    for (const area of [`a${a}`, 'all']) for (const sector of [`s${s}`, 'all']) add(`${area}|${sector}`, n, n * x);
  }));
  const relations: LinkedRelation[] = [];
  const sectors = ['all', ...values[0]!.map((_, s) => `s${s}`)];
  const areas = ['all', ...values.map((_, a) => `a${a}`)];
  for (const s of sectors) relations.push({ parent: `all|${s}`, children: values.map((_, a) => `a${a}|${s}`) });
  for (const a of areas) relations.push({ parent: `${a}|all`, children: values[0]!.map((_, s) => `${a}|s${s}`) });
  const linked = [...cells].map(([key, c]) => ({ key, schools: [c.n], values: [c.n ? c.sum / c.n : null] }));
  return { cells, relations, linked };
}

describe('suppressLinkedTable', () => {
  it('stops sector differencing: all sectors minus the visible sectors no longer gives a hidden cell', () => {
    // Area a0 has one so school; sibling sectors are large. Table by table the so cell would be
    // hidden with one complement among the areas, and a0's total minus its po would reveal it.
    const { linked, relations } = grid([
      [{ n: 20, x: 40 }, { n: 1, x: 90 }],
      [{ n: 30, x: 50 }, { n: 8, x: 60 }],
      [{ n: 25, x: 45 }, { n: 9, x: 55 }],
    ]);
    const d = suppressLinkedTable({ cells: linked, relations, metrics: [PERCENT], minSchools: MIN });
    expect(d.get('a0|s1')).toBe('small_cell');
    for (const r of relations) {
      const hidden = [r.parent, ...r.children].filter((k) => d.get(k) !== null);
      expect(hidden.length).not.toBe(1);
    }
  });

  it('hides more than the count rule alone when the hidden cells would pin each other (all at 0 %)', () => {
    const { linked, relations } = grid([
      [{ n: 20, x: 40 }, { n: 2, x: 0 }],
      [{ n: 30, x: 50 }, { n: 4, x: 0 }],
      [{ n: 25, x: 45 }, { n: 9, x: 70 }],
    ]);
    const d = suppressLinkedTable({ cells: linked, relations, metrics: [PERCENT], minSchools: MIN });
    // Sector s1: a0 and a1 hidden (6 schools at 0 %) would tell the attacker both are 0 %: a2's s1
    // (mass to lend) must be hidden too, or the total.
    expect(d.get('a2|s1') !== null || d.get('all|s1') !== null).toBe(true);
  });

  it('does not show "no school" beside a hidden count: the one school of a row is not placed by its empty neighbours', () => {
    // Rows are sectors, columns disadvantage bands: the one so school (row a1) is in band s1. With
    // so's total hidden but its band s0 shown empty, the register's "1 so school" places it in s1.
    const { linked, relations } = grid([
      [{ n: 10, x: 40 }, { n: 12, x: 50 }],
      [{ n: 0, x: 0 }, { n: 1, x: 80 }],
      [{ n: 0, x: 0 }, { n: 0, x: 0 }],
    ]);
    const d = suppressLinkedTable({ cells: linked, relations, metrics: [PERCENT], minSchools: MIN });
    expect(d.get('a1|all')).toBe('small_cell');
    expect(d.get('a1|s1')).toBe('small_cell');
    expect(d.get('a1|s0')).toBe('complementary');
    // A sector without schools at all says so by its own empty total: its bands stay "no school".
    expect(d.get('a2|all')).toBeNull();
    expect(d.get('a2|s0')).toBeNull();
    expect(d.get('a2|s1')).toBeNull();
  });

  it('does not pin a nested share through two published cells: no renewals in the municipality, every certificate of the region\'s sector due', () => {
    // Metrics per cell: vignet, certificate, renewal due (shares of the schools, nested). Area a0's
    // one mbo school (s1) has nothing. a0 over all sectors has no renewal due; the region's mbo has
    // one certificate, which is due. Together: a0's mbo school has no certificate, although neither
    // published figure is 0 certificates.
    type School = { area: string; sector: string; vignet: boolean; cert: boolean; due: boolean };
    const schools: School[] = [];
    const add = (area: string, sector: string, count: number, flags: Omit<School, 'area' | 'sector'>) => {
      for (let i = 0; i < count; i++) schools.push({ area, sector, ...flags });
    };
    const none = { vignet: false, cert: false, due: false };
    add('a0', 's0', 3, { vignet: true, cert: true, due: false });
    add('a0', 's0', 3, none);
    add('a0', 's1', 1, none);
    add('a1', 's0', 4, { vignet: true, cert: true, due: true });
    add('a1', 's0', 4, none);
    add('a1', 's1', 1, { vignet: true, cert: true, due: true });
    add('a1', 's1', 1, none);
    add('a2', 's0', 10, none);
    add('a2', 's1', 4, none);
    const areas = ['all', 'a0', 'a1', 'a2'];
    const sectors = ['all', 's0', 's1'];
    const linked = areas.flatMap((a) => sectors.map((s) => {
      const inCell = schools.filter((x) => (a === 'all' || x.area === a) && (s === 'all' || x.sector === s));
      const share = (f: keyof School) => (inCell.length ? (100 * inCell.filter((x) => x[f]).length) / inCell.length : null);
      return { key: `${a}|${s}`, schools: [inCell.length, inCell.length, inCell.length], values: [share('vignet'), share('cert'), share('due')] };
    }));
    const relations: LinkedRelation[] = [
      ...sectors.map((s) => ({ parent: `all|${s}`, children: ['a0', 'a1', 'a2'].map((a) => `${a}|${s}`) })),
      ...areas.map((a) => ({ parent: `${a}|all`, children: ['s0', 's1'].map((s) => `${a}|${s}`) })),
    ];
    const input = { cells: linked, relations, metrics: [PERCENT, PERCENT, PERCENT], minSchools: MIN, protectComplements: false };
    const pins = (d: Map<string, unknown>) => d.get('a0|all') === null && d.get('all|s1') === null;
    // Without the chain the per-relation rules publish both pinning cells.
    expect(pins(suppressLinkedTable(input))).toBe(true);
    const d = suppressLinkedTable({ ...input, chains: [[0, 1, 2]] });
    expect(d.get('a0|s1')).toBe('small_cell');
    expect(pins(d)).toBe(false);
    // The nation over all sectors pins nothing (it has certificates not due): it stays published.
    expect(d.get('all|all')).toBeNull();
  });

  it('keeps room in a hidden cell for the small cells it bounds, where those are never published', () => {
    // Municipalities a and b are hidden for another table's reason, both with no certificate; c has
    // some. The region is published: a + b = region − c = 0 would pin a's small sector (2 schools,
    // shown nowhere, but a figure the adversary wants) at 0.
    const cell = (key: string, n: number, x: number) => ({ key, schools: [n], values: [x] });
    const cells = [cell('r', 30, 10), cell('a', 10, 0), cell('b', 10, 0), cell('c', 10, 30), cell('a:s', 2, 0), cell('a:t', 8, 0)];
    const relations: LinkedRelation[] = [{ parent: 'r', children: ['a', 'b', 'c'] }];
    const input = { cells, relations, metrics: [PERCENT], minSchools: MIN, alreadyHidden: new Set(['a', 'b']), protectComplements: false };
    expect(suppressLinkedTable(input).get('c')).toBeNull();
    const d = suppressLinkedTable({ ...input, relations: [...relations, { parent: 'a', children: ['a:s', 'a:t'], boundOnly: true }] });
    expect(d.get('a:s')).toBe('small_cell');
    expect(d.get('c')).toBe('complementary');
    // A bound gives no equation: the one small child is not "alone" in its relation.
    expect(d.get('a:t')).toBeNull();
  });

  it('property: no relation has one hidden member, hidden children under a published parent rest on enough schools and can absorb ±15 points around each small one', () => {
    const cell = fc.record({ n: fc.integer({ min: 0, max: 30 }), x: fc.integer({ min: 0, max: 100 }) });
    fc.assert(fc.property(fc.integer({ min: 2, max: 4 }).chain((sectors) => fc.array(fc.array(cell, { minLength: sectors, maxLength: sectors }), { minLength: 2, maxLength: 5 })), (values) => {
      const { linked, relations, cells } = grid(values);
      const d = suppressLinkedTable({ cells: linked, relations, metrics: [PERCENT], minSchools: MIN });
      for (const [key, c] of cells) if (c.n > 0 && c.n < MIN) expect(d.get(key)).toBe('small_cell');
      for (const r of relations) {
        const members = [r.parent, ...r.children].filter((k) => cells.get(k)!.n > 0);
        const hidden = members.filter((k) => d.get(k) !== null);
        expect(hidden.length).not.toBe(1);
        if (d.get(r.parent) !== null) continue;
        const hiddenChildren = r.children.filter((k) => cells.get(k)!.n > 0 && d.get(k) !== null);
        if (hiddenChildren.length === 0) continue;
        const total = hiddenChildren.reduce((a, k) => a + cells.get(k)!.n, 0);
        expect(total).toBeGreaterThanOrEqual(MIN);
        const visibleChildren = r.children.filter((k) => cells.get(k)!.n > 0 && d.get(k) === null);
        // Protected are the small cells; a complementary cell could have been published itself.
        for (const k of hiddenChildren.filter((h) => cells.get(h)!.n < MIN)) {
          const a = cells.get(k)!;
          const x = a.sum / a.n;
          const others = hiddenChildren.filter((o) => o !== k).map((o) => cells.get(o)!);
          const mass = others.reduce((s, o) => s + o.sum, 0);
          const room = others.reduce((s, o) => s + (100 * o.n - o.sum), 0);
          // Shortfalls are allowed only where no visible child could lend anything: then the
          // published parent itself pins the cell.
          if (mass + 1e-9 < Math.min(100 - x, 15) * a.n) expect(visibleChildren.every((v) => cells.get(v)!.sum === 0)).toBe(true);
          if (room + 1e-9 < Math.min(x, 15) * a.n) expect(visibleChildren.every((v) => cells.get(v)!.sum === 100 * cells.get(v)!.n)).toBe(true);
        }
      }
    }), { numRuns: 300 });
  });

  it('propagates bounds through chained relations: a region\'s one supported school, placed by one municipality, leaves the others none', () => {
    // Region r = m1 + m2 + m3 (one sector); m1's all-sectors total = m1's po + m1's vo. Published:
    // r (1 of 4 schools supported), m1's total and po (so m1's vo holds that school). Hidden: the
    // three vo cells. Each relation alone leaves m2's vo its room; together they pin it at 0.
    const cell = (key: string, n: number, supported: number) => ({ key, schools: [n], values: [(100 * supported) / n] });
    const cells = [cell('r|vo', 4, 1), cell('m1|vo', 2, 1), cell('m2|vo', 1, 0), cell('m3|vo', 1, 0), cell('m1|all', 12, 3), cell('m1|po', 10, 2)];
    const relations = [{ parent: 0, children: [1, 2, 3] }, { parent: 4, children: [5, 1] }];
    const hidden = new Set([1, 2, 3]);
    const b = propagateSums(cells, relations, 0, 100, (i) => hidden.has(i));
    expect([b.lo[1], b.hi[1]]).toEqual([100, 100]);
    expect([b.lo[2], b.hi[2]]).toEqual([0, 0]);
    // The bound came from the region's relation, followed back to m1's.
    expect(b.hiBy[2]).toBe(0);
    expect(b.loBy[1]).toBe(1);
    // With m1's po hidden as well, m2's vo can hold the school again.
    const wider = propagateSums(cells, relations, 0, 100, (i) => hidden.has(i) || i === 5);
    expect(wider.hi[2]).toBe(100);
  });
});
