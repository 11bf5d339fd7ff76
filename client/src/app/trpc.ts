import { createTRPCClient, httpBatchLink, httpLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { QueryClient } from '@tanstack/react-query';
// Type only: nothing from the server crosses into the client bundle.
import type { AppRouter } from '@rd/server/src/routers/index.ts';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Aggregates change only on import; refetching on focus would only make charts flicker.
        staleTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        retry: 1,
      },
    },
  });
}

/**
 * CSRF: every request carries x-csrf-token, the session's token once logged in (the server checks it
 * on mutations). A page on another site can neither read the token nor send this header.
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
/** For requests outside tRPC that change state (the file upload). */
export function currentCsrfToken(): string {
  return csrfToken ?? 'inloggen';
}

/**
 * A question the user is waiting on now (the indicator just picked) goes out on its own: a batch is
 * sent only after the page's current work yields, which on a filter change is 10–20 ms later.
 */
export const ASK_NOW = { trpc: { context: { askNow: true } } } as const;

export function createClient() {
  const options = { url: '/trpc', headers: () => ({ 'x-csrf-token': csrfToken ?? 'inloggen' }) };
  return createTRPCClient<AppRouter>({
    links: [splitLink({
      condition: (op) => op.context.askNow === true,
      true: httpLink(options),
      false: httpBatchLink({ ...options, maxURLLength: 4000 }),
    })],
  });
}
