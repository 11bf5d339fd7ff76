/**
 * Table types for Kysely. Column names are snake_case as in the database; booleans are stored as
 * 0/1 integers so that SQLite and PostgreSQL share one schema.
 */
import type { Generated } from 'kysely';

export interface ProvinceTable { code: string; name: string }
export interface RegionTable { code: string; name: string }
export interface MunicipalityTable { code: string; name: string; region_code: string; province_code: string }

export interface SchoolTable {
  id: string;
  sector: string;
  municipality_code: string;
  district_code: string | null;
  size_band: string;
  disadvantage_band: number | null;
  low_income_share: number | null;
  poverty_area_share: number | null;
  /** The import run that last changed this row (null: demo seed or before import history). */
  import_run_id?: number | null;
}

export interface ScanScoreTable { school_id: string; school_year: string; principle_id: number; score: number; import_run_id?: number | null }

export interface ImplementationRecordTable {
  school_id: string;
  school_year: string;
  phase: string;
  has_kartrekker: number;
  team_enthusiasm: number;
  parent_support: number;
  /** 1–5, null when the import did not record it (migration 100). */
  leadership_commitment?: number | null;
  school_support?: number | null;
  recognised_interventions: number;
  ggd_support_hours: number;
  ggd_contacts: number;
  import_run_id?: number | null;
}

export interface CertificateTable { school_id: string; school_year: string; theme: string; awarded_year: string }

export interface CapacityTable { region_code: string; school_year: string; advisor_fte: number; hours_for_schools: number; import_run_id?: number | null }

export interface PartnerAgreementTable { school_id: string; school_year: string; partner_type: string; has_agreement: number; import_run_id?: number | null }

export interface OutcomeTable { school_id: string; school_year: string; indicator: string; value_pct: number; respondents: number; import_run_id?: number | null }

/** Key/value facts about the loaded dataset, e.g. synthetic = 'true', data_date = '2025-08-01'. */
export interface DatasetMetaTable { key: string; value: string }

export interface ImportRunTable {
  id: Generated<number>;
  kind: string;
  file_name: string;
  rows: number;
  started_at: string;
  finished_at: string;
  /** Who ran it: an account (web, or a CLI --user that names one) or the operating-system user. */
  user_id: number | null;
  user_name: string | null;
  user_email: string | null;
  result: Generated<ImportRunResult>;
  problem_count: Generated<number>;
  inserted: number | null;
  updated: number | null;
  unchanged: number | null;
  /** 1 when the run recorded what it changed (every successful run since the import history). */
  can_undo: Generated<number>;
  undone_at: string | null;
  undone_by: string | null;
}

export type ImportRunResult = 'geslaagd' | 'mislukt' | 'ongedaan';

/** Previous values of a row an import run updated (migration 070); see import/undo.ts. */
export interface ImportChangeTable {
  run_id: number;
  table_name: string;
  /** JSON array of the key column values. */
  row_key: string;
  /** JSON object: every column of the row before the run changed it. */
  previous: string;
  previous_run_id: number | null;
}

/** Principle score sums and counts as columns p1_sum, p1_n … p16_sum, p16_n of rollup_cell. */
type PrincipleNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16;
export type PrincipleSumColumn = `p${PrincipleNumber}_sum`;
export type PrincipleCountColumn = `p${PrincipleNumber}_n`;

/**
 * Pre-aggregated cell per (school year, municipality, sector, disadvantage band; 0 = unknown band),
 * rebuilt by refreshRollups. `schools` counts the register; the other counts are per school year.
 */
export type RollupCellTable = {
  school_year: string;
  municipality_code: string;
  sector: string;
  disadvantage_band: number;
  region_code: string;
  schools: number;
  scanned_schools: number;
  recorded_schools: number;
  kartrekker_schools: number;
  /** Schools meeting each implementation condition (IMPLEMENTATION_CONDITIONS); *_known: schools whose record states the optional ones. */
  enthusiastic_schools: number;
  parent_support_schools: number;
  leadership_schools: number;
  leadership_known: number;
  school_support_schools: number;
  school_support_known: number;
  intervention_schools: number;
  ggd_contact_schools: number;
  vignet_schools: number;
  supported_schools: number;
  support_hours: number;
  /** Schools with at least one partner row; pairs = partner rows; agreements = rows with an agreement. */
  partner_schools: number;
  partner_pairs: number;
  partner_agreements: number;
} & { [K in PrincipleSumColumn | PrincipleCountColumn | TotalSumColumn | TotalCountColumn]: number };

/** Score sums and counts over all principles (score_*) and per pillar (beleid_* …), kept next to the principle columns. */
export type ScoreTotal = 'score' | 'beleid' | 'omgeving' | 'educatie' | 'signaleren';
export type TotalSumColumn = `${ScoreTotal}_sum`;
export type TotalCountColumn = `${ScoreTotal}_n`;

/**
 * rollup_cell per district of a municipality that has districts (table district): one row per
 * (school year, district, sector, band). Schools without a known wijk count under the municipality's
 * remainder code (unknownDistrictCode), so the rows of a municipality add up to its rollup_cell rows.
 */
export type RollupDistrictTable = RollupCellTable & { district_code: string };

export interface DistrictTable { code: string; name: string; municipality_code: string; boundary: string | null; import_run_id?: number | null }
export interface DistrictAreaTable { area_code: string; district_code: string; area_name: string; municipality_code: string; import_run_id?: number | null }
/** The wijk of a six-position postcode; read only when a schools file is imported. */
export interface PostcodeDistrictTable { postcode: string; district_code: string; import_run_id?: number | null }

/** rollup_cell summed over municipalities and bands: one row per (school year, region, sector). */
export type RollupRegionTable = Omit<RollupCellTable, 'municipality_code' | 'disadvantage_band'>;

export interface RollupOutcomeTable {
  school_year: string;
  municipality_code: string;
  sector: string;
  disadvantage_band: number;
  indicator: string;
  region_code: string;
  schools: number;
  respondents: number;
  /** Sum of value_pct × respondents: divide by respondents for the respondent-weighted percentage. */
  weighted_sum: number;
}

export interface RollupPartnerTable {
  school_year: string;
  municipality_code: string;
  sector: string;
  disadvantage_band: number;
  partner_type: string;
  region_code: string;
  /** Schools with a row for this partner type; agreements = of which with a structural agreement. */
  schools: number;
  agreements: number;
}

/** Per school per school year: what the advisor's school list and the planner show (migration 020). */
export interface SchoolYearFactTable {
  school_year: string;
  school_id: string;
  region_code: string;
  municipality_code: string;
  sector: string;
  size_band: string;
  disadvantage_band: number | null;
  degree_overall: number | null;
  degree_beleid: number | null;
  degree_omgeving: number | null;
  degree_educatie: number | null;
  degree_signaleren: number | null;
  phase: string | null;
  has_kartrekker: number | null;
  parent_support: number | null;
  /** GGD support hours in this school year and the one before (null: no record that year). */
  support_hours: number | null;
  support_hours_prev: number | null;
  has_jgz: number | null;
  has_youth_care: number | null;
  /** How many implementation conditions the school's record meets (conditionsMet); null without a record (migration 150). */
  conditions_met: number | null;
  priority_score: number;
  priority_need: number;
  priority_gap: number;
  priority_no_kartrekker: number;
  priority_little_support: number;
}

/** rollup_partner summed over disadvantage bands, for per-municipality coverage (migrations 020…partner_coverage, 050). */
export interface PartnerCoverageRollupTable {
  school_year: string;
  municipality_code: string;
  region_code: string;
  /** A sector filter: po, so, vo, mbo, or 'all' (only the sectors the partner type is offered to). */
  sector: string;
  partner_type: string;
  schools: number;
  agreements: number;
}

/** Weak pillar × missing partner combinations per (school year, municipality, sector) (migration 020). */
export interface PartnerSignalRollupTable {
  school_year: string;
  municipality_code: string;
  sector: string;
  /** Scanned schools that reported partners: the denominator of every signal. */
  schools: number;
  weak_signaleren: number;
  weak_signaleren_no_jgz: number;
  weak_omgeving: number;
  weak_omgeving_no_youth_care: number;
}

/**
 * Gezonde School funnel counts per (school year, area, sector, measure, key) (migration 020).
 * area_code is a municipality (GM…), a region (GG…) or the nation ('NL').
 */
export interface FunnelRollupTable {
  school_year: string;
  area_code: string;
  sector: string;
  measure: string;
  key: string;
  schools: number;
}

/** The stored publication decision per hypercube cell (migration 060); band and sector 'all' = total. */
export interface DisclosureCellTable {
  school_year: string;
  /** The linked table: 'cell', 'outcome', 'partner' (pooled), 'partner:<type>', 'signal:<id>'. */
  part: string;
  sector: string;
  band: string;
  area_code: string;
  suppressed: string | null;
}

export interface Database {
  province: ProvinceTable;
  region: RegionTable;
  municipality: MunicipalityTable;
  school: SchoolTable;
  scan_score: ScanScoreTable;
  implementation_record: ImplementationRecordTable;
  certificate: CertificateTable;
  capacity: CapacityTable;
  partner_agreement: PartnerAgreementTable;
  outcome: OutcomeTable;
  dataset_meta: DatasetMetaTable;
  import_run: ImportRunTable;
  import_change: ImportChangeTable;
  school_year_fact: SchoolYearFactTable;
  partner_signal_rollup: PartnerSignalRollupTable;
  funnel_rollup: FunnelRollupTable;
  partner_coverage_rollup: PartnerCoverageRollupTable;
  rollup_cell: RollupCellTable;
  rollup_district: RollupDistrictTable;
  district: DistrictTable;
  district_area: DistrictAreaTable;
  postcode_district: PostcodeDistrictTable;
  rollup_region: RollupRegionTable;
  rollup_outcome: RollupOutcomeTable;
  rollup_partner: RollupPartnerTable;
  disclosure_cell: DisclosureCellTable;
  app_user: AppUserTable;
  app_session: AppSessionTable;
  audit_log: AuditLogTable;
  data_version: DataVersionTable;
  login_limit: LoginLimitTable;
}

/** One row (id 1): raised with every change to the figures; cached answers carry the version they were computed at (migration 080). */
export interface DataVersionTable {
  id: number;
  version: number;
}

/** Failed logins per client address in its current window (migration 080). */
export interface LoginLimitTable {
  address: string;
  failures: number;
  window_ends_at: string;
}

/** An account. `scope`: comma-separated region/municipality codes, or 'NL' (national). */
export interface AppUserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: string;
  scope: string;
  password_hash: string;
  disabled: Generated<number>;
  failed_logins: Generated<number>;
  locked_until: string | null;
  demo: Generated<number>;
  created_at: string;
  password_changed_at: string;
}

/** A server-side session; the cookie holds the token, the database only its SHA-256. */
export interface AppSessionTable { token_hash: string; user_id: number; csrf_token: string; created_at: string; last_seen_at: string }

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  email: string | null;
  action: string;
  detail: Generated<string>;
  ip: string | null;
}

