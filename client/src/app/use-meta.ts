import { useQuery } from '@tanstack/react-query';
import { DEFAULT_MIN_CELL_SCHOOLS } from '@rd/shared/catalogue';
import { useTRPC } from './trpc.ts';

/** The suppression threshold the server applies (shown in legends and cell titles). */
export function useMinSchools(): number {
  const trpc = useTRPC();
  const meta = useQuery(trpc.meta.dataset.queryOptions());
  return meta.data?.minCellSchools ?? DEFAULT_MIN_CELL_SCHOOLS;
}

/** The data date of the loaded dataset (ISO), or null when unknown. */
export function useDataDate(): string | null {
  const trpc = useTRPC();
  const meta = useQuery(trpc.meta.dataset.queryOptions());
  return meta.data?.dataDate ?? null;
}
