// Session: one connection's SQL state and the one entry point for running SQL — the wire
// server, tests and the sqllogictest runner all go through `executeAll` / `execute` /
// `prepare` + `executePrepared`.
//
// It holds the current database, system and user variables, autocommit and the open
// transaction, the previous statement's warnings, and prepared statements. Each statement:
//   parse → (DDL: sql/ddl) | (queries and DML: bind → optimize → execute) → result
// inside a transaction: the explicit one (BEGIN … COMMIT), the implicit one of autocommit=0, or a
// fresh one per statement under autocommit. A statement that fails inside a transaction is
// rolled back alone (a savepoint per statement); the transaction goes on. Commit errors are
// MySQL's: a write conflict is 1213 / 40001 in TiDB's wording, with the transaction already
// rolled back; a duplicate found only at commit is 1062.
import { AlreadyExist, WriteConflict, type Transaction } from '../../kv/client/index.js';
import { CLUSTER_TABLES, INFORMATION_SCHEMA, isInformationSchema, type InfoSchema, type Privilege, type TableInfo } from '../catalog/index.js';
import { createDatabase, dropDatabase } from '../ddl/database-ddl.js';
import type { DdlContext } from '../ddl/ddl-context.js';
import { createTable, dropTable, renameTable, truncateTable } from '../ddl/table-ddl.js';
import { alterTable } from '../ddl/alter-table.js';
import { addIndex, dropIndex } from '../ddl/index-ddl.js';
import { resolveTable } from '../ddl/ddl-context.js';
import { defaultValue } from '../ddl/column-default.js';
import { showCreateTable } from '../ddl/show-create-table.js';
import { createView, dropView } from '../ddl/view-ddl.js';
import { alterUser, createUser, dropUser, grant, grantLines, revoke, setPassword } from '../ddl/user-ddl.js';
import { Privileges } from './privileges.js';
import { readRecords } from './delimited-reader.js';
import { informationSchemaRows } from './information-schema-rows.js';
import { fetchClusterSnapshot, type ClusterSnapshot } from './cluster-snapshot.js';
import { SqlError, dbAccessDenied, noDatabaseSelected, notSupported, tableNotExists, unknownDatabase, unknownError, writeConflict, type Warning } from '../errors.js';
import { createEvalContext, OuterValues, type EvalContext } from '../expr/index.js';
import { buildOperator } from '../executor/build.js';
import type { ExecContext, OperatorStats } from '../executor/context.js';
import { executeInsert, type DmlEnv } from '../executor/insert.js';
import { executeDelete, executeUpdate } from '../executor/update-delete.js';
import { parse, type Explain, type Expr, type LoadData, type SetStatement, type Statement, type TableName, type TableRef, type Variable } from '../parser/index.js';
import { IdAllocator, type PlanContext } from '../planner/context.js';
import { explainRows, EXPLAIN_COLUMNS } from '../planner/explain.js';
import { optimize } from '../planner/optimize.js';
import { childrenOf, type Plan } from '../planner/plan.js';
import { instantiatePlan, paramSignature, uncacheableReason } from '../planner/plan-cache.js';
import { QueryBinder, visible } from '../planner/query-binder.js';
import { notInsertable } from '../planner/errors.js';
import { duplicateFromCommitError } from '../table/index.js';
import { T, typeOfValue, withNullable, type SqlType, type Value } from '../types/index.js';
import type { SqlEngine } from './engine.js';
import type { CollectedResult, ExecResult, ResultColumn, Row } from './result.js';
import { collect } from './result.js';
import { executeShow, type ProcessInfo, type ShowContext } from './show.js';
import { DEFAULT_VALUE, SessionVariables } from './variables.js';


/** Rows per INSERT (and per transaction under autocommit) of LOAD DATA. */
const LOAD_BATCH = 1000;

const CLUSTER_TABLE_PATTERN = new RegExp(`\\b(${CLUSTER_TABLES.join('|')})\\b`, 'i');

export interface SessionOptions {
  readonly connectionId?: number;
  readonly user?: string;
  readonly host?: string;
  readonly database?: string;
  /** CLIENT_FOUND_ROWS: UPDATE reports matched rows instead of changed rows. */
  readonly foundRows?: boolean;
  /** LOAD DATA LOCAL INFILE: the client's file, as it sends it (absent: the client may not). */
  readonly localInfile?: (filename: string) => AsyncIterable<Uint8Array>;
}

interface OpenTxn {
  readonly kv: Transaction;
  /** BEGIN / START TRANSACTION (or autocommit=0), as opposed to one statement's own. */
  readonly explicit: boolean;
  readonly schemaVersion: bigint;
  readonly tablesWritten: Set<number>;
}

interface Prepared {
  readonly id: number;
  readonly stmt: Statement;
  readonly sql: string;
  readonly paramCount: number;
  readonly columns: readonly ResultColumn[];
  /** The plan cache's entries (sql/planner/plan-cache.ts), valid while `env` (schema version,
   *  variables, database) is the current one: per signature of the parameters' types, the plan
   *  of an earlier execution and its result columns (the same array each time, so the wire
   *  layer can keep its encoded column definitions). */
  cache?: { readonly env: string; readonly plans: Map<string, CachedPlan> } | undefined;
}

interface CachedPlan {
  readonly plan: Plan;
  readonly columns: readonly ResultColumn[];
}

/** Plans kept per prepared statement (one per combination of parameter types seen). */
const PLANS_PER_STATEMENT = 8;

export interface PreparedInfo {
  readonly id: number;
  readonly paramCount: number;
  readonly columns: readonly ResultColumn[];
}

const MAX_WARNINGS = 64;

export class Session {
  readonly connectionId: number;
  readonly user: string;
  readonly host: string;
  vars: SessionVariables;
  private db: string | null = null;
  private readonly userVars = new Map<string, Value>();
  private txn: OpenTxn | undefined;
  private warnings: Warning[] = [];
  private lastInsertId = 0n;
  private rowCount = -1n;
  private foundRows = 0n;
  private readonly prepared = new Map<number, Prepared>();
  /** @@last_plan_from_cache: the previous statement ran a cached plan; `planFromCache` is the
   *  running statement's. */
  private lastPlanFromCache = false;
  /** account()'s answer for one schema snapshot. */
  private accountOf: { readonly info: InfoSchema; readonly account: { user: string; host: string } } | undefined;
  private planFromCache = false;
  private nextStatementId = 1;
  private killed: 'none' | 'query' | 'connection' = 'none';
  private closed = false;
  private current: { sql: string; since: number } | undefined;
  private readonly localInfile: ((filename: string) => AsyncIterable<Uint8Array>) | undefined;
  /** PD's stores and regions, read for the statement that names a cluster table. */
  private cluster: ClusterSnapshot | undefined;
  private idleSince = Date.now();
  private readonly foundRowsFlag: boolean;
  /** SET TRANSACTION for the next transaction only. */
  private nextTxnReadOnly: boolean | undefined;
  /** LOCK TABLES is in force (accepted without locks; UNLOCK TABLES then commits). */
  private tablesLocked = false;
  /** SAVEPOINT names of the open transaction, oldest first (entries of an ended one are stale). */
  private savepoints: { name: string; txn: OpenTxn; sp: ReturnType<Transaction['savepoint']> }[] = [];

  constructor(
    readonly engine: SqlEngine,
    connectionId: number,
    o: SessionOptions,
  ) {
    this.connectionId = connectionId;
    this.user = o.user ?? 'root';
    this.host = o.host ?? 'localhost';
    this.localInfile = o.localInfile;
    this.foundRowsFlag = o.foundRows ?? false;
    this.vars = this.newVariables();
  }

  private newVariables(): SessionVariables {
    return new SessionVariables(this.engine.globals, {
      warningCount: () => this.warnings.filter((w) => w.level !== 'Error').length,
      errorCount: () => this.warnings.filter((w) => w.level === 'Error').length,
      lastInsertId: () => this.lastInsertId,
      setLastInsertId: (v) => {
        this.lastInsertId = v;
      },
      lastPlanFromCache: () => this.lastPlanFromCache,
    });
  }

  // ---------------------------------------------------------------- state

  get currentDatabase(): string | null {
    return this.db;
  }

  get inTransaction(): boolean {
    return this.txn !== undefined && this.txn.explicit;
  }

  get autocommit(): boolean {
    return this.vars.autocommit;
  }

  get warningCount(): number {
    return this.warnings.length;
  }

  /** The previous statement's warnings (SHOW WARNINGS). */
  get lastWarnings(): readonly Warning[] {
    return this.warnings;
  }

  get lastInsertIdValue(): bigint {
    return this.lastInsertId;
  }

  processInfo(): ProcessInfo {
    const now = Date.now();
    return {
      id: this.connectionId,
      user: this.user,
      host: this.host,
      db: this.db,
      command: this.current ? 'Query' : 'Sleep',
      time: Math.floor((now - (this.current?.since ?? this.idleSince)) / 1000),
      state: this.current ? 'executing' : '',
      info: this.current?.sql ?? null,
    };
  }

  // ---------------------------------------------------------------- entry points

  /** Runs every statement of `sql` in turn, yielding one result per statement; throws the
   *  first failing statement's error (a SqlError with errno and SQLSTATE). */
  async *executeAll(sql: string): AsyncGenerator<ExecResult> {
    const stmts = this.parse(sql);
    for (const stmt of stmts) yield await this.run(stmt, [], sql);
  }

  /** Runs exactly one statement. */
  async execute(sql: string): Promise<ExecResult> {
    const stmts = this.parse(sql);
    if (stmts.length !== 1) throw notSupported('several statements in one call to execute()');
    return this.run(stmts[0] as Statement, [], sql);
  }

  /** Runs `sql` and collects the last statement's result (tests, scripts). */
  async query(sql: string): Promise<CollectedResult> {
    let last: CollectedResult | undefined;
    for await (const r of this.executeAll(sql)) last = await collect(r);
    if (!last) throw notSupported('an empty query');
    return last;
  }

  async prepare(sql: string): Promise<PreparedInfo> {
    const stmts = this.parse(sql);
    if (stmts.length !== 1) throw new SqlError('SQL:ParseError', 1064, '42000', 'You have an error in your SQL syntax; prepared statements take one statement');
    const stmt = stmts[0] as Statement;
    const paramCount = countParams(stmt);
    let columns: readonly ResultColumn[] = [];
    if (isQuery(stmt)) {
      const params = new Array<Value>(paramCount).fill(null);
      const plan = this.bindAndOptimize(stmt, { ...this.planContext(params, this.evalContext(false, false)), describeOnly: true });
      columns = resultColumns(plan);
    }
    const id = this.nextStatementId++;
    this.prepared.set(id, { id, stmt, sql, paramCount, columns });
    return { id, paramCount, columns };
  }

  async executePrepared(id: number, params: readonly Value[]): Promise<ExecResult> {
    const p = this.prepared.get(id);
    if (!p) throw new SqlError('SQL:UnknownStmtHandler', 1243, 'HY000', `Unknown prepared statement handler (${id}) given to mysqld_stmt_execute`);
    if (params.length !== p.paramCount) throw new SqlError('SQL:WrongArguments', 1210, 'HY000', 'Incorrect arguments to mysqld_stmt_execute');
    const cached = isQuery(p.stmt) && this.vars.get('tidb_enable_prepared_plan_cache') === 1n;
    if (!cached) p.cache = undefined;
    return this.run(p.stmt, params, p.sql, cached ? p : undefined);
  }

  closePrepared(id: number): void {
    this.prepared.delete(id);
  }

  async useDatabase(name: string): Promise<void> {
    const db = this.engine.syncer.infoSchema().database(name) ?? (await this.engine.syncer.reload()).database(name);
    if (!db) throw unknownDatabase(name);
    if (!this.privileges().anyOn(db.name)) throw dbAccessDenied(this.user, this.host, db.name);
    this.db = db.name;
    this.vars.setDatabaseCharset(db.charset, db.collation);
  }

  /** COM_FIELD_LIST: the columns of a table in the current database. */
  async fieldList(table: string): Promise<readonly ResultColumn[]> {
    if (this.db === null) throw noDatabaseSelected();
    const t = this.engine.syncer.infoSchema().table(this.db, table);
    if (!t) throw tableNotExists(this.db, table);
    return t.columns
      .filter((c) => c.state === 'public')
      .map((c) => ({ name: c.name, orgName: c.name, table: t.name, orgTable: t.name, db: this.db ?? '', type: c.type }));
  }

  /** COM_RESET_CONNECTION: roll back, forget variables, prepared statements and warnings. */
  async reset(): Promise<void> {
    await this.rollbackTxn();
    this.userVars.clear();
    this.prepared.clear();
    this.warnings = [];
    this.lastInsertId = 0n;
    this.vars = this.newVariables();
  }

  kill(queryOnly: boolean): void {
    this.killed = queryOnly ? 'query' : 'connection';
  }

  get killedConnection(): boolean {
    return this.killed === 'connection';
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.rollbackTxn();
    this.engine.forget(this);
  }

  // ---------------------------------------------------------------- running a statement

  private parse(sql: string): Statement[] {
    return parse(sql);
  }

  private async run(stmt: Statement, params: readonly Value[], sql: string, prepared?: Prepared): Promise<ExecResult> {
    if (this.closed) throw unknownError('session closed');
    this.engine.questions++;
    this.lastPlanFromCache = this.planFromCache;
    this.planFromCache = false;
    this.current = { sql, since: Date.now() };
    if (this.killed === 'query') this.killed = 'none';
    const keepWarnings = stmt.kind === 'Show' && (stmt.what === 'warnings' || stmt.what === 'errors' || stmt.what === 'count_warnings' || stmt.what === 'count_errors');
    const previous = this.warnings;
    if (!keepWarnings) this.warnings = [];
    let streaming = false;
    try {
      if (CLUSTER_TABLE_PATTERN.test(sql) && (stmt.kind === 'Select' || stmt.kind === 'Union' || stmt.kind === 'With' || stmt.kind === 'Explain')) {
        this.cluster = await fetchClusterSnapshot(this.engine.client);
      }
      const r = await this.dispatch(stmt, params, previous, prepared);
      if (r.kind !== 'rows') return r;
      // A query runs on while its rows stream out: PROCESSLIST shows it until they are consumed.
      streaming = true;
      return { ...r, rows: this.whileStreaming(r.rows, this.current) };
    } catch (err) {
      const e = toSqlError(err);
      if (!keepWarnings) this.pushWarning({ level: 'Error', code: e.mysqlErrno, message: e.message });
      throw e;
    } finally {
      if (!streaming) this.becomeIdle(this.current);
    }
  }

  private async *whileStreaming(rows: AsyncIterable<Row>, statement: { sql: string; since: number } | undefined): AsyncGenerator<Row> {
    try {
      yield* rows;
    } finally {
      this.becomeIdle(statement);
    }
  }

  private becomeIdle(statement: { sql: string; since: number } | undefined): void {
    if (this.current !== statement) return; // a later statement is running
    this.current = undefined;
    this.idleSince = Date.now();
  }

  private pushWarning(w: Warning): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(w);
  }

  private async dispatch(stmt: Statement, params: readonly Value[], previousWarnings: Warning[], prepared?: Prepared): Promise<ExecResult> {
    switch (stmt.kind) {
      case 'Select':
      case 'Union':
      case 'With':
        return this.runQuery(stmt, params, prepared);
      case 'Insert':
      case 'Update':
      case 'Delete':
        return this.runDml(stmt, params);
      case 'CreateTable':
      case 'DropTable':
      case 'TruncateTable':
      case 'RenameTable':
      case 'CreateIndex':
      case 'DropIndex':
      case 'AlterTable':
      case 'CreateDatabase':
      case 'DropDatabase':
        return this.runDdl(stmt);
      case 'CreateView':
      case 'DropView':
        return this.runViewDdl(stmt);
      case 'LoadData':
        return this.runLoadData(stmt);
      case 'CreateUser':
      case 'AlterUser':
      case 'DropUser':
      case 'SetPassword':
      case 'Grant':
      case 'Revoke':
        return this.runAccount(stmt);
      case 'Use':
        await this.useDatabase(stmt.db);
        return ok();
      case 'Begin':
        await this.commitTxn();
        await this.beginTxn(true);
        return ok();
      case 'Commit':
        await this.commitTxn();
        return ok();
      case 'Rollback':
        await this.rollbackTxn();
        return ok();
      case 'Set':
        return this.runSet(stmt, params);
      case 'SetTransaction':
        if (stmt.scope === 'next' && stmt.readOnly !== undefined) this.nextTxnReadOnly = stmt.readOnly;
        if (stmt.isolationLevel) this.vars.set('transaction_isolation', stmt.scope === 'global' ? 'global' : 'session', stmt.isolationLevel.replace(' ', '-'));
        if (stmt.scope !== 'next' && stmt.readOnly !== undefined) this.vars.set('transaction_read_only', stmt.scope === 'global' ? 'global' : 'session', stmt.readOnly ? 1n : 0n);
        return ok();
      case 'Show':
        return this.runShow(stmt, previousWarnings);
      case 'Explain':
        return this.runExplain(stmt, params);
      case 'Kill':
        this.engine.kill(Number(stmt.connectionId), stmt.queryOnly);
        return ok();
      case 'LockTables':
      case 'UnlockTables':
      case 'AlterTableKeys':
        return this.runDumpStatement(stmt);
      case 'Savepoint':
      case 'RollbackToSavepoint':
      case 'ReleaseSavepoint':
        return this.runSavepoint(stmt);
    }
  }

  // ---------------------------------------------------------------- contexts

  evalContext(dmlWrite: boolean, ignore: boolean): EvalContext & { readonly collected: Warning[] } {
    const v = this.vars;
    // The statement's warnings go to the session and to `collected`, which INSERT and UPDATE
    // count for their info string ("Records: 3  Duplicates: 1  Warnings: 1").
    const ctx = createEvalContext({
      sqlMode: v.sqlMode,
      warnings: {
        warn: (w) => {
          this.pushWarning(w);
          ctx.collected.push(w);
        },
      },
      timeZone: v.timeZone,
      currentDatabase: this.db,
      user: `${this.user}@${this.host}`,
      currentUser: this.currentUserName(),
      connectionId: BigInt(this.connectionId),
      lastInsertId: this.lastInsertId,
      rowCount: this.rowCount,
      foundRows: this.foundRows,
      divPrecisionIncrement: v.divPrecisionIncrement,
      groupConcatMaxLen: v.groupConcatMaxLen,
      maxAllowedPacket: v.maxAllowedPacket,
      dmlWrite,
      ignore,
      version: v.version,
      pause: { ms: 0 },
    });
    return ctx;
  }

  private planContext(params: readonly Value[], evalCtx: EvalContext, infoSchema: InfoSchema = this.engine.syncer.infoSchema()): PlanContext {
    const ids = new IdAllocator();
    return {
      infoSchema,
      currentDb: this.db,
      params,
      evalCtx,
      literalCollation: this.vars.collationConnection,
      nextId: ids.take,
      variable: (x: Variable) => this.variableValue(x),
      memTableRows: (t) => informationSchemaRows(t, this.showContext(infoSchema, this.warnings)),
    };
  }

  private variableValue(x: Variable): { value: Value; type: SqlType } {
    if (!x.system) {
      const v = this.userVars.get(x.name.toLowerCase()) ?? null;
      return { value: v, type: v === null ? T.varbinary(0) : withNullable(typeOfValue(v), true) };
    }
    const v = this.vars.get(x.name, x.scope === 'user' ? 'default' : x.scope);
    return { value: v, type: v === null ? T.varchar(0) : withNullable(typeOfValue(v), true) };
  }

  private execContext(txn: Transaction, evalCtx: EvalContext, stats?: Map<number, OperatorStats>): ExecContext {
    return {
      txn,
      evalCtx,
      table: (info: TableInfo) => this.engine.table(info),
      outer: new OuterValues(),
      checkKilled: () => {
        if (this.killed !== 'none') throw new SqlError('SQL:QueryInterrupted', 1317, '70100', 'Query execution was interrupted');
      },
      cteMaxRecursion: Number(this.vars.get('cte_max_recursion_depth') ?? 1000n),
      ...(stats ? { stats } : {}),
      ...(this.vars.get('strata_enable_cop_pushdown') === 1n
        ? {
            cop: {
              send: (r) => this.engine.client.cop.send(r),
              concurrency: Number(this.vars.get('tidb_distsql_scan_concurrency') ?? 15n),
            },
          }
        : {}),
    };
  }

  // ---------------------------------------------------------------- transactions

  private async beginTxn(explicit: boolean): Promise<OpenTxn> {
    const kv = await this.engine.client.txn.begin();
    const t: OpenTxn = { kv, explicit, schemaVersion: this.engine.syncer.version, tablesWritten: new Set() };
    this.nextTxnReadOnly = undefined;
    this.txn = t;
    return t;
  }

  /** The transaction a statement runs in: the open one, or a new one (kept open when
   *  autocommit is off, as MySQL does). */
  private async statementTxn(): Promise<{ txn: OpenTxn; own: boolean }> {
    if (this.txn) return { txn: this.txn, own: false };
    if (!this.vars.autocommit) return { txn: await this.beginTxn(true), own: false };
    const kv = await this.engine.client.txn.begin();
    return { txn: { kv, explicit: false, schemaVersion: this.engine.syncer.version, tablesWritten: new Set() }, own: true };
  }

  private async commitTxn(): Promise<void> {
    const t = this.txn;
    if (!t) return;
    this.txn = undefined;
    await this.commit(t);
  }

  private async rollbackTxn(): Promise<void> {
    const t = this.txn;
    if (!t) return;
    this.txn = undefined;
    await t.kv.rollback();
  }

  private async commit(t: OpenTxn): Promise<void> {
    if (t.kv.isReadOnly) {
      await t.kv.commit();
      return;
    }
    try {
      if (t.tablesWritten.size) await this.engine.syncer.checkSchemaUnchanged(t.schemaVersion, t.tablesWritten);
    } catch (err) {
      await t.kv.rollback();
      throw err;
    }
    try {
      await t.kv.commit();
    } catch (err) {
      if (t.kv.status === 'active') await t.kv.rollback();
      throw await this.commitError(err, t);
    }
  }

  private async commitError(err: unknown, t: OpenTxn): Promise<unknown> {
    const info = this.engine.syncer.infoSchema();
    try {
      const dup = await duplicateFromCommitError(err, t.kv.startTs, {
        tableOf: (id) => {
          const ti = info.tableById(id);
          return ti ? this.engine.table(ti) : undefined;
        },
        client: this.engine.client.txn as unknown as Parameters<typeof duplicateFromCommitError>[2]['client'],
      });
      if (dup) return dup;
    } catch {
      // fall through to the generic mapping
    }
    return err;
  }

  // ---------------------------------------------------------------- queries

  planQuery(stmt: Statement, params: readonly Value[], evalCtx: EvalContext): Plan {
    return this.bindAndOptimize(stmt, this.planContext(params, evalCtx));
  }

  private bindAndOptimize(stmt: Statement, pc: PlanContext, bound?: () => void): Plan {
    const binder = new QueryBinder(pc);
    const plan = binder.bindQuery(stmt as Parameters<QueryBinder['bindQuery']>[0]);
    bound?.();
    this.checkReads(plan);
    return optimize(plan, pc);
  }

  /** The plan of one execution of a prepared query: the cached plan with this execution's
   *  values when the cache key still holds and the values fit its access paths
   *  (sql/planner/plan-cache.ts), else a fresh plan, kept for the next execution when nothing
   *  in it depends on the values beyond what the cache redoes. */
  private preparedPlan(p: Prepared, params: readonly Value[], evalCtx: EvalContext & { readonly collected: Warning[] }): { plan: Plan; columns: readonly ResultColumn[] } {
    const env = `${this.engine.syncer.version}|${this.vars.generation}|${this.engine.globals.generation}|${this.db ?? ''}`;
    if (p.cache?.env !== env) p.cache = { env, plans: new Map() };
    const plans = p.cache.plans;
    const signature = paramSignature(params);
    const entry = plans.get(signature);
    if (entry) {
      const plan = instantiatePlan(entry.plan, params, this.planContext(params, evalCtx));
      if (plan) {
        this.planFromCache = true;
        return { plan, columns: entry.columns };
      }
      // These values need another access path (a NULL, an out-of-range number): plan afresh
      // and keep the entry for the values that fit it.
      const fresh = this.planQuery(p.stmt, params, evalCtx);
      return { plan: fresh, columns: resultColumns(fresh) };
    }
    let uncacheable: string | undefined;
    const mark = (why: string): void => {
      uncacheable ??= why;
    };
    let binding = true;
    const base = this.planContext(params, evalCtx);
    const pc: PlanContext = {
      ...base,
      // @x / @@x and information_schema rows are bound into the plan as constants.
      variable: (x) => {
        if (binding) mark(`the query reads ${x.system ? '@@' : '@'}${x.name}`);
        return base.variable(x);
      },
      memTableRows: (t) => {
        mark('the query reads information_schema');
        return base.memTableRows?.(t) ?? [];
      },
      paramValueUsed: mark,
    };
    const warningsBefore = evalCtx.collected.length;
    const plan = this.bindAndOptimize(p.stmt, pc, () => {
      binding = false;
    });
    // A warning raised while planning would not be raised again by a cached plan.
    if (evalCtx.collected.length !== warningsBefore) mark('planning raised a warning');
    const reason = uncacheableReason(plan);
    if (reason !== undefined) mark(reason);
    const columns = resultColumns(plan);
    if (uncacheable === undefined) {
      if (plans.size >= PLANS_PER_STATEMENT) plans.delete(plans.keys().next().value as string);
      plans.set(signature, { plan, columns });
    }
    return { plan, columns };
  }

  /** The account the session logged in as, with its grants as of the current schema. */
  privileges(): Privileges {
    return new Privileges(this.engine.syncer.infoSchema().matchUser(this.user, this.host), this.user, this.host);
  }

  /** SELECT on every table a plan reads (1142). */
  private checkReads(plan: Plan): void {
    const priv = this.privileges();
    const walk = (p: Plan): void => {
      if (p.kind === 'DataSource') priv.requireTable('SELECT', p.db, p.table.name);
      if (p.kind === 'CteScan' && !p.iteration) {
        walk(p.cte.seed);
        if (p.cte.recursive) walk(p.cte.recursive);
      }
      for (const c of childrenOf(p)) walk(c);
    };
    walk(plan);
  }

  /** The base tables a DML statement names, as db + table. */
  private dmlTables(ref: TableRef): { db: string; table: string }[] {
    if (ref.kind === 'Join') return [...this.dmlTables(ref.left), ...this.dmlTables(ref.right)];
    if (ref.kind !== 'Table') return [];
    const db = ref.table.db ?? this.db;
    if (db === null) throw noDatabaseSelected();
    return [{ db, table: ref.table.name }];
  }

  private async runQuery(stmt: Statement, params: readonly Value[], prepared?: Prepared): Promise<ExecResult> {
    const evalCtx = this.evalContext(false, false);
    let plan: Plan;
    let columns: readonly ResultColumn[];
    if (prepared) ({ plan, columns } = this.preparedPlan(prepared, params, evalCtx));
    else {
      plan = this.planQuery(stmt, params, evalCtx);
      columns = resultColumns(plan);
    }
    const { txn, own } = await this.statementTxn();
    const ctx = this.execContext(txn.kv, evalCtx);
    const op = buildOperator(plan, ctx);
    const width = visible(plan).length;
    const trim = width !== plan.schema.length;
    const it = op();
    // SLEEP() books its time in evalCtx.pause; it is waited out after the batch that asked.
    // MySQL: a query that is nothing but SLEEP(n) answers 1 when KILL QUERY cuts it short; any
    // other query SLEEP is part of ends with 1317.
    const soleItem = stmt.kind === 'Select' && !stmt.from && stmt.items.length === 1 ? stmt.items[0] : undefined;
    const onlySleep = soleItem?.kind === 'ExprItem' && soleItem.expr.kind === 'Call' && soleItem.expr.name.toLowerCase() === 'sleep';
    const next = async (): Promise<IteratorResult<Value[][]>> => {
      const r = await it.next();
      try {
        await this.waitOutPause(evalCtx, ctx);
      } catch (err) {
        if (!onlySleep || r.done || !(err instanceof SqlError) || err.mysqlErrno !== 1317) throw err;
        return { done: false, value: r.value.map((row) => [1n, ...row.slice(1)]) };
      }
      return r;
    };
    // The first batch is pulled now, so most errors surface before the result starts.
    let first: IteratorResult<Value[][]>;
    try {
      first = await next();
    } catch (err) {
      if (own) await txn.kv.rollback();
      throw err;
    }
    let count = 0n;
    // SQL_CALC_FOUND_ROWS: FOUND_ROWS() counts the rows the query gives without its LIMIT.
    const countAll =
      stmt.kind === 'Select' && stmt.calcFoundRows && stmt.limit
        ? async (): Promise<bigint> => {
            const { limit: _limit, ...unlimited } = stmt;
            const all = buildOperator(this.planQuery(unlimited, params, evalCtx), ctx)();
            let n = 0n;
            for await (const batch of all) n += BigInt(batch.length);
            return n;
          }
        : undefined;
    const finish = async (): Promise<void> => {
      if (countAll) count = await countAll();
      this.foundRows = count;
      this.rowCount = -1n;
      if (own) await txn.kv.rollback();
    };
    const rows = async function* rows(): AsyncGenerator<Row> {
      let done = false;
      try {
        let r = first;
        while (!r.done) {
          for (const row of r.value) {
            count++;
            yield trim ? row.slice(0, width) : row;
          }
          r = await next();
        }
        done = true;
      } finally {
        if (!done) await it.return(undefined);
        await finish();
      }
    };
    return { kind: 'rows', columns, rows: rows() };
  }

  /** Waits out the time SLEEP() booked, in short steps, ending with 1317 on KILL QUERY. */
  private async waitOutPause(evalCtx: EvalContext, ctx: ExecContext): Promise<void> {
    const pause = evalCtx.pause;
    if (!pause || pause.ms <= 0) return;
    const until = Date.now() + pause.ms;
    pause.ms = 0;
    for (;;) {
      ctx.checkKilled();
      const left = until - Date.now();
      if (left <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, 50)));
    }
  }

  // ---------------------------------------------------------------- dump statements, savepoints

  private async runDumpStatement(stmt: Extract<Statement, { kind: 'LockTables' | 'UnlockTables' | 'AlterTableKeys' }>): Promise<ExecResult> {
    const table = (name: TableName): TableInfo => {
      const db = name.db ?? this.db;
      if (db === null) throw noDatabaseSelected();
      const t = this.engine.syncer.infoSchema().table(db, name.name);
      if (!t) throw tableNotExists(db, name.name);
      return t;
    };
    switch (stmt.kind) {
      case 'LockTables':
        // No lock is taken (docs/architecture.md); MySQL's implicit commit and its check that
        // every table exists are kept, so a dump reloads as it would on MySQL.
        await this.commitTxn();
        for (const t of stmt.tables) table(t.table);
        this.tablesLocked = true;
        return ok();
      case 'UnlockTables':
        // MySQL commits here only when LOCK TABLES was in force: mysqldump --single-transaction
        // sends UNLOCK TABLES inside its consistent-snapshot transaction.
        if (this.tablesLocked) await this.commitTxn();
        this.tablesLocked = false;
        return ok();
      case 'AlterTableKeys':
        // InnoDB's answer: its indexes are always maintained.
        this.pushWarning({ level: 'Note', code: 1031, message: `Table storage engine for '${table(stmt.table).name}' doesn't have this option` });
        return ok();
    }
  }

  private async runSavepoint(stmt: Extract<Statement, { kind: 'Savepoint' | 'RollbackToSavepoint' | 'ReleaseSavepoint' }>): Promise<ExecResult> {
    const live = this.savepoints.filter((s) => s.txn === this.txn);
    const at = live.findIndex((s) => s.name.toLowerCase() === stmt.name.toLowerCase());
    if (stmt.kind === 'Savepoint') {
      // Outside a transaction with autocommit on there is nothing to return to (as on MySQL).
      const txn = this.txn ?? (this.vars.autocommit ? undefined : await this.beginTxn(true));
      if (!txn) return ok();
      this.savepoints = [...live.filter((_, i) => i !== at), { name: stmt.name, txn, sp: txn.kv.savepoint() }];
      return ok();
    }
    const found = live[at];
    if (!found) throw new SqlError('SQL:SavepointNotExist', 1305, '42000', `SAVEPOINT ${stmt.name} does not exist`);
    if (stmt.kind === 'RollbackToSavepoint') {
      found.txn.kv.rollbackTo(found.sp);
      this.savepoints = live.slice(0, at + 1);
    } else {
      found.txn.kv.releaseSavepoint(found.sp);
      this.savepoints = live.slice(0, at);
    }
    return ok();
  }

  // ---------------------------------------------------------------- DML

  private async runDml(stmt: Extract<Statement, { kind: 'Insert' | 'Update' | 'Delete' }>, params: readonly Value[]): Promise<ExecResult> {
    const evalCtx = this.evalContext(true, stmt.ignore);
    const pc = this.planContext(params, evalCtx);
    const binder = new QueryBinder(pc);
    const { txn, own } = await this.statementTxn();
    const sp = own ? undefined : txn.kv.savepoint();
    const ctx = this.execContext(txn.kv, evalCtx);
    const timeZone = this.vars.timeZone;
    const env: DmlEnv = {
      ctx,
      binder,
      autoIds: this.engine.autoIds,
      timeZone,
      defaultOf: (c) => defaultValue(c.default, c.type, evalCtx.nowMicros, timeZone),
    };
    try {
      let result;
      if (stmt.kind === 'Insert') {
        const db = stmt.table.db ?? this.db;
        if (db === null) throw noDatabaseSelected();
        const t = pc.infoSchema.table(db, stmt.table.name);
        if (!t) throw tableNotExists(db, stmt.table.name);
        if (t.view) throw notInsertable(t.name);
        if (t.memTable) throw dbAccessDenied(this.user, this.host, INFORMATION_SCHEMA);
        this.privileges().requireTable('INSERT', db, t.name);
        txn.tablesWritten.add(t.id);
        result = await executeInsert(stmt, t, env);
      } else if (stmt.kind === 'Update') {
        for (const t of this.dmlTables(stmt.table)) this.privileges().requireTable('UPDATE', t.db, t.table);
        const r = await executeUpdate(stmt, env);
        result = this.foundRowsFlag ? { ...r, affectedRows: r.matched } : r;
        for (const id of writtenTables(stmt, pc.infoSchema, this.db)) txn.tablesWritten.add(id);
      } else {
        const named = stmt.targets.length ? stmt.targets.map((t) => ({ db: t.db ?? this.db ?? '', table: t.name })) : this.dmlTables(stmt.from);
        for (const t of named) this.privileges().requireTable('DELETE', t.db, t.table);
        result = await executeDelete(stmt, env);
        for (const id of writtenTables(stmt, pc.infoSchema, this.db)) txn.tablesWritten.add(id);
      }
      await this.waitOutPause(evalCtx, ctx); // SLEEP() in the statement's expressions
      if (own) await this.commit(txn);
      else if (sp) txn.kv.releaseSavepoint(sp);
      this.rowCount = result.affectedRows;
      if (result.lastInsertId !== 0n) this.lastInsertId = result.lastInsertId;
      return { kind: 'ok', affectedRows: result.affectedRows, lastInsertId: result.lastInsertId, ...(result.info !== undefined ? { info: result.info } : {}) };
    } catch (err) {
      if (own) {
        if (txn.kv.status === 'active') await txn.kv.rollback();
      } else if (sp && txn.kv.status === 'active') txn.kv.rollbackTo(sp);
      if (!own && txn.kv.status !== 'active') this.txn = undefined;
      throw err;
    }
  }

  // ---------------------------------------------------------------- DDL

  private ddlContext(): DdlContext {
    return {
      client: this.engine.client,
      syncer: this.engine.syncer,
      currentDb: this.db,
      timeZone: this.vars.timeZone,
      sqlMode: this.vars.sqlMode,
      ...(this.engine.options.reorgBatchSize !== undefined ? { reorgBatchSize: this.engine.options.reorgBatchSize } : {}),
    };
  }

  /** information_schema takes no DDL: MySQL answers 1044 for it as for a database the user may
   *  not change. */
  private checkDdlTargets(stmt: Extract<Statement, { kind: 'CreateTable' | 'DropTable' | 'TruncateTable' | 'RenameTable' | 'CreateIndex' | 'DropIndex' | 'AlterTable' | 'CreateDatabase' | 'DropDatabase' | 'CreateView' | 'DropView' }>): void {
    const names: (string | null | undefined)[] = [];
    const of = (t: TableName): string | null => t.db ?? this.db;
    switch (stmt.kind) {
      case 'CreateDatabase':
      case 'DropDatabase':
        names.push(stmt.name);
        break;
      case 'DropTable':
        names.push(...stmt.tables.map(of));
        break;
      case 'DropView':
        names.push(...stmt.views.map(of));
        break;
      case 'RenameTable':
        for (const p of stmt.pairs) names.push(of(p.from), of(p.to));
        break;
      case 'CreateView':
        names.push(of(stmt.name));
        break;
      default:
        names.push(of(stmt.table));
    }
    const denied = names.find((n) => n !== null && n !== undefined && isInformationSchema(n));
    if (denied) throw dbAccessDenied(this.user, this.host, INFORMATION_SCHEMA);
    this.checkDdlPrivileges(stmt);
  }

  /** The privilege each DDL needs, as MySQL asks for it. */
  private checkDdlPrivileges(stmt: Extract<Statement, { kind: 'CreateTable' | 'DropTable' | 'TruncateTable' | 'RenameTable' | 'CreateIndex' | 'DropIndex' | 'AlterTable' | 'CreateDatabase' | 'DropDatabase' | 'CreateView' | 'DropView' }>): void {
    const priv = this.privileges();
    const dbOf = (t: TableName): string => {
      const db = t.db ?? this.db;
      if (db === null) throw noDatabaseSelected();
      return db;
    };
    const table = (p: Privilege, t: TableName): void => priv.requireTable(p, dbOf(t), t.name);
    switch (stmt.kind) {
      case 'CreateDatabase':
        return priv.requireDb('CREATE', stmt.name);
      case 'DropDatabase':
        return priv.requireDb('DROP', stmt.name);
      case 'CreateTable':
        return table('CREATE', stmt.table);
      case 'DropTable':
        return stmt.tables.forEach((t) => table('DROP', t));
      case 'TruncateTable':
        return table('DROP', stmt.table);
      case 'RenameTable':
        for (const p of stmt.pairs) {
          table('ALTER', p.from);
          table('DROP', p.from);
          table('CREATE', p.to);
          table('INSERT', p.to);
        }
        return;
      case 'CreateIndex':
      case 'DropIndex':
        return table('INDEX', stmt.table);
      case 'AlterTable':
        return table('ALTER', stmt.table);
      case 'CreateView':
        return table('CREATE VIEW', stmt.name);
      case 'DropView':
        return stmt.views.forEach((v) => table('DROP', v));
    }
  }

  // ---------------------------------------------------------------- LOAD DATA

  /** LOAD DATA LOCAL INFILE: the client's file is read as it streams in and inserted in batches
   *  of LOAD_BATCH rows, each batch its own transaction under autocommit (as TiDB commits LOAD
   *  DATA), inside the open transaction otherwise. As MySQL does for LOCAL, bad values and
   *  duplicate keys become warnings (IGNORE) unless REPLACE was asked for. */
  private async runLoadData(stmt: LoadData): Promise<ExecResult> {
    if (!stmt.local) throw notSupported('LOAD DATA without LOCAL');
    if (stmt.charset && !['utf8mb4', 'utf8', 'utf8mb3', 'binary', 'ascii'].includes(stmt.charset)) throw notSupported(`LOAD DATA … CHARACTER SET ${stmt.charset}`);
    const source = this.localInfile;
    if (!source) throw new SqlError('SQL:LocalInfileDisabled', 3948, '42000', 'Loading local data is disabled; this must be enabled on both the client and server sides');
    const db = stmt.table.db ?? this.db;
    if (db === null) throw noDatabaseSelected();
    const info = this.engine.syncer.infoSchema();
    const t = info.table(db, stmt.table.name);
    // The file is asked for (and must be read to its end) even when the statement then fails.
    const data = source(stmt.file);
    const drain = async (): Promise<void> => {
      for await (const chunk of data) void chunk;
    };
    if (!t) {
      await drain();
      throw tableNotExists(db, stmt.table.name);
    }
    const columns = stmt.columns.length ? stmt.columns : t.columns.filter((c) => c.state === 'public').map((c) => c.name);
    let records = 0;
    let inserted = 0n;
    let skipLines = stmt.ignoreLines;
    let batch: Expr[][] = [];
    const flush = async (): Promise<void> => {
      if (!batch.length) return;
      const insert: Statement = { kind: 'Insert', replace: stmt.duplicates === 'replace', ignore: stmt.duplicates !== 'replace', table: stmt.table, columns, source: { kind: 'Values', rows: batch }, onDuplicate: [] };
      batch = [];
      const r = await this.runDml(insert, []);
      if (r.kind === 'ok') inserted += r.affectedRows;
    };
    try {
      for await (const rows of readRecords(data, stmt.format, LOAD_BATCH)) {
        for (const fields of rows) {
          if (skipLines > 0) {
            skipLines--;
            continue;
          }
          records++;
          const row: Expr[] = columns.map((_c, k): Expr => {
            const f = fields[k];
            if (f === undefined) return { kind: 'Default' };
            return f === null ? { kind: 'NullLiteral' } : { kind: 'StringLiteral', value: f };
          });
          if (fields.length < columns.length) this.pushWarning({ level: 'Warning', code: 1261, message: `Row ${records} doesn't contain data for all columns` });
          else if (fields.length > columns.length) this.pushWarning({ level: 'Warning', code: 1262, message: `Row ${records} was truncated; it contained more data than there were input columns` });
          batch.push(row);
        }
        if (batch.length >= LOAD_BATCH) await flush();
      }
      await flush();
    } catch (err) {
      await drain().catch(() => undefined);
      throw err;
    }
    const skipped = stmt.duplicates === 'replace' ? 0n : BigInt(records) - inserted;
    this.rowCount = inserted;
    return { kind: 'ok', affectedRows: inserted, lastInsertId: 0n, info: `Records: ${records}  Deleted: 0  Skipped: ${skipped}  Warnings: ${this.warnings.length}` };
  }

  // ---------------------------------------------------------------- accounts

  private async runAccount(stmt: Extract<Statement, { kind: 'CreateUser' | 'AlterUser' | 'DropUser' | 'SetPassword' | 'Grant' | 'Revoke' }>): Promise<ExecResult> {
    await this.commitTxn();
    const priv = this.privileges();
    const actor = this.account();
    const ctx = this.ddlContext();
    let warnings: Warning[] = [];
    switch (stmt.kind) {
      case 'CreateUser':
        priv.requireGlobal('CREATE USER');
        warnings = (await createUser(stmt, ctx, actor)).warnings;
        break;
      case 'AlterUser': {
        const self = stmt.users.every((u) => u.current || (u.user === actor.user && u.host.toLowerCase() === actor.host));
        if (!self) priv.requireGlobal('CREATE USER');
        warnings = (await alterUser(stmt, ctx, actor)).warnings;
        break;
      }
      case 'DropUser':
        priv.requireGlobal('CREATE USER');
        warnings = (await dropUser(stmt, ctx, actor)).warnings;
        break;
      case 'SetPassword':
        if (stmt.user && !stmt.user.current && !(stmt.user.user === actor.user && stmt.user.host.toLowerCase() === actor.host)) priv.requireGlobal('CREATE USER');
        warnings = (await setPassword(stmt, ctx, actor)).warnings;
        break;
      case 'Grant':
      case 'Revoke':
        priv.requireGlobal('GRANT OPTION');
        warnings = (stmt.kind === 'Grant' ? await grant(stmt, ctx, actor) : await revoke(stmt, ctx, actor)).warnings;
        break;
    }
    for (const w of warnings) this.pushWarning(w);
    return ok();
  }

  /** The account as MySQL names it for CURRENT_USER(): the matched user and host pattern. */
  private currentUserName(): string {
    const a = this.account();
    return `${a.user}@${a.host}`;
  }

  private account(): { user: string; host: string } {
    // Matching hosts against every account is a few µs; CURRENT_USER() is part of every
    // statement's evaluation context, so the answer is kept per schema snapshot (accounts are
    // catalog records: a CREATE USER / GRANT is a new snapshot).
    const info = this.engine.syncer.infoSchema();
    if (this.accountOf?.info !== info) {
      const a = info.matchUser(this.user, this.host);
      this.accountOf = { info, account: a ? { user: a.user, host: a.host } : { user: this.user, host: this.host } };
    }
    return this.accountOf.account;
  }

  private showGrants(stmt: Extract<Statement, { kind: 'Show' }>): ExecResult {
    const info = this.engine.syncer.infoSchema();
    const who = stmt.account ?? this.account();
    // Another account's grants: MySQL asks for SELECT on the mysql schema; here, CREATE USER.
    if (stmt.account && stmt.account.user !== this.user) this.privileges().requireGlobal('CREATE USER');
    const u = info.user(who.user, who.host);
    if (!u) throw new SqlError('SQL:NonexistingGrant', 1141, '42000', `There is no such grant defined for user '${who.user}' on host '${who.host}'`);
    const name = `Grants for ${u.user}@${u.host}`;
    const rows = grantLines(u);
    return {
      kind: 'rows',
      columns: [{ name, orgName: name, table: '', orgTable: '', db: '', type: T.varchar(1024, { nullable: false }) }],
      rows: (async function* () {
        for (const l of rows) yield [l];
      })(),
    };
  }

  private async runDdl(stmt: Extract<Statement, { kind: 'CreateTable' | 'DropTable' | 'TruncateTable' | 'RenameTable' | 'CreateIndex' | 'DropIndex' | 'AlterTable' | 'CreateDatabase' | 'DropDatabase' }>): Promise<ExecResult> {
    this.checkDdlTargets(stmt);
    // DDL commits the open transaction first, as MySQL does.
    await this.commitTxn();
    const ctx = this.ddlContext();
    let warnings: Warning[] = [];
    switch (stmt.kind) {
      case 'CreateDatabase':
        warnings = (await createDatabase(stmt, ctx)).warnings;
        break;
      case 'DropDatabase': {
        warnings = (await dropDatabase(stmt, ctx)).warnings;
        if (this.db !== null && this.db.toLowerCase() === stmt.name.toLowerCase() && !this.engine.syncer.infoSchema().database(stmt.name)) this.db = null;
        break;
      }
      case 'CreateTable':
        warnings = (await createTable(stmt, ctx)).warnings;
        break;
      case 'DropTable':
        warnings = (await dropTable(stmt, ctx)).warnings;
        break;
      case 'TruncateTable': {
        const before = resolveTable(ctx, stmt.table).table.id;
        warnings = (await truncateTable(stmt, ctx)).warnings;
        this.engine.autoIds.forget(before);
        break;
      }
      case 'RenameTable':
        warnings = (await renameTable(stmt, ctx)).warnings;
        break;
      case 'CreateIndex':
        await addIndex(ctx, resolveTable(ctx, stmt.table), { kind: stmt.unique ? 'Unique' : 'Index', name: stmt.name, columns: stmt.columns });
        break;
      case 'DropIndex':
        await dropIndex(ctx, resolveTable(ctx, stmt.table), stmt.name);
        break;
      case 'AlterTable':
        warnings = (await alterTable(stmt, ctx)).warnings;
        break;
    }
    for (const w of warnings) this.pushWarning(w);
    return ok();
  }

  /** CREATE VIEW binds its query first: the names and types of its columns are recorded, and a
   *  query over a missing table or column fails here rather than when the view is read. */
  private async runViewDdl(stmt: Extract<Statement, { kind: 'CreateView' | 'DropView' }>): Promise<ExecResult> {
    this.checkDdlTargets(stmt);
    await this.commitTxn();
    const ctx = this.ddlContext();
    let warnings: Warning[];
    if (stmt.kind === 'CreateView') {
      const pc = this.planContext([], this.evalContext(false, false));
      const cols = visible(new QueryBinder(pc).bindQuery(stmt.query)).map((c) => ({ name: c.name, type: c.type }));
      warnings = (await createView(stmt, cols, ctx, `${this.user}@${this.host}`)).warnings;
    } else warnings = (await dropView(stmt, ctx)).warnings;
    for (const w of warnings) this.pushWarning(w);
    return ok();
  }

  // ---------------------------------------------------------------- SET

  private async runSet(stmt: SetStatement, params: readonly Value[]): Promise<ExecResult> {
    const evalCtx = this.evalContext(false, false);
    for (const a of stmt.assignments) {
      switch (a.kind) {
        case 'UserVar': {
          const v = await this.evalConstant(a.value, params, evalCtx);
          this.userVars.set(a.name.toLowerCase(), v);
          break;
        }
        case 'SystemVar': {
          const isDefault = a.value.kind === 'Default' || (a.value.kind === 'Column' && a.value.column.toLowerCase() === 'default' && a.value.table === undefined);
          let v: Value | typeof DEFAULT_VALUE;
          if (isDefault) v = DEFAULT_VALUE;
          else if (a.value.kind === 'Column' && a.value.table === undefined) v = a.value.column; // SET x = ON / utf8mb4 …
          else v = await this.evalConstant(a.value, params, evalCtx);
          const name = a.name.toLowerCase();
          if (name === 'autocommit') {
            const before = this.vars.autocommit;
            this.vars.set(a.name, a.scope, v, evalCtx.warnings);
            // Turning autocommit on commits the open transaction.
            if (!before && this.vars.autocommit && a.scope !== 'global') await this.commitTxn();
          } else this.vars.set(a.name, a.scope, v, evalCtx.warnings);
          break;
        }
        case 'Names':
          this.vars.setNames(a.charset, a.collation);
          break;
        case 'CharacterSet':
          this.vars.setCharacterSet(a.charset);
          break;
      }
    }
    return ok();
  }

  private async evalConstant(e: Expr, params: readonly Value[], evalCtx: EvalContext): Promise<Value> {
    const q: Statement = { kind: 'Select', distinct: false, items: [{ kind: 'ExprItem', expr: e }], groupBy: [], windows: [], orderBy: [] };
    const r = await collect(await this.runQuery(q, params));
    void evalCtx;
    if (r.kind !== 'rows') return null;
    return r.rows[0]?.[0] ?? null;
  }

  // ---------------------------------------------------------------- SHOW / EXPLAIN

  private async runShow(stmt: Extract<Statement, { kind: 'Show' }>, previous: Warning[]): Promise<ExecResult> {
    if (stmt.what === 'grants') return this.showGrants(stmt);
    return executeShow(stmt, this.showContext(this.engine.syncer.infoSchema(), previous));
  }

  /** What SHOW and information_schema read from this server. */
  private showContext(info: InfoSchema, previous: Warning[]): ShowContext {
    return {
      infoSchema: info,
      currentDatabase: this.db,
      variables: this.vars,
      warnings: previous,
      processList: () => this.engine.sessions().map((s) => s.processInfo()),
      status: () =>
        new Map<string, string | number | bigint>([
          ['Uptime', Math.floor((Date.now() - this.engine.startedAt) / 1000)],
          ['Questions', this.engine.questions],
          ['Threads_connected', this.engine.sessions().length],
          ['Threads_running', this.engine.sessions().filter((s) => s.processInfo().command === 'Query').length],
        ]),
      showCreateTable: (t, db) =>
        showCreateTable(t, { databaseName: db.name, autoIncrement: t.columns.some((c) => c.autoIncrement) ? this.engine.autoIds.forTable(t).peekNext : undefined }),
      nextAutoIncrement: (t) => this.engine.autoIds.forTable(t).peekNext,
      cluster: this.cluster,
      serverStartedAt: this.engine.startedAt,
    };
  }

  private async runExplain(stmt: Explain, params: readonly Value[]): Promise<ExecResult> {
    const inner = stmt.statement;
    if (!isQuery(inner)) throw notSupported(`EXPLAIN of ${inner.kind}`);
    const evalCtx = this.evalContext(false, false);
    const plan = this.planQuery(inner, params, evalCtx);
    let stats: Map<number, OperatorStats> | undefined;
    if (stmt.analyze) {
      stats = new Map();
      const { txn, own } = await this.statementTxn();
      try {
        const op = buildOperator(plan, this.execContext(txn.kv, evalCtx, stats));
        for await (const b of op()) void b;
      } finally {
        if (own) await txn.kv.rollback();
      }
    }
    const rows = explainRows(plan, stats);
    const columns: ResultColumn[] = (stats ? [...EXPLAIN_COLUMNS.slice(0, 3), 'actRows', ...EXPLAIN_COLUMNS.slice(3, 4), 'execution info', EXPLAIN_COLUMNS[4] as string] : EXPLAIN_COLUMNS).map((name) => ({ name, orgName: name, table: '', orgTable: '', db: '', type: T.varchar(256) }));
    return {
      kind: 'rows',
      columns,
      rows: (async function* () {
        for (const r of rows) yield r;
      })(),
    };
  }
}

// ---------------------------------------------------------------- helpers

function ok(affectedRows = 0n, lastInsertId = 0n): ExecResult {
  return { kind: 'ok', affectedRows, lastInsertId };
}

function isQuery(s: Statement): boolean {
  return s.kind === 'Select' || s.kind === 'Union' || s.kind === 'With';
}

export function resultColumns(plan: Plan): ResultColumn[] {
  return visible(plan).map((c) => ({
    name: c.name,
    orgName: c.orgName,
    table: c.table,
    orgTable: c.orgTable,
    db: c.db,
    type: c.type,
    ...(c.primaryKey ? { primaryKey: true } : {}),
    ...(c.uniqueKey ? { uniqueKey: true } : {}),
    ...(c.multipleKey ? { multipleKey: true } : {}),
    ...(c.autoIncrement ? { autoIncrement: true } : {}),
  }));
}

/** The number of `?` markers of a statement. */
function countParams(stmt: Statement): number {
  let max = -1;
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) {
      for (const y of x) visit(y);
      return;
    }
    if (x === null || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (o.kind === 'Param' && typeof o.index === 'number') max = Math.max(max, o.index);
    for (const v of Object.values(o)) if (typeof v === 'object') visit(v);
  };
  visit(stmt);
  return max + 1;
}

function writtenTables(stmt: Extract<Statement, { kind: 'Update' | 'Delete' }>, info: InfoSchema, db: string | null): number[] {
  const out: number[] = [];
  const visit = (r: TableRef): void => {
    if (r.kind === 'Table') {
      const d = r.table.db ?? db;
      const t = d ? info.table(d, r.table.name) : undefined;
      if (t) out.push(t.id);
    } else if (r.kind === 'Join') {
      visit(r.left);
      visit(r.right);
    }
  };
  visit(stmt.kind === 'Update' ? stmt.table : stmt.from);
  return out;
}

/** Any failure as the MySQL error the client gets. */
export function toSqlError(err: unknown): SqlError {
  if (err instanceof SqlError) return err;
  if (err instanceof WriteConflict) {
    return writeConflict(err.startTs, err.conflictStartTs, err.conflictCommitTs, Buffer.from(err.key).toString('hex'));
  }
  if (err instanceof AlreadyExist) return new SqlError('SQL:DupEntry', 1062, '23000', `Duplicate entry for key '${Buffer.from(err.key).toString('hex')}'`);
  const e = err as { code?: unknown; message?: unknown; retryable?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const code = typeof e.code === 'string' ? e.code : '';
  if (code.startsWith('KV:') || code.startsWith('PD:') || code.startsWith('Client:')) {
    // TiDB answers region and store trouble with its 9xxx codes.
    return new SqlError(`SQL:Kv:${code}`, 9005, 'HY000', `Region is unavailable: ${message}`);
  }
  return new SqlError('SQL:Internal', 1105, 'HY000', message);
}
