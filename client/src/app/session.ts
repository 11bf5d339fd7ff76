import { useQuery } from '@tanstack/react-query';
import { setCsrfToken, useTRPC } from './trpc.ts';

/** The logged-in user (null when logged out); keeps the CSRF token of the tRPC client in step. */
export function useSession() {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.auth.session.queryOptions(), staleTime: 60_000 });
  setCsrfToken(query.data?.csrfToken ?? null);
  return query;
}

/** Pages that need no login. */
export const PUBLIC_PATHS = ['/inloggen', '/toegankelijkheid'];
