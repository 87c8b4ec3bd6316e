// Column and expression types: MySQL's data types as readonly, `kind`-tagged descriptors.
//
// One descriptor serves three readers:
//   - the catalog (CREATE TABLE stores it; SHOW CREATE TABLE and information_schema print it
//     with `columnTypeString`, exactly as MySQL 8.0 does: `int`, `bigint unsigned`,
//     `decimal(10,2)`, `varchar(255)`, `datetime(3)`, `enum('a','b')`, `tinyint(1)`),
//   - the expression layer (every function infers its result type as a descriptor: INT + INT →
//     BIGINT, `/` → DECIMAL(…, s+4), comparisons → BIGINT marked boolean),
//   - the wire layer (the result-set column definition: protocol type code, flags, length,
//     decimals and character set id come from `protocolType`, `columnFlags`,
//     `columnDisplayLength`, `columnDecimals`, `charsetId`).
//
// Integer display widths are kept only where MySQL 8.0 still shows them (TINYINT(1), the
// BOOLEAN spelling, and ZEROFILL columns). Strings carry charset + collation; the default is
// utf8mb4 / utf8mb4_bin as in TiDB. Nullability lives on the descriptor because a column's
// NOT NULL and an expression's "can be NULL" are both needed by the planner and the protocol.

import { MAX_DECIMAL_PRECISION, MAX_DECIMAL_SCALE } from './decimal.js';

export type IntKind = 'tinyint' | 'smallint' | 'mediumint' | 'int' | 'bigint';
export type TextKind = 'char' | 'varchar' | 'tinytext' | 'text' | 'mediumtext' | 'longtext';
export type BinaryKind = 'binary' | 'varbinary' | 'tinyblob' | 'blob' | 'mediumblob' | 'longblob';
export type TemporalKind = 'date' | 'datetime' | 'timestamp' | 'time';

interface Base {
  /** May hold NULL (a column without NOT NULL; an expression that can yield NULL). */
  readonly nullable: boolean;
}

export interface NullType extends Base {
  readonly kind: 'null';
}

export interface IntType extends Base {
  readonly kind: IntKind;
  readonly unsigned: boolean;
  /** Display width as written (INT(11)); shown only for TINYINT(1) and ZEROFILL columns. */
  readonly displayWidth?: number;
  readonly zerofill?: boolean;
  /** A boolean-valued expression (comparison, TRUE/FALSE): becomes JSON true/false. */
  readonly isBoolean?: boolean;
}

export interface DecimalType extends Base {
  readonly kind: 'decimal';
  readonly precision: number;
  readonly scale: number;
  readonly unsigned: boolean;
  readonly zerofill?: boolean;
}

export interface FloatType extends Base {
  readonly kind: 'float' | 'double';
  /** FLOAT(M,D) / DOUBLE(M,D): both set, or neither. */
  readonly precision?: number;
  readonly scale?: number;
  readonly unsigned: boolean;
  readonly zerofill?: boolean;
}

export interface BitType extends Base {
  readonly kind: 'bit';
  /** 1..64 bits. */
  readonly width: number;
}

export interface TextType extends Base {
  readonly kind: TextKind;
  /** Maximum length in characters (CHAR/VARCHAR) or bytes (the TEXT family's fixed limits). */
  readonly length: number;
  readonly charset: string;
  readonly collation: string;
}

export interface BinaryType extends Base {
  readonly kind: BinaryKind;
  /** Maximum length in bytes. */
  readonly length: number;
}

export interface DateType extends Base {
  readonly kind: 'date';
}

export interface DateTimeType extends Base {
  readonly kind: 'datetime' | 'timestamp' | 'time';
  /** Fractional seconds precision 0..6. */
  readonly fsp: number;
}

export interface YearType extends Base {
  readonly kind: 'year';
}

export interface EnumType extends Base {
  readonly kind: 'enum' | 'set';
  readonly elements: readonly string[];
  readonly charset: string;
  readonly collation: string;
}

export interface JsonType extends Base {
  readonly kind: 'json';
}

export type SqlType =
  | NullType
  | IntType
  | DecimalType
  | FloatType
  | BitType
  | TextType
  | BinaryType
  | DateType
  | DateTimeType
  | YearType
  | EnumType
  | JsonType;

export type TypeKind = SqlType['kind'];

export const DEFAULT_CHARSET = 'utf8mb4';
export const DEFAULT_COLLATION = 'utf8mb4_bin';

// ---- constructors ------------------------------------------------------------------------------

export interface IntOptions {
  unsigned?: boolean;
  nullable?: boolean;
  displayWidth?: number;
  zerofill?: boolean;
}

function intOf(kind: IntKind, o: IntOptions = {}): IntType {
  const t: { -readonly [K in keyof IntType]: IntType[K] } = { kind, unsigned: o.unsigned ?? false, nullable: o.nullable ?? true };
  if (o.displayWidth !== undefined) t.displayWidth = o.displayWidth;
  if (o.zerofill) {
    t.zerofill = true;
    t.unsigned = true;
  }
  return t;
}

export interface StringOptions {
  nullable?: boolean;
  charset?: string;
  collation?: string;
}

function textOf(kind: TextKind, length: number, o: StringOptions = {}): TextType {
  const charset = o.charset ?? (o.collation ? charsetOfCollation(o.collation) : DEFAULT_CHARSET);
  const collation = o.collation ?? defaultCollationOf(charset);
  return { kind, length, charset, collation, nullable: o.nullable ?? true };
}

function charsetOfCollation(collation: string): string {
  const i = collation.indexOf('_');
  return i < 0 ? collation : collation.slice(0, i);
}

/** The default collation of a character set, as TiDB picks it (binary collations). */
export function defaultCollationOf(charset: string): string {
  switch (charset.toLowerCase()) {
    case 'utf8mb4':
      return 'utf8mb4_bin';
    case 'utf8':
    case 'utf8mb3':
      return 'utf8_bin';
    case 'latin1':
      return 'latin1_bin';
    case 'ascii':
      return 'ascii_bin';
    case 'binary':
      return 'binary';
    default:
      return `${charset.toLowerCase()}_bin`;
  }
}

export const TEXT_LIMITS: Readonly<Record<'tinytext' | 'text' | 'mediumtext' | 'longtext', number>> = {
  tinytext: 255,
  text: 65535,
  mediumtext: 16777215,
  longtext: 4294967295,
};

export const BLOB_LIMITS: Readonly<Record<'tinyblob' | 'blob' | 'mediumblob' | 'longblob', number>> = {
  tinyblob: 255,
  blob: 65535,
  mediumblob: 16777215,
  longblob: 4294967295,
};

/** Descriptor constructors, named like the SQL types. Every type is nullable unless told. */
export const T = {
  null: (): NullType => ({ kind: 'null', nullable: true }),
  tinyint: (o?: IntOptions): IntType => intOf('tinyint', o),
  smallint: (o?: IntOptions): IntType => intOf('smallint', o),
  mediumint: (o?: IntOptions): IntType => intOf('mediumint', o),
  int: (o?: IntOptions): IntType => intOf('int', o),
  bigint: (o?: IntOptions): IntType => intOf('bigint', o),
  /** BOOLEAN / BOOL = TINYINT(1). */
  boolean: (o: { nullable?: boolean } = {}): IntType => intOf('tinyint', { displayWidth: 1, nullable: o.nullable ?? true }),
  /** The type of a comparison or logical operator: BIGINT holding 0/1, JSON true/false. */
  bool: (nullable = true): IntType => ({ kind: 'bigint', unsigned: false, nullable, displayWidth: 1, isBoolean: true }),
  decimal: (precision = 10, scale = 0, o: { unsigned?: boolean; nullable?: boolean; zerofill?: boolean } = {}): DecimalType => {
    const t: { -readonly [K in keyof DecimalType]: DecimalType[K] } = {
      kind: 'decimal',
      precision: Math.min(Math.max(precision, 1), MAX_DECIMAL_PRECISION),
      scale: Math.min(Math.max(scale, 0), MAX_DECIMAL_SCALE),
      unsigned: o.unsigned ?? o.zerofill ?? false,
      nullable: o.nullable ?? true,
    };
    if (o.zerofill) t.zerofill = true;
    return t;
  },
  float: (o: { precision?: number; scale?: number; unsigned?: boolean; nullable?: boolean } = {}): FloatType => floatOf('float', o),
  double: (o: { precision?: number; scale?: number; unsigned?: boolean; nullable?: boolean } = {}): FloatType => floatOf('double', o),
  bit: (width = 1, o: { nullable?: boolean } = {}): BitType => ({ kind: 'bit', width, nullable: o.nullable ?? true }),
  char: (length = 1, o?: StringOptions): TextType => textOf('char', length, o),
  varchar: (length: number, o?: StringOptions): TextType => textOf('varchar', length, o),
  tinytext: (o?: StringOptions): TextType => textOf('tinytext', TEXT_LIMITS.tinytext, o),
  text: (o?: StringOptions): TextType => textOf('text', TEXT_LIMITS.text, o),
  mediumtext: (o?: StringOptions): TextType => textOf('mediumtext', TEXT_LIMITS.mediumtext, o),
  longtext: (o?: StringOptions): TextType => textOf('longtext', TEXT_LIMITS.longtext, o),
  binary: (length = 1, o: { nullable?: boolean } = {}): BinaryType => ({ kind: 'binary', length, nullable: o.nullable ?? true }),
  varbinary: (length: number, o: { nullable?: boolean } = {}): BinaryType => ({ kind: 'varbinary', length, nullable: o.nullable ?? true }),
  tinyblob: (o: { nullable?: boolean } = {}): BinaryType => ({ kind: 'tinyblob', length: BLOB_LIMITS.tinyblob, nullable: o.nullable ?? true }),
  blob: (o: { nullable?: boolean } = {}): BinaryType => ({ kind: 'blob', length: BLOB_LIMITS.blob, nullable: o.nullable ?? true }),
  mediumblob: (o: { nullable?: boolean } = {}): BinaryType => ({ kind: 'mediumblob', length: BLOB_LIMITS.mediumblob, nullable: o.nullable ?? true }),
  longblob: (o: { nullable?: boolean } = {}): BinaryType => ({ kind: 'longblob', length: BLOB_LIMITS.longblob, nullable: o.nullable ?? true }),
  date: (o: { nullable?: boolean } = {}): DateType => ({ kind: 'date', nullable: o.nullable ?? true }),
  datetime: (fsp = 0, o: { nullable?: boolean } = {}): DateTimeType => ({ kind: 'datetime', fsp: clampFsp(fsp), nullable: o.nullable ?? true }),
  timestamp: (fsp = 0, o: { nullable?: boolean } = {}): DateTimeType => ({ kind: 'timestamp', fsp: clampFsp(fsp), nullable: o.nullable ?? true }),
  time: (fsp = 0, o: { nullable?: boolean } = {}): DateTimeType => ({ kind: 'time', fsp: clampFsp(fsp), nullable: o.nullable ?? true }),
  year: (o: { nullable?: boolean } = {}): YearType => ({ kind: 'year', nullable: o.nullable ?? true }),
  enum: (elements: readonly string[], o?: StringOptions): EnumType => enumOf('enum', elements, o),
  set: (elements: readonly string[], o?: StringOptions): EnumType => enumOf('set', elements, o),
  json: (o: { nullable?: boolean } = {}): JsonType => ({ kind: 'json', nullable: o.nullable ?? true }),
};

function floatOf(kind: 'float' | 'double', o: { precision?: number; scale?: number; unsigned?: boolean; nullable?: boolean }): FloatType {
  const t: { -readonly [K in keyof FloatType]: FloatType[K] } = { kind, unsigned: o.unsigned ?? false, nullable: o.nullable ?? true };
  if (o.precision !== undefined && o.scale !== undefined) {
    t.precision = o.precision;
    t.scale = o.scale;
  }
  return t;
}

function enumOf(kind: 'enum' | 'set', elements: readonly string[], o: StringOptions = {}): EnumType {
  const charset = o.charset ?? (o.collation ? charsetOfCollation(o.collation) : DEFAULT_CHARSET);
  return { kind, elements: [...elements], charset, collation: o.collation ?? defaultCollationOf(charset), nullable: o.nullable ?? true };
}

function clampFsp(fsp: number): number {
  return Math.min(Math.max(Math.trunc(fsp), 0), 6);
}

/** The same type with another nullability (NOT NULL columns, IFNULL results). */
export function withNullable<U extends SqlType>(t: U, nullable: boolean): U {
  return t.nullable === nullable ? t : { ...t, nullable };
}

// ---- classification ----------------------------------------------------------------------------

export function isIntegerType(t: SqlType): t is IntType {
  return t.kind === 'tinyint' || t.kind === 'smallint' || t.kind === 'mediumint' || t.kind === 'int' || t.kind === 'bigint';
}

export function isTextType(t: SqlType): t is TextType {
  return t.kind === 'char' || t.kind === 'varchar' || t.kind === 'tinytext' || t.kind === 'text' || t.kind === 'mediumtext' || t.kind === 'longtext';
}

export function isBinaryType(t: SqlType): t is BinaryType {
  return t.kind === 'binary' || t.kind === 'varbinary' || t.kind === 'tinyblob' || t.kind === 'blob' || t.kind === 'mediumblob' || t.kind === 'longblob';
}

/** Character or binary string types, ENUM and SET (string-valued). */
export function isStringType(t: SqlType): boolean {
  return isTextType(t) || isBinaryType(t) || t.kind === 'enum' || t.kind === 'set';
}

export function isFloatType(t: SqlType): t is FloatType {
  return t.kind === 'float' || t.kind === 'double';
}

/** Exact or approximate numbers (and BIT/YEAR, which behave as integers in arithmetic). */
export function isNumericType(t: SqlType): boolean {
  return isIntegerType(t) || t.kind === 'decimal' || isFloatType(t) || t.kind === 'bit' || t.kind === 'year';
}

export function isTemporalType(t: SqlType): t is DateType | DateTimeType {
  return t.kind === 'date' || t.kind === 'datetime' || t.kind === 'timestamp' || t.kind === 'time';
}

/** DATE, DATETIME or TIMESTAMP (a point on the calendar; TIME is a duration). */
export function isDateType(t: SqlType): boolean {
  return t.kind === 'date' || t.kind === 'datetime' || t.kind === 'timestamp';
}

export function isUnsigned(t: SqlType): boolean {
  return (isIntegerType(t) || t.kind === 'decimal' || isFloatType(t)) && t.unsigned;
}

/** Collation of a string-valued type; 'binary' for binary strings; undefined for non-strings. */
export function collationOf(t: SqlType): string | undefined {
  if (isTextType(t) || t.kind === 'enum' || t.kind === 'set') return t.collation;
  if (isBinaryType(t)) return 'binary';
  return undefined;
}

/** Fractional digits of a temporal type (DATE: 0). */
export function fspOf(t: SqlType): number {
  return t.kind === 'datetime' || t.kind === 'timestamp' || t.kind === 'time' ? t.fsp : 0;
}

// ---- integer ranges ----------------------------------------------------------------------------

const INT_BITS: Readonly<Record<IntKind, number>> = { tinyint: 8, smallint: 16, mediumint: 24, int: 32, bigint: 64 };

/** [min, max] of an integer type. */
export function integerRange(kind: IntKind, unsigned: boolean): readonly [bigint, bigint] {
  const bits = BigInt(INT_BITS[kind]);
  if (unsigned) return [0n, (1n << bits) - 1n];
  return [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n];
}

/** Decimal digits of the largest magnitude (MySQL's decimal_precision of an integer type). */
export function integerPrecision(kind: IntKind, unsigned: boolean): number {
  const [, max] = integerRange(kind, unsigned);
  return max.toString().length;
}

// ---- printing: SHOW CREATE TABLE / information_schema.COLUMNS.COLUMN_TYPE ----------------------

function quoteElement(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The COLUMN_TYPE text: `int`, `bigint unsigned`, `decimal(10,2)`, `varchar(255)`, `datetime(3)`. */
export function columnTypeString(t: SqlType): string {
  let s: string;
  switch (t.kind) {
    case 'null':
      return 'null';
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint':
      s = t.kind;
      if (t.zerofill && t.displayWidth !== undefined) s += `(${t.displayWidth})`;
      else if (t.kind === 'tinyint' && t.displayWidth === 1 && !t.unsigned) s += '(1)';
      if (t.unsigned) s += ' unsigned';
      if (t.zerofill) s += ' zerofill';
      return s;
    case 'decimal':
      s = `decimal(${t.precision},${t.scale})`;
      if (t.unsigned) s += ' unsigned';
      if (t.zerofill) s += ' zerofill';
      return s;
    case 'float':
    case 'double':
      s = t.kind;
      if (t.precision !== undefined && t.scale !== undefined) s += `(${t.precision},${t.scale})`;
      if (t.unsigned) s += ' unsigned';
      if (t.zerofill) s += ' zerofill';
      return s;
    case 'bit':
      return `bit(${t.width})`;
    case 'char':
    case 'varchar':
    case 'binary':
    case 'varbinary':
      return `${t.kind}(${t.length})`;
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
    case 'date':
    case 'year':
    case 'json':
      return t.kind;
    case 'datetime':
    case 'timestamp':
    case 'time':
      return t.fsp > 0 ? `${t.kind}(${t.fsp})` : t.kind;
    case 'enum':
    case 'set':
      return `${t.kind}(${t.elements.map(quoteElement).join(',')})`;
  }
}

/** information_schema.COLUMNS.DATA_TYPE: the bare type name. */
export function dataTypeName(t: SqlType): string {
  return t.kind;
}

// ---- the protocol view (column definition packets) ---------------------------------------------

/** MySQL protocol field types (include/field_types.h). */
export const MysqlType = {
  DECIMAL: 0,
  TINY: 1,
  SHORT: 2,
  LONG: 3,
  FLOAT: 4,
  DOUBLE: 5,
  NULL: 6,
  TIMESTAMP: 7,
  LONGLONG: 8,
  INT24: 9,
  DATE: 10,
  TIME: 11,
  DATETIME: 12,
  YEAR: 13,
  NEWDATE: 14,
  VARCHAR: 15,
  BIT: 16,
  TIMESTAMP2: 17,
  DATETIME2: 18,
  TIME2: 19,
  JSON: 245,
  NEWDECIMAL: 246,
  ENUM: 247,
  SET: 248,
  TINY_BLOB: 249,
  MEDIUM_BLOB: 250,
  LONG_BLOB: 251,
  BLOB: 252,
  VAR_STRING: 253,
  STRING: 254,
  GEOMETRY: 255,
} as const;

/** Column definition flags (include/mysql_com.h). */
export const ColumnFlag = {
  NOT_NULL: 1,
  PRI_KEY: 2,
  UNIQUE_KEY: 4,
  MULTIPLE_KEY: 8,
  BLOB: 16,
  UNSIGNED: 32,
  ZEROFILL: 64,
  BINARY: 128,
  ENUM: 256,
  AUTO_INCREMENT: 512,
  TIMESTAMP: 1024,
  SET: 2048,
  NO_DEFAULT_VALUE: 4096,
  ON_UPDATE_NOW: 8192,
  NUM: 32768,
} as const;

/** The type code a result-set column carries, as MySQL sends it (CHAR → STRING, TEXT → BLOB …). */
export function protocolType(t: SqlType): number {
  switch (t.kind) {
    case 'null':
      return MysqlType.NULL;
    case 'tinyint':
      return MysqlType.TINY;
    case 'smallint':
      return MysqlType.SHORT;
    case 'mediumint':
      return MysqlType.INT24;
    case 'int':
      return MysqlType.LONG;
    case 'bigint':
      return MysqlType.LONGLONG;
    case 'decimal':
      return MysqlType.NEWDECIMAL;
    case 'float':
      return MysqlType.FLOAT;
    case 'double':
      return MysqlType.DOUBLE;
    case 'bit':
      return MysqlType.BIT;
    case 'char':
    case 'binary':
    case 'enum':
    case 'set':
      return MysqlType.STRING;
    case 'varchar':
    case 'varbinary':
      return MysqlType.VAR_STRING;
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      return MysqlType.BLOB;
    case 'date':
      return MysqlType.DATE;
    case 'datetime':
      return MysqlType.DATETIME;
    case 'timestamp':
      return MysqlType.TIMESTAMP;
    case 'time':
      return MysqlType.TIME;
    case 'year':
      return MysqlType.YEAR;
    case 'json':
      return MysqlType.JSON;
  }
}

/** Flags implied by the type itself (keys, AUTO_INCREMENT and defaults are the catalog's). */
export function columnFlags(t: SqlType): number {
  let f = 0;
  if (!t.nullable) f |= ColumnFlag.NOT_NULL;
  if (isUnsigned(t)) f |= ColumnFlag.UNSIGNED;
  if ('zerofill' in t && t.zerofill) f |= ColumnFlag.ZEROFILL;
  if (isNumericType(t) && t.kind !== 'bit') f |= ColumnFlag.NUM;
  if (isBinaryType(t) || t.kind === 'bit' || isTemporalType(t) || t.kind === 'year' || isNumericType(t) || t.kind === 'json') {
    f |= ColumnFlag.BINARY;
  }
  if (isTextType(t) && t.collation.endsWith('_bin')) f |= ColumnFlag.BINARY;
  if (t.kind.endsWith('blob') || t.kind.endsWith('text') || t.kind === 'json') f |= ColumnFlag.BLOB;
  if (t.kind === 'enum') f |= ColumnFlag.ENUM;
  if (t.kind === 'set') f |= ColumnFlag.SET;
  if (t.kind === 'timestamp') f |= ColumnFlag.TIMESTAMP;
  return f;
}

/** Bytes per character of a character set (mbmaxlen). */
export function charsetMaxLen(charset: string): number {
  switch (charset.toLowerCase()) {
    case 'utf8mb4':
      return 4;
    case 'utf8':
    case 'utf8mb3':
      return 3;
    case 'ucs2':
    case 'utf16':
      return 4;
    default:
      return 1;
  }
}

/** The column definition's length field: maximum display width in bytes. */
export function columnDisplayLength(t: SqlType): number {
  switch (t.kind) {
    case 'null':
      return 0;
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint': {
      if (t.isBoolean) return 1;
      const [min, max] = integerRange(t.kind, t.unsigned);
      const natural = Math.max(max.toString().length, t.unsigned ? 0 : min.toString().length);
      return t.displayWidth !== undefined ? Math.max(t.displayWidth, t.zerofill ? t.displayWidth : 0) : natural;
    }
    case 'decimal':
      return t.precision + (t.scale > 0 ? 1 : 0) + (t.unsigned ? 0 : 1);
    case 'float':
      return t.precision !== undefined ? t.precision + 2 : 12;
    case 'double':
      return t.precision !== undefined ? t.precision + 2 : 22;
    case 'bit':
      return t.width;
    case 'char':
    case 'varchar':
      return t.length * charsetMaxLen(t.charset);
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
      return t.length;
    case 'binary':
    case 'varbinary':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      return t.length;
    case 'date':
      return 10;
    case 'datetime':
    case 'timestamp':
      return 19 + (t.fsp > 0 ? t.fsp + 1 : 0);
    case 'time':
      return 10 + (t.fsp > 0 ? t.fsp + 1 : 0);
    case 'year':
      return 4;
    case 'enum':
    case 'set': {
      const longest = t.kind === 'enum'
        ? Math.max(0, ...t.elements.map((e) => [...e].length))
        : t.elements.reduce((n, e) => n + [...e].length, 0) + Math.max(0, t.elements.length - 1);
      return longest * charsetMaxLen(t.charset);
    }
    case 'json':
      return 4294967295;
  }
}

/** The column definition's decimals field: scale, fsp, or 31 (NOT_FIXED_DEC) for floating types. */
export function columnDecimals(t: SqlType): number {
  switch (t.kind) {
    case 'decimal':
      return t.scale;
    case 'float':
    case 'double':
      return t.scale ?? 31;
    case 'datetime':
    case 'timestamp':
    case 'time':
      return t.fsp;
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
    case 'enum':
    case 'set':
    case 'json':
    case 'null':
      return 31;
    default:
      return 0;
  }
}

/** Protocol character set id of a result column: the collation id of strings, 63 (binary) else. */
export function charsetId(t: SqlType): number {
  const c = isTextType(t) || t.kind === 'enum' || t.kind === 'set' ? t.collation : t.kind === 'json' ? 'utf8mb4_bin' : 'binary';
  return COLLATION_IDS[c] ?? 46;
}

/** MySQL collation ids of the collations Strata knows (information_schema.COLLATIONS.ID). */
export const COLLATION_IDS: Readonly<Record<string, number>> = {
  binary: 63,
  utf8mb4_bin: 46,
  utf8mb4_general_ci: 45,
  utf8mb4_unicode_ci: 224,
  utf8mb4_0900_ai_ci: 255,
  utf8mb4_0900_as_cs: 278,
  utf8mb4_0900_bin: 309,
  utf8_bin: 83,
  utf8_general_ci: 33,
  utf8_unicode_ci: 192,
  utf8mb3_bin: 83,
  utf8mb3_general_ci: 33,
  latin1_bin: 47,
  latin1_swedish_ci: 8,
  ascii_bin: 65,
  ascii_general_ci: 11,
};

/** The SQL name of the type for messages: "INTEGER", "DECIMAL", "DOUBLE", "datetime"… */
export function typeWord(t: SqlType): string {
  if (isIntegerType(t) || t.kind === 'bit' || t.kind === 'year') return 'integer';
  if (t.kind === 'decimal') return 'decimal';
  if (isFloatType(t)) return t.kind;
  if (t.kind === 'date' || t.kind === 'datetime' || t.kind === 'timestamp' || t.kind === 'time') return t.kind;
  if (t.kind === 'json') return 'json';
  return 'string';
}
