import type { ReactNode } from 'react';

/** Placeholder with the final height of the content, so the page does not jump when data arrives. */
export function Skeleton({ height, label = 'Gegevens worden geladen…' }: { height: number | string; label?: string }) {
  return (
    <div className="skeleton" style={{ height }} role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
    </div>
  );
}

export function PageSkeleton() {
  return (
    <div className="page">
      <div className="skeleton skeleton--title" />
      <Skeleton height={480} label="Pagina wordt geladen…" />
    </div>
  );
}

/** tRPC's error code, when the server answered with one. */
function errorCode(error: unknown): string | undefined {
  const data = (error as { data?: { code?: unknown } } | null)?.data;
  return typeof data?.code === 'string' ? data.code : undefined;
}

export function ErrorState({ error, onRetry, height }: { error: unknown; onRetry?: () => void; height?: number }) {
  const message = error instanceof Error ? error.message : String(error);
  const code = errorCode(error);
  // Asking again gets the same answer for a refusal or an invalid choice: no retry button, but what to do instead.
  const final = code === 'FORBIDDEN' || code === 'NOT_FOUND' || code === 'BAD_REQUEST';
  return (
    <div className="state state--error" role="alert" style={height ? { minHeight: height } : undefined}>
      <p><strong>{code === 'FORBIDDEN' ? 'Dit gebied valt buiten uw account.' : 'Deze gegevens konden niet worden geladen.'}</strong></p>
      <p className="state__detail">{message}</p>
      {final
        ? <p>Kies in de filters een gebied of keuze die bij uw account hoort. Denkt u dat u hier toegang toe hoort te hebben, neem dan contact op met de beheerder van het dashboard.</p>
        : <p>Probeer het opnieuw. Blijft dit gebeuren, controleer dan de gekozen filters of neem contact op met de beheerder van het dashboard.</p>}
      {onRetry && !final && <button type="button" className="button" onClick={onRetry}>Opnieuw proberen</button>}
    </div>
  );
}

export function EmptyState({ children, height }: { children: ReactNode; height?: number }) {
  return (
    <div className="state state--empty" style={height ? { minHeight: height } : undefined}>
      {children}
    </div>
  );
}

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** Two queries as one: pending until both answered, failed when either failed, retried together. */
export function bothQueries<A, B>(a: QueryLike<A>, b: QueryLike<B>): QueryLike<[A, B]> {
  return {
    data: a.data !== undefined && b.data !== undefined ? [a.data, b.data] : undefined,
    error: a.error ?? b.error,
    isPending: a.isPending || b.isPending,
    refetch: () => {
      void a.refetch();
      void b.refetch();
    },
  };
}

/**
 * Renders loading / error / data for one query with a fixed-height placeholder. The placeholder has
 * the content's height; an error message may take less (`errorHeight`, default the same). `heading`
 * stands above the placeholder or error for content that brings its own heading (a figure block).
 */
export function QueryView<T>({ query, height, errorHeight = height, label, heading, children }: {
  query: QueryLike<T>; height: number; errorHeight?: number; label?: string; heading?: string; children: (data: T) => ReactNode;
}) {
  const title = heading === undefined ? null : <h2>{heading}</h2>;
  if (query.error) return <>{title}<ErrorState error={query.error} onRetry={() => void query.refetch()} height={errorHeight} /></>;
  if (query.isPending || query.data === undefined) return <>{title}<Skeleton height={height} label={label} /></>;
  return <>{children(query.data)}</>;
}
