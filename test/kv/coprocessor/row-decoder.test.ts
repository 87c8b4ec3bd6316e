// The store's own row decoder (kv/coprocessor/row-decoder.ts, kept apart from sql/codec by the
// layer rules) must read every row sql/codec writes exactly as sql/codec reads it back: random
// rows over every column type (signed and unsigned integers at their limits, decimals, floats,
// strings, binary, temporals with fractions, TIME, ENUM, SET), NULLs, columns a row does not hold
// (their default), and rows large enough for the 32-bit layout — written through MVCC into a real
// LevelDB and read by the endpoint as Arrow — and turned back into SQL values by sql/codec.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoprocessorEndpoint } from '../../../kv/coprocessor/index.js';
import { copType, type CopColumnInfo, type CopDatum, type CopTypeKind } from '../../../kv/cop-types.js';
import { toInternal } from '../../../kv/meta.js';
import { TxnStore } from '../../../kv/mvcc/index.js';
import { LevelDbEngine } from '../../../kv/storage/index.js';
import type { Mutation, TimeStamp } from '../../../kv/txn-types.js';
import { readCopAnswer } from '../../../kv/client/index.js';
import { copValueToSql, decodeRow, encodeRow, rowKey, rowRange } from '../../../sql/codec/index.js';
import { DateTime, Decimal, Duration, T, type SqlType, type Value } from '../../../sql/types/index.js';
import { suiteTempDir } from '../../helpers/temp-dir.js';
import { readArrow } from './helpers.js';

const TABLE = 300n;
const ROWS = 400;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const r = rng(42);
const pick = <X,>(xs: readonly X[]): X => xs[Math.floor(r() * xs.length)] as X;
const int = (lo: bigint, hi: bigint): bigint => (r() < 0.3 ? pick([lo, hi, 0n]) : lo + (BigInt(Math.floor(r() * 2 ** 40)) % (hi - lo + 1n)));

interface Col {
  readonly id: number;
  readonly type: SqlType;
  readonly gen: () => Value;
  /** The default a row without this column reads as. */
  readonly dflt: Value;
}

const ENUM = ['red', 'green', 'blue'];
const SET = ['a', 'b', 'c', 'd'];

const COLUMNS: Col[] = [
  { id: 2, type: T.tinyint(), gen: () => int(-128n, 127n), dflt: 7n },
  { id: 3, type: T.smallint({ unsigned: true }), gen: () => int(0n, 65535n), dflt: null },
  { id: 4, type: T.int(), gen: () => int(-(2n ** 31n), 2n ** 31n - 1n), dflt: null },
  { id: 5, type: T.bigint(), gen: () => int(-(2n ** 63n), 2n ** 63n - 1n), dflt: -5n },
  { id: 6, type: T.bigint({ unsigned: true }), gen: () => int(0n, 2n ** 64n - 1n), dflt: null },
  { id: 7, type: T.year(), gen: () => BigInt(1901 + Math.floor(r() * 254)), dflt: null },
  { id: 8, type: T.bit(12), gen: () => int(0n, 4095n), dflt: null },
  { id: 9, type: T.decimal(30, 6), gen: () => Decimal.of(int(-(10n ** 20n), 10n ** 20n), 6), dflt: Decimal.of(150n, 6) },
  { id: 10, type: T.decimal(5, 0), gen: () => Decimal.of(int(-99999n, 99999n), 0), dflt: null },
  { id: 11, type: T.double(), gen: () => pick([0, -0, 1.5, -1e308, 5e-324, r() * 1e6 - 5e5]), dflt: null },
  { id: 12, type: T.float(), gen: () => Math.fround(r() * 100), dflt: null },
  { id: 13, type: T.varchar(40), gen: () => pick(['', ' ', 'héllo', '日本語', 'a  ', 'x'.repeat(30)]), dflt: 'dflt' },
  { id: 14, type: T.text(), gen: () => 'y'.repeat(Math.floor(r() * 200)), dflt: null },
  { id: 15, type: T.varbinary(20), gen: () => Uint8Array.from({ length: Math.floor(r() * 10) }, () => Math.floor(r() * 256)), dflt: null },
  { id: 16, type: T.date(), gen: () => DateTime.of(1000 + Math.floor(r() * 8999), 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28), 0, 0, 0, 0, 'date', 0), dflt: null },
  {
    id: 17,
    type: T.datetime(6),
    gen: () => DateTime.of(2000 + Math.floor(r() * 99), 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28), Math.floor(r() * 24), Math.floor(r() * 60), Math.floor(r() * 60), Math.floor(r() * 1e6), 'datetime', 6),
    dflt: null,
  },
  { id: 18, type: T.time(3), gen: () => new Duration((Math.floor(r() * 2 * 838 * 3600 * 1000) - 838 * 3600 * 1000) * 1000, 3), dflt: null },
  { id: 19, type: T.enum(ENUM), gen: () => pick(ENUM), dflt: 'green' },
  { id: 20, type: T.set(SET), gen: () => SET.filter(() => r() < 0.5).join(','), dflt: null },
  // A column id above 255 forces the 32-bit (LARGE) row layout for the rows that hold it.
  { id: 300, type: T.int(), gen: () => int(-1000n, 1000n), dflt: null },
];

function copTypeOf(t: SqlType): ReturnType<typeof copType> {
  return copType(t.kind as CopTypeKind, {
    unsigned: 'unsigned' in t && t.unsigned === true && t.kind !== 'decimal',
    scale: t.kind === 'decimal' ? t.scale : 0,
    collation: 'collation' in t ? t.collation : '',
    elements: t.kind === 'enum' || t.kind === 'set' ? t.elements : [],
  });
}

function defaultDatum(v: Value): CopDatum {
  if (v === null) return null;
  if (v instanceof Decimal) return { coef: v.coef, scale: v.scale };
  if (typeof v === 'string') return Buffer.from(v);
  return v as bigint;
}

/** What the store's Arrow answer should hold for a SQL value of a column type. */
function expected(v: Value, t: SqlType): unknown {
  if (v === null) return null;
  if (v instanceof Decimal) {
    const s = t.kind === 'decimal' ? t.scale : 0;
    const coef = v.coef * 10n ** BigInt(s - v.scale);
    const neg = coef < 0n;
    const digits = (neg ? -coef : coef).toString().padStart(s + 1, '0');
    return `${neg ? '-' : ''}${s === 0 ? digits : `${digits.slice(0, -s)}.${digits.slice(-s)}`}`;
  }
  if (v instanceof DateTime) return v.packed();
  if (v instanceof Duration) return BigInt(v.micros);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (typeof v === 'number') return v;
  return v;
}

describe('the store decodes rows exactly as sql/codec does', () => {
  let engine: LevelDbEngine;
  let endpoint: CoprocessorEndpoint;
  const written: { handle: bigint; row: Buffer }[] = [];

  beforeAll(async () => {
    engine = await LevelDbEngine.open(suiteTempDir('strata-cop-rows-'));
    const store = new TxnStore(engine);
    const mutations: Mutation[] = [];
    for (let h = 1; h <= ROWS; h++) {
      // Each row holds a random subset of the columns, some of them NULL.
      const held = COLUMNS.filter(() => r() < 0.8);
      const row = encodeRow(held.map((c) => ({ id: c.id, type: c.type, value: r() < 0.1 ? null : c.gen() })));
      written.push({ handle: BigInt(h), row });
      mutations.push({ op: 'put', key: toInternal('txn', rowKey(TABLE, BigInt(h))), value: row });
    }
    const startTs = 10n as TimeStamp;
    await store.prewrite(mutations, { startTs, primary: (mutations[0] as Mutation).key, ttl: 3000 });
    await store.commit(
      mutations.map((m) => m.key),
      startTs,
      11n as TimeStamp,
    );
    endpoint = new CoprocessorEndpoint(engine);
  });

  afterAll(async () => {
    await engine?.close();
  });

  it('every column of every row, NULLs and defaults included, in batches of 64', async () => {
    const columns: CopColumnInfo[] = [
      { columnId: 1, type: copType('bigint'), pkHandle: true, default: null },
      ...COLUMNS.map((c) => ({ columnId: c.id, type: copTypeOf(c.type), pkHandle: false, default: defaultDatum(c.dflt) })),
    ];
    const range = rowRange(TABLE);
    const res = await endpoint.handle({
      startTs: 100n as TimeStamp,
      ranges: [{ start: toInternal('txn', range.start), end: toInternal('txn', range.end) }],
      dag: { executors: [{ kind: 'table_scan', id: 'scan', tableId: TABLE, columns, desc: false }], batchSize: 64 },
      pagingSize: 0,
    });
    const got = readArrow(res.data).rows;
    const want = written.map((w) => [
      w.handle,
      ...decodeRow(
        w.row,
        COLUMNS.map((c) => ({ id: c.id, type: c.type, default: c.dflt })),
      ).map((v, i) => expected(v, (COLUMNS[i] as Col).type)),
    ]);
    expect(got).toHaveLength(ROWS);
    for (let i = 0; i < ROWS; i++) expect(got[i], `row ${i + 1}`).toEqual(want[i]);

    // And back: sql/codec's copValueToSql turns the answer into the very values RowView gives.
    const answer = readCopAnswer(res.data);
    for (let i = 0; i < ROWS; i++) {
      const fromStore = COLUMNS.map((c, j) => copValueToSql(answer.columns[j + 1]?.values[i] as CopDatum, c.type));
      const fromSql = decodeRow(
        (written[i] as { row: Buffer }).row,
        COLUMNS.map((c) => ({ id: c.id, type: c.type, default: c.dflt })),
      );
      const bytes = (vs: Value[]): Value[] => vs.map((v) => (v instanceof Uint8Array ? Buffer.from(v) : v));
      expect(bytes(fromStore), `row ${i + 1}`).toEqual(bytes(fromSql));
    }
  });
});
