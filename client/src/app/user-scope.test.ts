import { describe, expect, it } from 'vitest';
import { defaultScopePatch, selectableRegions, seesRegionDetail, suggestedComparison, type UserScope } from './user-scope.ts';

const advisor: UserScope = { national: false, regions: ['GG3406', 'GG1106'], municipalities: [] };
const policymaker: UserScope = { national: false, regions: [], municipalities: ['GM0599', 'GM0363'] };
const coordinator: UserScope = { national: true, regions: [], municipalities: [] };
const regionOf = (m: string) => ({ GM0599: 'GG3606', GM0363: 'GG3406' })[m];
const none = new URLSearchParams('jaar=2024-2025');

describe('default scope of a page', () => {
  it('opens regional users on their first region and policymakers on their first municipality', () => {
    expect(defaultScopePatch('/gelijke-kansen', none, advisor, regionOf)).toEqual({ regio: 'GG3406' });
    expect(defaultScopePatch('/partners', none, policymaker, regionOf)).toEqual({ gemeente: 'GM0599' });
    // The report page lists municipalities per region, so a policymaker gets the region with it.
    expect(defaultScopePatch('/rapporten', none, policymaker, regionOf)).toEqual({ regio: 'GG3606', gemeente: 'GM0599' });
    expect(defaultScopePatch('/rapporten', none, policymaker, () => undefined)).toBeNull();
  });

  it('leaves an explicit area, national users, pages without an area and planning for policymakers alone', () => {
    expect(defaultScopePatch('/partners', new URLSearchParams('regio=GG1106'), advisor, regionOf)).toBeNull();
    expect(defaultScopePatch('/partners', new URLSearchParams('gemeente=GM0363'), policymaker, regionOf)).toBeNull();
    expect(defaultScopePatch('/gelijke-kansen', none, coordinator, regionOf)).toBeNull();
    expect(defaultScopePatch('/methode', none, advisor, regionOf)).toBeNull();
    expect(defaultScopePatch('/planning', none, policymaker, regionOf)).toBeNull();
  });

  it('offers regions the user can open, and knows which regions they see per municipality', () => {
    const all = [{ code: 'GG3406' }, { code: 'GG1106' }, { code: 'GG3606' }];
    expect(selectableRegions(all, coordinator)).toEqual(all);
    expect(selectableRegions(all, advisor).map((r) => r.code)).toEqual(['GG3406', 'GG1106']);
    expect(selectableRegions(all, policymaker, ['GG3606']).map((r) => r.code)).toEqual(['GG3606']);
    expect(seesRegionDetail(advisor, 'GG3406')).toBe(true);
    expect(seesRegionDetail(policymaker, 'GG3406')).toBe(false);
  });

  it("suggests a policymaker's own municipalities for the comparison, and nothing to others", () => {
    expect(suggestedComparison(policymaker)).toEqual(['GM0599', 'GM0363']);
    const many = { ...policymaker, municipalities: ['GM1', 'GM2', 'GM3', 'GM4', 'GM5', 'GM6', 'GM7'] };
    expect(suggestedComparison(many)).toEqual(['GM1', 'GM2', 'GM3', 'GM4', 'GM5', 'GM6']);
    expect(suggestedComparison({ ...policymaker, municipalities: ['GM0599'] })).toBeNull();
    expect(suggestedComparison(advisor)).toBeNull();
    expect(suggestedComparison(coordinator)).toBeNull();
    expect(suggestedComparison(null)).toBeNull();
  });
});
