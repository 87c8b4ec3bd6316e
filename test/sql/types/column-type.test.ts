// Column type descriptors: SHOW CREATE TABLE text, protocol codes, flags, lengths.
import { describe, expect, it } from 'vitest';
import {
  ColumnFlag,
  MysqlType,
  T,
  charsetId,
  columnDecimals,
  columnDisplayLength,
  columnFlags,
  columnTypeString,
  integerRange,
  protocolType,
  type SqlType,
} from '../../../sql/types/column-type.js';

describe('columnTypeString prints COLUMN_TYPE as MySQL 8.0 does', () => {
  it.each<[SqlType, string]>([
    [T.int(), 'int'],
    [T.int({ displayWidth: 11 }), 'int'],
    [T.int({ unsigned: true }), 'int unsigned'],
    [T.bigint({ unsigned: true }), 'bigint unsigned'],
    [T.tinyint(), 'tinyint'],
    [T.boolean(), 'tinyint(1)'],
    [T.int({ displayWidth: 5, zerofill: true }), 'int(5) unsigned zerofill'],
    [T.decimal(10, 2), 'decimal(10,2)'],
    [T.decimal(), 'decimal(10,0)'],
    [T.decimal(65, 30, { unsigned: true }), 'decimal(65,30) unsigned'],
    [T.float(), 'float'],
    [T.double({ precision: 10, scale: 2 }), 'double(10,2)'],
    [T.bit(8), 'bit(8)'],
    [T.char(10), 'char(10)'],
    [T.varchar(255), 'varchar(255)'],
    [T.text(), 'text'],
    [T.longtext(), 'longtext'],
    [T.binary(16), 'binary(16)'],
    [T.varbinary(255), 'varbinary(255)'],
    [T.blob(), 'blob'],
    [T.mediumblob(), 'mediumblob'],
    [T.date(), 'date'],
    [T.datetime(), 'datetime'],
    [T.datetime(3), 'datetime(3)'],
    [T.timestamp(6), 'timestamp(6)'],
    [T.time(), 'time'],
    [T.year(), 'year'],
    [T.enum(['a', 'b']), "enum('a','b')"],
    [T.enum(["it's", 'x']), "enum('it''s','x')"],
    [T.set(['r', 'w']), "set('r','w')"],
    [T.json(), 'json'],
  ])('%o → %s', (t, s) => {
    expect(columnTypeString(t)).toBe(s);
  });
});

describe('the protocol view', () => {
  it.each<[SqlType, number]>([
    [T.tinyint(), MysqlType.TINY],
    [T.smallint(), MysqlType.SHORT],
    [T.mediumint(), MysqlType.INT24],
    [T.int(), MysqlType.LONG],
    [T.bigint(), MysqlType.LONGLONG],
    [T.decimal(5, 2), MysqlType.NEWDECIMAL],
    [T.float(), MysqlType.FLOAT],
    [T.double(), MysqlType.DOUBLE],
    [T.char(3), MysqlType.STRING],
    [T.varchar(3), MysqlType.VAR_STRING],
    [T.text(), MysqlType.BLOB],
    [T.varbinary(3), MysqlType.VAR_STRING],
    [T.date(), MysqlType.DATE],
    [T.datetime(), MysqlType.DATETIME],
    [T.timestamp(), MysqlType.TIMESTAMP],
    [T.time(), MysqlType.TIME],
    [T.year(), MysqlType.YEAR],
    [T.enum(['a']), MysqlType.STRING],
    [T.json(), MysqlType.JSON],
    [T.null(), MysqlType.NULL],
    [T.bit(1), MysqlType.BIT],
  ])('%o is sent as type %d', (t, code) => {
    expect(protocolType(t)).toBe(code);
  });

  it('sets flags from the type', () => {
    const f = columnFlags(T.bigint({ unsigned: true, nullable: false }));
    expect(f & ColumnFlag.NOT_NULL).toBeTruthy();
    expect(f & ColumnFlag.UNSIGNED).toBeTruthy();
    expect(f & ColumnFlag.NUM).toBeTruthy();
    expect(columnFlags(T.text()) & ColumnFlag.BLOB).toBeTruthy();
    expect(columnFlags(T.enum(['a'])) & ColumnFlag.ENUM).toBeTruthy();
    expect(columnFlags(T.varchar(3, { collation: 'utf8mb4_general_ci' })) & ColumnFlag.BINARY).toBe(0);
    expect(columnFlags(T.varbinary(3)) & ColumnFlag.BINARY).toBeTruthy();
  });

  it('gives display lengths, decimals and charset ids', () => {
    expect(columnDisplayLength(T.int())).toBe(11);
    expect(columnDisplayLength(T.bigint({ unsigned: true }))).toBe(20);
    expect(columnDisplayLength(T.varchar(10))).toBe(40);
    expect(columnDisplayLength(T.decimal(10, 2))).toBe(12);
    expect(columnDisplayLength(T.datetime(3))).toBe(23);
    expect(columnDecimals(T.decimal(10, 2))).toBe(2);
    expect(columnDecimals(T.double())).toBe(31);
    expect(columnDecimals(T.datetime(6))).toBe(6);
    expect(charsetId(T.varchar(1))).toBe(46);
    expect(charsetId(T.varchar(1, { collation: 'utf8mb4_0900_ai_ci' }))).toBe(255);
    expect(charsetId(T.int())).toBe(63);
  });

  it('knows integer ranges', () => {
    expect(integerRange('tinyint', false)).toEqual([-128n, 127n]);
    expect(integerRange('mediumint', true)).toEqual([0n, 16777215n]);
    expect(integerRange('bigint', true)).toEqual([0n, 18446744073709551615n]);
  });
});
