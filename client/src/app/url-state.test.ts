import { describe, expect, it } from 'vitest';
import { applyPatch, carriedSearch, parseMunicipalityCodes, parseSector, parseYear, scopeFromParams } from './url-state.ts';

describe('view state in the URL', () => {
  it('reads the scope: a municipality wins over its region, otherwise the region, otherwise the nation', () => {
    expect(scopeFromParams(new URLSearchParams('regio=GG3406&gemeente=GM0344'))).toEqual({ level: 'municipality', code: 'GM0344' });
    expect(scopeFromParams(new URLSearchParams('regio=GG3406'))).toEqual({ level: 'region', code: 'GG3406' });
    expect(scopeFromParams(new URLSearchParams('regio=nonsense'))).toEqual({ level: 'nation' });
  });

  it('falls back to safe defaults for hand-edited links', () => {
    expect(parseSector('vo')).toBe('vo');
    expect(parseSector('hbo')).toBe('all');
    expect(parseYear('2023-2024', '2024-2025')).toBe('2023-2024');
    expect(parseYear('2023-2025', '2024-2025')).toBe('2024-2025');
  });

  it('keeps at most six distinct, valid municipality codes in order', () => {
    expect(parseMunicipalityCodes('GM0363,GM0599,GM0363,xx,GM0518,GM0344,GM0014,GM0034,GM0037')).toEqual(
      ['GM0363', 'GM0599', 'GM0518', 'GM0344', 'GM0014', 'GM0034'],
    );
  });

  it('a patch sets and removes parameters without touching the others', () => {
    const next = applyPatch(new URLSearchParams('jaar=2023-2024&regio=GG3406&indicator=scanCoverage'), { regio: null, sector: 'po' });
    expect(next.toString()).toBe('jaar=2023-2024&indicator=scanCoverage&sector=po');
  });

  it('only year and sector travel along to other pages', () => {
    expect(carriedSearch(new URLSearchParams('jaar=2023-2024&regio=GG3406&sector=vo'))).toBe('?jaar=2023-2024&sector=vo');
    expect(carriedSearch(new URLSearchParams('regio=GG3406'))).toBe('');
  });
});
