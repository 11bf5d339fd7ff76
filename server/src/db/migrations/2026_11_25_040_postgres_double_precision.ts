// Frozen in time: imports no application code.
// Kysely's 'real' is an 8-byte float on SQLite but a 4-byte float4 on PostgreSQL (≈7 digits:
// 12.3 support hours would read back as 12.300000190734863 and sums would differ between backends).
// On PostgreSQL every 'real' column that exists at this point becomes double precision; on SQLite
// nothing changes (REAL already is a double). New migrations use 'double precision' directly.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and data_type = 'real'
    order by table_name, ordinal_position`.execute(db);
  for (const { table_name, column_name } of rows) {
    await db.schema.alterTable(table_name).alterColumn(column_name, (c) => c.setDataType('double precision')).execute();
  }
}

export async function down(): Promise<void> {
  // Narrowing back to float4 would lose precision; there is nothing sensible to undo.
}
