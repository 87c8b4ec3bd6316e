// Information functions read the session facts in the context; LAST_INSERT_ID(expr) sets them.
import { describe, expect, it } from 'vitest';
import { T } from '../../../sql/types/column-type.js';
import { bindFunction, lookupFunction, registeredFunctionNames } from '../../../sql/expr/index.js';
import { SqlError } from '../../../sql/errors.js';
import { ctxOf, run } from './helpers.js';

describe('information functions', () => {
  const ctx = ctxOf({ currentDatabase: 'shop', user: 'app@10.0.0.1', currentUser: 'app@%', connectionId: 42n, lastInsertId: 7n, rowCount: 3n, foundRows: 12n, version: '8.0.11-Strata-test' });
  it.each([
    ['database', 'shop'],
    ['schema', 'shop'],
    ['user', 'app@10.0.0.1'],
    ['session_user', 'app@10.0.0.1'],
    ['system_user', 'app@10.0.0.1'],
    ['current_user', 'app@%'],
    ['connection_id', '42'],
    ['last_insert_id', '7'],
    ['row_count', '3'],
    ['found_rows', '12'],
    ['version', '8.0.11-Strata-test'],
  ])('%s() = %s', (fn, out) => {
    expect(run(fn, [], { ctx }).out).toBe(out);
  });

  it('DATABASE() is NULL with no database selected', () => {
    expect(run('database', []).out).toBe('NULL');
  });

  it('LAST_INSERT_ID(expr) returns expr and remembers it', () => {
    const c = ctxOf();
    expect(run('last_insert_id', [42n], { ctx: c }).out).toBe('42');
    expect(run('last_insert_id', [], { ctx: c }).out).toBe('42');
    expect(bindFunction('last_insert_id', []).returnType).toMatchObject({ kind: 'bigint', unsigned: true });
  });

  it('reports CHARSET and COLLATION of an expression', () => {
    expect(run('collation', ['a'], { types: [T.varchar(1, { collation: 'utf8mb4_general_ci' })] }).out).toBe('utf8mb4_general_ci');
    expect(run('charset', [1n]).out).toBe('binary');
  });
});

describe('the registry', () => {
  it('finds functions case-insensitively, with aliases', () => {
    expect(lookupFunction('UCASE')?.name).toBe('upper');
    expect(lookupFunction('Now')?.name).toBe('now');
    expect(registeredFunctionNames()).toContain('date_format');
  });

  it('reports unknown functions as 1305 and wrong arity as 1582', () => {
    const err = (f: () => unknown): string => {
      try {
        f();
        return 'no error';
      } catch (e: unknown) {
        return e instanceof SqlError ? `${e.mysqlErrno} ${e.sqlState} ${e.message}` : String(e);
      }
    };
    expect(err(() => bindFunction('nosuchfn', [], {}, 'test'))).toBe('1305 42000 FUNCTION test.nosuchfn does not exist');
    expect(err(() => bindFunction('SUBSTRING', [T.varchar(1)]))).toBe("1582 42000 Incorrect parameter count in the call to native function 'substring'");
  });
});
