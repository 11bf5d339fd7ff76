import type { Migration } from 'kysely';
import * as initial from './2026_11_25_001_initial.ts';
import * as rollups from './2026_11_25_010_rollups.ts';
import * as rollupsRegion from './2026_11_25_010_rollups_region.ts';
import * as rollupsTotals from './2026_11_25_010_rollups_totals.ts';
import * as schoolFactsFunnel from './2026_11_25_020_school_facts_funnel.ts';
import * as partnerCoverage from './2026_11_25_020_school_facts_funnel_partner_coverage.ts';
import * as auth from './2026_11_25_030_auth.ts';
import * as postgresDoublePrecision from './2026_11_25_040_postgres_double_precision.ts';
import * as partnerCoverageSectorFilter from './2026_11_25_050_partner_coverage_sector_filter.ts';
import * as disclosureCell from './2026_11_29_060_disclosure_cell.ts';
import * as importHistory from './2026_11_29_070_import_history.ts';
import * as dataVersionLoginLimit from './2026_11_30_080_data_version_login_limit.ts';
import * as schoolRankIndex from './2026_11_30_090_school_rank_index.ts';
import * as disclosureCellCoveringIndex from './2026_11_30_100_disclosure_cell_covering_index.ts';
import * as implementationConditions from './2026_11_30_110_implementation_conditions.ts';
import * as district from './2026_11_30_120_district.ts';
import * as postcodeDistrict from './2026_11_30_130_postcode_district.ts';
import * as schoolListCoveringIndex from './2026_11_30_140_school_list_covering_index.ts';
import * as schoolFactConditionsMet from './2026_11_30_150_school_fact_conditions_met.ts';
import * as rollupCellGapIndex from './2026_11_30_160_rollup_cell_gap_index.ts';
import * as rollupCellEquityIndexes from './2026_11_30_170_rollup_cell_equity_indexes.ts';

/** All migrations in order; names sort by date so Kysely applies them in sequence. */
export const migrations: Record<string, Migration> = {
  '2026_11_25_001_initial': initial,
  '2026_11_25_010_rollups': rollups,
  '2026_11_25_010_rollups_region': rollupsRegion,
  '2026_11_25_010_rollups_totals': rollupsTotals,
  '2026_11_25_020_school_facts_funnel': schoolFactsFunnel,
  '2026_11_25_020_school_facts_funnel_partner_coverage': partnerCoverage,
  '2026_11_25_030_auth': auth,
  '2026_11_25_040_postgres_double_precision': postgresDoublePrecision,
  '2026_11_25_050_partner_coverage_sector_filter': partnerCoverageSectorFilter,
  '2026_11_29_060_disclosure_cell': disclosureCell,
  '2026_11_29_070_import_history': importHistory,
  '2026_11_30_080_data_version_login_limit': dataVersionLoginLimit,
  '2026_11_30_090_school_rank_index': schoolRankIndex,
  '2026_11_30_100_disclosure_cell_covering_index': disclosureCellCoveringIndex,
  '2026_11_30_110_implementation_conditions': implementationConditions,
  '2026_11_30_120_district': district,
  '2026_11_30_130_postcode_district': postcodeDistrict,
  '2026_11_30_140_school_list_covering_index': schoolListCoveringIndex,
  '2026_11_30_150_school_fact_conditions_met': schoolFactConditionsMet,
  '2026_11_30_160_rollup_cell_gap_index': rollupCellGapIndex,
  '2026_11_30_170_rollup_cell_equity_indexes': rollupCellEquityIndexes,
};
