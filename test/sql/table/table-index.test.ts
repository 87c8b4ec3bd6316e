// One index as writers see it: prefix parts cut strings by characters (not UTF-16 units) and
// binary strings by bytes, the 1062 key name is `table.index`, and the schema state decides
// whether inserts write it and queries read it.
import { describe, expect, it } from 'vitest';
import type { SchemaState } from '../../../sql/catalog/index.js';
import { Table } from '../../../sql/table/index.js';
import { T, type Value } from '../../../sql/types/index.js';
import { tableInfo } from './fixtures.js';

const table = (state: SchemaState = 'public') =>
  new Table(
    tableInfo('t', [{ name: 's', type: T.varchar(20) }, { name: 'b', type: T.varbinary(20) }, { name: 'n', type: T.int() }], [
      { name: 'p', columns: ['s(2)', 'b(3)', 'n'], unique: true, state },
    ]),
  );

describe('TableIndex', () => {
  it('cuts prefix parts: characters for strings (emoji count once), bytes for binary; other values as they are', () => {
    const idx = table().tableIndex(1);
    const cases: [Value[], string][] = [
      [['😀😁😂', Uint8Array.of(1, 2, 3, 4), 7n], '😀😁|010203|7'],
      [['ab', Uint8Array.of(1), null], 'ab|01|NULL'],
      [['a😀c', Uint8Array.of(), 1n], 'a😀||1'],
      [[null, null, null], 'NULL|NULL|NULL'],
    ];
    for (const [row, want] of cases) {
      const got = idx.values(row).map((v) => (v === null ? 'NULL' : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : String(v)));
      expect(got.join('|')).toBe(want);
    }
    expect(idx.keyName).toBe('t.p');
    expect(idx.entryText(idx.values(['xyz', Uint8Array.of(0x41, 0x42, 0x43, 0x44), 5n]))).toBe('xy-ABC-5');
  });

  it.each([
    ['delete-only', false, false],
    ['write-only', true, false],
    ['write-reorg', true, false],
    ['public', true, true],
  ] as const)('%s: written by inserts %s, read by queries %s', (state, writable, readable) => {
    const t = table(state);
    const idx = t.tableIndex(1);
    expect([idx.writable, idx.readable]).toEqual([writable, readable]);
    expect(t.writableIndexes.length).toBe(writable ? 1 : 0);
    expect(t.publicIndexes.length).toBe(readable ? 1 : 0);
    expect(t.indexes.length).toBe(1); // deletes reach it in every state
  });

  it('a pkIsHandle PRIMARY KEY has no entries: it is the handle', () => {
    const t = new Table(tableInfo('h', [{ name: 'id', type: T.int({ nullable: false }) }], [{ name: 'PRIMARY', columns: ['id'], primary: true }], { pkIsHandle: true }));
    expect(t.indexes).toEqual([]);
    expect(t.handleOf([42n])).toBe(42n);
    expect(t.primaryKeyName).toBe('h.PRIMARY');
    expect(() => t.tableIndex(1)).toThrow(RangeError);
  });
});
