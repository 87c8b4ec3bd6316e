// TableScan: row keys `t{tableID}_r{handle}` → one batch of column vectors per chunk the KvSource
// hands out. Row values are decoded straight into the column builders (row-decoder.ts); a column
// marked pk_handle reads the handle from the key instead (an integer primary key, or the hidden
// row id), shifted back by 2^63 for BIGINT UNSIGNED keys as sql/codec/handle.ts maps them.
import { decodeInt64 } from '../codec/index.js';
import type { CopColumnInfo, CopFieldType } from '../cop-types.js';
import { fromInternal } from '../meta.js';
import { CorruptRowData } from './errors.js';
import type { BatchExecutor } from './executor.js';
import type { KvSource } from './kv-source.js';
import { RowDecoder } from './row-decoder.js';
import { vectorBuilder, type Batch } from './vector.js';

const ROW_KEY_LEN = 19;
const HANDLE_OFFSET = 2n ** 63n;

/** How many rows the task may still scan before its page is full (Infinity: no paging). */
export interface ScanBudget {
  remaining: number;
}

export function isUnsignedHandle(t: CopFieldType): boolean {
  return t.kind === 'bigint' && t.unsigned;
}

export class TableScan implements BatchExecutor {
  readonly schema: readonly CopFieldType[];
  private readonly prefix: Buffer;
  private readonly decoder: RowDecoder;

  constructor(
    tableId: bigint,
    private readonly columns: readonly CopColumnInfo[],
    private readonly source: KvSource,
    private readonly batchSize: number,
    private readonly budget: ScanBudget,
  ) {
    this.schema = columns.map((c) => c.type);
    this.decoder = new RowDecoder(columns);
    const p = Buffer.alloc(11);
    p[0] = 0x74; // 't'
    p.writeBigUInt64BE(BigInt.asUintN(64, tableId) ^ HANDLE_OFFSET, 1);
    p[9] = 0x5f; // '_'
    p[10] = 0x72; // 'r'
    this.prefix = p;
  }

  async next(): Promise<Batch | null> {
    const want = Math.min(this.batchSize, this.budget.remaining);
    if (want <= 0) return null;
    const pairs = await this.source.next(want);
    this.budget.remaining -= pairs.length;
    if (pairs.length === 0) return null;
    const builders = this.columns.map((c) => vectorBuilder(c.type, pairs.length));
    const handleCols = this.columns.flatMap((c, i) => (c.pkHandle ? [i] : []));
    for (const p of pairs) {
      const key = fromInternal(p.key);
      if (key.length !== ROW_KEY_LEN || this.prefix.compare(key, 0, 11) !== 0) {
        throw new CorruptRowData(`key ${key.toString('hex')} is not a row of the scanned table`);
      }
      if (handleCols.length > 0) {
        const handle = decodeInt64(key, 11);
        for (const i of handleCols) {
          const c = this.columns[i] as CopColumnInfo;
          builders[i]?.append(isUnsignedHandle(c.type) ? handle + HANDLE_OFFSET : handle);
        }
      }
      this.decoder.decode(p.value, builders);
    }
    return { length: pairs.length, columns: builders.map((b) => b.finish()) };
  }
}
