// The errors DDL raises beyond sql/errors.ts's shared set, worded exactly as MySQL 8.0 (and, for
// schema-sync failures that MySQL does not have, TiDB) words them. Names, codes and SQLSTATEs
// are the server's ER_* constants; drivers and ORMs branch on the numbers.
import { SqlError } from '../errors.js';

function make(code: string, errno: number, state: string, message: string): SqlError {
  return new SqlError(code, errno, state, message);
}

/** 1059 ER_TOO_LONG_IDENT: a name longer than 64 characters. */
export function identifierTooLong(name: string): SqlError {
  return make('SQL:TooLongIdent', 1059, '42000', `Identifier name '${name}' is too long`);
}

/** 1063 ER_WRONG_FIELD_SPEC: AUTO_INCREMENT on a column that cannot have it. */
export function wrongFieldSpec(column: string): SqlError {
  return make('SQL:WrongFieldSpec', 1063, '42000', `Incorrect column specifier for column '${column}'`);
}

/** 1067 ER_INVALID_DEFAULT. */
export function invalidDefault(column: string): SqlError {
  return make('SQL:InvalidDefault', 1067, '42000', `Invalid default value for '${column}'`);
}

/** 1068 ER_MULTIPLE_PRI_KEY. */
export function multiplePrimaryKey(): SqlError {
  return make('SQL:MultiplePriKey', 1068, '42000', 'Multiple primary key defined');
}

/** 1072 ER_KEY_COLUMN_DOES_NOT_EXITS. */
export function keyColumnNotExists(column: string): SqlError {
  return make('SQL:KeyColumnDoesNotExist', 1072, '42000', `Key column '${column}' doesn't exist in table`);
}

/** 1075 ER_WRONG_AUTO_KEY. */
export function wrongAutoKey(): SqlError {
  return make(
    'SQL:WrongAutoKey',
    1075,
    '42000',
    'Incorrect table definition; there can be only one auto column and it must be defined as a key',
  );
}

/** 1089 ER_WRONG_SUB_KEY: a prefix length on a non-string column or longer than the column. */
export function wrongSubKey(): SqlError {
  return make(
    'SQL:WrongSubKey',
    1089,
    'HY000',
    "Incorrect prefix key; the used key part isn't a string, the used length is longer than the key part, or the storage engine doesn't support unique prefix keys",
  );
}

/** 1090 ER_CANT_REMOVE_ALL_FIELDS. */
export function cantRemoveAllFields(): SqlError {
  return make('SQL:CantRemoveAllFields', 1090, '42000', "You can't delete all columns with ALTER TABLE; use DROP TABLE instead");
}

/** 1101 ER_BLOB_CANT_HAVE_DEFAULT. */
export function blobCantHaveDefault(column: string): SqlError {
  return make('SQL:BlobCantHaveDefault', 1101, '42000', `BLOB, TEXT, GEOMETRY or JSON column '${column}' can't have a default value`);
}

/** 1102 ER_WRONG_DB_NAME. */
export function wrongDbName(name: string): SqlError {
  return make('SQL:WrongDBName', 1102, '42000', `Incorrect database name '${name}'`);
}

/** 1103 ER_WRONG_TABLE_NAME. */
export function wrongTableName(name: string): SqlError {
  return make('SQL:WrongTableName', 1103, '42000', `Incorrect table name '${name}'`);
}

/** 1113 ER_TABLE_MUST_HAVE_COLUMNS. */
export function tableMustHaveColumns(): SqlError {
  return make('SQL:TableMustHaveColumns', 1113, '42000', 'A table must have at least 1 column');
}

/** 1138 ER_INVALID_USE_OF_NULL: NOT NULL / PRIMARY KEY added over a column that holds NULLs. */
export function invalidUseOfNull(): SqlError {
  return make('SQL:InvalidUseOfNull', 1138, '22004', 'Invalid use of NULL value');
}

/** 1166 ER_WRONG_COLUMN_NAME. */
export function wrongColumnName(name: string): SqlError {
  return make('SQL:WrongColumnName', 1166, '42000', `Incorrect column name '${name}'`);
}

/** 1170 ER_BLOB_KEY_WITHOUT_LENGTH. */
export function blobKeyWithoutLength(column: string): SqlError {
  return make('SQL:BlobKeyWithoutLength', 1170, '42000', `BLOB/TEXT column '${column}' used in key specification without a key length`);
}

/** 1171 ER_PRIMARY_CANT_HAVE_NULL. */
export function primaryCantHaveNull(): SqlError {
  return make(
    'SQL:PrimaryCantHaveNull',
    1171,
    '42000',
    'All parts of a PRIMARY KEY must be NOT NULL; if you need NULL in a key, use UNIQUE instead',
  );
}

/** 1280 ER_WRONG_NAME_FOR_INDEX. */
export function wrongIndexName(name: string): SqlError {
  return make('SQL:WrongNameForIndex', 1280, '42000', `Incorrect index name '${name}'`);
}

/** 1054 as ALTER TABLE … AFTER x words it: the table name in place of the clause. */
export function unknownColumnInTable(column: string, table: string): SqlError {
  return make('SQL:BadField', 1054, '42S22', `Unknown column '${column}' in '${table}'`);
}

/** 8027 (TiDB): this server could not confirm its schema within a lease, so it may be stale. */
export function schemaOutOfDate(): SqlError {
  return make(
    'SQL:InfoSchemaExpired',
    8027,
    'HY000',
    'Information schema is out of date: schema failed to update in 1 lease, please make sure TiDB can connect to TiKV',
  );
}

/** 8028 (TiDB): a table this transaction wrote changed its definition since the transaction
 *  planned; retrying the transaction runs it against the new definition. */
export function schemaChanged(): SqlError {
  const err = make(
    'SQL:InfoSchemaChanged',
    8028,
    'HY000',
    'Information schema is changed during the execution of the statement(for example, table definition may be updated by other DDL ran in parallel). If you see this error often, try increasing `tidb_max_delta_schema_count`. [try again later]',
  );
  return err;
}

/** 1347 ER_WRONG_OBJECT: DROP VIEW of a base table ("'db.t' is not VIEW"), or a table statement
 *  (ALTER, TRUNCATE, CREATE INDEX) naming a view ("'db.v' is not BASE TABLE"). */
export function wrongObject(db: string, name: string, expected: 'VIEW' | 'BASE TABLE'): SqlError {
  return make('SQL:WrongObject', 1347, 'HY000', `'${db}.${name}' is not ${expected}`);
}

export function notView(db: string, name: string): SqlError {
  return wrongObject(db, name, 'VIEW');
}

/** 1353 ER_VIEW_WRONG_LIST. */
export function viewColumnCount(): SqlError {
  return make('SQL:ViewWrongList', 1353, 'HY000', 'In definition of view, derived table or common table expression, SELECT list and column names list have different column counts');
}
