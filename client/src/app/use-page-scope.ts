import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc.ts';
import { parseRegionCode, useUrlState } from './url-state.ts';

/**
 * The area a page shows: a municipality (a policymaker's own) on its own, otherwise the region in the
 * URL or the nation; with the names to put in headings and captions.
 */
export function usePageScope() {
  const trpc = useTRPC();
  const { params, scope: urlScope } = useUrlState();
  const municipalityCode = urlScope.level === 'municipality' ? urlScope.code : null;
  const regionCode = municipalityCode ? null : parseRegionCode(params.get('regio'));
  const scope = municipalityCode ? { level: 'municipality' as const, code: municipalityCode }
    : regionCode ? { level: 'region' as const, code: regionCode } : { level: 'nation' as const };
  const regions = useQuery(trpc.geography.regions.queryOptions());
  const municipalities = useQuery(trpc.geography.municipalities.queryOptions(undefined, { enabled: !!municipalityCode, staleTime: Infinity }));
  const regionName = regions.data?.find((r) => r.code === regionCode)?.name ?? regionCode ?? undefined;
  const municipalityName = municipalityCode ? `gemeente ${municipalities.data?.find((m) => m.code === municipalityCode)?.name ?? municipalityCode}` : undefined;
  return { scope, municipalityCode, regionCode, regionName, municipalityName, scopeName: municipalityName ?? regionName ?? 'Nederland' };
}
