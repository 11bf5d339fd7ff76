import { memo, useId, useMemo, useState, type ReactNode } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type PaginationState,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table';
import type { Published } from '@rd/shared/metrics/suppression';
import { formatValue, suppressionTitle, noDataTitle, type Unit } from '../../logic/display.ts';
import { ExportButtons, type ExportSpec } from '../export-buttons.tsx';

/** A column in the domain's words; converted to a TanStack column below. */
export interface Column<T> {
  id: string;
  header: string;
  /** 'published' cells show "." when suppressed and "–" when there is no data. */
  kind: 'text' | 'number' | 'published';
  value: (row: T) => string | number | null | Published;
  unit?: Unit;
  decimals?: number;
  render?: (row: T) => ReactNode;
  hidden?: boolean;
  /** Cell title/explanation, e.g. the reason text of a plan row. */
  sortable?: boolean;
}

export interface ServerSide {
  rowCount: number;
  pagination: PaginationState;
  onPaginationChange: (p: PaginationState) => void;
  /** Without these the server keeps its own order and the table offers no sorting. */
  sorting?: SortingState;
  onSortingChange?: (s: SortingState) => void;
  /** Without these the table offers no search. */
  filter?: string;
  onFilterChange?: (f: string) => void;
}

const NO_SORTING: SortingState = [];

export interface DataTableProps<T> {
  caption: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  minSchools: number;
  pageSize?: number;
  highlight?: (row: T) => boolean;
  filterLabel?: string;
  serverSide?: ServerSide;
  initialSort?: SortingState;
  /** Stable test/automation hook. */
  testId?: string;
  /** Offers CSV/Excel downloads of this table, built on the server with the same suppression. */
  exportSpec?: ExportSpec;
}

function numericOf(v: string | number | null | Published): number | null {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return null;
  return v.value;
}

/** The key of a row that is an area (or anything else with a code), for `rowKey`. */
export function codeKey(row: { code: string }): string {
  return row.code;
}

/** Read only when the table is first drawn: a new value of these alone does not draw it again. */
const READ_ONCE: ReadonlySet<string> = new Set(['initialSort', 'pageSize']);

function sameProps<T>(a: DataTableProps<T>, b: DataTableProps<T>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof DataTableProps<T>>;
  for (const key of keys) if (!READ_ONCE.has(key) && !Object.is(a[key], b[key])) return false;
  return true;
}

/**
 * The table of a figure. Drawn again only when its props change: a page re-renders at every filter
 * change, and a table of stable rows, columns and functions is then left as it is.
 */
export const DataTable = memo(DataTableOf, sameProps) as typeof DataTableOf;

function DataTableOf<T>(props: DataTableProps<T>) {
  const { caption, rows, columns, rowKey, minSchools, highlight, serverSide } = props;
  const filterId = useId();
  const [sorting, setSorting] = useState<SortingState>(props.initialSort ?? []);
  const [globalFilter, setGlobalFilter] = useState('');
  const [pagination, setPagination] = useState<PaginationState>({ pageIndex: 0, pageSize: props.pageSize ?? 25 });
  const [visibility, setVisibility] = useState<VisibilityState>(() =>
    Object.fromEntries(columns.filter((c) => c.hidden).map((c) => [c.id, false])),
  );

  const sortable = !serverSide || serverSide.onSortingChange !== undefined;

  const defs = useMemo<ColumnDef<T>[]>(
    () =>
      columns.map((c) => ({
        id: c.id,
        header: c.header,
        accessorFn: (row: T) => {
          const v = c.value(row);
          // Text columns stay strings (so the text filter finds them); others sort numerically.
          return c.kind === 'text' ? v : numericOf(v);
        },
        enableSorting: c.sortable !== false && sortable,
        sortUndefined: 'last',
        sortingFn: c.kind === 'text' ? 'text' : (a, b, id) => {
          const x = a.getValue<number | null>(id);
          const y = b.getValue<number | null>(id);
          // Suppressed and missing values always sort last, whatever the direction is.
          if (x === null && y === null) return 0;
          if (x === null) return sorting.find((s) => s.id === id)?.desc ? -1 : 1;
          if (y === null) return sorting.find((s) => s.id === id)?.desc ? 1 : -1;
          return x - y;
        },
        cell: ({ row }) => renderCell(c, row.original, minSchools),
        meta: { numeric: c.kind !== 'text' },
      })),
    [columns, minSchools, sorting, sortable],
  );

  const table = useReactTable({
    data: rows as T[],
    columns: defs,
    getRowId: rowKey,
    state: serverSide
      ? { sorting: serverSide.sorting ?? NO_SORTING, pagination: serverSide.pagination, columnVisibility: visibility, globalFilter: serverSide.filter ?? '' }
      : { sorting, pagination, columnVisibility: visibility, globalFilter },
    onSortingChange: (updater) => {
      const current = serverSide ? (serverSide.sorting ?? NO_SORTING) : sorting;
      const next = typeof updater === 'function' ? updater(current) : updater;
      if (serverSide) serverSide.onSortingChange?.(next);
      else setSorting(next);
    },
    onPaginationChange: (updater) => {
      const current = serverSide ? serverSide.pagination : pagination;
      const next = typeof updater === 'function' ? updater(current) : updater;
      if (serverSide) serverSide.onPaginationChange(next);
      // The table resets to the first page on every new set of rows, also when it is there already:
      // the same page is the same state, so the table is not drawn again for it.
      else if (next.pageIndex !== current.pageIndex || next.pageSize !== current.pageSize) setPagination(next);
    },
    onColumnVisibilityChange: setVisibility,
    onGlobalFilterChange: (v) => (serverSide ? serverSide.onFilterChange?.(String(v)) : setGlobalFilter(String(v))),
    globalFilterFn: 'includesString',
    getColumnCanGlobalFilter: (column) => (column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric === false,
    getCoreRowModel: getCoreRowModel(),
    ...(serverSide
      ? { manualSorting: true, manualPagination: true, manualFiltering: true, rowCount: serverSide.rowCount }
      : { getSortedRowModel: getSortedRowModel(), getFilteredRowModel: getFilteredRowModel(), getPaginationRowModel: getPaginationRowModel() }),
    autoResetPageIndex: !serverSide,
  });

  const filterValue = serverSide ? (serverSide.filter ?? '') : globalFilter;
  const searchable = !serverSide || serverSide.onFilterChange !== undefined;
  const total = serverSide ? serverSide.rowCount : table.getFilteredRowModel().rows.length;
  const pageIndex = table.getState().pagination.pageIndex;
  const pageSize = table.getState().pagination.pageSize;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : pageIndex * pageSize + 1;
  const to = Math.min(total, (pageIndex + 1) * pageSize);

  return (
    <div className="data-table-block" data-testid={props.testId}>
      <div className="data-table__toolbar">
        {searchable && (
          <div className="field">
            <label htmlFor={filterId}>{props.filterLabel ?? 'Zoek in de tabel'}</label>
            <input id={filterId} type="search" value={filterValue} onChange={(e) => table.setGlobalFilter(e.target.value)} />
          </div>
        )}
        <details className="column-chooser">
          <summary>Kolommen kiezen</summary>
          <fieldset>
            <legend className="visually-hidden">Zichtbare kolommen</legend>
            {table.getAllLeafColumns().map((column) => (
              <label key={column.id}>
                <input type="checkbox" checked={column.getIsVisible()} onChange={column.getToggleVisibilityHandler()} />{' '}
                {String(column.columnDef.header)}
              </label>
            ))}
          </fieldset>
        </details>
        {props.exportSpec && <ExportButtons spec={props.exportSpec} />}
      </div>
      <div className="data-table__scroll" tabIndex={0} role="region" aria-label={`Tabel: ${caption}`}>
        <table className="data-table">
          <caption>{caption}</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const numeric = (header.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={numeric ? 'num' : undefined}
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                    >
                      {header.column.getCanSort() ? (
                        <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          <span aria-hidden="true">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}</span>
                          <span className="visually-hidden">
                            {sorted === 'asc' ? ', oplopend gesorteerd' : sorted === 'desc' ? ', aflopend gesorteerd' : ', sorteren'}
                          </span>
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.length === 0 ? (
              <tr>
                <td colSpan={table.getVisibleLeafColumns().length}>
                  Geen rijen gevonden. {filterValue ? 'Pas de zoekterm aan of maak het zoekveld leeg.' : 'Kies andere filters.'}
                </td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr key={row.id} className={highlight?.(row.original) ? 'is-highlighted' : undefined}>
                  {row.getVisibleCells().map((cell, i) => {
                    const numeric = (cell.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                    const content = flexRender(cell.column.columnDef.cell, cell.getContext());
                    return i === 0 ? (
                      <th key={cell.id} scope="row" className={numeric ? 'num' : undefined}>{content}</th>
                    ) : (
                      <td key={cell.id} className={numeric ? 'num' : undefined}>{content}</td>
                    );
                  })}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <div className="data-table__pager">
        <span aria-live="polite">
          {total === 0 ? 'Geen rijen' : `Rij ${from.toLocaleString('nl-NL')}–${to.toLocaleString('nl-NL')} van ${total.toLocaleString('nl-NL')}`}
        </span>
        <button type="button" className="button button--secondary" onClick={() => table.previousPage()} disabled={pageIndex === 0}>
          Vorige
        </button>
        <span>Pagina {pageIndex + 1} van {pageCount}</span>
        <button type="button" className="button button--secondary" onClick={() => table.nextPage()} disabled={pageIndex + 1 >= pageCount}>
          Volgende
        </button>
        <label>
          Rijen per pagina{' '}
          <select value={pageSize} onChange={(e) => table.setPageSize(Number(e.target.value))}>
            {[10, 25, 50, 100].map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
      </div>
    </div>
  );
}

function renderCell<T>(c: Column<T>, row: T, minSchools: number): ReactNode {
  if (c.render) return c.render(row);
  const v = c.value(row);
  if (c.kind === 'text') return v === null ? '–' : String(v);
  if (v !== null && typeof v === 'object') return <PublishedValue value={v} unit={c.unit ?? 'count'} decimals={c.decimals} minSchools={minSchools} />;
  if (v === null) return <span title={noDataTitle()}>–</span>;
  return formatValue(typeof v === 'number' ? v : Number(v), c.unit ?? 'count', c.decimals);
}

/** One published figure: "." with the reason when suppressed (CBS convention), "–" when there is no data. */
export function PublishedValue({ value, unit, decimals, minSchools }: { value: Published; unit: Unit; decimals?: number | undefined; minSchools: number }) {
  if (value.suppressed) {
    return (
      <abbr className="suppressed" title={suppressionTitle(value.suppressed, minSchools)}>
        .<span className="visually-hidden"> ({suppressionTitle(value.suppressed, minSchools)})</span>
      </abbr>
    );
  }
  if (value.value === null) return <span title={noDataTitle()}>–</span>;
  return <>{formatValue(value.value, unit, decimals)}</>;
}
