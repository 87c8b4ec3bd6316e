// Binding queries: SELECT / UNION / WITH → a plan tree, following MySQL's clause order and
// name-resolution rules:
//
//   FROM (joins, derived tables, CTEs) → WHERE → GROUP BY / aggregates → HAVING → window
//   functions → select list → DISTINCT → ORDER BY → LIMIT
//
// ORDER BY resolves a bare name against select aliases first, then FROM columns; GROUP BY and
// HAVING the other way round (MySQL's documented order). ORDER BY may use expressions that are
// not selected: they ride along as hidden projection columns and are trimmed after the sort.
// Subqueries become Apply operators on the plan of the clause that contains them.
import { SqlError, noDatabaseSelected, notSupported, operandColumns, tableNotExists, unknownColumn, unknownTable } from '../errors.js';
import { bindAggregate, col, columnIds, conjuncts, constant, type Expression } from '../expr/index.js';
import { parseOne, printExpr, type Aggregate as AggNode, type ColumnRef, type Expr, type Limit as LimitNode, type OrderItem, type QueryExpr, type Select, type SelectItem, type TableRef, type WindowFunction, type WindowSpec } from '../parser/index.js';
import { T, withNullable, type SqlType } from '../types/index.js';
import { mergeTypes } from '../expr/index.js';
import { publicColumns, type TableInfo } from '../catalog/index.js';
import { HIDDEN_HANDLE_COLUMN } from '../codec/index.js';
import type { PlanContext } from './context.js';
import { ExprBinder, foldConstant, type BinderHooks } from './expr-binder.js';
import { mixOfGroupColumns, nonUniqTable, notInGroupBy, unionColumnCount, wrongArgumentsLimit, wrongWindowSpec, derivedDuplicateColumn, recursiveCteNoUnion, viewInvalid } from './errors.js';
import { childrenOf, type AggCall, type Apply, type CteDef, type DataSource, type Plan, type PlanColumn, type SortKey, type WindowCall, type FrameBoundValue } from './plan.js';
import { Scope, type ScopeColumn } from './scope.js';
import { toInteger, SILENT } from '../types/index.js';

interface CteEntry {
  readonly name: string;
  readonly columns: readonly string[];
  readonly query: QueryExpr;
  readonly recursive: boolean;
  /** While the recursive part is being bound: the def its self-references read. */
  def?: CteDef;
}

/** Mutable holder of the plan a clause builds on (subqueries wrap it in Apply). */
interface Current {
  plan: Plan;
}

export interface BoundQuery {
  readonly plan: Plan;
  /** Output columns in select-list order (the plan's schema may have hidden columns after them). */
  readonly columns: PlanColumn[];
}

export class QueryBinder {
  private readonly ctes: CteEntry[][] = [];
  /** 1-based select-list position being bound (for 1055 / 1140 messages). */
  private itemPos = 0;

  /** `db.view` names being expanded around this binder (a view may not read itself). */
  constructor(
    readonly ctx: PlanContext,
    private readonly viewPath: readonly string[] = [],
  ) {}

  newId(): number {
    return this.ctx.nextId();
  }

  // ---------------------------------------------------------------- queries

  bindQuery(q: QueryExpr, outer?: Scope): Plan {
    switch (q.kind) {
      case 'Select':
        return this.bindSelect(q, outer);
      case 'Union':
        return this.bindUnion(q, outer);
      case 'With': {
        const frame: CteEntry[] = [];
        this.ctes.push(frame);
        try {
          for (const c of q.ctes) frame.push({ name: c.name, columns: c.columns, query: c.query, recursive: q.recursive });
          return this.bindQuery(q.query, outer);
        } finally {
          this.ctes.pop();
        }
      }
    }
  }

  private bindUnion(q: Extract<QueryExpr, { kind: 'Union' }>, outer?: Scope): Plan {
    // Flatten a left-deep chain; a mix of UNION and UNION ALL folds into nested nodes.
    const left = this.bindQuery(q.left, outer);
    const right = this.bindQuery(q.right, outer);
    const lcols = visible(left);
    const rcols = visible(right);
    if (lcols.length !== rcols.length) throw unionColumnCount();
    const schema: PlanColumn[] = lcols.map((c, i) => {
      const r = rcols[i] as PlanColumn;
      const type = mergeTypes([c.type, r.type]);
      return { id: this.newId(), name: c.name, table: '', db: '', orgName: '', orgTable: '', type: withNullable(type, c.type.nullable || r.type.nullable) };
    });
    const children = [trimTo(left, lcols, this), trimTo(right, rcols, this)];
    let plan: Plan = { kind: 'Union', id: this.newId(), schema, children, distinct: !q.all };
    if (q.orderBy.length || q.limit) {
      const scope = Scope.of(schema, outer);
      const binder = new ExprBinder(this.ctx, scope, 'order clause');
      if (q.orderBy.length) {
        const keys = q.orderBy.map((o) => this.orderKey(o, schema, binder));
        plan = { kind: 'Sort', id: this.newId(), schema, child: plan, keys };
      }
      if (q.limit) plan = this.limit(plan, q.limit);
    }
    return plan;
  }

  bindSelect(s: Select, outer?: Scope): Plan {
    // FROM
    let from: { plan: Plan; scope: Scope };
    if (s.from) from = this.bindFrom(s.from, outer);
    else from = { plan: { kind: 'Dual', id: this.newId(), schema: [], rows: [[]] }, scope: new Scope([], outer) };
    const cur: Current = { plan: from.plan };
    const fromScope = from.scope;
    const subqueryHook = this.subqueryHook(cur);

    // WHERE
    if (s.where) {
      const b = new ExprBinder(this.ctx, fromScope, 'where clause', { subquery: subqueryHook });
      const cond = b.bind(s.where);
      cur.plan = { kind: 'Selection', id: this.newId(), schema: cur.plan.schema, child: cur.plan, conditions: conjuncts(cond) };
    }

    const items = s.items;
    const aggregating = s.groupBy.length > 0 || items.some((i) => i.kind === 'ExprItem' && hasAggregate(i.expr)) || (s.having !== undefined && hasAggregate(s.having)) || s.orderBy.some((o) => hasAggregate(o.expr));

    // Select aliases for GROUP BY / HAVING / ORDER BY lookups.
    const aliasOf = new Map<string, Expr>();
    for (const it of items) if (it.kind === 'ExprItem' && it.alias !== undefined) aliasOf.set(it.alias.toLowerCase(), it.expr);

    let post: ExprBinder;
    if (aggregating) post = this.bindAggregation(s, cur, fromScope, aliasOf, subqueryHook);
    else post = new ExprBinder(this.ctx, fromScope, 'field list', { subquery: subqueryHook });

    // HAVING
    if (s.having) {
      const hb = post.with({ ...post.hooks, column: this.havingColumn(post, aliasOf) }, 'having clause');
      const cond = hb.bind(s.having);
      cur.plan = { kind: 'Selection', id: this.newId(), schema: cur.plan.schema, child: cur.plan, conditions: conjuncts(cond) };
    }

    // Window functions are collected while binding the select list and ORDER BY.
    const windows = this.windowCollector(s, post, cur);
    const selBinder = post.with({ ...post.hooks, window: windows.hook }, 'field list');

    // Select list
    const exprs: Expression[] = [];
    const outCols: PlanColumn[] = [];
    const itemAsts: (Expr | undefined)[] = [];
    for (const [pos, it] of items.entries()) {
      this.itemPos = pos + 1;
      if (it.kind === 'Star') {
        for (const c of this.expandStar(it, fromScope)) {
          const ast: Expr = { kind: 'Column', column: c.name, ...(c.table ? { table: c.table } : {}) };
          // Aggregating, the FROM columns are gone: bind through the GROUP BY binder, which
          // maps grouped columns to the aggregation's outputs (and rejects ungrouped ones).
          exprs.push(aggregating ? selBinder.bind(ast) : col(c.id, c.type, c.name));
          outCols.push({ ...c, id: this.newId() });
          itemAsts.push(ast);
        }
        continue;
      }
      const e = selBinder.bind(it.expr);
      exprs.push(e);
      itemAsts.push(it.expr);
      outCols.push(this.outputColumn(it, e, cur.plan));
    }

    // ORDER BY items: select positions / aliases first, then any expression (hidden columns).
    const sortKeys: SortKey[] = [];
    const hidden: { expr: Expression; col: PlanColumn }[] = [];
    if (s.orderBy.length) {
      const ob = selBinder.with({ ...selBinder.hooks }, 'order clause');
      for (const o of s.orderBy) {
        const pos = this.selectPosition(o.expr, outCols.length, 'order clause');
        if (pos !== undefined) {
          sortKeys.push({ expr: col((outCols[pos] as PlanColumn).id, (outCols[pos] as PlanColumn).type, (outCols[pos] as PlanColumn).name), desc: o.desc });
          continue;
        }
        const byAlias = this.aliasColumn(o.expr, outCols, items);
        if (byAlias) {
          sortKeys.push({ expr: col(byAlias.id, byAlias.type, byAlias.name), desc: o.desc });
          continue;
        }
        const same = itemAsts.findIndex((a) => a !== undefined && printExpr(a) === printExpr(o.expr));
        if (same >= 0) {
          const c = outCols[same] as PlanColumn;
          sortKeys.push({ expr: col(c.id, c.type, c.name), desc: o.desc });
          continue;
        }
        const e = ob.bind(o.expr);
        const c: PlanColumn = { id: this.newId(), name: printExpr(o.expr), table: '', db: '', orgName: '', orgTable: '', type: e.type, hidden: true };
        hidden.push({ expr: e, col: c });
        sortKeys.push({ expr: col(c.id, c.type, c.name), desc: o.desc });
      }
    }

    windows.finish();

    let plan: Plan = {
      kind: 'Projection',
      id: this.newId(),
      schema: [...outCols, ...hidden.map((h) => h.col)],
      child: cur.plan,
      exprs: [...exprs, ...hidden.map((h) => h.expr)],
    };
    if (s.distinct) {
      plan = { kind: 'Distinct', id: this.newId(), schema: plan.schema, child: plan };
    }
    if (sortKeys.length) plan = { kind: 'Sort', id: this.newId(), schema: plan.schema, child: plan, keys: sortKeys };
    if (s.limit) plan = this.limit(plan, s.limit);
    if (hidden.length) plan = { kind: 'Projection', id: this.newId(), schema: outCols, child: plan, exprs: outCols.map((c) => col(c.id, c.type, c.name)) };
    if (s.lock) markLock(plan, s.lock);
    return plan;
  }

  // ---------------------------------------------------------------- FROM

  bindFrom(ref: TableRef, outer?: Scope): { plan: Plan; scope: Scope } {
    switch (ref.kind) {
      case 'Table':
        return this.bindTable(ref.table.db, ref.table.name, ref.alias, outer);
      case 'Derived': {
        const inner = this.bindQuery(ref.query, outer);
        return this.relabel(inner, ref.alias, [], outer);
      }
      case 'Join':
        return this.bindJoin(ref, outer);
    }
  }

  private relabel(inner: Plan, alias: string, names: readonly string[], outer?: Scope): { plan: Plan; scope: Scope } {
    const cols = visible(inner);
    if (names.length && names.length !== cols.length) throw unionColumnCount();
    const seen = new Set<string>();
    const schema = cols.map((c, i) => {
      const name = names[i] ?? c.name;
      const lower = name.toLowerCase();
      if (seen.has(lower)) throw derivedDuplicateColumn(name);
      seen.add(lower);
      return { ...c, id: this.newId(), name, table: alias, db: '', orgName: name, orgTable: alias, hidden: false };
    });
    const plan: Plan = { kind: 'Projection', id: this.newId(), schema, child: inner, exprs: cols.map((c) => col(c.id, c.type, c.name)), derived: true };
    return { plan, scope: Scope.of(schema, outer) };
  }

  private findCte(name: string): CteEntry | undefined {
    const lower = name.toLowerCase();
    for (let i = this.ctes.length - 1; i >= 0; i--) {
      const frame = this.ctes[i] as CteEntry[];
      for (let j = frame.length - 1; j >= 0; j--) if ((frame[j] as CteEntry).name.toLowerCase() === lower) return frame[j];
    }
    return undefined;
  }

  private bindTable(dbName: string | undefined, name: string, alias: string | undefined, outer?: Scope): { plan: Plan; scope: Scope } {
    if (dbName === undefined) {
      const cte = this.findCte(name);
      if (cte) return this.bindCte(cte, alias ?? name, outer);
    }
    const db = dbName ?? this.ctx.currentDb;
    if (db === null || db === undefined) throw noDatabaseSelected();
    const table = this.ctx.infoSchema.table(db, name);
    if (!table) throw tableNotExists(this.ctx.infoSchema.database(db)?.name ?? db, name);
    const dbInfo = this.ctx.infoSchema.database(db);
    if (table.view) return this.bindView(table, dbInfo?.name ?? db, alias ?? table.name, outer);
    if (table.memTable) return this.memTable(table, dbInfo?.name ?? db, alias ?? table.name, outer);
    return this.dataSource(table, dbInfo?.name ?? db, alias ?? table.name, outer);
  }

  /** An information_schema table: its rows, made now from the catalog and the server's state,
   *  as constants; filters, joins and ordering run over them like over any rows. */
  private memTable(table: TableInfo, db: string, alias: string, outer?: Scope): { plan: Plan; scope: Scope } {
    const cols = publicColumns(table);
    const schema: PlanColumn[] = cols.map((c) => ({ id: this.newId(), name: c.name, table: alias, db, orgName: c.name, orgTable: table.name, type: c.type }));
    const rows = (this.ctx.memTableRows?.(table) ?? []).map((r) => cols.map((c, i) => constant(r[i] ?? null, c.type)));
    const plan: Plan = { kind: 'Dual', id: this.newId(), schema, rows };
    return { plan, scope: Scope.of(schema, outer) };
  }

  /** A view reads as a derived table over its stored query, bound in the view's own database
   *  and without the outer query's CTEs or columns. Columns the query gives beyond the ones
   *  recorded at CREATE VIEW (a `*` over a table that gained columns) are not part of the view. */
  private bindView(table: TableInfo, db: string, alias: string, outer?: Scope): { plan: Plan; scope: Scope } {
    const view = table.view as NonNullable<TableInfo['view']>;
    const key = `${db}.${table.name}`.toLowerCase();
    if (this.viewPath.includes(key)) throw viewInvalid(db, table.name);
    let query: QueryExpr;
    try {
      const stmt = parseOne(view.select);
      if (stmt.kind !== 'Select' && stmt.kind !== 'Union' && stmt.kind !== 'With') throw viewInvalid(db, table.name);
      query = stmt;
    } catch {
      throw viewInvalid(db, table.name);
    }
    const binder = new QueryBinder({ ...this.ctx, currentDb: db }, [...this.viewPath, key]);
    let inner: Plan;
    try {
      inner = binder.bindQuery(query);
    } catch (err) {
      if (err instanceof SqlError && (err.mysqlErrno === 1146 || err.mysqlErrno === 1054 || err.mysqlErrno === 1049)) throw viewInvalid(db, table.name);
      throw err;
    }
    const names = publicColumns(table).map((c) => c.name);
    const cols = visible(inner);
    if (cols.length < names.length) throw viewInvalid(db, table.name);
    return this.relabel(trimTo(inner, cols.slice(0, names.length), this), alias, names, outer);
  }

  dataSource(table: TableInfo, db: string, alias: string, outer?: Scope): { plan: DataSource; scope: Scope } {
    const schema: PlanColumn[] = [];
    const columns: DataSource['columns'] = [];
    for (const c of publicColumns(table)) {
      const flags = columnKeyFlags(table, c.id);
      schema.push({ id: this.newId(), name: c.name, table: alias, db, orgName: c.name, orgTable: table.name, type: c.type, ...flags, ...(c.autoIncrement ? { autoIncrement: true } : {}) });
      columns.push(c);
    }
    // The handle: for DML and index lookups; pruned when unused.
    schema.push({ id: this.newId(), name: HIDDEN_HANDLE_COLUMN, table: alias, db, orgName: HIDDEN_HANDLE_COLUMN, orgTable: table.name, type: T.bigint({ nullable: false }), hidden: true });
    columns.push(undefined);
    const plan: DataSource = { kind: 'DataSource', id: this.newId(), schema, db, table, alias, columns, conditions: [] };
    return { plan, scope: Scope.of(schema, outer) };
  }

  private bindCte(cte: CteEntry, alias: string, outer?: Scope): { plan: Plan; scope: Scope } {
    if (cte.def) {
      // A self-reference inside the recursive part: read the previous iteration.
      const schema = cte.def.schema.map((c) => ({ ...c, id: this.newId(), table: alias }));
      const plan: Plan = { kind: 'CteScan', id: this.newId(), schema, cte: cte.def, iteration: true };
      return { plan, scope: Scope.of(schema, outer) };
    }
    const q = cte.query;
    if (cte.recursive && q.kind === 'Union' && referencesTable(q.right, cte.name)) {
      const seed = this.bindQuery(q.left, outer);
      const seedCols = visible(seed);
      const names = cte.columns.length ? cte.columns : seedCols.map((c) => c.name);
      if (names.length !== seedCols.length) throw unionColumnCount();
      const schema: PlanColumn[] = seedCols.map((c, i) => ({ id: this.newId(), name: names[i] as string, table: alias, db: '', orgName: names[i] as string, orgTable: alias, type: withNullable(widen(c.type), true) }));
      const def: CteDef = { name: cte.name, seed: trimTo(seed, seedCols, this), distinct: !q.all, schema, id: this.newId() };
      cte.def = def;
      let rec: Plan;
      try {
        rec = this.bindQuery(q.right, outer);
      } finally {
        delete cte.def;
      }
      const recCols = visible(rec);
      if (recCols.length !== schema.length) throw unionColumnCount();
      (def as { recursive?: Plan }).recursive = trimTo(rec, recCols, this);
      const outSchema = schema.map((c) => ({ ...c, id: this.newId() }));
      const plan: Plan = { kind: 'CteScan', id: this.newId(), schema: outSchema, cte: def };
      return { plan, scope: Scope.of(outSchema, outer) };
    }
    if (cte.recursive && referencesTable(q, cte.name)) throw recursiveCteNoUnion(cte.name);
    // Hide this CTE while binding its own body (a non-recursive CTE cannot see itself).
    const inner = this.withoutCte(cte, () => this.bindQuery(q, outer));
    return this.relabel(inner, alias, cte.columns, outer);
  }

  private withoutCte<R>(cte: CteEntry, fn: () => R): R {
    for (const frame of this.ctes) {
      const i = frame.indexOf(cte);
      if (i >= 0) {
        frame.splice(i, 1);
        try {
          return fn();
        } finally {
          frame.splice(i, 0, cte);
        }
      }
    }
    return fn();
  }

  private bindJoin(j: Extract<TableRef, { kind: 'Join' }>, outer?: Scope): { plan: Plan; scope: Scope } {
    const l = this.bindFrom(j.left, outer);
    const r = this.bindFrom(j.right, outer);
    checkUniqueAliases(l.scope, r.scope);
    const cols: ScopeColumn[] = [...l.scope.columns, ...r.scope.columns];
    const merged = new Map<string, PlanColumn>([...l.scope.merged, ...r.scope.merged]);
    let using = j.using;
    const conds: Expression[] = [];
    const right = j.type === 'right';
    if (using === undefined && j.on === undefined && j.type !== 'cross' && isNatural(j)) using = [];
    if (using) {
      const names = using.length ? using : commonNames(l.scope, r.scope);
      const shadow = new Set<number>();
      for (const n of names) {
        const lc = l.scope.findLocal({ kind: 'Column', column: n }, 'from clause');
        const rc = r.scope.findLocal({ kind: 'Column', column: n }, 'from clause');
        if (!lc || !rc) throw unknownColumn(n, 'from clause');
        conds.push(this.eqCond(lc, rc));
        merged.set(n.toLowerCase(), right ? rc : lc);
        shadow.add(right ? lc.id : rc.id);
      }
      for (let i = 0; i < cols.length; i++) {
        const c = cols[i] as ScopeColumn;
        if (shadow.has(c.col.id)) cols[i] = { col: c.col, shadowed: true };
      }
    }
    const scope = new Scope(cols, outer, merged);
    const [left, rightPlan] = right ? [r.plan, l.plan] : [l.plan, r.plan];
    const cur: Current = { plan: left };
    if (j.on) {
      const b = new ExprBinder(this.ctx, scope, 'on clause', { subquery: this.subqueryHook(cur) });
      conds.push(...conjuncts(b.bind(j.on)));
    }
    const plan: Plan = {
      kind: 'Join',
      id: this.newId(),
      schema: [...cur.plan.schema, ...rightPlan.schema],
      joinType: j.type === 'left' || j.type === 'right' ? 'left' : 'inner',
      left: cur.plan,
      right: rightPlan,
      eq: [],
      other: conds,
    };
    return { plan, scope };
  }

  private eqCond(a: PlanColumn, b: PlanColumn): Expression {
    const binder = new ExprBinder(this.ctx, new Scope([]), 'from clause');
    return binder.callBound('=', [col(a.id, a.type, `${a.table}.${a.name}`), col(b.id, b.type, `${b.table}.${b.name}`)]);
  }

  // ---------------------------------------------------------------- aggregation

  private bindAggregation(s: Select, cur: Current, fromScope: Scope, aliasOf: Map<string, Expr>, subqueryHook: NonNullable<BinderHooks['subquery']>): ExprBinder {
    const pre = new ExprBinder(this.ctx, fromScope, 'group statement', { subquery: subqueryHook });
    const groupAsts: Expr[] = [];
    const groupExprs: Expression[] = [];
    for (const g of s.groupBy) {
      let ast = g;
      const pos = this.selectPosition(g, s.items.length, 'group statement');
      if (pos !== undefined) {
        const it = s.items[pos] as SelectItem;
        if (it.kind !== 'ExprItem') throw notSupported('GROUP BY position of *');
        ast = it.expr;
      } else if (g.kind === 'Column' && g.table === undefined && aliasOf.has(g.column.toLowerCase()) && !fromScope.findLocal(g, 'group statement')) {
        ast = aliasOf.get(g.column.toLowerCase()) as Expr;
      }
      if (hasAggregate(ast)) throw notSupported("aggregate in GROUP BY");
      groupAsts.push(ast);
      groupExprs.push(pre.bind(ast));
    }
    const groupCols: PlanColumn[] = groupExprs.map((e, i) => {
      const src = e.kind === 'column' ? cur.plan.schema.find((c) => c.id === e.id) : undefined;
      return src ? { ...src, id: this.newId() } : { id: this.newId(), name: printExpr(groupAsts[i] as Expr), table: '', db: '', orgName: '', orgTable: '', type: e.type };
    });
    const aggs: AggCall[] = [];
    const aggCols: PlanColumn[] = [];
    const node: Plan = { kind: 'Aggregate', id: this.newId(), schema: [], child: cur.plan, groupBy: groupExprs, aggs };
    const refreshSchema = (): void => {
      node.schema = [...groupCols, ...aggCols];
    };
    refreshSchema();
    cur.plan = node;
    const byText = new Map<string, PlanColumn>();
    const groupText = new Map<string, PlanColumn>();
    groupAsts.forEach((a, i) => groupText.set(printExpr(a), groupCols[i] as PlanColumn));
    const groupColumnIds = new Map<number, PlanColumn>();
    groupExprs.forEach((e, i) => {
      if (e.kind === 'column') groupColumnIds.set(e.id, groupCols[i] as PlanColumn);
    });
    const strict = this.ctx.evalCtx.sqlMode.onlyFullGroupBy;
    const fdTables = functionallyDetermined(groupExprs, node.child);
    const addAgg = (name: string, args: Expression[], distinct: boolean, text: string, extra: { separator?: string; orderBy?: readonly { desc: boolean }[] } = {}): PlanColumn => {
      const key = `${text}`;
      const hit = byText.get(key);
      if (hit) return hit;
      const agg = bindAggregate(name, args.map((a) => a.type), { distinct, ...(extra.separator !== undefined ? { separator: extra.separator } : {}), ...(extra.orderBy ? { orderBy: extra.orderBy } : {}) });
      const id = this.newId();
      aggs.push({ agg, args, distinct, id, text });
      const c: PlanColumn = { id, name: text, table: '', db: '', orgName: '', orgTable: '', type: agg.returnType };
      aggCols.push(c);
      refreshSchema();
      byText.set(key, c);
      return c;
    };
    const binder: ExprBinder = new ExprBinder(this.ctx, fromScope, 'field list', {
      subquery: subqueryHook,
      replace: (e) => {
        if (e.kind === 'Aggregate' || e.kind === 'IntLiteral' || e.kind === 'StringLiteral') return undefined;
        const g = groupText.get(printExpr(e));
        return g ? col(g.id, g.type, g.name) : undefined;
      },
      column: (ref: ColumnRef) => {
        const { col: c, depth } = fromScope.resolve(ref, binder.where);
        if (depth > 0) return undefined;
        const g = groupColumnIds.get(c.id);
        if (g) return col(g.id, g.type, g.name);
        const qualifiedName = `${c.db ? `${c.db}.` : ''}${c.table}.${c.name}`;
        if (strict && !fdTables.has(c.table.toLowerCase())) {
          if (groupExprs.length === 0) throw mixOfGroupColumns(Math.max(this.itemPos, 1), qualifiedName);
          throw notInGroupBy(Math.max(this.itemPos, 1), qualifiedName);
        }
        const arg = col(c.id, c.type, c.name);
        const fc = addAgg('first_row', [arg], false, `firstrow(${qualifiedName})`);
        return col(fc.id, fc.type, fc.name);
      },
      aggregate: (a: AggNode) => {
        const argBinder = new ExprBinder(this.ctx, fromScope, binder.where, {});
        const args = a.star ? [] : a.args.map((x) => argBinder.bind(x));
        const order = a.orderBy ?? [];
        const orderArgs = order.map((o) => argBinder.bind(o.expr));
        const name = a.name === 'count' && a.star ? 'count' : a.name;
        const all = a.star ? [] : [...args, ...orderArgs];
        const { over: _over, ...plain } = a;
        void _over;
        const text = printExpr(plain);
        const c = addAgg(name, all, a.distinct, text, { ...(a.separator !== undefined ? { separator: a.separator } : {}), ...(order.length ? { orderBy: order.map((o) => ({ desc: o.desc })) } : {}) });
        return col(c.id, c.type, c.name);
      },
    });
    return binder;
  }

  private havingColumn(post: ExprBinder, aliasOf: Map<string, Expr>): (ref: ColumnRef) => Expression | undefined {
    return (ref) => {
      try {
        return post.hooks.column ? post.hooks.column(ref) : undefined;
      } catch (err) {
        if (ref.table === undefined && aliasOf.has(ref.column.toLowerCase())) {
          return post.bind(aliasOf.get(ref.column.toLowerCase()) as Expr);
        }
        throw err;
      }
    };
  }

  // ---------------------------------------------------------------- windows

  private windowCollector(s: Select, post: ExprBinder, cur: Current): { hook: (w: AggNode | WindowFunction) => Expression; finish: () => void } {
    interface Group {
      spec: WindowSpec;
      key: string;
      funcs: WindowCall[];
      cols: PlanColumn[];
    }
    const groups: Group[] = [];
    const named = new Map<string, WindowSpec>();
    for (const w of s.windows) named.set(w.name.toLowerCase(), w.spec);
    const resolveSpec = (spec: WindowSpec): WindowSpec => {
      if (!spec.ref) return spec;
      const base = named.get(spec.ref.toLowerCase());
      if (!base) throw wrongWindowSpec(spec.ref);
      const b = resolveSpec(base);
      return { partitionBy: spec.partitionBy.length ? spec.partitionBy : b.partitionBy, orderBy: spec.orderBy.length ? spec.orderBy : b.orderBy, ...(spec.frame ?? b.frame ? { frame: (spec.frame ?? b.frame) as NonNullable<WindowSpec['frame']> } : {}) };
    };
    const pending: { group: Group; call: WindowCall; col: PlanColumn }[] = [];
    const hook = (w: AggNode | WindowFunction): Expression => {
      const spec = resolveSpec(w.over as WindowSpec);
      const key = JSON.stringify({ p: spec.partitionBy.map(printExpr), o: spec.orderBy.map((o) => [printExpr(o.expr), o.desc]) });
      let g = groups.find((x) => x.key === key);
      if (!g) {
        g = { spec, key, funcs: [], cols: [] };
        groups.push(g);
      }
      const argBinder = post.with({ ...post.hooks, window: undefined as never }, 'field list');
      const args = w.kind === 'Aggregate' && w.star ? [] : w.args.map((a) => argBinder.bind(a));
      const id = this.newId();
      const text = printExpr(w as Expr);
      let type: SqlType;
      let callDef: WindowCall;
      const frame = spec.frame ? this.frameOf(spec.frame, post) : undefined;
      if (w.kind === 'Aggregate') {
        const agg = bindAggregate(w.name, args.map((a) => a.type), { distinct: w.distinct });
        type = agg.returnType;
        callDef = { id, name: w.name, args, agg, text, ...(frame ? { frame } : {}) };
      } else {
        type = windowType(w.name.toLowerCase(), args);
        callDef = { id, name: w.name.toLowerCase(), args, text, ...(frame ? { frame } : {}) };
      }
      const c: PlanColumn = { id, name: text, table: '', db: '', orgName: '', orgTable: '', type };
      g.funcs.push(callDef);
      g.cols.push(c);
      pending.push({ group: g, call: callDef, col: c });
      return col(id, type, text);
    };
    const finish = (): void => {
      for (const g of groups) {
        const pb = post.with({ ...post.hooks }, 'window partition by');
        const partitionBy = g.spec.partitionBy.map((e) => pb.bind(e));
        const orderBy = g.spec.orderBy.map((o) => ({ expr: pb.bind(o.expr), desc: o.desc }));
        cur.plan = { kind: 'Window', id: this.newId(), schema: [...cur.plan.schema, ...g.cols], child: cur.plan, partitionBy, orderBy, funcs: g.funcs };
      }
    };
    return { hook, finish };
  }

  private frameOf(f: NonNullable<WindowSpec['frame']>, b: ExprBinder): WindowCall['frame'] {
    const bound = (x: NonNullable<WindowSpec['frame']>['start']): FrameBoundValue => {
      switch (x.kind) {
        case 'UnboundedPreceding':
          return { kind: 'unbounded-preceding' };
        case 'UnboundedFollowing':
          return { kind: 'unbounded-following' };
        case 'CurrentRow':
          return { kind: 'current' };
        case 'Preceding':
        case 'Following': {
          const v = foldConstant(b.bind(x.offset), this.ctx);
          if (!v) throw notSupported('non-constant window frame offset');
          return { kind: x.kind === 'Preceding' ? 'preceding' : 'following', offset: v.value };
        }
      }
    };
    return { unit: f.unit, start: bound(f.start), end: f.end ? bound(f.end) : { kind: 'current' } };
  }

  // ---------------------------------------------------------------- subqueries

  private subqueryHook(cur: Current): NonNullable<BinderHooks['subquery']> {
    return (s, binder) => {
      const inner = this.bindQuery(s.query, binder.scope);
      const innerCols = visible(inner);
      const resultId = this.newId();
      let mode: Apply['mode'];
      let type: SqlType;
      switch (s.kind) {
        case 'Subquery':
          if (innerCols.length !== 1) throw operandColumns(1);
          mode = { kind: 'scalar' };
          type = withNullable((innerCols[0] as PlanColumn).type, true);
          break;
        case 'Exists':
          mode = { kind: 'exists', not: s.not };
          type = T.bool(false);
          break;
        case 'InSubquery': {
          const probe = s.expr.kind === 'Row' ? s.expr.items.map((e) => binder.bind(e)) : [binder.bind(s.expr)];
          if (probe.length !== innerCols.length) throw operandColumns(probe.length);
          mode = { kind: 'in', not: s.not, probe };
          type = T.bool(true);
          break;
        }
        case 'Quantified': {
          if (innerCols.length !== 1) throw operandColumns(1);
          mode = { kind: 'quantified', op: s.op, all: s.quantifier === 'all', probe: binder.bind(s.expr) };
          type = T.bool(true);
          break;
        }
      }
      const trimmed = trimTo(inner, innerCols, this);
      const correlated = [...outerIdsOf(trimmed)];
      const c: PlanColumn = { id: resultId, name: 'subquery', table: '', db: '', orgName: '', orgTable: '', type, hidden: true };
      const apply: Apply = { kind: 'Apply', id: this.newId(), schema: [...cur.plan.schema, c], outer: cur.plan, inner: trimmed, mode, correlated, resultId };
      cur.plan = apply;
      return col(resultId, type, printExpr(s as Expr));
    };
  }

  // ---------------------------------------------------------------- helpers

  private expandStar(it: Extract<SelectItem, { kind: 'Star' }>, scope: Scope): PlanColumn[] {
    const out: PlanColumn[] = [];
    if (it.table === undefined) {
      for (const m of scope.merged.values()) out.push(m);
      for (const c of scope.columns) if (!c.shadowed && !out.includes(c.col)) out.push(c.col);
      if (scope.columns.length === 0) throw notSupported('SELECT * without tables');
      return out;
    }
    const t = it.table.toLowerCase();
    for (const c of scope.columns) if (c.col.table.toLowerCase() === t && (it.db === undefined || c.col.db.toLowerCase() === it.db.toLowerCase())) out.push(c.col);
    if (!out.length) throw unknownTable(it.table);
    return out;
  }

  private outputColumn(it: Extract<SelectItem, { kind: 'ExprItem' }>, e: Expression, input: Plan): PlanColumn {
    const id = this.newId();
    if (it.expr.kind === 'Column' && e.kind === 'column') {
      const src = input.schema.find((c) => c.id === e.id);
      return { ...(src ?? {}), id, name: it.alias ?? it.expr.column, table: src?.table ?? '', db: src?.db ?? '', orgName: src?.orgName ?? it.expr.column, orgTable: src?.orgTable ?? '', type: e.type, hidden: false };
    }
    return { id, name: it.alias ?? it.label ?? labelOf(it.expr), table: '', db: '', orgName: '', orgTable: '', type: e.type };
  }

  /** `ORDER BY 2` / `GROUP BY 2`: the 0-based select position, or undefined. */
  private selectPosition(e: Expr, n: number, clause: string): number | undefined {
    if (e.kind !== 'IntLiteral') return undefined;
    const p = Number(e.value);
    if (p < 1 || p > n) throw unknownColumn(e.text, clause);
    return p - 1;
  }

  private aliasColumn(e: Expr, outCols: PlanColumn[], items: readonly SelectItem[]): PlanColumn | undefined {
    if (e.kind !== 'Column' || e.table !== undefined) return undefined;
    const name = e.column.toLowerCase();
    let j = 0;
    for (const it of items) {
      if (it.kind === 'Star') return undefined;
      if (it.alias !== undefined && it.alias.toLowerCase() === name) return outCols[j];
      j++;
    }
    return undefined;
  }

  private orderKey(o: OrderItem, schema: PlanColumn[], binder: ExprBinder): SortKey {
    const pos = this.selectPosition(o.expr, schema.length, 'order clause');
    if (pos !== undefined) {
      const c = schema[pos] as PlanColumn;
      return { expr: col(c.id, c.type, c.name), desc: o.desc };
    }
    return { expr: binder.bind(o.expr), desc: o.desc };
  }

  private limit(plan: Plan, l: LimitNode): Plan {
    const binder = new ExprBinder(this.ctx, new Scope([]), 'limit clause');
    const val = (e: Expr): number => {
      if (e.kind === 'Param' && this.ctx.describeOnly) return 0;
      const v = foldConstant(binder.bind(e), this.ctx);
      if (!v || v.value === null) throw wrongArgumentsLimit();
      const n = toInteger(v.value, SILENT, { unsigned: true });
      if (n === null || n < 0n) throw wrongArgumentsLimit();
      return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
    };
    const count = val(l.count);
    const offset = l.offset ? val(l.offset) : 0;
    return { kind: 'Limit', id: this.newId(), schema: plan.schema, child: plan, offset, count };
  }
}

// ---------------------------------------------------------------- free helpers

export function visible(p: Plan): PlanColumn[] {
  return p.schema.filter((c) => !c.hidden);
}

/** A plan whose schema is exactly `cols` (drops hidden columns). */
function trimTo(p: Plan, cols: PlanColumn[], b: QueryBinder): Plan {
  if (cols.length === p.schema.length) return p;
  return { kind: 'Projection', id: b.newId(), schema: cols, child: p, exprs: cols.map((c) => col(c.id, c.type, c.name)) };
}

/** The label MySQL gives an unaliased expression: its text. */
export function labelOf(e: Expr): string {
  const text = printExpr(e).replace(/\?\d+/g, '?');
  return text.startsWith('(') && text.endsWith(')') ? text.slice(1, -1) : text;
}

export function hasAggregate(e: Expr): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (x.kind === 'Aggregate' && !x.over) found = true;
  });
  return found;
}

/** Visits an expression's nodes, not descending into subqueries. */
export function walkExpr(e: Expr, f: (x: Expr) => void): void {
  f(e);
  switch (e.kind) {
    case 'Unary':
    case 'Is':
    case 'Cast':
    case 'ConvertUsing':
    case 'Collate':
      walkExpr(e.expr, f);
      break;
    case 'Binary':
      walkExpr(e.left, f);
      walkExpr(e.right, f);
      break;
    case 'Like':
      walkExpr(e.expr, f);
      walkExpr(e.pattern, f);
      if (e.escape) walkExpr(e.escape, f);
      break;
    case 'InList':
      walkExpr(e.expr, f);
      e.list.forEach((x) => walkExpr(x, f));
      break;
    case 'InSubquery':
    case 'Quantified':
      walkExpr(e.expr, f);
      break;
    case 'Between':
      walkExpr(e.expr, f);
      walkExpr(e.low, f);
      walkExpr(e.high, f);
      break;
    case 'Case':
      if (e.operand) walkExpr(e.operand, f);
      e.whens.forEach((w) => {
        walkExpr(w.when, f);
        walkExpr(w.then, f);
      });
      if (e.else) walkExpr(e.else, f);
      break;
    case 'Call':
    case 'Aggregate':
    case 'WindowFunction':
      e.args.forEach((x) => walkExpr(x, f));
      break;
    case 'Row':
      e.items.forEach((x) => walkExpr(x, f));
      break;
    default:
      break;
  }
}

function referencesTable(q: QueryExpr, name: string): boolean {
  const lower = name.toLowerCase();
  const inRef = (r: TableRef): boolean => {
    switch (r.kind) {
      case 'Table':
        return r.table.db === undefined && r.table.name.toLowerCase() === lower;
      case 'Derived':
        return referencesTable(r.query, name);
      case 'Join':
        return inRef(r.left) || inRef(r.right);
    }
  };
  switch (q.kind) {
    case 'Select':
      return q.from ? inRef(q.from) : false;
    case 'Union':
      return referencesTable(q.left, name) || referencesTable(q.right, name);
    case 'With':
      return referencesTable(q.query, name);
  }
}

function isNatural(j: Extract<TableRef, { kind: 'Join' }>): boolean {
  return (j as { natural?: boolean }).natural === true;
}

function commonNames(l: Scope, r: Scope): string[] {
  const rs = new Set(r.columns.filter((c) => !c.shadowed).map((c) => c.col.name.toLowerCase()));
  return l.columns.filter((c) => !c.shadowed && rs.has(c.col.name.toLowerCase())).map((c) => c.col.name);
}

function checkUniqueAliases(l: Scope, r: Scope): void {
  const tables = (s: Scope): Set<string> => new Set(s.columns.map((c) => `${c.col.db.toLowerCase()}.${c.col.table.toLowerCase()}`).filter((t) => t !== '.'));
  const lt = tables(l);
  for (const t of tables(r)) if (lt.has(t)) throw nonUniqTable(t.slice(t.indexOf('.') + 1));
}

function columnKeyFlags(t: TableInfo, columnId: number): Pick<PlanColumn, 'primaryKey' | 'uniqueKey' | 'multipleKey'> {
  const out: { primaryKey?: boolean; uniqueKey?: boolean; multipleKey?: boolean } = {};
  for (const idx of t.indexes) {
    if (idx.state !== 'public') continue;
    const pos = idx.columns.findIndex((c) => c.columnId === columnId);
    if (pos < 0) continue;
    if (idx.primary) out.primaryKey = true;
    else if (idx.unique && idx.columns.length === 1) out.uniqueKey = true;
    else if (pos === 0) out.multipleKey = true;
  }
  return out;
}

function markLock(p: Plan, lock: 'update' | 'share'): void {
  if (p.kind === 'DataSource') p.lock = lock;
  if (p.kind === 'Apply') {
    markLock(p.outer, lock);
    return;
  }
  for (const c of childrenOf(p)) markLock(c, lock);
}

/** Outer column ids referenced anywhere in a plan. */
export function outerIdsOf(p: Plan, into: Set<number> = new Set()): Set<number> {
  const visit = (e: Expression): void => {
    if (e.kind === 'outer') into.add(e.id);
    else if (e.kind === 'call') e.args.forEach(visit);
  };
  const exprsOf = (n: Plan): Expression[] => {
    switch (n.kind) {
      case 'DataSource':
        return n.conditions;
      case 'Dual':
        return n.rows.flat();
      case 'Selection':
        return n.conditions;
      case 'Projection':
        return n.exprs;
      case 'Aggregate':
        return [...n.groupBy, ...n.aggs.flatMap((a) => a.args)];
      case 'Sort':
      case 'TopN':
        return n.keys.map((k) => k.expr);
      case 'Join':
        return [...n.eq.flatMap((e) => [e.left, e.right]), ...n.other];
      case 'Apply':
        return n.mode.kind === 'in' ? [...n.mode.probe] : n.mode.kind === 'quantified' ? [n.mode.probe] : [];
      case 'Window':
        return [...n.partitionBy, ...n.orderBy.map((k) => k.expr), ...n.funcs.flatMap((f) => f.args)];
      default:
        return [];
    }
  };
  exprsOf(p).forEach(visit);
  for (const c of childrenOf(p)) outerIdsOf(c, into);
  if (p.kind === 'CteScan' && !p.iteration) {
    outerIdsOf(p.cte.seed, into);
    if (p.cte.recursive) outerIdsOf(p.cte.recursive, into);
  }
  return into;
}

/** Tables whose every column is determined by the GROUP BY columns (their primary key or a
 *  NOT NULL unique key is grouped on): their columns may be selected under ONLY_FULL_GROUP_BY. */
function functionallyDetermined(groupBy: readonly Expression[], child: Plan): Set<string> {
  const grouped = new Set<number>();
  for (const g of groupBy) if (g.kind === 'column') grouped.add(g.id);
  const out = new Set<string>();
  const visit = (p: Plan): void => {
    if (p.kind === 'DataSource') {
      const idOf = (columnId: number): number | undefined => {
        const i = p.columns.findIndex((c) => c?.id === columnId);
        return i >= 0 ? p.schema[i]?.id : undefined;
      };
      const handleId = p.schema[p.schema.length - 1]?.id;
      if (handleId !== undefined && grouped.has(handleId)) out.add(p.alias.toLowerCase());
      for (const idx of p.table.indexes) {
        if (!idx.unique || idx.state !== 'public') continue;
        const ids = idx.columns.map((c) => idOf(c.columnId));
        const notNull = idx.columns.every((c) => p.table.columns.find((x) => x.id === c.columnId)?.type.nullable === false);
        if ((idx.primary || notNull) && ids.every((id) => id !== undefined && grouped.has(id))) out.add(p.alias.toLowerCase());
      }
      return;
    }
    for (const c of childrenOf(p)) visit(c);
  };
  visit(child);
  return out;
}

function windowType(name: string, args: readonly Expression[]): SqlType {
  switch (name) {
    case 'row_number':
    case 'rank':
    case 'dense_rank':
    case 'ntile':
      return T.bigint({ unsigned: true, nullable: false });
    case 'percent_rank':
    case 'cume_dist':
      return T.double({ nullable: false });
    case 'lag':
    case 'lead':
    case 'first_value':
    case 'last_value':
    case 'nth_value': {
      const t = args[0]?.type ?? T.null();
      const d = args[2]?.type;
      return withNullable(d ? mergeTypes([t, d]) : t, true);
    }
    default:
      throw notSupported(`window function ${name}`);
  }
}

/** Recursive CTE columns take the seed's type; widen integer/string lengths a little as MySQL
 *  does not (it errors 1406 on overflow); keep it simple: the seed type. */
function widen(t: SqlType): SqlType {
  return t;
}

export { columnIds };
