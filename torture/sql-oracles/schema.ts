// Random schemas and rows for the SQL oracles: a few tables of mixed column types (integers,
// unsigned, decimals, doubles, binary-collated and _ci strings, dates) whose values come from
// small pools, so NULLs, duplicates, ties and edge values (0, negatives, trailing spaces, case
// variants) are common. Each table also exists as `<name>_plain`: the same rows, no secondary
// index, so the same query can be read through indexes and through full scans.
import type { SeededRng } from '../../kv/raft/rng.js';

export type ValueKind = 'num' | 'str' | 'date';

export interface ColumnDef {
  readonly name: string;
  /** The SQL type as written in CREATE TABLE. */
  readonly sqlType: string;
  readonly kind: ValueKind;
  /** Literals rows draw from (SQL text; 'NULL' included). */
  readonly pool: readonly string[];
}

export interface TableDef {
  readonly name: string;
  readonly columns: readonly ColumnDef[];
  /** Secondary indexes (column lists) on the indexed copy. */
  readonly indexes: readonly (readonly string[])[];
  /** INSERT statements that fill both copies. */
  readonly rows: readonly string[];
}

const COLUMN_TYPES: readonly Omit<ColumnDef, 'name'>[] = [
  { sqlType: 'INT', kind: 'num', pool: ['NULL', '0', '1', '-1', '2', '3', '7', '-20', '2147483647'] },
  { sqlType: 'BIGINT', kind: 'num', pool: ['NULL', '0', '1', '5', '-5', '100', '-9223372036854775808', '9223372036854775807'] },
  { sqlType: 'BIGINT UNSIGNED', kind: 'num', pool: ['NULL', '0', '1', '3', '42', '18446744073709551615'] },
  { sqlType: 'TINYINT', kind: 'num', pool: ['NULL', '0', '1', '-128', '127', '9'] },
  { sqlType: 'DECIMAL(8,2)', kind: 'num', pool: ['NULL', '0', '1.5', '-2.25', '10', '0.01', '-999999.99', '3'] },
  { sqlType: 'DOUBLE', kind: 'num', pool: ['NULL', '0', '0.5', '-1.25', '1e10', '3', '-0.001'] },
  { sqlType: 'VARCHAR(8)', kind: 'str', pool: ['NULL', "''", "'a'", "'A'", "'ab'", "'b '", "'B'", "'10'", "'1'", "'z%'"] },
  { sqlType: 'VARCHAR(8) COLLATE utf8mb4_general_ci', kind: 'str', pool: ['NULL', "''", "'a'", "'A'", "'ab'", "'Ab '", "'b'", "'2'"] },
  { sqlType: 'CHAR(3)', kind: 'str', pool: ['NULL', "''", "'x'", "'X'", "'xy'", "'1'"] },
  { sqlType: 'DATE', kind: 'date', pool: ['NULL', "'2024-01-01'", "'2024-02-29'", "'1999-12-31'", "'2024-01-02'"] },
  { sqlType: 'DATETIME', kind: 'date', pool: ['NULL', "'2024-01-01 00:00:00'", "'2024-01-01 12:30:00'", "'2023-06-15 08:00:00'"] },
];

/** `count` tables t0, t1, … with 2–5 columns besides `id`, 0–30 rows each. */
export function randomSchema(rng: SeededRng, count = 2): TableDef[] {
  const tables: TableDef[] = [];
  for (let t = 0; t < count; t++) {
    const name = `t${t}`;
    const columns: ColumnDef[] = [];
    const n = 2 + rng.nextInt(4);
    for (let c = 0; c < n; c++) columns.push({ name: `c${c}`, ...rng.pick(COLUMN_TYPES) });
    const indexes: string[][] = [];
    for (const c of columns) if (rng.chance(0.5)) indexes.push(rng.chance(0.3) && columns.length > 1 ? [c.name, rng.pick(columns.filter((o) => o !== c)).name] : [c.name]);
    const rowCount = rng.chance(0.1) ? 0 : 1 + rng.nextInt(30);
    const values: string[] = [];
    for (let i = 1; i <= rowCount; i++) values.push(`(${i}, ${columns.map((c) => rng.pick(c.pool)).join(', ')})`);
    const rows = values.length ? [`INSERT INTO ${name} VALUES ${values.join(', ')}`] : [];
    tables.push({ name, columns, indexes, rows });
  }
  return tables;
}

/** CREATE + INSERT statements for the indexed table and its `_plain` copy. */
export function schemaStatements(tables: readonly TableDef[]): string[] {
  const out: string[] = [];
  for (const t of tables) {
    const cols = ['id INT PRIMARY KEY', ...t.columns.map((c) => `${c.name} ${c.sqlType}`)].join(', ');
    const keys = t.indexes.map((ix, i) => `, KEY k${i} (${ix.join(', ')})`).join('');
    out.push(`CREATE TABLE ${t.name} (${cols}${keys})`);
    out.push(`CREATE TABLE ${t.name}_plain (${cols})`);
    for (const r of t.rows) {
      out.push(r);
      out.push(r.replace(`INSERT INTO ${t.name} `, `INSERT INTO ${t.name}_plain `));
    }
  }
  return out;
}
