// What a column reads as in a row written before the column existed (TiDB's "original default").
//
// Rows are keyed by column id, so ADD COLUMN rewrites no rows: an old row simply lacks the
// column, and the reader fills in the value every old row must show — the column's default at
// the time it was added. MySQL fills existing rows the same way:
//
//   DEFAULT NULL, or no DEFAULT on a nullable column   NULL
//   DEFAULT <literal>                                  the literal, converted to the column type
//   no DEFAULT on a NOT NULL column                    the type's implicit default (0, '', zero
//                                                      date, 00:00:00, first ENUM member, JSON null)
//   DEFAULT CURRENT_TIMESTAMP                          the time of the ALTER — which only the
//                                                      catalog can know; until it records it,
//                                                      Table takes it as an override (else zero)
//
// A column's default can change later (ALTER … SET DEFAULT) without changing what old rows read
// as; callers that track that pass the original value as an override (TableOptions).
import type { ColumnInfo } from '../catalog/index.js';
import {
  DateTime,
  Decimal,
  Duration,
  EMPTY_SQL_MODE,
  JsonValue,
  convertForColumn,
  enumValueAt,
  isIntegerType,
  type SqlType,
  type Value,
} from '../types/index.js';

/** MySQL's implicit default of a NOT NULL column of `type` (what it takes when none is given). */
export function implicitDefault(type: SqlType): Value {
  if (isIntegerType(type)) return 0n;
  switch (type.kind) {
    case 'null':
      return null;
    case 'bit':
    case 'year':
      return 0n;
    case 'decimal':
      return Decimal.of(0n, type.scale);
    case 'float':
    case 'double':
      return 0;
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
      return '';
    case 'binary':
      return new Uint8Array(type.length);
    case 'varbinary':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      return new Uint8Array(0);
    case 'date':
      return DateTime.zero('date');
    case 'datetime':
    case 'timestamp':
      return DateTime.zero(type.kind, type.fsp);
    case 'time':
      return new Duration(0, type.fsp);
    case 'enum':
      return enumValueAt(type.elements, 1) ?? '';
    case 'set':
      return '';
    case 'json':
      return JsonValue.parse('null');
  }
  return null;
}

/** The value a row written before `col` existed reads as (see the header). */
export function originDefault(col: ColumnInfo): Value {
  const d = col.default;
  switch (d.kind) {
    case 'null':
      return null;
    case 'none':
      return col.type.nullable ? null : implicitDefault(col.type);
    case 'current-timestamp':
      return implicitDefault(col.type);
    case 'literal':
      try {
        return convertForColumn(d.text, col.type, {
          sqlMode: EMPTY_SQL_MODE,
          warnings: { warn: () => undefined },
          column: col.name,
          row: 1,
        });
      } catch {
        // DDL validated the default when it stored it; a value it accepted that we cannot read
        // back must not make every old row unreadable.
        return implicitDefault(col.type);
      }
  }
}
