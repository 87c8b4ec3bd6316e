// The errors and warnings of the SQL layer, as MySQL gives them.
//
// Every user-facing failure of the SQL engine is a `SqlError`: a stable Strata `code`
// ('SQL:DupEntry'), the MySQL error number (1062), the SQLSTATE ('23000') and the message built
// from MySQL 8.0's own template ("Duplicate entry '1' for key 't.PRIMARY'"). The wire layer sends
// `mysqlErrno`, `sqlState` and `message` unchanged in the ERR packet, so drivers and ORMs that
// branch on numbers or states behave as they do against MySQL.
//
// In non-strict sql_mode, and for conditions MySQL only notes, the same conditions become
// `Warning`s (SHOW WARNINGS rows: Level, Code, Message). `warningOf(err)` turns an error into the
// warning MySQL would record instead, so one factory serves both modes.
//
// Notes on MySQL's own quirks kept here on purpose:
// - Invalid temporal values for a column are reported with code 1292 (ER_TRUNCATED_WRONG_VALUE)
//   but worded like 1366 ("Incorrect datetime value: 'x' for column 'c' at row 1"); in function
//   context the wording is that of 1525 ("Incorrect datetime value: 'x'"), still code 1292.
// - 1062 names the key as `table.key` (MySQL 8.0.19+).
import { StrataError } from '../util/errors.js';

export type WarningLevel = 'Note' | 'Warning' | 'Error';

/** One row of SHOW WARNINGS. */
export interface Warning {
  readonly level: WarningLevel;
  readonly code: number;
  readonly message: string;
}

/** Where evaluation reports warnings (the session collects them per statement). */
export interface WarningSink {
  warn(w: Warning): void;
}

export class SqlError extends StrataError {
  readonly code: string;
  readonly mysqlErrno: number;
  readonly sqlState: string;

  constructor(code: string, mysqlErrno: number, sqlState: string, message: string) {
    super(message);
    this.code = code;
    this.mysqlErrno = mysqlErrno;
    this.sqlState = sqlState;
  }

  /** The warning MySQL records instead of raising this error (non-strict mode, IGNORE). */
  toWarning(level: WarningLevel = 'Warning'): Warning {
    return { level, code: this.mysqlErrno, message: this.message };
  }
}

/** SqlError subclass for write conflicts: carries what a retrying client or a log needs. */
export class WriteConflictError extends SqlError {
  override readonly retryable = true;
  constructor(
    message: string,
    readonly startTs: bigint,
    readonly conflictStartTs: bigint,
    readonly conflictCommitTs: bigint,
    readonly key: string,
  ) {
    super('SQL:WriteConflict', 1213, '40001', message);
  }
}

export function warningOf(err: SqlError, level: WarningLevel = 'Warning'): Warning {
  return err.toWarning(level);
}

function make(code: string, errno: number, state: string, message: string): SqlError {
  return new SqlError(code, errno, state, message);
}

// ---- parsing and support ---------------------------------------------------------------------

/** 1064: `near` is the unparsed rest of the statement as MySQL quotes it (first 80 chars). */
export function parseError(near: string, line = 1): SqlError {
  return make(
    'SQL:ParseError',
    1064,
    '42000',
    `You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '${near.slice(0, 80)}' at line ${line}`,
  );
}

/** 1235: `what` completes "This version of MySQL doesn't yet support '…'". */
export function notSupported(what: string): SqlError {
  return make('SQL:NotSupported', 1235, '42000', `This version of MySQL doesn't yet support '${what}'`);
}

/** 1105: MySQL's (and TiDB's) catch-all with a free-form message. */
export function unknownError(message = 'Unknown error'): SqlError {
  return make('SQL:Unknown', 1105, 'HY000', message);
}

// ---- names: databases, tables, columns, keys ---------------------------------------------------

export function noDatabaseSelected(): SqlError {
  return make('SQL:NoDB', 1046, '3D000', 'No database selected');
}

export function unknownDatabase(db: string): SqlError {
  return make('SQL:BadDB', 1049, '42000', `Unknown database '${db}'`);
}

export function databaseExists(db: string): SqlError {
  return make('SQL:DBExists', 1007, 'HY000', `Can't create database '${db}'; database exists`);
}

export function databaseDropNotExists(db: string): SqlError {
  return make('SQL:DBDropNotExists', 1008, 'HY000', `Can't drop database '${db}'; database doesn't exist`);
}

/** 1044 ER_DBACCESS_DENIED_ERROR: e.g. any write to information_schema. */
export function dbAccessDenied(user: string, host: string, db: string): SqlError {
  return make('SQL:DBAccessDenied', 1044, '42000', `Access denied for user '${user}'@'${host}' to database '${db}'`);
}

export function tableNotExists(db: string, table: string): SqlError {
  return make('SQL:NoSuchTable', 1146, '42S02', `Table '${db}.${table}' doesn't exist`);
}

export function tableExists(table: string): SqlError {
  return make('SQL:TableExists', 1050, '42S01', `Table '${table}' already exists`);
}

/** 1051, as DROP TABLE reports it: `names` is the comma-joined list "db.t1,db.t2". */
export function unknownTable(names: string): SqlError {
  return make('SQL:BadTable', 1051, '42S02', `Unknown table '${names}'`);
}

/** 1054: `where` is MySQL's clause name: 'field list', 'where clause', 'order clause', 'on clause'… */
export function unknownColumn(column: string, where = 'field list'): SqlError {
  return make('SQL:BadField', 1054, '42S22', `Unknown column '${column}' in '${where}'`);
}

/** 1052: "Column 'a' in field list is ambiguous" (the clause is not quoted, as in MySQL). */
export function ambiguousColumn(column: string, where = 'field list'): SqlError {
  return make('SQL:NonUniq', 1052, '23000', `Column '${column}' in ${where} is ambiguous`);
}

export function duplicateColumnName(column: string): SqlError {
  return make('SQL:DupFieldName', 1060, '42S21', `Duplicate column name '${column}'`);
}

export function duplicateKeyName(key: string): SqlError {
  return make('SQL:DupKeyName', 1061, '42000', `Duplicate key name '${key}'`);
}

export function cantDropFieldOrKey(name: string): SqlError {
  return make('SQL:CantDropFieldOrKey', 1091, '42000', `Can't DROP '${name}'; check that column/key exists`);
}

/** 1305: kind is 'FUNCTION' or 'PROCEDURE'; name is qualified like MySQL: "test.foo". */
export function functionNotExists(name: string, kind = 'FUNCTION'): SqlError {
  return make('SQL:SpDoesNotExist', 1305, '42000', `${kind} ${name} does not exist`);
}

export function wrongParamCount(fn: string): SqlError {
  return make('SQL:WrongParamCount', 1582, '42000', `Incorrect parameter count in the call to native function '${fn}'`);
}

export function wrongParameters(fn: string): SqlError {
  return make('SQL:WrongParameters', 1583, '42000', `Incorrect parameters in the call to native function '${fn}'`);
}

// ---- data: constraints and conversions ---------------------------------------------------------

/** 1062: `key` is "table.index" (MySQL 8.0.19+), e.g. 't.PRIMARY'. */
export function duplicateEntry(entry: string, key: string): SqlError {
  return make('SQL:DupEntry', 1062, '23000', `Duplicate entry '${entry}' for key '${key}'`);
}

export function columnCannotBeNull(column: string): SqlError {
  return make('SQL:BadNull', 1048, '23000', `Column '${column}' cannot be null`);
}

/** 1263 (non-strict multi-row INSERT of NULL into NOT NULL): a warning, the default is used. */
export function nullToNotNull(column: string, row: number): SqlError {
  return make('SQL:NullToNotNull', 1263, '22004', `Column set to default value; NULL supplied to NOT NULL column '${column}' at row ${row}`);
}

export function outOfRangeForColumn(column: string, row: number): SqlError {
  return make('SQL:OutOfRange', 1264, '22003', `Out of range value for column '${column}' at row ${row}`);
}

export function dataTooLong(column: string, row: number): SqlError {
  return make('SQL:DataTooLong', 1406, '22001', `Data too long for column '${column}' at row ${row}`);
}

/** 1265: strict mode error for '12abc' into an INT; otherwise a warning (or a note for rounding). */
export function dataTruncated(column: string, row: number): SqlError {
  return make('SQL:DataTruncated', 1265, '01000', `Data truncated for column '${column}' at row ${row}`);
}

/** 1366: `typeName` is MySQL's word: 'integer', 'decimal', 'double', 'string', 'date', … */
export function incorrectValueForColumn(typeName: string, value: string, column: string, row: number): SqlError {
  return make(
    'SQL:IncorrectValue',
    1366,
    'HY000',
    `Incorrect ${typeName} value: '${value}' for column '${column}' at row ${row}`,
  );
}

/** 1292 with 1366's wording: an invalid temporal value for a column. */
export function incorrectTemporalForColumn(typeName: string, value: string, column: string, row: number): SqlError {
  return make(
    'SQL:TruncatedWrongValue',
    1292,
    '22007',
    `Incorrect ${typeName} value: '${value}' for column '${column}' at row ${row}`,
  );
}

/** 1292: "Truncated incorrect DOUBLE value: '1x'" (string→number in expressions, casts). */
export function truncatedWrongValue(typeName: string, value: string): SqlError {
  return make('SQL:TruncatedWrongValue', 1292, '22007', `Truncated incorrect ${typeName} value: '${value}'`);
}

/** 1292 with 1525's wording: an invalid temporal value in an expression ("Incorrect datetime value: 'x'"). */
export function incorrectTemporalValue(typeName: string, value: string): SqlError {
  return make('SQL:TruncatedWrongValue', 1292, '22007', `Incorrect ${typeName} value: '${value}'`);
}

/** 1525: "Incorrect DATE value: 'x'" (a literal that is not a valid value of its type). */
export function wrongValue(typeName: string, value: string): SqlError {
  return make('SQL:WrongValue', 1525, 'HY000', `Incorrect ${typeName} value: '${value}'`);
}

/** 1411: "Incorrect datetime value: 'x' for function str_to_date". */
export function wrongValueForFunction(typeName: string, value: string, fn: string): SqlError {
  return make('SQL:WrongValueForType', 1411, 'HY000', `Incorrect ${typeName} value: '${value}' for function ${fn}`);
}

export function divisionByZero(): SqlError {
  return make('SQL:DivisionByZero', 1365, '22012', 'Division by 0');
}

/** 1690: `typeName` 'BIGINT', 'BIGINT UNSIGNED', 'DECIMAL', 'DOUBLE'; `expr` as MySQL prints it: '(1 + 2)'. */
export function valueOutOfRange(typeName: string, expr: string): SqlError {
  return make('SQL:DataOutOfRange', 1690, '22003', `${typeName} value is out of range in '${expr}'`);
}

/** 1441: a date function's result is outside the supported range. */
export function datetimeFunctionOverflow(fn: string): SqlError {
  return make('SQL:DatetimeFunctionOverflow', 1441, '22008', `Datetime function: ${fn} field overflow`);
}

/** 1260: GROUP_CONCAT reached group_concat_max_len. */
export function groupConcatCut(row: number): SqlError {
  return make('SQL:CutValueGroupConcat', 1260, 'HY000', `Row ${row} was cut by GROUP_CONCAT()`);
}

/** 1267: two strings with incompatible collations are compared. */
export function illegalMixOfCollations(c1: string, d1: string, c2: string, d2: string, op: string): SqlError {
  return make(
    'SQL:CantAggregate2Collations',
    1267,
    'HY000',
    `Illegal mix of collations (${c1},${d1}) and (${c2},${d2}) for operation '${op}'`,
  );
}

/** 1273: an unknown collation name. */
export function unknownCollation(name: string): SqlError {
  return make('SQL:UnknownCollation', 1273, 'HY000', `Unknown collation: '${name}'`);
}

/** 1301: a string function's result would exceed max_allowed_packet (REPEAT, LPAD, SPACE…). */
export function resultTooLarge(fn: string, maxAllowed: number): SqlError {
  return make(
    'SQL:WarnAllowedPacketOverflowed',
    1301,
    'HY000',
    `Result of ${fn}() was larger than max_allowed_packet (${maxAllowed}) - truncated`,
  );
}

// ---- statements and rows -----------------------------------------------------------------------

export function columnCountMismatch(row: number): SqlError {
  return make('SQL:WrongValueCountOnRow', 1136, '21S01', `Column count doesn't match value count at row ${row}`);
}

export function operandColumns(n: number): SqlError {
  return make('SQL:OperandColumns', 1241, '21000', `Operand should contain ${n} column(s)`);
}

export function subqueryMoreThanOneRow(): SqlError {
  return make('SQL:SubqueryNo1Row', 1242, '21000', 'Subquery returns more than 1 row');
}

// ---- transactions ------------------------------------------------------------------------------

/** 1213 with MySQL's deadlock text. */
export function deadlock(): SqlError {
  return make('SQL:Deadlock', 1213, '40001', 'Deadlock found when trying to get lock; try restarting transaction');
}

/** 1213 / 40001 in TiDB's write-conflict wording, so drivers retry and humans see the cause. */
export function writeConflict(startTs: bigint, conflictStartTs: bigint, conflictCommitTs: bigint, key: string): WriteConflictError {
  return new WriteConflictError(
    `Write conflict, txnStartTS=${startTs}, conflictStartTS=${conflictStartTs}, conflictCommitTS=${conflictCommitTs}, key=${key} [try again later]`,
    startTs,
    conflictStartTs,
    conflictCommitTs,
    key,
  );
}

// ---- JSON --------------------------------------------------------------------------------------

/** 3140: invalid JSON for a JSON column. `reason` is the parser's message ("Invalid value."). */
export function invalidJsonText(reason: string, position: number, column: string): SqlError {
  return make(
    'SQL:InvalidJsonText',
    3140,
    '22032',
    `Invalid JSON text: "${reason}" at position ${position} in value for column '${column}'.`,
  );
}

/** 3141: invalid JSON text passed to a JSON function. `argNo` is 1-based. */
export function invalidJsonTextInParam(argNo: number, fn: string, reason: string, position: number): SqlError {
  return make(
    'SQL:InvalidJsonTextInParam',
    3141,
    '22032',
    `Invalid JSON text in argument ${argNo} to function ${fn}: "${reason}" at position ${position}.`,
  );
}

/** 3143: a JSON path that does not parse; position is the 0-based character offset. */
export function invalidJsonPath(position: number): SqlError {
  return make('SQL:InvalidJsonPath', 3143, '42000', `Invalid JSON path expression. The error is around character position ${position}.`);
}

/** 3149: wildcards in a path where one value is expected (JSON_SET paths, ->). */
export function invalidJsonPathWildcard(): SqlError {
  return make('SQL:InvalidJsonPathWildcard', 3149, '42000', "In this situation, path expressions may not contain the * and ** tokens or an array range.");
}

/** 3144: CAST(... AS JSON) of an unsupported charset (binary strings). */
export function invalidJsonCharset(charset: string): SqlError {
  return make('SQL:InvalidJsonCharset', 3144, '22032', `Cannot create a JSON value from a string with CHARACTER SET '${charset}'.`);
}

/** 3156: a JSON value that cannot be cast to the requested type. */
export function invalidJsonValueForCast(typeName: string, column: string, row: number): SqlError {
  return make('SQL:InvalidJsonValueForCast', 3156, '22018', `Invalid JSON value for CAST to ${typeName} from column ${column} at row ${row}`);
}

/** 3146: a JSON function got a non-JSON-typed argument where JSON is required. */
export function invalidJsonType(argNo: number, fn: string): SqlError {
  return make('SQL:InvalidTypeForJson', 3146, '22032', `Invalid data type for JSON data in argument ${argNo} to function ${fn}; a JSON string or JSON type is required.`);
}

/** 3158: JSON_OBJECT with an odd number of arguments is 1582; a NULL key is 3158. */
export function jsonDocumentNullKey(): SqlError {
  return make('SQL:JsonDocumentNullKey', 3158, '22032', 'JSON documents may not contain NULL member names.');
}

// ---- system variables and SHOW -----------------------------------------------------------------

/** 1193: a name no system variable has. */
export function unknownSystemVariable(name: string): SqlError {
  return make('SQL:UnknownSystemVariable', 1193, 'HY000', `Unknown system variable '${name}'`);
}

/** 1231: a value the variable does not take ('NULL' for NULL). */
export function wrongValueForVariable(name: string, value: string): SqlError {
  return make('SQL:WrongValueForVar', 1231, '42000', `Variable '${name}' can't be set to the value of '${value}'`);
}

/** 1232: a value of the wrong type (a string for an integer variable, a float …). */
export function wrongTypeForVariable(name: string): SqlError {
  return make('SQL:WrongTypeForVar', 1232, '42000', `Incorrect argument type to variable '${name}'`);
}

/** 1228: SET GLOBAL of a session-only variable. */
export function localVariable(name: string): SqlError {
  return make('SQL:LocalVariable', 1228, 'HY000', `Variable '${name}' is a SESSION variable and can't be used with SET GLOBAL`);
}

/** 1229: SET [SESSION] of a global-only variable. */
export function globalVariable(name: string): SqlError {
  return make('SQL:GlobalVariable', 1229, 'HY000', `Variable '${name}' is a GLOBAL variable and should be set with SET GLOBAL`);
}

/** 1238: reading a variable in a scope it lacks ('GLOBAL'/'SESSION'), or writing a read-only one ('read only'). */
export function incorrectGlobalLocalVar(name: string, what: 'GLOBAL' | 'SESSION' | 'read only'): SqlError {
  return make('SQL:IncorrectGlobalLocalVar', 1238, 'HY000', `Variable '${name}' is a ${what} variable`);
}

/** 1621: a variable whose session value is read-only (max_allowed_packet, net_buffer_length). */
export function sessionReadOnlyVariable(name: string): SqlError {
  return make('SQL:VariableIsReadonly', 1621, 'HY000', `SESSION variable '${name}' is read-only. Use SET GLOBAL to assign the value`);
}

/** 1298: a time_zone value that is neither SYSTEM, an offset nor a known zone name. */
export function unknownTimeZone(zone: string): SqlError {
  return make('SQL:UnknownTimeZone', 1298, 'HY000', `Unknown or incorrect time zone: '${zone}'`);
}

/** 1115: an unknown character set name. */
export function unknownCharacterSet(name: string): SqlError {
  return make('SQL:UnknownCharacterSet', 1115, '42000', `Unknown character set: '${name}'`);
}

/** 1094: KILL of a connection id no session has. */
export function noSuchThread(id: bigint | number): SqlError {
  return make('SQL:NoSuchThread', 1094, 'HY000', `Unknown thread id: ${id}`);
}
