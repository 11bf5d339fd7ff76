import { useId, useState, type ReactNode } from 'react';
import { ExportButtons, type ExportSpec } from './export-buttons.tsx';

/**
 * A chart with its table alternative. Both are in the DOM order "chart, then table" and the user
 * can switch; the table is the accessible, exact version of the same numbers.
 */
export function FigureBlock({ title, description, chart, table, level = 2, defaultView = 'chart', testId, exportSpec }: {
  title: string; description?: ReactNode; chart: ReactNode; table: ReactNode; level?: 2 | 3; defaultView?: 'chart' | 'table'; testId?: string;
  /** CSV/Excel downloads of the figure's numbers, offered whichever view is shown. */
  exportSpec?: ExportSpec;
}) {
  const [view, setView] = useState<'chart' | 'table'>(defaultView);
  const id = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className="figure-block" aria-labelledby={`${id}-title`} data-testid={testId}>
      <Heading id={`${id}-title`}>{title}</Heading>
      {description && <div className="figure__caption">{description}</div>}
      {exportSpec && <ExportButtons spec={exportSpec} />}
      <div className="tabs" role="tablist" aria-label={`Weergave van ${title}`}>
        <button type="button" role="tab" id={`${id}-tab-chart`} aria-selected={view === 'chart'} aria-controls={`${id}-panel`} onClick={() => setView('chart')}>
          Grafiek
        </button>
        <button type="button" role="tab" id={`${id}-tab-table`} aria-selected={view === 'table'} aria-controls={`${id}-panel`} onClick={() => setView('table')}>
          Tabel
        </button>
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${view}`}>
        {view === 'chart' ? chart : table}
      </div>
    </section>
  );
}
