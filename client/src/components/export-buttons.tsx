import { useId } from 'react';

/** Which server-side table an export button downloads, with the filters the screen shows. */
export interface ExportSpec {
  /** Table id of /api/export/:table (server/src/export/tables.ts). */
  table: string;
  /** Dutch query parameters as in the page URL: jaar, sector, regio, gemeente, niveau, indicator. */
  params: Record<string, string | null | undefined>;
  /** What is exported, for the accessible names ("Exporteer <label> als CSV"). */
  label: string;
}

function exportUrl(spec: Pick<ExportSpec, 'table' | 'params'>, format: 'csv' | 'xlsx'): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(spec.params)) if (v) q.set(k, v);
  const s = q.toString();
  return `/api/export/${spec.table}.${format}${s ? `?${s}` : ''}`;
}

/**
 * "Exporteren: CSV | Excel". Plain download links: keyboard accessible without script, the browser
 * shows its own download progress, and the session cookie goes along (exports respect the user's scope).
 * The server builds the file from the same procedures as the screen, so suppression is identical.
 */
export function ExportButtons({ spec }: { spec: ExportSpec }) {
  const id = useId();
  return (
    <div className="export-buttons" role="group" aria-labelledby={`${id}-label`} data-testid={`export-${spec.table}`}
      style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}>
      <span id={`${id}-label`}>Exporteren<span className="visually-hidden">: {spec.label}</span></span>
      <a className="button button--secondary" href={exportUrl(spec, 'csv')} download aria-label={`Exporteer ${spec.label} als CSV`}>CSV</a>
      <a className="button button--secondary" href={exportUrl(spec, 'xlsx')} download aria-label={`Exporteer ${spec.label} als Excel-bestand`}>Excel</a>
    </div>
  );
}

/** The export parameters of a scope as the API returns it ({ level, code }). */
export function scopeParams(scope: { level: string; code?: string | null }): Record<string, string | null> {
  if (scope.level === 'region') return { regio: scope.code ?? null };
  if (scope.level === 'municipality') return { gemeente: scope.code ?? null };
  return {};
}
