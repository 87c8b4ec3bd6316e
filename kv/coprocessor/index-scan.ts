// IndexScan: index entries `t{tableID}_i{indexID}{datums…}[handle]` → batches of the index
// columns (and the handle). The datums are memcomparable (sql/codec/datum-key.ts's layout, which
// kv may not import), decoded here for the types whose key gives the exact value back:
//
//   03 int64 (flipped sign)   signed integers, YEAR
//   04 uint64 BE              unsigned integers, BIT, ENUM index, SET mask, DATE/DATETIME/TIMESTAMP
//   05 float64 (ordered)      FLOAT, DOUBLE
//   06 decimal key            DECIMAL (rescaled to the column's scale)
//   07 int64 (flipped sign)   TIME (µs)
//   01 group-encoded bytes    binary strings, and strings under `binary` / *_0900_bin collations
//   00                        NULL
//
// Strings under PAD SPACE or case-insensitive collations keep only their sort weights in the key,
// so an IndexScan over them is refused (InvalidDag): the SQL server reads those rows itself.
// The handle is the key's trailing int datum (non-unique entries, or a NULL in a unique one), or
// the 8-byte big-endian value of a unique entry.
import { decodeBytes, decodeFloat64, decodeInt64, decodeUint64 } from '../codec/index.js';
import { InvalidDag, isBinaryStringKind, physicalKind, type CopColumnInfo, type CopFieldType } from '../cop-types.js';
import { fromInternal } from '../meta.js';
import { CorruptRowData } from './errors.js';
import type { BatchExecutor } from './executor.js';
import type { KvSource } from './kv-source.js';
import type { ScanBudget } from './table-scan.js';
import { isUnsignedHandle } from './table-scan.js';
import { decimalScale, rescale, vectorBuilder, type Batch, type Scalar, type VectorBuilder } from './vector.js';

const INDEX_PREFIX_LEN = 19;
const SIGN = 2n ** 63n;
const encoder = new TextEncoder();

type DatumReader = (key: Uint8Array, pos: number) => { value: Scalar; next: number };

function decodeDecimalKey(b: Uint8Array, offset: number, scale: number): { value: bigint; next: number } {
  const sign = b[offset];
  if (sign === 0x01) return { value: 0n, next: offset + 1 };
  if (sign !== 0x00 && sign !== 0x02) throw new CorruptRowData('bad decimal key');
  const flip = sign === 0x00 ? 0xff : 0;
  const at = (i: number): number => {
    const x = b[i];
    if (x === undefined) throw new CorruptRowData('truncated decimal key');
    return x ^ flip;
  };
  const exp = ((at(offset + 1) << 8) | at(offset + 2)) - 0x8000;
  let pos = offset + 3;
  let digits = '';
  for (;;) {
    const p = at(pos++);
    if (p === 0) break;
    if (p > 100) throw new CorruptRowData('bad decimal key digits');
    digits += String.fromCharCode(48 + Math.floor((p - 1) / 10), 48 + ((p - 1) % 10));
  }
  if (digits.endsWith('0')) digits = digits.slice(0, -1);
  if (digits === '') throw new CorruptRowData('bad decimal key digits');
  // value = 0.digits × 10^exp = digits × 10^(exp - len)
  const shift = exp - digits.length;
  const coef = (sign === 0x00 ? -1n : 1n) * BigInt(digits);
  const value = shift >= 0 ? rescale(coef * 10n ** BigInt(shift), 0, scale) : rescale(coef, -shift, scale);
  return { value, next: pos };
}

function datumReader(t: CopFieldType): DatumReader {
  const expect = (key: Uint8Array, pos: number, flag: number): void => {
    if (key[pos] !== flag) throw new CorruptRowData(`index datum flag 0x${(key[pos] ?? 0).toString(16)} where 0x${flag.toString(16)} was expected`);
  };
  const k = physicalKind(t);
  if (t.kind === 'enum' || t.kind === 'set') {
    return (key, pos) => {
      expect(key, pos, 0x04);
      const x = decodeUint64(key, pos + 1);
      const names = t.kind === 'enum' ? (x === 0n ? [] : [t.elements[Number(x) - 1] ?? '']) : t.elements.filter((_, i) => (x >> BigInt(i)) & 1n);
      return { value: encoder.encode(names.join(',')), next: pos + 9 };
    };
  }
  switch (k) {
    case 'int':
      return (key, pos) => {
        expect(key, pos, 0x03);
        return { value: decodeInt64(key, pos + 1), next: pos + 9 };
      };
    case 'duration':
      return (key, pos) => {
        expect(key, pos, 0x07);
        return { value: decodeInt64(key, pos + 1), next: pos + 9 };
      };
    case 'uint':
    case 'time':
      return (key, pos) => {
        expect(key, pos, 0x04);
        return { value: decodeUint64(key, pos + 1), next: pos + 9 };
      };
    case 'real':
      return (key, pos) => {
        expect(key, pos, 0x05);
        return { value: decodeFloat64(key, pos + 1), next: pos + 9 };
      };
    case 'decimal': {
      const scale = decimalScale(t);
      return (key, pos) => {
        expect(key, pos, 0x06);
        return decodeDecimalKey(key, pos + 1, scale);
      };
    }
    case 'string': {
      const coll = t.collation.toLowerCase();
      if (!isBinaryStringKind(t.kind) && coll !== 'binary' && !coll.endsWith('_0900_bin') && !coll.endsWith('_as_cs')) {
        throw new InvalidDag(`an index over ${t.kind} with collation ${t.collation || 'utf8mb4_bin'} does not hold the exact values; scan the table`);
      }
      return (key, pos) => {
        expect(key, pos, 0x01);
        const d = decodeBytes(key, pos + 1);
        return { value: d.value, next: d.next };
      };
    }
    case 'json':
      throw new InvalidDag('JSON is not indexable');
  }
}

export class IndexScan implements BatchExecutor {
  readonly schema: readonly CopFieldType[];
  private readonly readers: readonly (DatumReader | null)[];
  private readonly prefix: Buffer;

  constructor(
    tableId: bigint,
    indexId: bigint,
    private readonly columns: readonly CopColumnInfo[],
    private readonly source: KvSource,
    private readonly batchSize: number,
    private readonly budget: ScanBudget,
  ) {
    this.schema = columns.map((c) => c.type);
    this.readers = columns.map((c, i) => {
      if (!c.pkHandle) return datumReader(c.type);
      if (i !== columns.length - 1) throw new InvalidDag('the handle must be the last column of an IndexScan');
      return null;
    });
    const p = Buffer.alloc(INDEX_PREFIX_LEN);
    p[0] = 0x74;
    p.writeBigUInt64BE(BigInt.asUintN(64, tableId) ^ SIGN, 1);
    p[9] = 0x5f;
    p[10] = 0x69;
    p.writeBigUInt64BE(BigInt.asUintN(64, indexId) ^ SIGN, 11);
    this.prefix = p;
  }

  async next(): Promise<Batch | null> {
    const want = Math.min(this.batchSize, this.budget.remaining);
    if (want <= 0) return null;
    const pairs = await this.source.next(want);
    this.budget.remaining -= pairs.length;
    if (pairs.length === 0) return null;
    const builders: VectorBuilder[] = this.columns.map((c) => vectorBuilder(c.type, pairs.length));
    for (const p of pairs) {
      const key = fromInternal(p.key);
      if (key.length < INDEX_PREFIX_LEN || this.prefix.compare(key, 0, INDEX_PREFIX_LEN, 0, INDEX_PREFIX_LEN) !== 0) {
        throw new CorruptRowData(`key ${key.toString('hex')} is not an entry of the scanned index`);
      }
      let pos = INDEX_PREFIX_LEN;
      this.readers.forEach((r, i) => {
        if (r === null) return;
        const b = builders[i] as VectorBuilder;
        if (key[pos] === 0x00) {
          b.appendNull();
          pos++;
          return;
        }
        const d = r(key, pos);
        b.append(d.value);
        pos = d.next;
      });
      const handleAt = this.readers.indexOf(null);
      if (handleAt >= 0) {
        let handle: bigint;
        if (pos === key.length) {
          if (p.value.length !== 8) throw new CorruptRowData(`unique index value must be 8 bytes, got ${p.value.length}`);
          handle = Buffer.from(p.value.buffer, p.value.byteOffset, 8).readBigInt64BE(0);
        } else {
          if (key[pos] !== 0x03 || pos + 9 !== key.length) throw new CorruptRowData('index key has unexpected bytes after its values');
          handle = decodeInt64(key, pos + 1);
        }
        const c = this.columns[handleAt] as CopColumnInfo;
        (builders[handleAt] as VectorBuilder).append(isUnsignedHandle(c.type) ? handle + SIGN : handle);
      }
    }
    return { length: pairs.length, columns: builders.map((b) => b.finish()) };
  }
}
