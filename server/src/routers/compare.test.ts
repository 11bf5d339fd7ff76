import { describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { useFixtureCallers, createTestCaller, degreeOf, rawSchools } from '../test-support/raw.ts';
import { testConfig } from '../test-support/fixture.ts';

const YEAR = '2024-2025';
const fx = useFixtureCallers('rd-compare-');

describe('compare.municipalities', () => {
  it('gives the regions and the nation the equity gap Gelijke kansen publishes for them', async () => {
    for (const c of [fx.caller, fx.plain]) {
      for (const sector of ['all', 'po'] as const) {
        const res = await c.compare.municipalities({ codes: ['GM9001', 'GM9004'], schoolYear: YEAR, sector });
        for (const r of res.regions) {
          const bands = await c.equity.bands({ scope: { level: 'region', code: r.code }, schoolYear: YEAR, sector });
          expect(r.equityGap).toEqual(bands.gap.implementation);
        }
        const nation = await c.equity.bands({ scope: { level: 'nation' }, schoolYear: YEAR, sector });
        expect(res.nation.equityGap).toEqual(nation.gap.implementation);
      }
    }
    const res = await fx.plain.compare.municipalities({ codes: ['GM9001', 'GM9004'], schoolYear: YEAR, sector: 'all' });
    expect(res.nation.equityGap.value).not.toBeNull();
  });

  it('puts municipalities side by side with their regions and the nation, matching raw rows', async () => {
    const raw = await rawSchools(fx.t.db, YEAR);
    const res = await fx.plain.compare.municipalities({ codes: ['GM9001', 'GM9004', 'GM9003'], schoolYear: YEAR, sector: 'all' });
    expect(res.municipalities.map((m) => m.code)).toEqual(expect.arrayContaining(['GM9001', 'GM9004', 'GM9003']));
    expect(res.regions.map((r) => r.code).sort()).toEqual(['GG9001', 'GG9002']);
    const m1 = res.municipalities.find((m) => m.code === 'GM9001')!;
    const of = raw.filter((s) => s.municipality === 'GM9001');
    expect(m1.figures.implementation.value).toBeCloseTo(degreeOf(of)!, 9);
    expect(m1.pillars.educatie.value).toBeCloseTo(degreeOf(of, (s) => s.pillarScores.educatie)!, 9);
    const jgz = of.filter((s) => s.partners.has('jgz'));
    expect(m1.partners.find((p) => p.type === 'jgz')!.coverage.value).toBeCloseTo((jgz.filter((s) => s.partners.get('jgz')).length / jgz.length) * 100, 9);
    expect(res.nation.figures.schools.value).toBe(raw.length);
    const guarded = await fx.caller.compare.municipalities({ codes: ['GM9001', 'GM9004', 'GM9003'], schoolYear: YEAR, sector: 'all' });
    const small = guarded.municipalities.find((m) => m.code === 'GM9003')!;
    expect(small.figures.implementation.suppressed).toBe('small_cell');
    expect(small.partners.every((p) => p.coverage.value === null)).toBe(true);
  });

  it('reads the stored decisions of all compared areas and their benchmarks at once, and answers as before', async () => {
    // The table each query reads from, in order.
    const tables: string[] = [];
    const recorder: KyselyPlugin = {
      transformQuery({ node }) {
        const from = (node as { from?: { froms: { kind: string; node?: unknown; table?: { identifier: { name: string } } }[] } }).from?.froms[0];
        const table = (from?.kind === 'AliasNode' ? from.node : from) as { table?: { identifier: { name: string } } } | undefined;
        tables.push(table?.table?.identifier.name ?? '?');
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    // A fresh Kysely instance: nothing read before is kept for it.
    const recorded = createTestCaller({ ...fx.t.db, kysely: fx.t.db.kysely.withPlugin(recorder) }, testConfig({ minCellSchools: 5 }));
    const input = { codes: ['GM9001', 'GM9004', 'GM9003'], schoolYear: YEAR, sector: 'all' as const };
    const res = await recorded.compare.municipalities(input);
    expect(res).toEqual(await fx.caller.compare.municipalities(input));
    expect(tables.filter((t) => t === 'data_version')).toHaveLength(1);
    expect(tables.filter((t) => t === 'disclosure_cell')).toHaveLength(1);
    expect(tables.length).toBeLessThanOrEqual(12);
  });

  it('validates the choice of municipalities in Dutch', async () => {
    await expect(fx.caller.compare.municipalities({ codes: ['GM9001'], schoolYear: YEAR, sector: 'all' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(fx.caller.compare.municipalities({ codes: ['GM9001', 'GM9001'], schoolYear: YEAR, sector: 'all' }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Kies elke gemeente maar één keer' });
    await expect(fx.caller.compare.municipalities({ codes: ['GM9001', 'GM9999'], schoolYear: YEAR, sector: 'all' }))
      .rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Onbekende gemeente GM9999' });
  });
});
