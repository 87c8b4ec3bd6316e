// SAVEPOINT, ROLLBACK TO SAVEPOINT and RELEASE SAVEPOINT, parsed by hand (node-sql-parser does
// not know them). ORMs use them for nested transactions and mysqldump --single-transaction
// between tables; the session maps them onto kv/client's transaction savepoints.
import type { ReleaseSavepoint, RollbackToSavepoint, SavepointStatement } from './ast.js';
import type { Cursor } from './hand-parsers.js';

/** SAVEPOINT name */
export function parseSavepoint(c: Cursor): SavepointStatement {
  c.pos = 0;
  c.expect('SAVEPOINT');
  const name = c.name();
  c.done();
  return { kind: 'Savepoint', name };
}

/** ROLLBACK [WORK] TO [SAVEPOINT] name */
export function parseRollbackToSavepoint(c: Cursor): RollbackToSavepoint {
  c.pos = 0;
  c.expect('ROLLBACK');
  c.accept('WORK');
  c.expect('TO');
  c.accept('SAVEPOINT');
  const name = c.name();
  c.done();
  return { kind: 'RollbackToSavepoint', name };
}

/** RELEASE SAVEPOINT name */
export function parseReleaseSavepoint(c: Cursor): ReleaseSavepoint {
  c.pos = 0;
  c.expect('RELEASE', 'SAVEPOINT');
  const name = c.name();
  c.done();
  return { kind: 'ReleaseSavepoint', name };
}
