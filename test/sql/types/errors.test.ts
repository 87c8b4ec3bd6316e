// MySQL errors: codes, SQLSTATEs and message texts exactly as MySQL 8.0 prints them.
import { describe, expect, it } from 'vitest';
import * as E from '../../../sql/errors.js';
import { StrataError } from '../../../util/errors.js';

describe('SqlError factories', () => {
  it.each<[E.SqlError, number, string, string]>([
    [E.parseError("FROM t WHERE"), 1064, '42000', "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near 'FROM t WHERE' at line 1"],
    [E.notSupported('LIMIT & IN/ALL/ANY/SOME subquery'), 1235, '42000', "This version of MySQL doesn't yet support 'LIMIT & IN/ALL/ANY/SOME subquery'"],
    [E.noDatabaseSelected(), 1046, '3D000', 'No database selected'],
    [E.unknownDatabase('nope'), 1049, '42000', "Unknown database 'nope'"],
    [E.tableNotExists('test', 't'), 1146, '42S02', "Table 'test.t' doesn't exist"],
    [E.unknownColumn('x'), 1054, '42S22', "Unknown column 'x' in 'field list'"],
    [E.unknownColumn('t.x', 'where clause'), 1054, '42S22', "Unknown column 't.x' in 'where clause'"],
    [E.ambiguousColumn('id'), 1052, '23000', "Column 'id' in field list is ambiguous"],
    [E.duplicateEntry('1', 't.PRIMARY'), 1062, '23000', "Duplicate entry '1' for key 't.PRIMARY'"],
    [E.columnCannotBeNull('name'), 1048, '23000', "Column 'name' cannot be null"],
    [E.outOfRangeForColumn('c', 2), 1264, '22003', "Out of range value for column 'c' at row 2"],
    [E.dataTooLong('c', 1), 1406, '22001', "Data too long for column 'c' at row 1"],
    [E.incorrectValueForColumn('integer', 'abc', 'c', 1), 1366, 'HY000', "Incorrect integer value: 'abc' for column 'c' at row 1"],
    [E.truncatedWrongValue('DOUBLE', '1x'), 1292, '22007', "Truncated incorrect DOUBLE value: '1x'"],
    [E.incorrectTemporalForColumn('date', '2023-02-30', 'd', 1), 1292, '22007', "Incorrect date value: '2023-02-30' for column 'd' at row 1"],
    [E.divisionByZero(), 1365, '22012', 'Division by 0'],
    [E.deadlock(), 1213, '40001', 'Deadlock found when trying to get lock; try restarting transaction'],
    [E.unknownError('region unavailable'), 1105, 'HY000', 'region unavailable'],
    [E.tableExists('t'), 1050, '42S01', "Table 't' already exists"],
    [E.databaseExists('d'), 1007, 'HY000', "Can't create database 'd'; database exists"],
    [E.databaseDropNotExists('d'), 1008, 'HY000', "Can't drop database 'd'; database doesn't exist"],
    [E.unknownTable('test.t'), 1051, '42S02', "Unknown table 'test.t'"],
    [E.cantDropFieldOrKey('k'), 1091, '42000', "Can't DROP 'k'; check that column/key exists"],
    [E.duplicateKeyName('k'), 1061, '42000', "Duplicate key name 'k'"],
    [E.duplicateColumnName('c'), 1060, '42S21', "Duplicate column name 'c'"],
    [E.columnCountMismatch(1), 1136, '21S01', "Column count doesn't match value count at row 1"],
    [E.operandColumns(1), 1241, '21000', 'Operand should contain 1 column(s)'],
    [E.subqueryMoreThanOneRow(), 1242, '21000', 'Subquery returns more than 1 row'],
    [E.wrongParamCount('concat_ws'), 1582, '42000', "Incorrect parameter count in the call to native function 'concat_ws'"],
    [E.wrongParameters('ESCAPE'), 1583, '42000', "Incorrect parameters in the call to native function 'ESCAPE'"],
    [E.functionNotExists('test.foo'), 1305, '42000', 'FUNCTION test.foo does not exist'],
    [E.valueOutOfRange('BIGINT', '(9223372036854775807 + 1)'), 1690, '22003', "BIGINT value is out of range in '(9223372036854775807 + 1)'"],
    [E.invalidJsonText('Invalid value.', 0, 'j'), 3140, '22032', `Invalid JSON text: "Invalid value." at position 0 in value for column 'j'.`],
    [E.wrongValueForFunction('datetime', 'x', 'str_to_date'), 1411, 'HY000', "Incorrect datetime value: 'x' for function str_to_date"],
    [E.wrongValue('DATE', '2024-13-01'), 1525, 'HY000', "Incorrect DATE value: '2024-13-01'"],
  ])('%s', (err, errno, state, message) => {
    expect(err).toBeInstanceOf(StrataError);
    expect(err.mysqlErrno).toBe(errno);
    expect(err.sqlState).toBe(state);
    expect(err.sqlState).toHaveLength(5);
    expect(err.message).toBe(message);
    expect(err.code).toMatch(/^SQL:/);
  });

  it('carries write-conflict details and is retryable', () => {
    const e = E.writeConflict(10n, 11n, 12n, '7480000000000000015f728000000000000001');
    expect(e.mysqlErrno).toBe(1213);
    expect(e.sqlState).toBe('40001');
    expect(e.retryable).toBe(true);
    expect(e.message).toBe('Write conflict, txnStartTS=10, conflictStartTS=11, conflictCommitTS=12, key=7480000000000000015f728000000000000001 [try again later]');
  });

  it('turns into SHOW WARNINGS rows', () => {
    expect(E.divisionByZero().toWarning()).toEqual({ level: 'Warning', code: 1365, message: 'Division by 0' });
    expect(E.dataTruncated('c', 1).toWarning('Note')).toEqual({ level: 'Note', code: 1265, message: "Data truncated for column 'c' at row 1" });
  });
});
