// Column defaults: the DEFAULT clause is kept as the text MySQL shows and read back as the value
// INSERT fills in; ADD COLUMN freezes CURRENT_TIMESTAMP and invents MySQL's implicit default for
// NOT NULL columns without one, so rows written before the column read a stable value.
import { describe, expect, it } from 'vitest';
import { buildColumnDefault, defaultValue, freezeDefault, originDefaultValue } from '../../../sql/ddl/column-default.js';
import { parseOne, type CreateTable } from '../../../sql/parser/index.js';
import { valueToString, type SqlType } from '../../../sql/types/index.js';
import type { ColumnInfo } from '../../../sql/catalog/index.js';

function column(def: string): { type: SqlType; d: ReturnType<typeof buildColumnDefault> } {
  const stmt = parseOne(`CREATE TABLE t (c ${def})`) as CreateTable;
  const c = stmt.columns[0];
  if (!c) throw new Error('no column');
  const type = c.notNull ? { ...c.type, nullable: false } : c.type;
  return { type, d: buildColumnDefault({ column: 'c', type, default: c.default, autoIncrement: c.autoIncrement }) };
}

describe('column defaults', () => {
  const cases: [string, string, string | null][] = [
    ["INT DEFAULT '42'", "literal '42'", '42'],
    ['INT DEFAULT -7', "literal '-7'", '-7'],
    ['DECIMAL(6,3) DEFAULT 1.5', "literal '1.500'", '1.500'],
    ['DOUBLE DEFAULT 1e3', "literal '1000'", '1000'],
    ["VARCHAR(5) DEFAULT 'abc'", "literal 'abc'", 'abc'],
    ["DATE DEFAULT '2024-02-29'", "literal '2024-02-29'", '2024-02-29'],
    ["DATETIME DEFAULT '2024-01-02 03:04:05'", "literal '2024-01-02 03:04:05'", '2024-01-02 03:04:05'],
    ["ENUM('a','b') DEFAULT 'b'", "literal 'b'", 'b'],
    ["ENUM('a','b') DEFAULT 'c'", 'error', null],
    ["BIT(4) DEFAULT b'1010'", "literal 'b'1010''", '10'],
    ['TINYINT DEFAULT TRUE', "literal '1'", '1'],
    ['INT', 'null', null],
    ['INT NOT NULL', 'none', null],
    ['INT DEFAULT NULL', 'null', null],
  ];
  it.each(cases)('%s is kept as %s and reads back as %s', (def, kept, value) => {
    if (kept === 'error') {
      expect(() => column(def)).toThrow("Invalid default value for 'c'");
      return;
    }
    const { type, d } = column(def);
    expect(d.kind === 'literal' ? `literal '${d.text}'` : d.kind).toBe(kept);
    expect(valueToString(defaultValue(d, type), type)).toBe(value);
  });

  it('CURRENT_TIMESTAMP reads as the time of the insert, in the session zone', () => {
    const { type, d } = column('DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3)');
    expect(d).toEqual({ kind: 'current-timestamp', fsp: 3 });
    const at = BigInt(Date.UTC(2024, 0, 2, 3, 4, 5, 678)) * 1000n;
    expect(valueToString(defaultValue(d, type, at, 'UTC'), type)).toBe('2024-01-02 03:04:05.678');
    expect(valueToString(defaultValue(d, type, at, '+02:00'), type)).toBe('2024-01-02 05:04:05.678');
  });

  it('ADD COLUMN freezes CURRENT_TIMESTAMP and gives NOT NULL columns the implicit default', () => {
    const at = BigInt(Date.UTC(2024, 5, 1, 12, 0, 0)) * 1000n;
    const ts = column('TIMESTAMP DEFAULT CURRENT_TIMESTAMP');
    expect(freezeDefault(ts.d, ts.type, at)).toEqual({ kind: 'literal', text: '2024-06-01 12:00:00' });
    const implicit: [string, string | null][] = [
      ['INT NOT NULL', '0'],
      ['VARCHAR(3) NOT NULL', ''],
      ["ENUM('x','y') NOT NULL", 'x'],
      ['DECIMAL(5,2) NOT NULL', '0.00'],
      ['DATE NOT NULL', '0000-00-00'],
      ['INT', null],
    ];
    for (const [def, want] of implicit) {
      const { type, d } = column(def);
      const col: ColumnInfo = { id: 1, name: 'c', type, default: d, originDefault: freezeDefault(d, type, at), autoIncrement: false, onUpdateNow: false, comment: '', state: 'public' };
      expect(valueToString(originDefaultValue(col), type)).toBe(want);
    }
  });

  it('refuses expression defaults with 1235', () => {
    expect(() => column('INT DEFAULT (1 + 2)')).toThrow(expect.objectContaining({ mysqlErrno: 1235 }) as Error);
  });
});
