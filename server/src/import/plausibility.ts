/**
 * Plausibility of records that passed the schema (docs/import.md, "Controles"). An error means the
 * value cannot be right and nothing is imported; a warning means it is unusual but possible: the
 * file is imported and the warning listed, so the data manager can check it.
 */
import type SQLite from 'better-sqlite3';
import type { Kysely, Transaction } from 'kysely';
import { PRINCIPLE_COUNT, schoolYearFromStart, schoolYearStart, type Capacity, type ImplementationRecord, type ImportKind, type Outcome, type ScanScore } from '@rd/shared';
import type { SchoolYearWindow } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { Finding } from './formats.ts';

/** Principles per school year of a school that the database already holds, for partial scans. */
export type ExistingScanPrinciples = (groups: readonly { schoolId: string; schoolYear: string }[]) => Promise<Map<string, number>>;

/** Key of a school's scan in one school year; school ids have a fixed length, so no separator. */
const scanKey = (schoolId: string, schoolYear: string): string => schoolId + schoolYear;

/** Bit p-1 set for each principle p the database holds, per scan key. */
function principleMasks(rows: readonly { school_id: string; school_year: string; principle_id: number }[], into: Map<string, number>): void {
  for (const r of rows) {
    const key = scanKey(r.school_id, r.school_year);
    into.set(key, (into.get(key) ?? 0) | (1 << (r.principle_id - 1)));
  }
}

/** The lookup on the import's own SQLite connection, inside its transaction. */
export function sqliteScanPrinciples(conn: SQLite.Database): ExistingScanPrinciples {
  return async (groups) => {
    const select = conn.prepare<[string, string], { school_id: string; school_year: string; principle_id: number }>(
      'SELECT school_id, school_year, principle_id FROM scan_score WHERE school_id = ? AND school_year = ?',
    );
    const masks = new Map<string, number>();
    for (const g of groups) principleMasks(select.all(g.schoolId, g.schoolYear), masks);
    return masks;
  };
}

/** The lookup in the import's transaction on PostgreSQL: a round trip per thousand scans, not per scan. */
export function kyselyScanPrinciples(trx: Transaction<Database> | Kysely<Database>): ExistingScanPrinciples {
  return async (groups) => {
    const masks = new Map<string, number>();
    for (let i = 0; i < groups.length; i += 1000) {
      const slice = groups.slice(i, i + 1000);
      const rows = await trx.selectFrom('scan_score').select(['school_id', 'school_year', 'principle_id'])
        .where('school_id', 'in', [...new Set(slice.map((g) => g.schoolId))])
        .where('school_year', 'in', [...new Set(slice.map((g) => g.schoolYear))])
        .execute();
      principleMasks(rows, masks);
    }
    return masks;
  };
}

/** A full-time year of 36 hours a week: no one has more hours than this per fte. */
const HOURS_PER_FTE_YEAR = 36 * 52;
/** The Ondersteuningsaanbod is about 10 hours per school; twenty times that is worth a look. */
const UNUSUAL_SCHOOL_HOURS = 200;
/** The largest GGD region has about ten Gezonde School advisors. */
const UNUSUAL_REGION_FTE = 50;
/** Certificates are valid in the school year they are awarded and the two after. */
const CERTIFICATE_YEARS = 3;
const ALL_PRINCIPLES = 2 ** PRINCIPLE_COUNT - 1;

/** 6.4 → "6,4": how the message's reader writes numbers, without a thousands point that could confuse. */
const nl = (n: number) => String(n).replace('.', ',');

/** 1, 2, 3, 5, 7, 8, 9 → "1–3, 5, 7–9". */
function ranges(numbers: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    parts.push(j === i ? String(numbers[i]) : j === i + 1 ? `${numbers[i]}, ${numbers[j]}` : `${numbers[i]}–${numbers[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

export interface Plausibility {
  /** Findings for one record, or null (nearly always) when there are none. */
  row(record: unknown, rowNumber: number): Finding[] | null;
  /** Findings that span rows, once the whole file has been read. */
  finish(existing: ExistingScanPrinciples): Promise<(Finding & { row: number })[]>;
}

interface ScanGroup {
  schoolId: string;
  schoolYear: string;
  mask: number;
  row: number;
}

/**
 * Which principles each school-year scan in the file has. A group leaves memory as soon as it is
 * complete, so a file grouped by school (as exports are) holds one group at a time; a scattered
 * file at most one per school and year, both already validated against the database and window.
 */
class ScanCompleteness {
  private readonly open = new Map<string, ScanGroup>();
  private last: ScanGroup | null = null;

  add(s: ScanScore, row: number): void {
    let group = this.last;
    if (group === null || group.schoolId !== s.schoolId || group.schoolYear !== s.schoolYear) {
      const key = scanKey(s.schoolId, s.schoolYear);
      group = this.open.get(key) ?? null;
      if (group === null) {
        group = { schoolId: s.schoolId, schoolYear: s.schoolYear, mask: 0, row };
        this.open.set(key, group);
      }
      this.last = group;
    }
    group.mask |= 1 << (s.principleId - 1);
    // Another row of a complete group can only be a duplicate key, which is refused before this.
    if (group.mask === ALL_PRINCIPLES) this.open.delete(scanKey(s.schoolId, s.schoolYear));
  }

  /**
   * Partial scans rule: a file may hold only some principles of a school year when the database
   * already holds the others (a correction); after the import every scan is complete.
   */
  async incomplete(existing: ExistingScanPrinciples): Promise<(Finding & { row: number })[]> {
    if (this.open.size === 0) return [];
    const groups = [...this.open.values()];
    const inDatabase = await existing(groups);
    const findings: (Finding & { row: number })[] = [];
    for (const g of groups) {
      const mask = g.mask | (inDatabase.get(scanKey(g.schoolId, g.schoolYear)) ?? 0);
      if (mask === ALL_PRINCIPLES) continue;
      const missing = Array.from({ length: PRINCIPLE_COUNT }, (_, i) => i + 1).filter((p) => (mask & (1 << (p - 1))) === 0);
      const verb = missing.length === 1 ? 'ontbreekt' : 'ontbreken';
      findings.push({
        row: g.row,
        column: 'principe',
        message: `onvolledige scan: voor dit schooljaar ${verb} principe ${ranges(missing)} (een scan heeft een score voor alle ${PRINCIPLE_COUNT} principes)`,
      });
    }
    return findings.sort((a, b) => a.row - b.row);
  }
}

/** A finding when the school year lies outside the window; remembers the last answer (rows repeat years). */
function schoolYearCheck(window: SchoolYearWindow): (year: string) => Finding | null {
  let lastYear = '';
  let lastFinding: Finding | null = null;
  const range = `${schoolYearFromStart(window.first)} t/m ${schoolYearFromStart(window.last)}`;
  return (year) => {
    if (year === lastYear) return lastFinding;
    const start = schoolYearStart(year);
    lastYear = year;
    lastFinding = start >= window.first && start <= window.last
      ? null
      : { column: 'schooljaar', message: `schooljaar ${year} ligt buiten ${range}, de schooljaren die deze database aanneemt; controleer het jaar` };
    return lastFinding;
  };
}

export function createPlausibility(kind: ImportKind, window: SchoolYearWindow): Plausibility {
  const yearCheck = schoolYearCheck(window);
  const none: Plausibility['finish'] = async () => [];
  if (kind === 'schools' || kind === 'districts' || kind === 'areas' || kind === 'postcodes') return { row: () => null, finish: none };
  if (kind === 'scans') {
    const completeness = new ScanCompleteness();
    return {
      row(record, rowNumber) {
        const s = record as ScanScore;
        const year = yearCheck(s.schoolYear);
        if (year !== null) return [year];
        completeness.add(s, rowNumber);
        return null;
      },
      finish: (existing) => completeness.incomplete(existing),
    };
  }
  const checks: ((record: never) => Finding | null)[] = [];
  if (kind === 'implementation') checks.push(...implementationChecks(window));
  if (kind === 'capacity') checks.push(...capacityChecks);
  if (kind === 'outcomes') checks.push(...outcomeChecks);
  return {
    row(record) {
      const r = record as { schoolYear: string };
      const year = yearCheck(r.schoolYear);
      let findings: Finding[] | null = year === null ? null : [year];
      for (const check of checks) {
        const finding = check(record as never);
        if (finding !== null) (findings ??= []).push(finding);
      }
      return findings;
    },
    finish: none,
  };
}

function implementationChecks(window: SchoolYearWindow): ((r: ImplementationRecord) => Finding | null)[] {
  return [
    (r) => {
      if (r.ggdSupportHours > HOURS_PER_FTE_YEAR) {
        return { column: 'ggd_uren', message: `${nl(r.ggdSupportHours)} uur voor één school in één schooljaar is meer dan een voltijds jaar (${HOURS_PER_FTE_YEAR} uur); controleer de waarde` };
      }
      if (r.ggdSupportHours > UNUSUAL_SCHOOL_HOURS) {
        return { column: 'ggd_uren', warning: true, message: `${nl(r.ggdSupportHours)} uur GGD-ondersteuning voor één school in één schooljaar is ongebruikelijk veel (het ondersteuningsaanbod is ongeveer 10 uur); controleer de waarde` };
      }
      return null;
    },
    (r) => {
      const year = schoolYearStart(r.schoolYear);
      for (const cert of r.certificates) {
        const awarded = schoolYearStart(cert.awardedYear);
        if (awarded < window.first - CERTIFICATE_YEARS) {
          return { column: 'themacertificaten', message: `certificaat ${cert.theme} uit ${cert.awardedYear} ligt ver buiten de schooljaren van deze database; controleer het jaar` };
        }
        if (awarded <= year - CERTIFICATE_YEARS) {
          return { column: 'themacertificaten', warning: true, message: `certificaat ${cert.theme} uit ${cert.awardedYear} is in ${r.schoolYear} verlopen (een certificaat geldt ${CERTIFICATE_YEARS} schooljaren); hoort het in deze lijst?` };
        }
      }
      return null;
    },
  ];
}

const capacityChecks: ((r: Capacity) => Finding | null)[] = [
  (r) =>
    r.hoursForSchools > r.advisorFte * HOURS_PER_FTE_YEAR
      ? { column: 'uren_voor_scholen', message: `${nl(r.hoursForSchools)} uur is meer dan ${nl(r.advisorFte)} fte in een voltijds jaar kan werken (${HOURS_PER_FTE_YEAR} uur per fte); controleer fte en uren` }
      : null,
  (r) =>
    r.advisorFte > UNUSUAL_REGION_FTE
      ? { column: 'adviseur_fte', warning: true, message: `${nl(r.advisorFte)} fte Gezonde School-adviseurs in één regio is ongebruikelijk veel (de grootste regio's hebben er ongeveer 10); is dit fte en niet uren of personen?` }
      : null,
];

const outcomeChecks: ((r: Outcome) => Finding | null)[] = [
  (r) =>
    r.respondents === 0
      ? { column: 'respondenten', message: '0 respondenten: een percentage over niemand bestaat niet; vul het aantal in of laat de rij weg' }
      : null,
  (r) => {
    // With n respondents only k/n × 100 % can occur; rounding to whole percents is allowed.
    const n = r.respondents;
    if (n === 0 || n >= 100) return null;
    const k = Math.round((r.valuePct * n) / 100);
    if (Math.abs((100 * k) / n - r.valuePct) <= 0.5 + 1e-9) return null;
    return {
      column: 'percentage',
      warning: true,
      message: `${nl(r.valuePct)}% van ${n} ${n === 1 ? 'respondent' : 'respondenten'} is geen geheel aantal leerlingen; controleer percentage en respondenten (een gewogen percentage kan wel)`,
    };
  },
];
