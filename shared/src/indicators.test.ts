import { describe, expect, it } from 'vitest';
import { INDICATORS, MAP_INDICATOR_IDS, UNITS, indicator, indicatorHeader, indicatorTitle, isRegionLevel, keyFigureList, unitDescription } from './indicators.ts';
import { PILLARS } from './catalogue.ts';

describe('the indicator catalogue', () => {
  it('has one entry per id, each with a full definition and a source', () => {
    expect(new Set(INDICATORS.map((i) => i.id)).size).toBe(INDICATORS.length);
    for (const ind of INDICATORS) {
      for (const text of [ind.label, ind.shortLabel, ind.definition.text, ind.definition.numerator, ind.definition.denominator, ind.definition.schools, ind.source]) {
        expect(text.trim().length, `${ind.id}`).toBeGreaterThan(0);
      }
      expect(Number.isInteger(ind.decimals) && ind.decimals >= 0, ind.id).toBe(true);
    }
  });

  it('rounds every share of schools to whole percents and keeps a decimal for a difference', () => {
    for (const ind of INDICATORS.filter((i) => i.unit === 'percent')) expect(ind.decimals, ind.id).toBe(0);
    for (const ind of INDICATORS.filter((i) => i.unit === 'pp')) expect(ind.decimals, ind.id).toBe(1);
  });

  it('gives every map indicator ascending class breaks', () => {
    for (const id of MAP_INDICATOR_IDS) {
      const bounds = indicator(id).classBounds;
      expect(bounds.length, id).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < bounds.length; i++) expect(bounds[i]!, id).toBeGreaterThan(bounds[i - 1]!);
    }
  });

  it('defines partner coverage as the pooled share the server computes, not an average of per-type shares', () => {
    const def = indicator('partnerCoverage').definition;
    expect(def.numerator).toMatch(/Paren \(school, partnertype\)/);
    expect(def.denominator).toMatch(/Paren \(school, partnertype\)/);
    expect(def.text).not.toMatch(/gemiddeld/i);
  });

  it('puts the unit in a header and a title only where the name does not say it', () => {
    expect(indicatorHeader(indicator('scanCoverage'))).toBe('Scandekking (%)');
    expect(indicatorHeader(indicator('equityGap'))).toBe('Kansenkloof implementatie band 1 − band 4 (procentpunt)');
    expect(indicatorHeader(indicator('supportHoursPerSchool'), 'Ontvangen ondersteuning')).toBe('Ontvangen ondersteuning (uur per school)');
    expect(indicatorHeader(indicator('schools'))).toBe('Aantal scholen');
    expect(indicatorTitle(indicator('implementation'))).toBe('Implementatiegraad integrale aanpak');
    expect(indicatorTitle(indicator('capacityFtePer100'))).toBe('Adviescapaciteit (fte per 100 scholen)');
    expect(unitDescription(indicator('implementation'))).toBe('procent, afgerond op hele getallen');
    expect(unitDescription(indicator('capacityFtePer100'))).toBe('fte per 100 scholen, 2 decimalen');
  });

  it('knows capacity as a regional figure only', () => {
    expect(isRegionLevel(indicator('capacityFtePer100'))).toBe(true);
    expect(MAP_INDICATOR_IDS.filter((id) => isRegionLevel(indicator(id)))).toEqual(['capacityFtePer100']);
  });

  it('lists the key figures in one order, implementation against capacity first, with every pillar', () => {
    const p = { value: 1, schools: 10, suppressed: null };
    const list = keyFigureList({
      implementation: p, capacity: { advisorFtePer100Schools: 0.2, advisorFte: 3, regions: 1 }, supportHoursPerSchool: p, schools: p,
      scanCoverage: p, pillars: { beleid: p, omgeving: p, educatie: p, signaleren: p }, vignetShare: p, kartrekkerShare: p, partnerCoverage: p,
    });
    expect(list.slice(0, 2).map((f) => f.indicator.id)).toEqual(['implementation', 'capacityFtePer100']);
    expect(list[1]!.value).toBe(0.2);
    for (const pillar of PILLARS) expect(list.some((f) => f.indicator.id === `pillar:${pillar.id}`)).toBe(true);
    for (const f of list) expect(Object.keys(UNITS)).toContain(f.indicator.unit);
  });
});
