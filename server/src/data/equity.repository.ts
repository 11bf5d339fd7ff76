/**
 * Equity: metrics per disadvantage band (1 = least, 4 = most disadvantaged; 0 = unknown) and the
 * gap between band 1 and band 4. Bands are siblings within their scope for suppression; when the
 * scope itself is hidden, every band is hidden with it.
 */
import { sql } from 'kysely';
import { DISADVANTAGE_BANDS, disadvantageGap, type Published, type SectorFilter } from '@rd/shared';
import type { Db } from '../db/connection.ts';
import { emptySums, publishMetricAmong, sumCells, type CellFilter, type CellSums, type RawMetric } from './analytics.repository.ts';

export const BAND_KEYS = ['1', '2', '3', '4', '0'] as const;
export type BandKey = (typeof BAND_KEYS)[number];
/** The name of each band key ('0': the schools whose band is unknown). */
export const BAND_LABEL = new Map<string, string>([...DISADVANTAGE_BANDS.map((b) => [String(b.id), b.label] as const), ['0', 'Onbekend']]);
/** The bands an equity gap compares (gapOf): a question that publishes only the gap reads only these. */
export const GAP_BANDS: readonly BandKey[] = ['1', '4'];

/** All five band keys present (empty sums where a band has no schools), in BAND_KEYS order. */
export function completeBands(groups: readonly { key: string; sums: CellSums }[], empty: () => CellSums): { key: BandKey; sums: CellSums }[] {
  const byKey = new Map(groups.map((g) => [g.key, g.sums]));
  return BAND_KEYS.map((k) => ({ key: k, sums: byKey.get(k) ?? empty() }));
}

export function publishBands(
  bands: readonly { key: BandKey; sums: CellSums }[],
  metric: (s: CellSums) => RawMetric,
  minSchools: number,
  scopeHidden: boolean,
): Map<BandKey, Published> {
  return publishMetricAmong(bands, metric, minSchools, scopeHidden);
}

/** The five band cells of a scope (nation, region or municipalities of the filter), with their stored decisions; `columns`: the sums to read (default as sumCells). */
export async function scopeBandSums(db: Db, filter: CellFilter, columns?: Parameters<typeof sumCells>[3]): Promise<{ key: BandKey; sums: CellSums }[]> {
  const groups = await sumCells(db, filter, ['disadvantage_band'], columns, ['cell', 'scan']);
  return completeBands(groups.map((g) => ({ key: g.key.disadvantage_band, sums: g.sums })), emptySums);
}

/**
 * Several figures per band, each published among the bands; `scopeHidden` says per figure whether
 * the area's own figure (all bands) is hidden, which hides its bands too.
 */
export function publishBandFigures<Id extends string>(
  bands: readonly { key: BandKey; sums: CellSums }[],
  figures: Readonly<Record<Id, (s: CellSums) => RawMetric>>,
  minSchools: number,
  scopeHidden: (id: Id) => boolean,
): Map<BandKey, Record<Id, Published>> {
  const ids = Object.keys(figures) as Id[];
  const published = new Map(ids.map((id) => [id, publishBands(bands, figures[id], minSchools, scopeHidden(id))]));
  return new Map(BAND_KEYS.map((k) => [k, Object.fromEntries(ids.map((id) => [id, published.get(id)!.get(k)!])) as Record<Id, Published>]));
}

/**
 * Gap band 1 − band 4 in the metric's unit. Visible only when both bands are; rests on the schools
 * of both bands. A hidden band makes the gap hidden with that band's reason.
 */
export function gapOf(band1: Published, band4: Published): Published {
  if (band1.suppressed || band4.suppressed) return { value: null, schools: null, suppressed: band1.suppressed ?? band4.suppressed };
  const value = disadvantageGap(band1.value, band4.value);
  if (value === null) return { value: null, schools: 0, suppressed: null };
  return { value, schools: (band1.schools ?? 0) + (band4.schools ?? 0), suppressed: null };
}

export interface OutcomeSums { schools: number; respondents: number; weightedSum: number }

/** Outcome sums per (group key, indicator) from rollup_outcome. */
export async function sumOutcomes(
  db: Db,
  filter: { schoolYear: string; sector: SectorFilter; regionCode?: string; municipalityCodes?: readonly string[] },
  groupBy: 'disadvantage_band' | 'municipality_code' | 'region_code' | null,
): Promise<{ key: string; indicator: string; sums: OutcomeSums }[]> {
  let q = db.kysely.selectFrom('rollup_outcome')
    .select(['indicator',
      (eb) => eb.fn.sum<number>('schools').as('schools'),
      (eb) => eb.fn.sum<number>('respondents').as('respondents'),
      (eb) => eb.fn.sum<number>('weighted_sum').as('weighted_sum')])
    .where('school_year', '=', filter.schoolYear);
  if (groupBy) q = q.select(sql.ref<string>(groupBy).as('k')).groupBy(sql.ref(groupBy));
  if (filter.sector !== 'all') q = q.where('sector', '=', filter.sector);
  if (filter.regionCode) q = q.where('region_code', '=', filter.regionCode);
  if (filter.municipalityCodes) q = q.where('municipality_code', 'in', [...filter.municipalityCodes, '']);
  const rows = (await q.groupBy('indicator').execute()) as { indicator: string; schools: number; respondents: number; weighted_sum: number; k?: string }[];
  return rows.map((r) => ({
    key: r.k === undefined ? '' : String(r.k),
    indicator: r.indicator,
    sums: { schools: Number(r.schools), respondents: Number(r.respondents), weightedSum: Number(r.weighted_sum) },
  }));
}

/** Respondent-weighted mean percentage; rests on the schools that reported the indicator. */
export function outcomeMetric(o: OutcomeSums | undefined): RawMetric {
  if (!o || o.respondents === 0) return { value: null, schools: o?.schools ?? 0 };
  return { value: o.weightedSum / o.respondents, schools: o.schools };
}
