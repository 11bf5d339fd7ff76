import type { Indicator } from '@rd/shared/indicators';
import type { Published } from '@rd/shared/metrics/suppression';
import type { Unit } from '../../logic/display.ts';
import { PublishedValue, type Column } from './data-table.tsx';

/** One figure across the compared areas: a row of a side-by-side table. Rows differ in unit, so each cell is written in its row's. */
export interface SideBySideRow {
  id: string;
  label: string;
  unit: Unit;
  decimals?: number;
  values: Published[];
}

/** A row's name, unit and decimals from the catalogue. */
export function rowOf(ind: Indicator): Omit<SideBySideRow, 'values'> {
  return { id: ind.id, label: ind.shortLabel, unit: ind.unit, decimals: ind.decimals };
}

/** The figure's name under `first`, then a column per compared area (unsortable: the rows are figures, not areas). */
export function sideBySideColumns(first: string, areaNames: readonly string[], minSchools: number): Column<SideBySideRow>[] {
  return [
    { id: 'label', header: first, kind: 'text', value: (r) => r.label, sortable: false },
    ...areaNames.map((name, i): Column<SideBySideRow> => ({
      id: `area${i}`, header: name, kind: 'published', value: (r) => r.values[i]!, sortable: false,
      render: (r) => <PublishedValue value={r.values[i]!} unit={r.unit} decimals={r.decimals} minSchools={minSchools} />,
    })),
  ];
}
