// Column defaults: turning the DEFAULT clause of a column definition into the catalog's
// ColumnDefault (checked against the column's type, 1067 when it does not fit), and turning a
// stored ColumnDefault back into a Value (what INSERT fills in, and what a row written before
// ADD COLUMN reads as).
//
// Only constants are accepted, as MySQL before 8.0.13 did: literals, a negated number, TRUE /
// FALSE, NULL, and CURRENT_TIMESTAMP[(fsp)] (with its synonyms) on DATETIME / TIMESTAMP. An
// expression default `DEFAULT (a + 1)` answers 1235. The constant is converted for the column in
// strict mode, so `INT DEFAULT 'abc'` and `VARCHAR(2) DEFAULT 'abc'` fail like MySQL's.
import type { ColumnDefault, ColumnInfo } from '../catalog/index.js';
import { notSupported, SqlError, type Warning } from '../errors.js';
import type { Expr } from '../parser/index.js';
import {
  DEFAULT_SQL_MODE,
  Decimal,
  EMPTY_SQL_MODE,
  convertForColumn,
  fromEpochMicros,
  valueToString,
  type SqlType,
  type Value,
} from '../types/index.js';
import { blobCantHaveDefault, invalidDefault } from './errors.js';

const NOW_NAMES = new Set(['now', 'current_timestamp', 'localtime', 'localtimestamp']);

function isBlobLike(t: SqlType): boolean {
  switch (t.kind) {
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
    case 'json':
      return true;
    default:
      return false;
  }
}

/** The constant a literal DEFAULT expression stands for; undefined when it is not a constant. */
function constantOf(e: Expr): Value | undefined {
  switch (e.kind) {
    case 'IntLiteral':
      return e.value;
    case 'DecimalLiteral':
      return Decimal.parse(e.text).value;
    case 'FloatLiteral':
      return e.value;
    case 'StringLiteral':
      return e.value;
    case 'HexLiteral':
      return Buffer.from(e.hex.length % 2 === 1 ? `0${e.hex}` : e.hex, 'hex');
    case 'BitLiteral':
      return e.bits === '' ? 0n : BigInt(`0b${e.bits}`);
    case 'BoolLiteral':
      return e.value ? 1n : 0n;
    case 'NullLiteral':
      return null;
    case 'TemporalLiteral':
      return e.text;
    case 'Unary': {
      const inner = constantOf(e.expr);
      if (e.op === '+') return inner;
      if (e.op !== 'neg') return undefined;
      if (typeof inner === 'bigint') return -inner;
      if (typeof inner === 'number') return -inner;
      if (inner instanceof Decimal) return inner.neg();
      return undefined;
    }
    default:
      return undefined;
  }
}

/** CURRENT_TIMESTAMP[(n)] and its synonyms: the fsp, or undefined for anything else. */
export function currentTimestampFsp(e: Expr): number | undefined {
  if (e.kind !== 'Call' || !NOW_NAMES.has(e.name)) return undefined;
  if (e.args.length === 0) return 0;
  const a = e.args[0];
  if (e.args.length === 1 && a?.kind === 'IntLiteral') return Number(a.value);
  return undefined;
}

/** How a default literal is kept: the text MySQL shows (bits as b'…', so they print back). */
function literalText(v: Value, type: SqlType): string {
  if (type.kind === 'bit' && typeof v === 'bigint') return `b'${v.toString(2)}'`;
  return valueToString(v, type) ?? '';
}

/** Collects what a conversion reports; a Warning (not a Note) makes the default invalid. */
function strictConvert(v: Value, type: SqlType, column: string): Value {
  const warnings: Warning[] = [];
  let out: Value;
  try {
    out = convertForColumn(v, type, { sqlMode: DEFAULT_SQL_MODE, warnings: { warn: (w) => warnings.push(w) }, column, row: 1 });
  } catch (err) {
    if (err instanceof SqlError) throw invalidDefault(column);
    throw err;
  }
  if (warnings.some((w) => w.level !== 'Note')) throw invalidDefault(column);
  return out;
}

export interface DefaultSpec {
  readonly column: string;
  readonly type: SqlType;
  readonly default?: Expr | undefined;
  readonly autoIncrement: boolean;
}

/** The catalog's ColumnDefault for a column definition (validating it). A nullable column
 *  without DEFAULT defaults to NULL; a NOT NULL one has none (INSERT must give a value). */
export function buildColumnDefault(spec: DefaultSpec): ColumnDefault {
  const { column, type } = spec;
  const e = spec.default;
  if (e === undefined) return type.nullable && !spec.autoIncrement ? { kind: 'null' } : { kind: 'none' };
  if (spec.autoIncrement) throw invalidDefault(column);
  const fsp = currentTimestampFsp(e);
  if (fsp !== undefined) {
    if ((type.kind === 'datetime' || type.kind === 'timestamp') && type.fsp === fsp) return { kind: 'current-timestamp', fsp };
    throw invalidDefault(column);
  }
  const v = constantOf(e);
  if (v === undefined) {
    if (e.kind === 'Call' || e.kind === 'Binary' || e.kind === 'Unary') throw notSupported('expression as a column DEFAULT');
    throw invalidDefault(column);
  }
  if (v === null) {
    if (!type.nullable) throw invalidDefault(column);
    return { kind: 'null' };
  }
  if (isBlobLike(type)) throw blobCantHaveDefault(column);
  return { kind: 'literal', text: literalText(strictConvert(v, type, column), type) };
}

/** The value of a stored literal default for a column of `type`. */
function literalValue(text: string, type: SqlType): Value {
  if (type.kind === 'bit') {
    const m = /^b'([01]*)'$/.exec(text);
    return m ? (m[1] === '' ? 0n : BigInt(`0b${m[1] ?? ''}`)) : 0n;
  }
  const silent = { sqlMode: EMPTY_SQL_MODE, warnings: { warn: () => undefined }, column: '', row: 1 };
  if (type.kind === 'binary' || type.kind === 'varbinary') return convertForColumn(Buffer.from(text, 'utf8'), type, silent);
  return convertForColumn(text, type, silent);
}

/** The value a ColumnDefault gives a column of `type` at `nowMicros` (epoch µs, for
 *  CURRENT_TIMESTAMP, rendered in `timeZone`); null for 'none' and 'null'. */
export function defaultValue(def: ColumnDefault, type: SqlType, nowMicros?: bigint, timeZone = 'UTC'): Value {
  switch (def.kind) {
    case 'none':
    case 'null':
      return null;
    case 'literal':
      return literalValue(def.text, type);
    case 'current-timestamp': {
      const micros = nowMicros ?? BigInt(Date.now()) * 1000n;
      const kind = type.kind === 'timestamp' ? 'timestamp' : 'datetime';
      return fromEpochMicros(micros, timeZone, kind, def.fsp);
    }
  }
}

/** What a row that does not hold this column (written before ADD COLUMN) reads as. */
export function originDefaultValue(col: ColumnInfo): Value {
  return col.originDefault === undefined ? null : defaultValue(col.originDefault, col.type);
}

/** Freezes a default for ADD COLUMN's origin default: CURRENT_TIMESTAMP becomes the literal
 *  instant the column was added, so every old row reads the same value forever. */
export function freezeDefault(def: ColumnDefault, type: SqlType, nowMicros: bigint, timeZone = 'UTC'): ColumnDefault {
  if (def.kind === 'none') return type.nullable ? { kind: 'null' } : { kind: 'literal', text: implicitDefaultText(type) };
  if (def.kind !== 'current-timestamp') return def;
  const v = defaultValue(def, type, nowMicros, timeZone);
  return { kind: 'literal', text: valueToString(v, type) ?? '' };
}

/** The value MySQL gives a NOT NULL column that has no DEFAULT when it must invent one (old rows
 *  at ADD COLUMN): 0, '', the zero date, the first ENUM element, JSON null. */
export function implicitDefaultText(type: SqlType): string {
  switch (type.kind) {
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
    case 'binary':
    case 'varbinary':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
    case 'set':
      return '';
    case 'enum':
      return type.elements[0] ?? '';
    case 'date':
      return '0000-00-00';
    case 'datetime':
    case 'timestamp':
      return type.fsp > 0 ? `0000-00-00 00:00:00.${'0'.repeat(type.fsp)}` : '0000-00-00 00:00:00';
    case 'time':
      return type.fsp > 0 ? `00:00:00.${'0'.repeat(type.fsp)}` : '00:00:00';
    case 'year':
      return '0000';
    case 'json':
      return 'null';
    case 'bit':
      return "b'0'";
    case 'decimal':
      return type.scale > 0 ? `0.${'0'.repeat(type.scale)}` : '0';
    default:
      return '0';
  }
}
