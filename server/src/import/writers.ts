/**
 * Upserts by natural key, per dialect. SQLite uses raw prepared statements on a connection that
 * is already inside the import's transaction; PostgreSQL uses batched Kysely inserts inside a
 * Kysely transaction. Both leave a row untouched when nothing in it changes, which is what makes
 * a repeated import a no-op and lets us count inserted / updated / unchanged.
 *
 * For undo, every row written carries the run's id (import_run_id) and, in the same transaction,
 * the previous values of every row that is updated go to import_change. Inserts record nothing
 * more: a row carrying the run's id without a change record was inserted by that run.
 */
import type SQLite from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Capacity, District, DistrictArea, ImplementationRecord, ImportKind, Outcome, PartnerAgreement, PostcodeDistrict, ScanScore, School } from '@rd/shared';

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

/** The table a kind writes, its data columns and natural key (for undo). */
export interface ImportTable {
  table: string;
  columns: readonly string[];
  key: readonly string[];
}

export const RUN_COLUMN = 'import_run_id';

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
    columns: ['school_id', 'school_year', 'phase', 'has_kartrekker', 'team_enthusiasm', 'parent_support', 'leadership_commitment', 'school_support', 'recognised_interventions', 'ggd_support_hours', 'ggd_contacts'],
    key: ['school_id', 'school_year'],
    values: (r: ImplementationRecord) => [r.schoolId, r.schoolYear, r.phase, bool(r.hasKartrekker), r.teamEnthusiasm, r.parentSupport, r.leadershipCommitment ?? null, r.schoolSupport ?? null, r.recognisedInterventions, r.ggdSupportHours, r.ggdContacts],
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
  districts: {
    table: 'district',
    columns: ['code', 'name', 'municipality_code', 'boundary'],
    key: ['code'],
    values: (d: District) => [d.code, d.name, d.municipalityCode, d.boundary],
  },
  areas: {
    table: 'district_area',
    columns: ['area_code', 'district_code', 'area_name', 'municipality_code'],
    key: ['area_code', 'district_code'],
    values: (a: DistrictArea) => [a.areaCode, a.districtCode, a.areaName, a.municipalityCode],
  },
  postcodes: {
    table: 'postcode_district',
    columns: ['postcode', 'district_code'],
    key: ['postcode'],
    values: (p: PostcodeDistrict) => [p.postcode, p.districtCode],
  },
} satisfies { [K in ImportKind]: TableMap<never> | TableMap<any> };

export function importTable(kind: ImportKind): ImportTable {
  const { table, columns, key } = TABLES[kind] as TableMap<unknown>;
  return { table, columns, key };
}

/**
 * Table and column names come from the constant map above, never from user input. The run id is
 * written with every change but is no part of the comparison: a row the file repeats unchanged
 * keeps the run that last changed it.
 */
function upsertSql(map: TableMap<unknown>, opts: { onlyWhenChanged: boolean }): string {
  const nonKey = map.columns.filter((c) => !map.key.includes(c));
  const columns = [...map.columns, RUN_COLUMN];
  return `INSERT INTO ${map.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
    ON CONFLICT (${map.key.join(', ')}) DO UPDATE SET ${[...nonKey, RUN_COLUMN].map((c) => `${c} = excluded.${c}`).join(', ')}` +
    (opts.onlyWhenChanged ? ` WHERE ${nonKey.map((c) => `${map.table}.${c} IS NOT excluded.${c}`).join(' OR ')}` : '');
}

/**
 * Records the old row of every update the upsert makes. A temporary trigger fires only for rows
 * whose values really change (the upsert's WHERE skips the rest), so the insert path of a large
 * import costs nothing extra. It lives on the import's connection inside its transaction: a
 * rollback removes it, finish() drops it before the commit.
 */
function changeTriggerSql(map: TableMap<unknown>): { create: string; drop: string } {
  const name = `import_change_${map.table}`;
  const old = (c: string) => `OLD.${c}`;
  return {
    create: `CREATE TEMP TRIGGER ${name} AFTER UPDATE ON main.${map.table} BEGIN
      INSERT INTO main.import_change (run_id, table_name, row_key, previous, previous_run_id)
      VALUES (NEW.${RUN_COLUMN}, '${map.table}', json_array(${map.key.map(old).join(', ')}),
        json_object(${map.columns.map((c) => `'${c}', OLD.${c}`).join(', ')}), OLD.${RUN_COLUMN});
    END`,
    drop: `DROP TRIGGER IF EXISTS temp.${name}`,
  };
}

const INSERT_CHANGE_SQL = 'INSERT INTO import_change (run_id, table_name, row_key, previous, previous_run_id) VALUES (?, ?, ?, ?, ?)';

function sortedCertificates(certs: readonly { theme: string; awardedYear: string }[]): string {
  return certs.map((c) => `${c.theme}:${c.awardedYear}`).sort().join('|');
}

export function createSqliteWriter(conn: SQLite.Database, kind: ImportKind, runId: number): ImportWriter<any> {
  const map = TABLES[kind] as TableMap<unknown>;
  // An implementation record whose certificates alone change is still this run's row.
  if (kind === 'implementation') return sqliteImplementationWriter(conn, conn.prepare(upsertSql(map, { onlyWhenChanged: false })), runId);
  const upsert = conn.prepare(upsertSql(map, { onlyWhenChanged: true }));
  const trigger = changeTriggerSql(map);
  conn.exec(trigger.drop);
  // Into an empty table every row is an insert (a key repeated in the file is refused before it is
  // written), so the trigger, which costs some 10 % of an upsert even when it does not fire, can go.
  if (conn.prepare(`SELECT EXISTS (SELECT 1 FROM ${map.table})`).pluck().get() === 1) conn.exec(trigger.create);
  const count = conn.prepare(`SELECT count(*) FROM ${map.table}`).pluck();
  // Rows inserted = growth of the table; every other change counted by SQLite is an update.
  const before = count.get() as number;
  let rows = 0;
  let changed = 0;
  return {
    write(record) {
      const values = map.values(record);
      values.push(runId);
      changed += upsert.run(values).changes;
      rows++;
    },
    async finish() {
      conn.exec(trigger.drop);
      const inserted = (count.get() as number) - before;
      return { inserted, updated: changed - inserted, unchanged: rows - changed };
    },
  };
}

function sqliteImplementationWriter(conn: SQLite.Database, upsert: SQLite.Statement, runId: number): ImportWriter<ImplementationRecord> {
  const map = TABLES.implementation;
  const selectRecord = conn.prepare(`SELECT ${map.columns.join(', ')}, ${RUN_COLUMN} FROM implementation_record WHERE school_id = ? AND school_year = ?`).raw();
  const insertChange = conn.prepare(INSERT_CHANGE_SQL);
  const selectCerts = conn.prepare('SELECT theme, awarded_year AS awardedYear FROM certificate WHERE school_id = ? AND school_year = ?');
  const deleteCerts = conn.prepare('DELETE FROM certificate WHERE school_id = ? AND school_year = ?');
  const insertCert = conn.prepare('INSERT INTO certificate (school_id, school_year, theme, awarded_year) VALUES (?, ?, ?, ?)');
  const counts: WriteCounts = { inserted: 0, updated: 0, unchanged: 0 };
  return {
    write(r) {
      const values = map.values(r);
      const existing = selectRecord.get(r.schoolId, r.schoolYear) as SqlValue[] | undefined;
      if (existing) {
        const previousRun = existing.pop() as number | null;
        const oldCerts = selectCerts.all(r.schoolId, r.schoolYear) as { theme: string; awardedYear: string }[];
        if (existing.every((v, i) => v === values[i]) && sortedCertificates(oldCerts) === sortedCertificates(r.certificates)) {
          counts.unchanged++;
          return;
        }
        counts.updated++;
        insertChange.run(runId, map.table, JSON.stringify([r.schoolId, r.schoolYear]), previousImplementation(map.columns, existing, oldCerts), previousRun);
      } else {
        counts.inserted++;
      }
      upsert.run([...values, runId]);
      // The file states the complete set of certificates held that year.
      deleteCerts.run(r.schoolId, r.schoolYear);
      for (const c of r.certificates) insertCert.run(r.schoolId, r.schoolYear, c.theme, c.awardedYear);
    },
    async finish() {
      return counts;
    },
  };
}

/** An implementation record's previous values include the certificates it replaces. */
function previousImplementation(columns: readonly string[], values: readonly unknown[], certificates: readonly { theme: string; awardedYear: string }[]): string {
  return JSON.stringify({ ...Object.fromEntries(columns.map((c, i) => [c, values[i]])), certificates: certificates.map((c) => ({ theme: c.theme, awardedYear: c.awardedYear })) });
}

const PG_BATCH = 1000;

export function createPostgresWriter(trx: Transaction<any> | Kysely<any>, kind: ImportKind, runId: number): ImportWriter<any> {
  const map = TABLES[kind] as TableMap<unknown>;
  const nonKey = map.columns.filter((c) => !map.key.includes(c));
  const counts: WriteCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const toObject = (values: SqlValue[]): Record<string, SqlValue> => ({ ...Object.fromEntries(map.columns.map((c, i) => [c, values[i] ?? null])), [RUN_COLUMN]: runId });

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
          await trx.insertInto('import_change').values({
            run_id: runId, table_name: map.table, row_key: JSON.stringify([r.schoolId, r.schoolYear]),
            previous: previousImplementation(map.columns, map.columns.map((c) => existing[c]), oldCerts), previous_run_id: existing[RUN_COLUMN] ?? null,
          }).execute();
        } else {
          counts.inserted++;
        }
        await trx.insertInto('implementation_record').values(toObject(values))
          .onConflict((oc) => oc.columns(['school_id', 'school_year']).doUpdateSet(Object.fromEntries([...nonKey, RUN_COLUMN].map((c) => [c, sql.ref(`excluded.${c}`)]))))
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
    const q = trx as Kysely<any>;
    const old = (c: string) => sql.ref(`old.${c}`);
    // One statement: the upsert, and the previous values of the rows it updated into import_change.
    // Every part of a statement sees the table as it was before it, so `old` is the row before the
    // update. xmax = 0 marks a freshly inserted tuple; rows skipped by the WHERE are not returned.
    const [summary] = await q
      .with('up', (db) => db.insertInto(map.table).values(rows)
        .onConflict((oc) => oc.columns(map.key as string[])
          .doUpdateSet(Object.fromEntries([...nonKey, RUN_COLUMN].map((c) => [c, sql.ref(`excluded.${c}`)])))
          .where(sql<boolean>`(${sql.join(nonKey.map((c) => sql.ref(`${map.table}.${c}`)))}) is distinct from (${sql.join(nonKey.map((c) => sql.ref(`excluded.${c}`)))})`))
        .returning([...map.key.map((k) => sql.ref(k).as(k)), sql<boolean>`(xmax = 0)`.as('inserted')]))
      .with('changed', (db) => db.insertInto('import_change')
        .columns(['run_id', 'table_name', 'row_key', 'previous', 'previous_run_id'])
        .expression(db.selectFrom('up')
          .innerJoin(`${map.table} as old`, (join) => map.key.reduce((j, k) => j.onRef(`old.${k}`, '=', `up.${k}`), join))
          .where(sql<boolean>`not up.inserted`)
          .select([
            sql`${runId}::integer`.as('run_id'),
            sql`${map.table}::text`.as('table_name'),
            sql`json_build_array(${sql.join(map.key.map(old))})::text`.as('row_key'),
            sql`json_build_object(${sql.join(map.columns.map((c) => sql`${sql.lit(c)}, ${old(c)}`))})::text`.as('previous'),
            old(RUN_COLUMN).as('previous_run_id'),
          ])))
      .selectFrom('up')
      .select([sql<number>`count(*) filter (where inserted)`.as('inserted'), sql<number>`count(*)`.as('changed')])
      .execute();
    const inserted = Number(summary!.inserted);
    const changed = Number(summary!.changed);
    counts.inserted += inserted;
    counts.updated += changed - inserted;
    counts.unchanged += rows.length - changed;
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
