// Conversions between the coprocessor DAG on the wire (coprocessor.proto) and kv/cop-types.
// The store side (`dagFromPb`) checks every field: a DAG that gets past it has known type kinds,
// known aggregate names, constants of the physical kind their type says, and sane limits, so the
// executors need no defensive code. Anything wrong is an InvalidDag (gRPC INVALID_ARGUMENT).
import {
  InvalidDag,
  physicalKind,
  TYPE_KINDS,
  type CopAggFunc,
  type CopAggName,
  type CopColumnInfo,
  type CopDag,
  type CopDatum,
  type CopExecutor,
  type CopExecutorSummary,
  type CopExpr,
  type CopFieldType,
  type CopTypeKind,
} from '../cop-types.js';
import type { AggFunc__Output } from './generated/strata/cop/AggFunc.js';
import type { ColumnInfo, ColumnInfo__Output } from './generated/strata/cop/ColumnInfo.js';
import type { Constant, Constant__Output } from './generated/strata/cop/Constant.js';
import type { DAGRequest, DAGRequest__Output } from './generated/strata/cop/DAGRequest.js';
import type { Executor, Executor__Output } from './generated/strata/cop/Executor.js';
import type { ExecutorSummary, ExecutorSummary__Output } from './generated/strata/cop/ExecutorSummary.js';
import type { Expr, Expr__Output } from './generated/strata/cop/Expr.js';
import type { FieldType, FieldType__Output } from './generated/strata/cop/FieldType.js';

const AGG_NAMES: readonly CopAggName[] = ['count', 'sum', 'avg', 'min', 'max', 'first_row'];
const MAX_EXPR_DEPTH = 64;
const MAX_LIMIT = Number.MAX_SAFE_INTEGER;

// ---------------------------------------------------------------- domain → wire

export function fieldTypeToPb(t: CopFieldType): FieldType {
  return { kind: t.kind, unsigned: t.unsigned, scale: t.scale, precision: t.precision, collation: t.collation, elements: [...t.elements], not_null: t.notNull };
}

function decimalText(coef: bigint, scale: number): string {
  const neg = coef < 0n;
  let digits = (neg ? -coef : coef).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  }
  return neg ? `-${digits}` : digits;
}

export function datumToPb(v: CopDatum, t: CopFieldType): Constant {
  if (v === null) return { is_null: true };
  switch (physicalKind(t)) {
    case 'int':
    case 'duration':
      return { int: String(v as bigint) };
    case 'uint':
    case 'time':
      return { uint: String(v as bigint) };
    case 'real':
      return { real: v as number };
    case 'decimal': {
      const d = v as { coef: bigint; scale: number };
      return { decimal: decimalText(d.coef, d.scale) };
    }
    case 'string':
    case 'json':
      return { bytes: v as Uint8Array };
  }
}

export function exprToPb(e: CopExpr): Expr {
  const type = fieldTypeToPb(e.type);
  switch (e.kind) {
    case 'column':
      return { column: { offset: e.offset }, type };
    case 'constant':
      return { constant: datumToPb(e.value, e.type), type };
    case 'func':
      return { func: { sig: e.sig, args: e.args.map(exprToPb) }, type };
  }
}

function columnToPb(c: CopColumnInfo): ColumnInfo {
  return { column_id: String(c.columnId), type: fieldTypeToPb(c.type), pk_handle: c.pkHandle, default: datumToPb(c.default, c.type) };
}

function executorToPb(e: CopExecutor): Executor {
  const id = { executor_id: e.id };
  switch (e.kind) {
    case 'table_scan':
      return { ...id, table_scan: { table_id: String(e.tableId), columns: e.columns.map(columnToPb), desc: e.desc } };
    case 'index_scan':
      return {
        ...id,
        index_scan: { table_id: String(e.tableId), index_id: String(e.indexId), columns: e.columns.map(columnToPb), desc: e.desc, unique: e.unique },
      };
    case 'selection':
      return { ...id, selection: { conditions: e.conditions.map(exprToPb) } };
    case 'aggregation':
      return {
        ...id,
        aggregation: { group_by: e.groupBy.map(exprToPb), agg_funcs: e.aggFuncs.map((f) => ({ name: f.name, args: f.args.map(exprToPb), distinct: f.distinct })) },
      };
    case 'top_n':
      return { ...id, top_n: { order_by: e.orderBy.map((b) => ({ expr: exprToPb(b.expr), desc: b.desc })), limit: String(e.limit) } };
    case 'limit':
      return { ...id, limit: { limit: String(e.limit) } };
  }
}

export function dagToPb(d: CopDag): DAGRequest {
  return { executors: d.executors.map(executorToPb), batch_size: d.batchSize };
}

export function summaryToPb(s: CopExecutorSummary): ExecutorSummary {
  return { executor_id: s.executorId, produced_rows: String(s.producedRows), batches: String(s.batches), time_ns: String(s.timeNs) };
}

export function summaryFromPb(s: ExecutorSummary__Output): CopExecutorSummary {
  return { executorId: s.executor_id, producedRows: Number(s.produced_rows), batches: Number(s.batches), timeNs: Number(s.time_ns) };
}

// ---------------------------------------------------------------- wire → domain (checked)

export function fieldTypeFromPb(t: FieldType__Output | null | undefined, what: string): CopFieldType {
  if (!t) throw new InvalidDag(`${what}: missing type`);
  if (!(TYPE_KINDS as readonly string[]).includes(t.kind)) throw new InvalidDag(`${what}: unknown type kind '${t.kind}'`);
  if (t.kind === 'decimal' && (t.scale > 30 || t.precision > 65)) throw new InvalidDag(`${what}: DECIMAL(${t.precision},${t.scale}) out of range`);
  return {
    kind: t.kind as CopTypeKind,
    unsigned: t.unsigned,
    scale: t.scale,
    precision: t.precision,
    collation: t.collation,
    elements: t.elements,
    notNull: t.not_null,
  };
}

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;

function parseInt64(s: string | undefined, what: string, lo: bigint, hi: bigint): bigint {
  let v: bigint;
  try {
    v = BigInt(s ?? '0');
  } catch {
    throw new InvalidDag(`${what}: bad integer '${s}'`);
  }
  if (v < lo || v > hi) throw new InvalidDag(`${what}: ${v} out of range`);
  return v;
}

export function datumFromPb(c: Constant__Output | null | undefined, t: CopFieldType, what: string): CopDatum {
  if (!c || !c.value || c.value === 'is_null') return null;
  const kind = physicalKind(t);
  const want = (field: NonNullable<Constant__Output['value']>): void => {
    if (c.value !== field) throw new InvalidDag(`${what}: a ${t.kind} constant must be given as ${field}, not ${c.value}`);
  };
  switch (kind) {
    case 'int':
    case 'duration':
      want('int');
      return parseInt64(c.int, what, -(2n ** 63n), 2n ** 63n - 1n);
    case 'uint':
    case 'time':
      want('uint');
      return parseInt64(c.uint, what, 0n, 2n ** 64n - 1n);
    case 'real':
      want('real');
      return c.real ?? 0;
    case 'decimal': {
      want('decimal');
      const m = DECIMAL_TEXT.exec(c.decimal ?? '');
      if (!m) throw new InvalidDag(`${what}: bad decimal '${c.decimal}'`);
      const frac = m[3] ?? '';
      if (frac.length > 30 || (m[2] as string).length + frac.length > 81) throw new InvalidDag(`${what}: decimal '${c.decimal}' too long`);
      const coef = BigInt(`${m[2]}${frac}`);
      return { coef: m[1] === '-' ? -coef : coef, scale: frac.length };
    }
    case 'string':
    case 'json':
      want('bytes');
      return c.bytes ?? new Uint8Array(0);
  }
}

export function exprFromPb(e: Expr__Output | null | undefined, what: string, depth = 0): CopExpr {
  if (!e) throw new InvalidDag(`${what}: missing expression`);
  if (depth > MAX_EXPR_DEPTH) throw new InvalidDag(`${what}: expression nested deeper than ${MAX_EXPR_DEPTH}`);
  const type = fieldTypeFromPb(e.type, what);
  switch (e.node) {
    case 'column':
      return { kind: 'column', offset: e.column?.offset ?? 0, type };
    case 'constant':
      return { kind: 'constant', value: datumFromPb(e.constant, type, what), type };
    case 'func': {
      const f = e.func;
      if (!f || f.sig === '') throw new InvalidDag(`${what}: function without a signature`);
      return { kind: 'func', sig: f.sig, args: f.args.map((a, i) => exprFromPb(a, `${what} → ${f.sig} arg ${i}`, depth + 1)), type };
    }
    default:
      throw new InvalidDag(`${what}: expression is neither a column, a constant nor a function`);
  }
}

function columnFromPb(c: ColumnInfo__Output, what: string): CopColumnInfo {
  const type = fieldTypeFromPb(c.type, what);
  const id = parseInt64(c.column_id, what, -(2n ** 31n), 2n ** 32n - 1n);
  return { columnId: Number(id), type, pkHandle: c.pk_handle, default: datumFromPb(c.default, type, `${what} default`) };
}

function aggFromPb(f: AggFunc__Output, what: string): CopAggFunc {
  const name = f.name.toLowerCase();
  if (!(AGG_NAMES as readonly string[]).includes(name)) throw new InvalidDag(`${what}: unknown aggregate function '${f.name}'`);
  const args = f.args.map((a, i) => exprFromPb(a, `${what} arg ${i}`));
  if (name !== 'count' && args.length !== 1) throw new InvalidDag(`${what}: ${name} takes one argument, got ${args.length}`);
  if (name === 'count' && args.length > 1) throw new InvalidDag(`${what}: count takes at most one argument`);
  if (f.distinct && (name !== 'count' || args.length !== 1)) throw new InvalidDag(`${what}: DISTINCT is only pushed down for COUNT(x)`);
  return { name: name as CopAggName, args, distinct: f.distinct };
}

function limitFromPb(s: string, what: string): number {
  return Number(parseInt64(s, what, 0n, BigInt(MAX_LIMIT)));
}

function executorFromPb(e: Executor__Output, i: number): CopExecutor {
  const id = e.executor_id !== '' ? e.executor_id : `${e.exec ?? 'executor'}_${i}`;
  const what = `executor ${id}`;
  switch (e.exec) {
    case 'table_scan': {
      const s = e.table_scan as NonNullable<Executor__Output['table_scan']>;
      return {
        kind: 'table_scan',
        id,
        tableId: parseInt64(s.table_id, what, -(2n ** 63n), 2n ** 63n - 1n),
        columns: s.columns.map((c, j) => columnFromPb(c, `${what} column ${j}`)),
        desc: s.desc,
      };
    }
    case 'index_scan': {
      const s = e.index_scan as NonNullable<Executor__Output['index_scan']>;
      return {
        kind: 'index_scan',
        id,
        tableId: parseInt64(s.table_id, what, -(2n ** 63n), 2n ** 63n - 1n),
        indexId: parseInt64(s.index_id, what, -(2n ** 63n), 2n ** 63n - 1n),
        columns: s.columns.map((c, j) => columnFromPb(c, `${what} column ${j}`)),
        desc: s.desc,
        unique: s.unique,
      };
    }
    case 'selection': {
      const s = e.selection as NonNullable<Executor__Output['selection']>;
      return { kind: 'selection', id, conditions: s.conditions.map((c, j) => exprFromPb(c, `${what} condition ${j}`)) };
    }
    case 'aggregation': {
      const s = e.aggregation as NonNullable<Executor__Output['aggregation']>;
      return {
        kind: 'aggregation',
        id,
        groupBy: s.group_by.map((g, j) => exprFromPb(g, `${what} group by ${j}`)),
        aggFuncs: s.agg_funcs.map((f, j) => aggFromPb(f, `${what} function ${j}`)),
      };
    }
    case 'top_n': {
      const s = e.top_n as NonNullable<Executor__Output['top_n']>;
      if (s.order_by.length === 0) throw new InvalidDag(`${what}: TopN without ORDER BY`);
      return {
        kind: 'top_n',
        id,
        orderBy: s.order_by.map((b, j) => ({ expr: exprFromPb(b.expr, `${what} order by ${j}`), desc: b.desc })),
        limit: limitFromPb(s.limit, what),
      };
    }
    case 'limit': {
      const s = e.limit as NonNullable<Executor__Output['limit']>;
      return { kind: 'limit', id, limit: limitFromPb(s.limit, what) };
    }
    default:
      throw new InvalidDag(`executor ${i} has no kind`);
  }
}

export function dagFromPb(d: DAGRequest__Output | null | undefined): CopDag {
  if (!d || d.executors.length === 0) throw new InvalidDag('the DAG has no executors');
  const executors = d.executors.map(executorFromPb);
  executors.forEach((e, i) => {
    const isScan = e.kind === 'table_scan' || e.kind === 'index_scan';
    if (isScan !== (i === 0)) throw new InvalidDag(i === 0 ? 'the DAG must start with a TableScan or IndexScan' : `executor ${e.id}: a scan may only come first`);
  });
  if (d.batch_size > 65536) throw new InvalidDag(`batch size ${d.batch_size} exceeds 65536`);
  return { executors, batchSize: d.batch_size };
}
