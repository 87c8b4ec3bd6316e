// What rows older than a column read it as: the literal default converted to the column type,
// NULL, or MySQL's implicit default of a NOT NULL column.
import { describe, expect, it } from 'vitest';
import type { ColumnDefault, ColumnInfo } from '../../../sql/catalog/index.js';
import { implicitDefault, originDefault } from '../../../sql/table/index.js';
import { T, type SqlType, type Value } from '../../../sql/types/index.js';

const col = (type: SqlType, d: ColumnDefault): ColumnInfo => ({ id: 1, name: 'c', type, default: d, autoIncrement: false, onUpdateNow: false, comment: '', state: 'public' });

function show(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `x'${Buffer.from(v).toString('hex')}'`;
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

const nn = { nullable: false };

describe('originDefault', () => {
  const cases: [string, SqlType, ColumnDefault, string][] = [
    ['literal int', T.int(), { kind: 'literal', text: '42' }, '42n'],
    ['literal decimal gets the column scale', T.decimal(6, 3), { kind: 'literal', text: '1.5' }, '1.500'],
    ['literal string', T.varchar(5), { kind: 'literal', text: 'abc' }, "'abc'"],
    ['literal datetime', T.datetime(), { kind: 'literal', text: '2024-05-06 07:08:09' }, '2024-05-06 07:08:09'],
    ['literal enum', T.enum(['a', 'b']), { kind: 'literal', text: 'b' }, "'b'"],
    ['DEFAULT NULL', T.int(nn), { kind: 'null' }, 'NULL'],
    ['no default, nullable', T.int(), { kind: 'none' }, 'NULL'],
    ['no default, NOT NULL int', T.int(nn), { kind: 'none' }, '0n'],
    ['no default, NOT NULL varchar', T.varchar(3, nn), { kind: 'none' }, "''"],
    ['no default, NOT NULL binary(2)', T.binary(2, nn), { kind: 'none' }, "x'0000'"],
    ['no default, NOT NULL date', T.date(nn), { kind: 'none' }, '0000-00-00'],
    ['no default, NOT NULL time', T.time(0, nn), { kind: 'none' }, '00:00:00'],
    ['no default, NOT NULL enum: its first member', T.enum(['x', 'y'], nn), { kind: 'none' }, "'x'"],
    ['no default, NOT NULL json', T.json(nn), { kind: 'none' }, 'null'],
    ['CURRENT_TIMESTAMP: the zero value until the catalog records the ALTER time', T.timestamp(0, nn), { kind: 'current-timestamp', fsp: 0 }, '0000-00-00 00:00:00'],
  ];
  it.each(cases)('%s', (_name, type, d, want) => {
    expect(show(originDefault(col(type, d)))).toBe(want);
  });

  it('implicit defaults of numeric types are zero of their representation', () => {
    expect([T.double(), T.bit(3), T.year(), T.decimal(4, 1)].map((t) => show(implicitDefault(t)))).toEqual(['0', '0n', '0n', '0.0']);
  });
});
