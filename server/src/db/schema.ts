/**
 * Table types for Kysely. Column names are snake_case as in the database; booleans are stored as
 * 0/1 integers so that SQLite and PostgreSQL share one schema.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

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
}

export interface ScanScoreTable { school_id: string; school_year: string; principle_id: number; score: number }

export interface ImplementationRecordTable {
  school_id: string;
  school_year: string;
  phase: string;
  has_kartrekker: number;
  team_enthusiasm: number;
  parent_support: number;
  recognised_interventions: number;
  ggd_support_hours: number;
  ggd_contacts: number;
}

export interface CertificateTable { school_id: string; school_year: string; theme: string; awarded_year: string }

export interface CapacityTable { region_code: string; school_year: string; advisor_fte: number; hours_for_schools: number }

export interface PartnerAgreementTable { school_id: string; school_year: string; partner_type: string; has_agreement: number }

export interface OutcomeTable { school_id: string; school_year: string; indicator: string; value_pct: number; respondents: number }

/** Key/value facts about the loaded dataset, e.g. synthetic = 'true', data_date = '2025-08-01'. */
export interface DatasetMetaTable { key: string; value: string }

export interface ImportRunTable {
  id: Generated<number>;
  kind: string;
  file_name: string;
  rows: number;
  started_at: string;
  finished_at: string;
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
}

export type SchoolRow = Selectable<SchoolTable>;
export type NewSchoolRow = Insertable<SchoolTable>;
