import { describe, expect, it } from 'vitest';
import { mapSummary, summaryFacts, type AreaFigure } from './map-summary.ts';

const area = (code: string, name: string, value: number | null, suppressed: 'small_cell' | null = null): AreaFigure => ({
  code,
  name,
  value: suppressed ? { value: null, schools: null, suppressed } : { value, schools: value === null ? 0 : 12, suppressed: null },
});

describe('map text summary', () => {
  const rows = [
    area('GM1', 'Aa en Hunze', 40),
    area('GM2', 'Borne', 62),
    area('GM3', 'Coevorden', 55),
    area('GM4', 'Dalfsen', 48),
    area('GM5', 'Emmen', null, 'small_cell'),
    area('GM6', 'Ferwerd', null),
  ];

  it('counts shown, suppressed and empty areas separately', () => {
    const f = summaryFacts(rows);
    expect(f.shown).toBe(4);
    expect(f.suppressed).toBe(1);
    expect(f.noData).toBe(1);
    expect(f.highest.map((r) => r.name)).toEqual(['Borne', 'Coevorden', 'Dalfsen']);
    expect(f.lowest.map((r) => r.name)).toEqual(['Aa en Hunze', 'Dalfsen', 'Coevorden']);
    // Median of 40, 48, 55, 62 is the mean of the middle pair.
    expect(f.median).toBe((48 + 55) / 2);
    expect(f.spread).toBe(62 - 40);
  });

  it('names the highest and lowest areas and the threshold in Dutch', () => {
    const text = mapSummary(rows, { metricLabel: 'Implementatiegraad', unit: 'percent', decimals: 0, areaWord: 'gemeenten', minSchools: 5 });
    expect(text).toContain('Hoogst: Borne (62%)');
    expect(text).toContain('Laagst: Aa en Hunze (40%)');
    expect(text).toContain('1 afgeschermd (minder dan 5 scholen');
    expect(text).toContain('1 zonder gegevens');
    expect(text).toContain('22 pp');
  });

  it('says so when nothing can be shown', () => {
    const text = mapSummary([area('GM5', 'Emmen', null, 'small_cell')], { metricLabel: 'Scandekking', unit: 'percent', decimals: 0, areaWord: 'gemeenten', minSchools: 5 });
    expect(text).toContain('geen publiceerbare cijfers');
  });
});
