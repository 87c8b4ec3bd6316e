// Helpers for the coprocessor tests: a table written through the real transactional client with
// sql/codec's row encoding, a raw gRPC Kv client that sends Coprocessor requests to the store of
// a region, DAG builders, and an Arrow reader that turns answers back into plain rows.
import * as grpc from '@grpc/grpc-js';
import * as arrow from 'apache-arrow';
import type { StrataClient } from '../../../kv/client/index.js';
import { copType, type CopColumnInfo, type CopDatum, type CopExecutor, type CopExpr, type CopFieldType, type CopTypeKind } from '../../../kv/cop-types.js';
import { toInternal } from '../../../kv/meta.js';
import { dagToPb, summaryFromPb } from '../../../kv/proto/cop-convert.js';
import { epochToPb } from '../../../kv/proto/convert.js';
import type { CoprocessorResponse__Output } from '../../../kv/proto/generated/strata/kv/CoprocessorResponse.js';
import type { KvClient } from '../../../kv/proto/generated/strata/kv/Kv.js';
import { kvProto } from '../../../kv/proto/index.js';
import { encodeRow, rowKey } from '../../../sql/codec/index.js';
import type { SqlType, Value } from '../../../sql/types/index.js';

export interface TestColumn {
  readonly id: number;
  readonly type: SqlType;
}

/** Writes rows (handle → values by column id) in one transaction. */
export async function writeRows(client: StrataClient, tableId: bigint, cols: readonly TestColumn[], rows: readonly { handle: bigint; values: readonly Value[] }[]): Promise<void> {
  const txn = await client.txn.begin();
  for (const r of rows) {
    txn.set(
      rowKey(tableId, r.handle),
      encodeRow(cols.map((c, i) => ({ id: c.id, type: c.type, value: r.values[i] ?? null }))),
    );
  }
  await txn.commit();
}

export function ft(kind: CopTypeKind, opts: Partial<Omit<CopFieldType, 'kind'>> = {}): CopFieldType {
  return copType(kind, opts);
}

export function col(columnId: number, type: CopFieldType, pkHandle = false): CopColumnInfo {
  return { columnId, type, pkHandle, default: null };
}

export const BOOL = ft('bigint');

export const ref = (offset: number, type: CopFieldType): CopExpr => ({ kind: 'column', offset, type });
export const constant = (value: CopDatum, type: CopFieldType): CopExpr => ({ kind: 'constant', value, type });
export const fn = (sig: string, type: CopFieldType, ...args: CopExpr[]): CopExpr => ({ kind: 'func', sig, args, type });

export interface CopAnswer {
  readonly rows: unknown[][];
  readonly columns: readonly string[];
  readonly raw: CoprocessorResponse__Output;
  readonly summaries: ReturnType<typeof summaryFromPb>[];
}

function decimalWordsToBigint(words: Uint32Array): bigint {
  let x = 0n;
  for (let w = words.length - 1; w >= 0; w--) x = (x << 32n) | BigInt(words[w] as number);
  return BigInt.asIntN(words.length * 32, x);
}

function plain(v: unknown, type: arrow.DataType): unknown {
  if (v === null || v === undefined) return null;
  if (arrow.DataType.isDecimal(type)) {
    const coef = decimalWordsToBigint(v as Uint32Array);
    const scale = type.scale;
    if (scale === 0) return coef.toString();
    const neg = coef < 0n;
    const digits = (neg ? -coef : coef).toString().padStart(scale + 1, '0');
    return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  if (arrow.DataType.isBinary(type)) return Buffer.from(v as Uint8Array).toString('hex');
  if (arrow.DataType.isList(type)) {
    const child = (type as arrow.List).children[0]?.type as arrow.DataType;
    return [...(v as arrow.Vector)].map((x) => plain(x, child));
  }
  return v;
}

/** Arrow IPC stream → rows of plain values (decimals as text, binary as hex, lists as arrays). */
export function readArrow(data: Uint8Array): { rows: unknown[][]; columns: string[] } {
  const table = arrow.tableFromIPC(data);
  const fields = table.schema.fields;
  const rows: unknown[][] = [];
  for (let r = 0; r < table.numRows; r++) {
    rows.push(fields.map((f, c) => plain(table.getChildAt(c)?.get(r), f.type)));
  }
  return { rows, columns: fields.map((f) => f.name) };
}

/** Sends Coprocessor requests for txn-keyspace ranges to the store holding their region. */
export class CopCaller {
  private readonly stubs = new Map<string, KvClient>();

  constructor(private readonly client: StrataClient) {}

  private stub(addr: string): KvClient {
    let s = this.stubs.get(addr);
    if (!s) {
      const Kv = kvProto().strata.kv.Kv;
      s = new Kv(addr, grpc.credentials.createInsecure());
      this.stubs.set(addr, s);
    }
    return s;
  }

  async send(args: {
    ranges: readonly { start: Buffer; end: Buffer }[];
    executors: readonly CopExecutor[];
    startTs?: bigint;
    pagingSize?: number;
    batchSize?: number;
    /** Overrides for a malformed request. */
    context?: object;
    rawDag?: object;
  }): Promise<CopAnswer> {
    const first = args.ranges[0];
    if (!first) throw new Error('no ranges');
    const loc = await this.client.regionCache.locate(toInternal('txn', first.start));
    const startTs = args.startTs ?? (await this.client.pd.getTs());
    const req = {
      context: args.context ?? { region_id: String(loc.region.id), region_epoch: epochToPb(loc.region.epoch), peer: { id: String(loc.leader.id), store_id: String(loc.leader.storeId) } },
      start_ts: String(startTs),
      ranges: args.ranges.map((r) => ({ start_key: r.start, end_key: r.end })),
      dag: args.rawDag ?? dagToPb({ executors: args.executors, batchSize: args.batchSize ?? 0 }),
      paging_size: String(args.pagingSize ?? 0),
    };
    const raw = await new Promise<CoprocessorResponse__Output>((resolve, reject) => {
      this.stub(loc.storeAddress).Coprocessor(req as never, (err: grpc.ServiceError | null, res?: CoprocessorResponse__Output) => (err ? reject(err) : resolve(res as CoprocessorResponse__Output)));
    });
    const { rows, columns } = raw.data.length > 0 ? readArrow(raw.data) : { rows: [], columns: [] };
    return { rows, columns, raw, summaries: raw.summaries.map(summaryFromPb) };
  }

  close(): void {
    for (const s of this.stubs.values()) s.close();
  }
}
