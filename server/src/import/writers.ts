/**
 * Upserts by natural key, per dialect. SQLite uses raw prepared statements on a connection that
 * is already inside the import's transaction; PostgreSQL uses batched Kysely inserts inside a
 * Kysely transaction. Both leave a row untouched when nothing in it changes, which is what makes
 * a repeated import a no-op and lets us count inserted / updated / unchanged.
 */
import type SQLite from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Capacity, ImplementationRecord, ImportKind, Outcome, PartnerAgreement, ScanScore, School } from '@rd/shared';

export type SqlValue = string | number | null;

export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportWriter<R> {
  /** Returns a promise only when the write is really asynchronous (PostgreSQL batches). */
  write(record: R): void | Promise<void>;
  finish(): Promise<WriteCounts>;
}

interface TableMap<R> {
  table: string;
  columns: readonly string[];
  key: readonly string[];
  values(record: R): SqlValue[];
}

const bool = (b: boolean): number => (b ? 1 : 0);

const TABLES = {
  schools: {
    table: 'school',
    columns: ['id', 'sector', 'municipality_code', 'district_code', 'size_band', 'disadvantage_band', 'low_income_share', 'poverty_area_share'],
    key: ['id'],
    values: (s: School) => [s.id, s.sector, s.municipalityCode, s.districtCode, s.sizeBand, s.disadvantageBand, s.lowIncomeShare, s.povertyAreaShare],
  },
  scans: {
    table: 'scan_score',
    columns: ['school_id', 'school_year', 'principle_id', 'score'],
    key: ['school_id', 'school_year', 'principle_id'],
    values: (s: ScanScore) => [s.schoolId, s.schoolYear, s.principleId, s.score],
  },
  implementation: {
    table: 'implementation_record',
    columns: ['school_id', 'school_year', 'phase', 'has_kartrekker', 'team_enthusiasm', 'parent_support', 'recognised_interventions', 'ggd_support_hours', 'ggd_contacts'],
    key: ['school_id', 'school_year'],
    values: (r: ImplementationRecord) => [r.schoolId, r.schoolYear, r.phase, bool(r.hasKartrekker), r.teamEnthusiasm, r.parentSupport, r.recognisedInterventions, r.ggdSupportHours, r.ggdContacts],
  },
  capacity: {
    table: 'capacity',
    columns: ['region_code', 'school_year', 'advisor_fte', 'hours_for_schools'],
    key: ['region_code', 'school_year'],
    values: (c: Capacity) => [c.regionCode, c.schoolYear, c.advisorFte, c.hoursForSchools],
  },
  partners: {
    table: 'partner_agreement',
    columns: ['school_id', 'school_year', 'partner_type', 'has_agreement'],
    key: ['school_id', 'school_year', 'partner_type'],
    values: (p: PartnerAgreement) => [p.schoolId, p.schoolYear, p.partnerType, bool(p.hasAgreement)],
  },
  outcomes: {
    table: 'outcome',
    columns: ['school_id', 'school_year', 'indicator', 'value_pct', 'respondents'],
    key: ['school_id', 'school_year', 'indicator'],
    values: (o: Outcome) => [o.schoolId, o.schoolYear, o.indicator, o.valuePct, o.respondents],
  },
} satisfies { [K in ImportKind]: TableMap<never> | TableMap<any> };

/** Table and column names come from the constant map above, never from user input. */
function upsertSql(map: TableMap<unknown>): string {
  const nonKey = map.columns.filter((c) => !map.key.includes(c));
  return `INSERT INTO ${map.table} (${map.columns.join(', ')}) VALUES (${map.columns.map(() => '?').join(', ')})
    ON CONFLICT (${map.key.join(', ')}) DO UPDATE SET ${nonKey.map((c) => `${c} = excluded.${c}`).join(', ')}
    WHERE ${nonKey.map((c) => `${map.table}.${c} IS NOT excluded.${c}`).join(' OR ')}`;
}

function sortedCertificates(certs: readonly { theme: string; awardedYear: string }[]): string {
  return certs.map((c) => `${c.theme}:${c.awardedYear}`).sort().join('|');
}

export function createSqliteWriter(conn: SQLite.Database, kind: ImportKind): ImportWriter<any> {
  const map = TABLES[kind] as TableMap<unknown>;
  const upsert = conn.prepare(upsertSql(map));
  if (kind === 'implementation') return sqliteImplementationWriter(conn, upsert);
  const count = conn.prepare(`SELECT count(*) FROM ${map.table}`).pluck();
  // Rows inserted = growth of the table; every other change counted by SQLite is an update.
  const before = count.get() as number;
  let rows = 0;
  let changed = 0;
  return {
    write(record) {
      changed += upsert.run(map.values(record)).changes;
      rows++;
    },
    async finish() {
      const inserted = (count.get() as number) - before;
      return { inserted, updated: changed - inserted, unchanged: rows - changed };
    },
  };
}

function sqliteImplementationWriter(conn: SQLite.Database, upsert: SQLite.Statement): ImportWriter<ImplementationRecord> {
  const map = TABLES.implementation;
  const selectRecord = conn.prepare(`SELECT ${map.columns.join(', ')} FROM implementation_record WHERE school_id = ? AND school_year = ?`).raw();
  const selectCerts = conn.prepare('SELECT theme, awarded_year AS awardedYear FROM certificate WHERE school_id = ? AND school_year = ?');
  const deleteCerts = conn.prepare('DELETE FROM certificate WHERE school_id = ? AND school_year = ?');
  const insertCert = conn.prepare('INSERT INTO certificate (school_id, school_year, theme, awarded_year) VALUES (?, ?, ?, ?)');
  const counts: WriteCounts = { inserted: 0, updated: 0, unchanged: 0 };
  return {
    write(r) {
      const values = map.values(r);
      const existing = selectRecord.get(r.schoolId, r.schoolYear) as SqlValue[] | undefined;
      if (existing) {
        const oldCerts = selectCerts.all(r.schoolId, r.schoolYear) as { theme: string; awardedYear: string }[];
        if (existing.every((v, i) => v === values[i]) && sortedCertificates(oldCerts) === sortedCertificates(r.certificates)) {
          counts.unchanged++;
          return;
        }
        counts.updated++;
      } else {
        counts.inserted++;
      }
      upsert.run(values);
      // The file states the complete set of certificates held that year.
      deleteCerts.run(r.schoolId, r.schoolYear);
      for (const c of r.certificates) insertCert.run(r.schoolId, r.schoolYear, c.theme, c.awardedYear);
    },
    async finish() {
      return counts;
    },
  };
}

const PG_BATCH = 1000;

export function createPostgresWriter(trx: Transaction<any> | Kysely<any>, kind: ImportKind): ImportWriter<any> {
  const map = TABLES[kind] as TableMap<unknown>;
  const nonKey = map.columns.filter((c) => !map.key.includes(c));
  const counts: WriteCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const toObject = (values: SqlValue[]): Record<string, SqlValue> => Object.fromEntries(map.columns.map((c, i) => [c, values[i] ?? null]));

  if (kind === 'implementation') {
    return {
      async write(r: ImplementationRecord) {
        const values = TABLES.implementation.values(r);
        const existing = await trx.selectFrom('implementation_record').selectAll()
          .where('school_id', '=', r.schoolId).where('school_year', '=', r.schoolYear).executeTakeFirst();
        if (existing) {
          const oldCerts = await trx.selectFrom('certificate').select(['theme', 'awarded_year as awardedYear'])
            .where('school_id', '=', r.schoolId).where('school_year', '=', r.schoolYear).execute();
          const same = map.columns.every((c, i) => Number.isNaN(Number(values[i])) ? existing[c] === values[i] : Number(existing[c]) === Number(values[i]));
          if (same && sortedCertificates(oldCerts) === sortedCertificates(r.certificates)) {
            counts.unchanged++;
            return;
          }
          counts.updated++;
        } else {
          counts.inserted++;
        }
        await trx.insertInto('implementation_record').values(toObject(values))
          .onConflict((oc) => oc.columns(['school_id', 'school_year']).doUpdateSet(Object.fromEntries(nonKey.map((c) => [c, sql.ref(`excluded.${c}`)]))))
          .execute();
        await trx.deleteFrom('certificate').where('school_id', '=', r.schoolId).where('school_year', '=', r.schoolYear).execute();
        if (r.certificates.length > 0) {
          await trx.insertInto('certificate')
            .values(r.certificates.map((c) => ({ school_id: r.schoolId, school_year: r.schoolYear, theme: c.theme, awarded_year: c.awardedYear })))
            .execute();
        }
      },
      async finish() {
        return counts;
      },
    };
  }

  let batch: Record<string, SqlValue>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    // xmax = 0 marks a freshly inserted tuple; rows skipped by the WHERE are not returned at all.
    const returned = await trx.insertInto(map.table).values(rows)
      .onConflict((oc) => oc.columns(map.key as string[])
        .doUpdateSet(Object.fromEntries(nonKey.map((c) => [c, sql.ref(`excluded.${c}`)])))
        .where(sql<boolean>`(${sql.join(nonKey.map((c) => sql.ref(`${map.table}.${c}`)))}) is distinct from (${sql.join(nonKey.map((c) => sql.ref(`excluded.${c}`)))})`))
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .execute();
    const inserted = returned.filter((r) => r.inserted).length;
    counts.inserted += inserted;
    counts.updated += returned.length - inserted;
    counts.unchanged += rows.length - returned.length;
  };
  return {
    write(record) {
      batch.push(toObject(map.values(record)));
      return batch.length >= PG_BATCH ? flush() : undefined;
    },
    async finish() {
      await flush();
      return counts;
    },
  };
}
