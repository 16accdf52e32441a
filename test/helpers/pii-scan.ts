import prisma, { isSqlite } from "../../app/db.server";

export interface PiiHit {
  table: string;
  column: string;
  needle: string;
  rows: number;
}

/** Every text column of every table, read from the database's own catalog, so a new table is scanned without naming it. */
async function textColumns(): Promise<{ table: string; column: string }[]> {
  if (isSqlite) {
    const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
    const columns: { table: string; column: string }[] = [];
    for (const { name } of tables) {
      const info = await prisma.$queryRawUnsafe<{ name: string; type: string }[]>(`SELECT name, type FROM pragma_table_info('${name.replace(/'/g, "''")}')`);
      for (const c of info) if (/TEXT|CHAR|CLOB|JSON/i.test(c.type)) columns.push({ table: name, column: c.name });
    }
    return columns;
  }
  return prisma.$queryRawUnsafe<{ table: string; column: string }[]>(
    `SELECT table_name::text AS "table", column_name::text AS "column" FROM information_schema.columns
     WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')`,
  );
}

/** Where any of these strings occurs (case-insensitively) in any text column of the database. */
export async function scanTextColumns(needles: string[]): Promise<PiiHit[]> {
  const hits: PiiHit[] = [];
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const op = isSqlite ? "LIKE" : "ILIKE";
  const matches = (table: string, column: string, n: number) => {
    const cast = isSqlite ? q(column) : `${q(column)}::text`;
    const where = Array.from({ length: n }, (_, i) => `${cast} ${op} ${isSqlite ? "?" : `$${i + 1}`}`).join(" OR ");
    return `SELECT COUNT(*) AS n FROM ${q(table)} WHERE ${where}`;
  };
  const count = async (statement: string, values: string[]) =>
    Number((await prisma.$queryRawUnsafe<{ n: number | bigint }[]>(statement, ...values.map((v) => `%${v}%`)))[0].n);
  for (const { table, column } of await textColumns()) {
    // One query per column; only a column with a hit is asked needle by needle.
    if (!(await count(matches(table, column, needles.length), needles))) continue;
    for (const needle of needles) {
      const rows = await count(matches(table, column, 1), [needle]);
      if (rows) hits.push({ table, column, needle, rows });
    }
  }
  return hits;
}
