import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DEMO_SCHOOL_YEARS, EQUITY_INDICATORS, ROLE_LABELS, equityIndicatorName, PARTNER_TYPES, PILLARS, PRINCIPLES, SECTOR_IDS, THEMES, isSchoolYear, pillarOfPrinciple,
  principlesOfPillar, schoolYearFromStart, schoolYearStart,
} from './catalogue.ts';

/** The seed document (Dutch source text) lives beside the checkout, like the other shared sources. */
const SEED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/seeds');
const seedText = (): string => {
  const file = readdirSync(SEED_DIR).find((f) => f.endsWith('.txt'))!;
  // The text is extracted from a PDF: names wrap over lines.
  return readFileSync(path.join(SEED_DIR, file), 'utf8').replace(/\s+/g, ' ');
};

describe('framework catalogue', () => {
  it('has 4 pillars and 16 leading principles numbered 1..16', () => {
    expect(PILLARS.map((p) => p.id)).toEqual(['beleid', 'omgeving', 'educatie', 'signaleren']);
    expect(PRINCIPLES.map((p) => p.id)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('groups the principles per pillar as in the seed document (5, 5, 3, 3)', () => {
    expect(principlesOfPillar('beleid')).toEqual([1, 2, 3, 4, 5]);
    expect(principlesOfPillar('omgeving')).toEqual([6, 7, 8, 9, 10]);
    expect(principlesOfPillar('educatie')).toEqual([11, 12, 13]);
    expect(principlesOfPillar('signaleren')).toEqual([14, 15, 16]);
    expect(pillarOfPrinciple(9)).toBe('omgeving');
    expect(() => pillarOfPrinciple(17)).toThrow(/Onbekend/);
  });
});

describe('faithful to the seed', () => {
  // The seed document lives beside the checkout, not in it; without it there is nothing to compare with.
  it.skipIf(!existsSync(SEED_DIR))('names every leading principle exactly as the seed does (needs ../shared/seeds)', () => {
    const text = seedText();
    // Whole names: a shortened name ("… en school" for "… en school(locatie)") is a prefix and must not pass.
    const whole = (label: string) => new RegExp(`${label.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![\\p{L}(])`, 'u');
    for (const p of PRINCIPLES) expect(whole(p.label).test(text), `${p.id}. ${p.label}`).toBe(true);
    expect(whole('Aanbod van hulp/ondersteuning binnen de school').test(text)).toBe(false);
  });

  it('has the ten health themes of the seed, with a certificate only where Gezonde School offers one', () => {
    expect(THEMES.map((t) => t.label).sort()).toEqual([
      'Bewegen en sport', 'Gehoor', 'Hygiëne', 'Mediawijsheid', 'Milieu en natuur', 'Relaties en seksualiteit',
      'Roken-, alcohol- en drugspreventie', 'Slaap', 'Voeding', 'Welbevinden',
    ]);
    const drugs = THEMES.find((t) => t.id === 'roken_alcohol_drugs')!;
    expect([...drugs.sectors].sort()).toEqual(['mbo', 'so', 'vo']);
    for (const t of THEMES) for (const s of t.sectors) expect((t.offeredTo as readonly string[]).includes(s), `${t.id} ${s}`).toBe(true);
  });

  it('names the equity indicator per sector, the CBS score for po only', () => {
    expect(Object.keys(EQUITY_INDICATORS).sort()).toEqual([...SECTOR_IDS].sort());
    expect(EQUITY_INDICATORS.po.name).toBe('CBS-achterstandsscore');
    for (const s of ['so', 'vo', 'mbo'] as const) expect(EQUITY_INDICATORS[s].name).not.toMatch(/CBS/);
    expect(equityIndicatorName('po')).toBe('CBS-achterstandsscore');
    expect(equityIndicatorName('vo')).not.toMatch(/CBS/);
    for (const s of SECTOR_IDS) expect(equityIndicatorName('all')).toContain(`${s}: ${EQUITY_INDICATORS[s].name}`);
  });

  it('lists the partner types practitioners name, with unique ids', () => {
    const labels = PARTNER_TYPES.map((p) => p.label).join(' | ');
    for (const name of ['Samenwerkingsverband passend onderwijs', 'CJG', 'Halt', 'Cultuur', 'JGZ']) expect(labels).toContain(name);
    expect(new Set(PARTNER_TYPES.map((p) => p.id)).size).toBe(PARTNER_TYPES.length);
  });
});

describe('role labels', () => {
  it('name the coordinator role so that it cannot be taken for the school\'s own Gezonde School-coördinator', () => {
    expect(ROLE_LABELS.coordinator).not.toMatch(/^coördinator$/i);
    expect(ROLE_LABELS.coordinator).not.toMatch(/school/i);
    expect(ROLE_LABELS.coordinator).toMatch(/regio|landelijk/);
  });
});

describe('school years', () => {
  it('accepts only consecutive years written as 2024-2025', () => {
    expect(isSchoolYear('2024-2025')).toBe(true);
    expect(isSchoolYear('2024-2026')).toBe(false);
    expect(isSchoolYear('2024/2025')).toBe(false);
    expect(isSchoolYear('24-25')).toBe(false);
  });

  it('converts between a start year and the label', () => {
    expect(schoolYearStart('2021-2022')).toBe(2021);
    expect(schoolYearFromStart(2021)).toBe('2021-2022');
    expect(DEMO_SCHOOL_YEARS).toEqual(['2019-2020', '2020-2021', '2021-2022', '2022-2023', '2023-2024', '2024-2025']);
  });
});
