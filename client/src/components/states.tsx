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

export function ErrorState({ error, onRetry, height }: { error: unknown; onRetry?: () => void; height?: number }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="state state--error" role="alert" style={height ? { minHeight: height } : undefined}>
      <p><strong>Deze gegevens konden niet worden geladen.</strong></p>
      <p className="state__detail">{message}</p>
      <p>Probeer het opnieuw. Blijft dit gebeuren, controleer dan de gekozen filters of neem contact op met de beheerder van het dashboard.</p>
      {onRetry && <button type="button" className="button" onClick={onRetry}>Opnieuw proberen</button>}
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

/** Renders loading / error / data for one query with a fixed-height placeholder. */
export function QueryView<T>({ query, height, children }: { query: QueryLike<T>; height: number; children: (data: T) => ReactNode }) {
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} height={height} />;
  if (query.isPending || query.data === undefined) return <Skeleton height={height} />;
  return <>{children(query.data)}</>;
}
