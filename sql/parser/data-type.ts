// Type names as written in SQL → sql/types descriptors.
//
// `columnType` maps a column definition's type (name, length, scale, UNSIGNED/ZEROFILL,
// CHARACTER SET, COLLATE, ENUM/SET elements) to a `SqlType` as the catalog stores it;
// `castTargetOf` maps CAST/CONVERT targets to the `CastTarget` the registry's 'cast' takes.
// Both work on plain values; node-sql-parser's data-type nodes are read through raw.ts.
import { T, type SqlType } from '../types/column-type.js';
import type { CastTarget } from '../types/convert.js';
import { arr, field, isObj, str, strField, unsupported, type RawObject } from './raw.js';

export interface TypeSpec {
  /** Upper-case type name: 'INT', 'VARCHAR', 'DOUBLE PRECISION', … */
  readonly name: string;
  readonly length?: number;
  readonly scale?: number;
  readonly unsigned?: boolean;
  readonly zerofill?: boolean;
  readonly charset?: string;
  readonly collation?: string;
  readonly elements?: readonly string[];
  readonly nullable?: boolean;
}

/** The descriptor of a column type; 1235 for a type Strata does not have. */
export function columnType(s: TypeSpec): SqlType {
  const nullable = s.nullable ?? true;
  const intOpts = {
    unsigned: s.unsigned ?? false,
    nullable,
    ...(s.length !== undefined ? { displayWidth: s.length } : {}),
    ...(s.zerofill ? { zerofill: true } : {}),
  };
  const strOpts = { nullable, ...(s.charset ? { charset: s.charset.toLowerCase() } : {}), ...(s.collation ? { collation: s.collation.toLowerCase() } : {}) };
  const num = { unsigned: s.unsigned ?? false, nullable, ...(s.zerofill ? { zerofill: true } : {}) };
  switch (s.name.toUpperCase()) {
    case 'TINYINT':
    case 'INT1':
      return T.tinyint(intOpts);
    case 'BOOL':
    case 'BOOLEAN':
      return T.boolean({ nullable });
    case 'SMALLINT':
    case 'INT2':
      return T.smallint(intOpts);
    case 'MEDIUMINT':
    case 'INT3':
      return T.mediumint(intOpts);
    case 'INT':
    case 'INTEGER':
    case 'INT4':
      return T.int(intOpts);
    case 'BIGINT':
    case 'INT8':
      return T.bigint(intOpts);
    case 'SERIAL':
      return T.bigint({ unsigned: true, nullable: false });
    case 'DECIMAL':
    case 'DEC':
    case 'NUMERIC':
    case 'FIXED':
      return T.decimal(s.length ?? 10, s.scale ?? 0, num);
    case 'FLOAT':
      if (s.length !== undefined && s.scale === undefined && s.length > 24) return T.double({ ...num });
      return T.float({ ...num, ...(s.length !== undefined && s.scale !== undefined ? { precision: s.length, scale: s.scale } : {}) });
    case 'DOUBLE':
    case 'DOUBLE PRECISION':
    case 'REAL':
      return T.double({ ...num, ...(s.length !== undefined && s.scale !== undefined ? { precision: s.length, scale: s.scale } : {}) });
    case 'BIT':
      return T.bit(s.length ?? 1, { nullable });
    case 'CHAR':
    case 'CHARACTER':
    case 'NCHAR':
      return s.charset?.toLowerCase() === 'binary' ? T.binary(s.length ?? 1, { nullable }) : T.char(s.length ?? 1, strOpts);
    case 'VARCHAR':
    case 'CHARACTER VARYING':
    case 'NVARCHAR':
      if (s.length === undefined) return unsupported('VARCHAR without length');
      return s.charset?.toLowerCase() === 'binary' ? T.varbinary(s.length, { nullable }) : T.varchar(s.length, strOpts);
    case 'TINYTEXT':
      return T.tinytext(strOpts);
    case 'TEXT':
      return T.text(strOpts);
    case 'MEDIUMTEXT':
      return T.mediumtext(strOpts);
    case 'LONGTEXT':
      return T.longtext(strOpts);
    case 'BINARY':
      return T.binary(s.length ?? 1, { nullable });
    case 'VARBINARY':
      if (s.length === undefined) return unsupported('VARBINARY without length');
      return T.varbinary(s.length, { nullable });
    case 'TINYBLOB':
      return T.tinyblob({ nullable });
    case 'BLOB':
      return T.blob({ nullable });
    case 'MEDIUMBLOB':
      return T.mediumblob({ nullable });
    case 'LONGBLOB':
      return T.longblob({ nullable });
    case 'DATE':
      return T.date({ nullable });
    case 'DATETIME':
      return T.datetime(s.length ?? 0, { nullable });
    case 'TIMESTAMP':
      return T.timestamp(s.length ?? 0, { nullable });
    case 'TIME':
      return T.time(s.length ?? 0, { nullable });
    case 'YEAR':
      return T.year({ nullable });
    case 'ENUM':
      return T.enum(s.elements ?? [], strOpts);
    case 'SET':
      return T.set(s.elements ?? [], strOpts);
    case 'JSON':
      return T.json({ nullable });
    default:
      return unsupported(`type ${s.name}`);
  }
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[0-9]+$/.test(v)) return Number(v);
  return undefined;
}

/** Reads node-sql-parser's `{ dataType, length, scale, suffix, expr }` into a TypeSpec. */
export function typeSpecOf(raw: RawObject, strings: (v: unknown) => string | undefined): TypeSpec {
  const name = (strField(raw, 'dataType') ?? '').toUpperCase();
  const suffix = arr(raw['suffix']).map((x) => (str(x) ?? '').toUpperCase());
  const length = num(raw['length']);
  const scale = num(raw['scale']);
  const elements = arr(field(raw['expr'], 'value')).map((e) => strings(e) ?? '');
  return {
    name,
    ...(length !== undefined ? { length } : {}),
    ...(scale !== undefined ? { scale } : {}),
    ...(suffix.includes('UNSIGNED') ? { unsigned: true } : {}),
    ...(suffix.includes('ZEROFILL') ? { zerofill: true } : {}),
    ...(name === 'ENUM' || name === 'SET' ? { elements } : {}),
  };
}

/** The type as written, lower case, for messages: 'int(11) unsigned', 'decimal(10,2)'. */
export function typeText(s: TypeSpec): string {
  let t = s.name.toLowerCase();
  if (s.elements) t += `(${s.elements.map((e) => `'${e.replace(/'/g, "''")}'`).join(',')})`;
  else if (s.length !== undefined) t += s.scale !== undefined ? `(${s.length},${s.scale})` : `(${s.length})`;
  if (s.unsigned) t += ' unsigned';
  if (s.zerofill) t += ' zerofill';
  return t;
}

/** CAST(x AS …) / CONVERT(x, …) targets. */
export function castTargetOf(raw: RawObject): CastTarget {
  const name = (strField(raw, 'dataType') ?? '').toUpperCase();
  const length = num(raw['length']);
  const scale = num(raw['scale']);
  const suffix = arr(raw['suffix']).map((x) => (str(x) ?? '').toUpperCase());
  switch (name) {
    case 'SIGNED':
    case 'INT':
    case 'INTEGER':
    case 'BIGINT':
      return suffix.includes('UNSIGNED') ? { kind: 'unsigned' } : { kind: 'signed' };
    case 'UNSIGNED':
      return { kind: 'unsigned' };
    case 'SIGNED INTEGER':
      return { kind: 'signed' };
    case 'UNSIGNED INTEGER':
      return { kind: 'unsigned' };
    case 'DECIMAL':
    case 'DEC':
    case 'NUMERIC':
      return { kind: 'decimal', ...(length !== undefined ? { precision: length } : {}), ...(scale !== undefined ? { scale } : {}) };
    case 'DOUBLE':
    case 'REAL':
      return { kind: 'double' };
    case 'FLOAT':
      return length !== undefined && length > 24 ? { kind: 'double' } : { kind: 'float' };
    case 'CHAR':
    case 'NCHAR':
    case 'VARCHAR': {
      const parts = arr(raw['suffix']).map((x) => (str(x) ?? strField(x, 'value') ?? '').toLowerCase());
      const at = parts.indexOf('character set');
      const charset = strField(raw, 'charset') ?? (at >= 0 ? parts[at + 1] : undefined);
      return { kind: 'char', ...(length !== undefined ? { length } : {}), ...(charset ? { charset: charset.toLowerCase() } : {}) };
    }
    case 'BINARY':
      return { kind: 'binary', ...(length !== undefined ? { length } : {}) };
    case 'DATE':
      return { kind: 'date' };
    case 'DATETIME':
      return { kind: 'datetime', ...(length !== undefined ? { fsp: length } : {}) };
    case 'TIME':
      return { kind: 'time', ...(length !== undefined ? { fsp: length } : {}) };
    case 'YEAR':
      return { kind: 'year' };
    case 'JSON':
      return { kind: 'json' };
    default:
      if (isObj(raw)) return unsupported(`CAST AS ${name}`);
      return unsupported('CAST');
  }
}
