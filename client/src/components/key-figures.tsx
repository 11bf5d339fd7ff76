import type { Published } from '@rd/shared/metrics/suppression';
import { PublishedValue } from './data-table/data-table.tsx';
import type { Unit } from '../logic/display.ts';
import { describePublished } from '@rd/shared/format';

export interface KeyFigure {
  id: string;
  label: string;
  value: Published | number | null;
  unit: Unit;
  decimals?: number;
  note?: string;
}

export function KeyFigures({ figures, minSchools, label }: { figures: readonly KeyFigure[]; minSchools: number; label: string }) {
  return (
    <ul className="key-figures" aria-label={label} data-testid="key-figures">
      {figures.map((f) => {
        const published: Published = typeof f.value === 'number' || f.value === null
          ? { value: f.value, schools: null, suppressed: null }
          : f.value;
        const note = f.note ?? (typeof f.value === 'object' && f.value ? describePublished(f.value, minSchools) : undefined);
        return (
          <li key={f.id} className="key-figure" data-testid={`key-figure-${f.id}`}>
            <span className="key-figure__label">{f.label}</span>
            <span className="key-figure__value"><PublishedValue value={published} unit={f.unit} decimals={f.decimals} minSchools={minSchools} /></span>
            {note && <span className="key-figure__note">{note}</span>}
          </li>
        );
      })}
    </ul>
  );
}
