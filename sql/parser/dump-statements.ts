// The statements mysqldump wraps around each table of a dump, parsed by hand (node-sql-parser
// knows none of them): LOCK TABLES, UNLOCK TABLES and ALTER TABLE … DISABLE | ENABLE KEYS. The
// session accepts them without effect (no table locks, as TiDB without enable-table-lock; index
// maintenance cannot be paused, as on InnoDB) — see docs/architecture.md — so what matters here
// is accepting every form MySQL does.
import type { AlterTableKeys, LockedTable, LockTables, UnlockTables } from './ast.js';
import type { Cursor } from './hand-parsers.js';

/** LOCK {TABLE | TABLES} t [[AS] alias] {READ [LOCAL] | [LOW_PRIORITY] WRITE} [, …] */
export function parseLockTables(c: Cursor): LockTables {
  c.pos = 1;
  if (!c.accept('TABLES')) c.expect('TABLE');
  const tables: LockedTable[] = [];
  do {
    const table = c.tableName();
    let alias: string | undefined;
    if (c.accept('AS')) alias = c.name();
    else if (!['READ', 'WRITE', 'LOW_PRIORITY'].includes(c.word())) alias = c.name();
    let mode: LockedTable['mode'];
    if (c.accept('READ')) mode = c.accept('LOCAL') ? 'read local' : 'read';
    else {
      c.accept('LOW_PRIORITY');
      c.expect('WRITE');
      mode = 'write';
    }
    tables.push({ table, ...(alias !== undefined ? { alias } : {}), mode });
  } while (c.acceptOp(','));
  c.done();
  return { kind: 'LockTables', tables };
}

/** UNLOCK {TABLE | TABLES} */
export function parseUnlockTables(c: Cursor): UnlockTables {
  c.pos = 1;
  if (!c.accept('TABLES')) c.expect('TABLE');
  c.done();
  return { kind: 'UnlockTables' };
}

/** Whether the statement is ALTER TABLE t {DISABLE | ENABLE} KEYS (and nothing else). */
export function isAlterTableKeys(c: Cursor): boolean {
  const n = c.tokens.length;
  const w = (i: number): string => {
    const t = c.tokens[i];
    return t && t.kind === 'ident' ? t.value.toUpperCase() : '';
  };
  return (n === 5 || n === 7) && w(0) === 'ALTER' && w(1) === 'TABLE' && (w(n - 2) === 'DISABLE' || w(n - 2) === 'ENABLE') && w(n - 1) === 'KEYS';
}

export function parseAlterTableKeys(c: Cursor): AlterTableKeys {
  c.pos = 2;
  const table = c.tableName();
  const enable = c.accept('ENABLE');
  if (!enable) c.expect('DISABLE');
  c.expect('KEYS');
  c.done();
  return { kind: 'AlterTableKeys', table, enable };
}
