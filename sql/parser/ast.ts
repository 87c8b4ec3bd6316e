// The typed AST of Strata's SQL dialect (MySQL): what sql/parser produces and the planner,
// the catalog and the session consume.
//
// Every node is a readonly object tagged by `kind`. Node-sql-parser's untyped output never
// leaves sql/parser: the converters turn it into these nodes or fail with 1064/1235.
//
// Conventions:
//   - Identifiers keep the case they were written in (MySQL compares table names
//     case-sensitively on Linux, column names case-insensitively; the binder decides).
//   - Operators and function names are the names of the sql/expr registry ('+', 'div', '<=>',
//     'and', 'xor', 'like', 'date_add', 'substring', 'locate', …), lower case, so the planner
//     binds a call with `bindFunction(node.name, …)` without a translation table. IS, LIKE, IN,
//     BETWEEN, CASE, CAST have their own nodes; `registryName` in sql/parser names their
//     functions ('is_null', 'not_like', 'not_between', 'case_simple', …).
//   - Integer literals keep their exact text and value as bigint, so 18446744073709551615 and
//     -9223372036854775808 are never rounded; DECIMAL literals keep their text; only
//     literals with an exponent (1e3) are floats.
import type { SqlType } from '../types/column-type.js';
import type { CastTarget } from '../types/convert.js';
import type { IntervalUnit } from '../types/interval.js';

// ---- expressions -------------------------------------------------------------------------------

export interface ColumnRef {
  readonly kind: 'Column';
  readonly db?: string;
  readonly table?: string;
  readonly column: string;
}

export interface IntLiteral {
  readonly kind: 'IntLiteral';
  /** Exact decimal text, with a leading '-' when negated in the source. */
  readonly text: string;
  readonly value: bigint;
}

export interface DecimalLiteral {
  readonly kind: 'DecimalLiteral';
  /** Exact text as written ('1.50', '-0.5'). */
  readonly text: string;
}

export interface FloatLiteral {
  readonly kind: 'FloatLiteral';
  readonly text: string;
  readonly value: number;
}

export interface StringLiteral {
  readonly kind: 'StringLiteral';
  /** The unescaped value. */
  readonly value: string;
  /** Charset introducer (`_utf8mb4'x'`), lower case; N'x' is 'utf8mb4'. */
  readonly charset?: string;
}

export interface HexLiteral {
  readonly kind: 'HexLiteral';
  /** Hex digits without prefix (X'0A' and 0x0A both give '0A'). */
  readonly hex: string;
}

export interface BitLiteral {
  readonly kind: 'BitLiteral';
  /** Binary digits without prefix (b'101' gives '101'). */
  readonly bits: string;
}

export interface NullLiteral {
  readonly kind: 'NullLiteral';
}

export interface BoolLiteral {
  readonly kind: 'BoolLiteral';
  readonly value: boolean;
}

/** DATE '2020-01-01', TIME '10:00:00', TIMESTAMP '2020-01-01 10:00:00'. */
export interface TemporalLiteral {
  readonly kind: 'TemporalLiteral';
  readonly type: 'date' | 'time' | 'timestamp';
  readonly text: string;
}

/** A `?` marker; `index` counts from 0 in the order of the markers in the statement text. */
export interface Param {
  readonly kind: 'Param';
  readonly index: number;
}

/** `@x` (user) or `@@x`, `@@session.x`, `@@global.x` (system; `scope` says which was written). */
export interface Variable {
  readonly kind: 'Variable';
  readonly system: boolean;
  readonly scope: 'user' | 'default' | 'session' | 'global';
  readonly name: string;
}

export type UnaryOp = 'neg' | 'not' | '~' | '+';

export interface Unary {
  readonly kind: 'Unary';
  readonly op: UnaryOp;
  readonly expr: Expr;
}

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | 'div'
  | '%'
  | '='
  | '<=>'
  | '<>'
  | '<'
  | '<='
  | '>'
  | '>='
  | 'and'
  | 'or'
  | 'xor'
  | '&'
  | '|'
  | '^'
  | '<<'
  | '>>'
  | '->'
  | '->>'
  | 'regexp'
  | 'not_regexp';

export interface Binary {
  readonly kind: 'Binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

/** `expr IS [NOT] NULL | TRUE | FALSE | UNKNOWN`. */
export interface Is {
  readonly kind: 'Is';
  readonly expr: Expr;
  readonly not: boolean;
  readonly test: 'null' | 'true' | 'false' | 'unknown';
}

export interface Like {
  readonly kind: 'Like';
  readonly not: boolean;
  readonly expr: Expr;
  readonly pattern: Expr;
  readonly escape?: Expr;
}

export interface InList {
  readonly kind: 'InList';
  readonly not: boolean;
  readonly expr: Expr;
  readonly list: readonly Expr[];
}

export interface InSubquery {
  readonly kind: 'InSubquery';
  readonly not: boolean;
  readonly expr: Expr;
  readonly query: QueryExpr;
}

export interface Between {
  readonly kind: 'Between';
  readonly not: boolean;
  readonly expr: Expr;
  readonly low: Expr;
  readonly high: Expr;
}

export interface Exists {
  readonly kind: 'Exists';
  readonly not: boolean;
  readonly query: QueryExpr;
}

/** `expr <op> ANY | SOME | ALL (subquery)`; `op` is a comparison ('=', '<>', '<', …). */
export interface Quantified {
  readonly kind: 'Quantified';
  readonly op: '=' | '<>' | '<' | '<=' | '>' | '>=';
  readonly quantifier: 'any' | 'all';
  readonly expr: Expr;
  readonly query: QueryExpr;
}

/** A scalar subquery `(SELECT …)`. */
export interface Subquery {
  readonly kind: 'Subquery';
  readonly query: QueryExpr;
}

export interface WhenClause {
  readonly when: Expr;
  readonly then: Expr;
}

/** Simple CASE when `operand` is set ('case_simple'), searched CASE otherwise ('case'). */
export interface Case {
  readonly kind: 'Case';
  readonly operand?: Expr;
  readonly whens: readonly WhenClause[];
  readonly else?: Expr;
}

/** CAST(x AS type) and CONVERT(x, type). */
export interface Cast {
  readonly kind: 'Cast';
  readonly expr: Expr;
  readonly target: CastTarget;
}

/** CONVERT(x USING charset). */
export interface ConvertUsing {
  readonly kind: 'ConvertUsing';
  readonly expr: Expr;
  readonly charset: string;
}

/** `expr COLLATE name`. */
export interface Collate {
  readonly kind: 'Collate';
  readonly expr: Expr;
  readonly collation: string;
}

/**
 * A scalar function call by registry name. Keyword arguments travel beside the values as the
 * registry's FunctionOptions expect them: DATE_ADD(d, INTERVAL 1 DAY) and `d + INTERVAL 1 DAY`
 * are `date_add(d, 1)` with unit 'DAY'; EXTRACT(YEAR FROM d) is `extract(d)` with unit 'YEAR';
 * TRIM(LEADING 'x' FROM s) is `trim(s, 'x')` with trimMode 'leading'; SUBSTRING(s FROM a FOR b)
 * is `substring(s, a, b)`; POSITION(a IN b) is `locate(a, b)`.
 */
export interface Call {
  readonly kind: 'Call';
  readonly name: string;
  readonly args: readonly Expr[];
  readonly unit?: IntervalUnit;
  readonly trimMode?: 'both' | 'leading' | 'trailing';
}

export type AggregateName =
  | 'count'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'group_concat'
  | 'bit_and'
  | 'bit_or'
  | 'bit_xor'
  | 'std'
  | 'stddev'
  | 'stddev_pop'
  | 'stddev_samp'
  | 'variance'
  | 'var_pop'
  | 'var_samp'
  | 'any_value'
  | 'json_arrayagg'
  | 'json_objectagg';

export interface Aggregate {
  readonly kind: 'Aggregate';
  readonly name: AggregateName;
  /** Empty for COUNT(*). */
  readonly args: readonly Expr[];
  readonly star: boolean;
  readonly distinct: boolean;
  /** GROUP_CONCAT(… ORDER BY …). */
  readonly orderBy?: readonly OrderItem[];
  /** GROUP_CONCAT(… SEPARATOR 'x'); the default ',' when absent. */
  readonly separator?: string;
  /** An aggregate used as a window function. */
  readonly over?: WindowSpec;
}

/** ROW_NUMBER(), RANK(), DENSE_RANK(), LAG(), LEAD(), FIRST_VALUE(), … OVER (…). */
export interface WindowFunction {
  readonly kind: 'WindowFunction';
  readonly name: string;
  readonly args: readonly Expr[];
  readonly over: WindowSpec;
}

export type FrameBound =
  | { readonly kind: 'UnboundedPreceding' }
  | { readonly kind: 'UnboundedFollowing' }
  | { readonly kind: 'CurrentRow' }
  | { readonly kind: 'Preceding'; readonly offset: Expr }
  | { readonly kind: 'Following'; readonly offset: Expr };

export interface WindowFrame {
  readonly unit: 'rows' | 'range';
  readonly start: FrameBound;
  /** Absent for the short form `ROWS <start>`. */
  readonly end?: FrameBound;
}

export interface WindowSpec {
  /** `OVER w` or `OVER (w …)`: a window named in the WINDOW clause. */
  readonly ref?: string;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly frame?: WindowFrame;
}

/** DEFAULT in VALUES/SET, or DEFAULT(col). */
export interface DefaultValue {
  readonly kind: 'Default';
  readonly column?: string;
}

/** VALUES(col) inside ON DUPLICATE KEY UPDATE: the value the row would have inserted. */
export interface ValuesOf {
  readonly kind: 'ValuesOf';
  readonly column: ColumnRef;
}

/** A row constructor `(a, b)` / ROW(a, b), as in `(a, b) = (1, 2)` or `(a, b) IN ((1, 2))`. */
export interface RowExpr {
  readonly kind: 'Row';
  readonly items: readonly Expr[];
}

export type Expr =
  | ColumnRef
  | IntLiteral
  | DecimalLiteral
  | FloatLiteral
  | StringLiteral
  | HexLiteral
  | BitLiteral
  | NullLiteral
  | BoolLiteral
  | TemporalLiteral
  | Param
  | Variable
  | Unary
  | Binary
  | Is
  | Like
  | InList
  | InSubquery
  | Between
  | Exists
  | Quantified
  | Subquery
  | Case
  | Cast
  | ConvertUsing
  | Collate
  | Call
  | Aggregate
  | WindowFunction
  | DefaultValue
  | ValuesOf
  | RowExpr;

// ---- queries -----------------------------------------------------------------------------------

export interface TableName {
  readonly db?: string;
  readonly name: string;
}

export type SelectItem =
  | { readonly kind: 'Star'; readonly db?: string; readonly table?: string }
  /** `label`: the item's text as written, MySQL's name for an unaliased expression. */
  | { readonly kind: 'ExprItem'; readonly expr: Expr; readonly alias?: string; readonly label?: string };

export interface BaseTableRef {
  readonly kind: 'Table';
  readonly table: TableName;
  readonly alias?: string;
}

export interface DerivedTableRef {
  readonly kind: 'Derived';
  readonly query: QueryExpr;
  readonly alias: string;
}

export type JoinType = 'inner' | 'left' | 'right' | 'cross';

export interface JoinRef {
  readonly kind: 'Join';
  readonly type: JoinType;
  readonly left: TableRef;
  readonly right: TableRef;
  readonly on?: Expr;
  readonly using?: readonly string[];
}

export type TableRef = BaseTableRef | DerivedTableRef | JoinRef;

/**
 * ORDER BY / GROUP BY item. ORDER BY 2 is an IntLiteral (a 1-based select-list position) and
 * ORDER BY x may name a select alias: the binder resolves both, as MySQL does.
 */
export interface OrderItem {
  readonly expr: Expr;
  readonly desc: boolean;
}

export interface Limit {
  readonly count: Expr;
  readonly offset?: Expr;
}

export interface Select {
  readonly kind: 'Select';
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
  /** The FROM clause: comma-separated refs are folded into cross joins, so one ref or none. */
  readonly from?: TableRef;
  readonly where?: Expr;
  readonly groupBy: readonly Expr[];
  readonly having?: Expr;
  readonly windows: readonly { readonly name: string; readonly spec: WindowSpec }[];
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Limit;
  readonly lock?: 'update' | 'share';
  /** SELECT SQL_CALC_FOUND_ROWS: FOUND_ROWS() then counts the rows without the LIMIT. */
  readonly calcFoundRows?: boolean;
}

/** `left UNION [ALL] right`; ORDER BY / LIMIT after the last operand apply to the union. */
export interface SetOperation {
  readonly kind: 'Union';
  readonly all: boolean;
  readonly left: QueryExpr;
  readonly right: QueryExpr;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Limit;
}

export interface Cte {
  readonly name: string;
  readonly columns: readonly string[];
  readonly query: QueryExpr;
}

/** A query with a WITH clause. */
export interface WithQuery {
  readonly kind: 'With';
  readonly recursive: boolean;
  readonly ctes: readonly Cte[];
  readonly query: QueryExpr;
}

export type QueryExpr = Select | SetOperation | WithQuery;

// ---- DML ---------------------------------------------------------------------------------------

export interface Assignment {
  readonly column: ColumnRef;
  readonly value: Expr;
}

export interface Insert {
  readonly kind: 'Insert';
  /** REPLACE INTO … */
  readonly replace: boolean;
  readonly ignore: boolean;
  readonly table: TableName;
  /** Empty when no column list was written. */
  readonly columns: readonly string[];
  readonly source:
    | { readonly kind: 'Values'; readonly rows: readonly (readonly Expr[])[] }
    | { readonly kind: 'Set'; readonly assignments: readonly Assignment[] }
    | { readonly kind: 'Query'; readonly query: QueryExpr };
  readonly onDuplicate: readonly Assignment[];
}

export interface Update {
  readonly kind: 'Update';
  readonly ignore: boolean;
  /** One base table, or joins for the multi-table form. */
  readonly table: TableRef;
  readonly assignments: readonly Assignment[];
  readonly where?: Expr;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Limit;
}

export interface Delete {
  readonly kind: 'Delete';
  readonly ignore: boolean;
  /** Multi-table form: the tables (or aliases) rows are deleted from; empty for single-table. */
  readonly targets: readonly TableName[];
  readonly from: TableRef;
  readonly where?: Expr;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Limit;
}

// ---- DDL ---------------------------------------------------------------------------------------

export interface ColumnDef {
  readonly name: string;
  /** Nullability follows NULL/NOT NULL (PRIMARY KEY implies NOT NULL). */
  readonly type: SqlType;
  /** The type as written, for messages and SHOW CREATE TABLE ('int(11) unsigned'). */
  readonly typeText: string;
  readonly notNull: boolean;
  /** An explicit NULL was written. */
  readonly explicitNull: boolean;
  readonly default?: Expr;
  readonly autoIncrement: boolean;
  readonly primaryKey: boolean;
  readonly unique: boolean;
  readonly comment?: string;
  /** ON UPDATE CURRENT_TIMESTAMP[(fsp)]. */
  readonly onUpdateCurrentTimestamp: boolean;
}

export interface IndexColumn {
  readonly column: string;
  /** Prefix length: KEY (name(10)). */
  readonly length?: number;
  readonly desc: boolean;
}

export type TableConstraint =
  | { readonly kind: 'PrimaryKey'; readonly name?: string; readonly columns: readonly IndexColumn[] }
  | { readonly kind: 'Unique'; readonly name?: string; readonly columns: readonly IndexColumn[] }
  | { readonly kind: 'Index'; readonly name?: string; readonly columns: readonly IndexColumn[] }
  | {
      readonly kind: 'ForeignKey';
      readonly name?: string;
      readonly columns: readonly string[];
      readonly refTable: TableName;
      readonly refColumns: readonly string[];
      /** ON DELETE / ON UPDATE actions in upper case ('CASCADE', 'SET NULL', …), '' when absent. */
      readonly onDelete: string;
      readonly onUpdate: string;
    };

export interface TableOption {
  /** Upper-case option name with single spaces: 'ENGINE', 'DEFAULT CHARSET', 'COMMENT', … */
  readonly name: string;
  readonly value: string;
}

export interface CreateTable {
  readonly kind: 'CreateTable';
  readonly ifNotExists: boolean;
  readonly table: TableName;
  readonly columns: readonly ColumnDef[];
  readonly constraints: readonly TableConstraint[];
  readonly options: readonly TableOption[];
  /** CREATE TABLE t LIKE u. */
  readonly like?: TableName;
}

/** CREATE [OR REPLACE] [ALGORITHM=…] [DEFINER=…] [SQL SECURITY …] VIEW name [(columns)] AS query
 *  [WITH [CASCADED|LOCAL] CHECK OPTION]. `text` is the query as written: what is stored and
 *  re-bound each time the view is read. */
export interface CreateView {
  readonly kind: 'CreateView';
  readonly name: TableName;
  readonly orReplace: boolean;
  readonly columns: readonly string[];
  readonly query: QueryExpr;
  readonly text: string;
  readonly algorithm?: string;
  readonly security?: string;
  readonly checkOption?: 'cascaded' | 'local';
}

export interface DropView {
  readonly kind: 'DropView';
  readonly ifExists: boolean;
  readonly views: readonly TableName[];
}

/** An account as written: 'u'@'h' (host '%' when omitted); `current` for CURRENT_USER. */
export interface AccountName {
  readonly user: string;
  readonly host: string;
  readonly current?: boolean;
}

export interface AccountSpec extends AccountName {
  readonly plugin?: string;
  readonly password?: string;
}

export interface CreateUser {
  readonly kind: 'CreateUser';
  readonly ifNotExists: boolean;
  readonly users: readonly AccountSpec[];
  readonly requireSsl?: boolean;
}

export interface AlterUser {
  readonly kind: 'AlterUser';
  readonly ifExists: boolean;
  readonly users: readonly AccountSpec[];
  readonly requireSsl?: boolean;
}

export interface DropUser {
  readonly kind: 'DropUser';
  readonly ifExists: boolean;
  readonly users: readonly AccountName[];
}

export interface SetPassword {
  readonly kind: 'SetPassword';
  /** Absent: the session's own account. */
  readonly user?: AccountName;
  readonly password: string;
}

/** ON *.* ({db:'*', table:'*'}), db.* , db.t, or t / * in the current database (no `db`). */
export interface GrantLevel {
  readonly db?: string;
  readonly table: string;
}

export interface Grant {
  readonly kind: 'Grant';
  /** Upper-case privilege names, or ALL [PRIVILEGES]. */
  readonly privileges: readonly string[] | 'ALL';
  readonly on: GrantLevel;
  readonly users: readonly AccountName[];
  readonly grantOption: boolean;
}

export interface Revoke {
  readonly kind: 'Revoke';
  readonly privileges: readonly string[] | 'ALL';
  readonly on: GrantLevel;
  readonly users: readonly AccountName[];
  /** REVOKE GRANT OPTION (alone or with privileges). */
  readonly grantOption: boolean;
}

/** How LOAD DATA splits its input (MySQL's defaults: tab-separated fields, newline-ended lines,
 *  backslash escapes, no enclosing quotes). */
export interface LoadFormat {
  readonly fieldsTerminatedBy: string;
  readonly enclosedBy: string;
  readonly optionallyEnclosed: boolean;
  readonly escapedBy: string;
  readonly linesStartingBy: string;
  readonly linesTerminatedBy: string;
}

/** LOAD DATA [LOCAL] INFILE 'file' [REPLACE | IGNORE] INTO TABLE t [CHARACTER SET cs]
 *  [FIELDS …] [LINES …] [IGNORE n LINES] [(col, …)] */
export interface LoadData {
  readonly kind: 'LoadData';
  readonly local: boolean;
  readonly file: string;
  readonly duplicates: 'error' | 'replace' | 'ignore';
  readonly table: TableName;
  readonly charset?: string;
  readonly format: LoadFormat;
  readonly ignoreLines: number;
  readonly columns: readonly string[];
}

export interface DropTable {
  readonly kind: 'DropTable';
  readonly ifExists: boolean;
  readonly tables: readonly TableName[];
}

export interface TruncateTable {
  readonly kind: 'TruncateTable';
  readonly table: TableName;
}

export interface RenameTable {
  readonly kind: 'RenameTable';
  readonly pairs: readonly { readonly from: TableName; readonly to: TableName }[];
}

export interface CreateIndex {
  readonly kind: 'CreateIndex';
  readonly unique: boolean;
  readonly name: string;
  readonly table: TableName;
  readonly columns: readonly IndexColumn[];
}

export interface DropIndex {
  readonly kind: 'DropIndex';
  readonly name: string;
  readonly table: TableName;
}

/** Where ADD / MODIFY / CHANGE COLUMN puts the column: FIRST, or AFTER another; last when absent. */
export type ColumnPosition = { readonly kind: 'First' } | { readonly kind: 'After'; readonly column: string };

export type AlterAction =
  | { readonly kind: 'AddColumn'; readonly column: ColumnDef; readonly position?: ColumnPosition }
  | { readonly kind: 'DropColumn'; readonly name: string }
  | { readonly kind: 'ModifyColumn'; readonly column: ColumnDef; readonly position?: ColumnPosition }
  | { readonly kind: 'ChangeColumn'; readonly oldName: string; readonly column: ColumnDef; readonly position?: ColumnPosition }
  | { readonly kind: 'RenameColumn'; readonly oldName: string; readonly newName: string }
  | { readonly kind: 'AddConstraint'; readonly constraint: TableConstraint }
  | { readonly kind: 'DropIndex'; readonly name: string }
  | { readonly kind: 'DropPrimaryKey' }
  | { readonly kind: 'DropForeignKey'; readonly name: string }
  | { readonly kind: 'RenameTable'; readonly to: TableName };

export interface AlterTable {
  readonly kind: 'AlterTable';
  readonly table: TableName;
  readonly actions: readonly AlterAction[];
}

export interface CreateDatabase {
  readonly kind: 'CreateDatabase';
  readonly ifNotExists: boolean;
  readonly name: string;
  readonly options: readonly TableOption[];
}

export interface DropDatabase {
  readonly kind: 'DropDatabase';
  readonly ifExists: boolean;
  readonly name: string;
}

export interface Use {
  readonly kind: 'Use';
  readonly db: string;
}

// ---- transactions, variables, admin ------------------------------------------------------------

export interface Begin {
  readonly kind: 'Begin';
  readonly readOnly: boolean;
  readonly withConsistentSnapshot: boolean;
}

export interface Commit {
  readonly kind: 'Commit';
}

export interface Rollback {
  readonly kind: 'Rollback';
}

export type SetAssignment =
  | { readonly kind: 'UserVar'; readonly name: string; readonly value: Expr }
  /** `SET x = …` (scope 'default' = session), `SET SESSION x`, `SET @@global.x`, … */
  | { readonly kind: 'SystemVar'; readonly scope: 'default' | 'session' | 'global'; readonly name: string; readonly value: Expr }
  | { readonly kind: 'Names'; readonly charset: string; readonly collation?: string }
  | { readonly kind: 'CharacterSet'; readonly charset: string };

export type IsolationLevel = 'READ UNCOMMITTED' | 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

export interface SetStatement {
  readonly kind: 'Set';
  readonly assignments: readonly SetAssignment[];
}

/** SET [GLOBAL|SESSION] TRANSACTION ISOLATION LEVEL … | READ ONLY | READ WRITE. */
export interface SetTransaction {
  readonly kind: 'SetTransaction';
  readonly scope: 'next' | 'session' | 'global';
  readonly isolationLevel?: IsolationLevel;
  readonly readOnly?: boolean;
}

export type ShowWhat =
  | 'databases'
  | 'tables'
  | 'columns'
  | 'create_table'
  | 'create_view'
  | 'grants'
  | 'create_database'
  | 'index'
  | 'variables'
  | 'status'
  | 'warnings'
  | 'errors'
  | 'processlist'
  | 'engines'
  | 'charset'
  | 'collation'
  | 'table_status'
  | 'count_warnings'
  | 'count_errors';

export interface Show {
  readonly kind: 'Show';
  readonly what: ShowWhat;
  readonly full: boolean;
  readonly scope?: 'session' | 'global';
  /** COLUMNS / INDEX / CREATE TABLE target. */
  readonly table?: TableName;
  /** FROM db / IN db (TABLES, TABLE STATUS, COLUMNS FROM t FROM db), or CREATE DATABASE's name. */
  readonly db?: string;
  /** SHOW CREATE DATABASE IF NOT EXISTS: the statement printed with the clause (mysqldump). */
  readonly ifNotExists?: boolean;
  readonly like?: string;
  readonly where?: Expr;
  readonly limit?: Limit;
  /** SHOW GRANTS FOR account (absent: the session's own). */
  readonly account?: AccountName;
}

export interface Explain {
  readonly kind: 'Explain';
  readonly analyze: boolean;
  readonly format?: string;
  readonly statement: Statement;
}

export interface Kill {
  readonly kind: 'Kill';
  /** KILL QUERY id: stop the statement, keep the connection. */
  readonly queryOnly: boolean;
  readonly connectionId: bigint;
}

export interface LockedTable {
  readonly table: TableName;
  readonly alias?: string;
  readonly mode: 'read' | 'read local' | 'write';
}

/** LOCK TABLES: accepted, no lock taken (as TiDB without enable-table-lock). */
export interface LockTables {
  readonly kind: 'LockTables';
  readonly tables: readonly LockedTable[];
}

export interface UnlockTables {
  readonly kind: 'UnlockTables';
}

export interface SavepointStatement {
  readonly kind: 'Savepoint';
  readonly name: string;
}

export interface RollbackToSavepoint {
  readonly kind: 'RollbackToSavepoint';
  readonly name: string;
}

export interface ReleaseSavepoint {
  readonly kind: 'ReleaseSavepoint';
  readonly name: string;
}

/** ALTER TABLE t DISABLE | ENABLE KEYS: accepted with MySQL's note for InnoDB (1031). */
export interface AlterTableKeys {
  readonly kind: 'AlterTableKeys';
  readonly table: TableName;
  readonly enable: boolean;
}

export type Statement =
  | QueryExpr
  | Insert
  | Update
  | Delete
  | CreateTable
  | CreateView
  | DropView
  | LoadData
  | CreateUser
  | AlterUser
  | DropUser
  | SetPassword
  | Grant
  | Revoke
  | DropTable
  | TruncateTable
  | RenameTable
  | CreateIndex
  | DropIndex
  | AlterTable
  | CreateDatabase
  | DropDatabase
  | Use
  | Begin
  | Commit
  | Rollback
  | SetStatement
  | SetTransaction
  | Show
  | Explain
  | Kill
  | LockTables
  | UnlockTables
  | AlterTableKeys
  | SavepointStatement
  | RollbackToSavepoint
  | ReleaseSavepoint;

export type StatementKind = Statement['kind'];
