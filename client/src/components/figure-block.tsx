import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ExportButtons, type ExportSpec } from './export-buttons.tsx';

const VIEWS = ['chart', 'table'] as const;

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
  // The ARIA tabs pattern: one tab stop, arrow keys (and Home/End) move between the tabs and select.
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = VIEWS.indexOf(view);
    const next = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? VIEWS[(i + 1) % VIEWS.length]
      : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? VIEWS[(i + VIEWS.length - 1) % VIEWS.length]
        : e.key === 'Home' ? VIEWS[0] : e.key === 'End' ? VIEWS[VIEWS.length - 1] : undefined;
    if (!next) return;
    e.preventDefault();
    setView(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };
  return (
    <section className="figure-block" aria-labelledby={`${id}-title`} data-testid={testId}>
      <Heading id={`${id}-title`}>{title}</Heading>
      {description && <div className="figure__caption">{description}</div>}
      {exportSpec && <ExportButtons spec={exportSpec} />}
      <div className="tabs" role="tablist" aria-label={`Weergave van ${title}`} onKeyDown={onTabKey}>
        {VIEWS.map((v) => (
          <button key={v} type="button" role="tab" id={`${id}-tab-${v}`} aria-selected={view === v} aria-controls={`${id}-panel`}
            tabIndex={view === v ? 0 : -1} onClick={() => setView(v)}>
            {v === 'chart' ? 'Grafiek' : 'Tabel'}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${view}`}>
        {view === 'chart' ? chart : table}
      </div>
    </section>
  );
}
