// Queries: node-sql-parser's select nodes → Select / Union / With, and table references.
//
// node-sql-parser chains UNION operands through `_next` with `set_op`, and attaches a trailing
// ORDER BY / LIMIT to the last operand; MySQL applies an unparenthesized trailing ORDER BY /
// LIMIT to the whole union, so they move up to the Union node here. FROM lists become a
// left-deep tree of Join nodes (a comma is a cross join).
import { SqlError } from '../errors.js';
import type { Limit, QueryExpr, Select, SelectItem, TableName, TableRef, JoinType, Cte } from './ast.js';
import { columnRef, convertExpr, orderItems, windowSpec, type ConvertContext } from './convert-expr.js';
import { arr, arrField, field, isObj, nameOf, str, strField, unsupported, type RawObject } from './raw.js';

export function tableName(raw: unknown): TableName {
  const name = strField(raw, 'table') ?? nameOf(field(raw, 'table'));
  if (!name) return unsupported('table reference');
  const db = strField(raw, 'db') ?? strField(raw, 'schema');
  return db ? { db, name } : { name };
}

export function limitOf(cx: ConvertContext, raw: unknown): Limit | undefined {
  const values = arrField(raw, 'value');
  if (values.length === 0) return undefined;
  const sep = strField(raw, 'seperator') ?? strField(raw, 'separator') ?? '';
  const [a, b] = values.map((v) => convertExpr(cx, v));
  if (!a) return undefined;
  if (b === undefined) return { count: a };
  return sep === ',' ? { count: b, offset: a } : { count: a, offset: b };
}

function joinType(j: string): JoinType {
  const u = j.toUpperCase().replace(/\s+/g, ' ');
  if (u === 'LEFT JOIN' || u === 'LEFT OUTER JOIN') return 'left';
  if (u === 'RIGHT JOIN' || u === 'RIGHT OUTER JOIN') return 'right';
  if (u === 'CROSS JOIN') return 'cross';
  if (u === 'INNER JOIN' || u === 'JOIN' || u === 'STRAIGHT_JOIN') return 'inner';
  return unsupported(j);
}

/** One FROM item; undefined for DUAL. */
function singleRef(cx: ConvertContext, raw: RawObject): TableRef | undefined {
  if (raw['type'] === 'dual') return undefined;
  const expr = raw['expr'];
  const alias = nameOf(raw['as']);
  if (isObj(expr) && isObj(expr['ast'])) {
    if (!alias) throw new SqlError('SQL:DerivedMustHaveAlias', 1248, '42000', 'Every derived table must have its own alias');
    return { kind: 'Derived', query: cx.query(expr['ast']), alias };
  }
  if (Array.isArray(expr)) {
    // A parenthesized join: (t1 JOIN t2 ON …)
    return fromList(cx, expr) ?? unsupported('empty join');
  }
  if (expr !== undefined && expr !== null) return unsupported('table expression');
  const table = tableName(raw);
  if (!table.db && table.name.toUpperCase() === 'DUAL' && !alias) return undefined;
  return alias ? { kind: 'Table', table, alias } : { kind: 'Table', table };
}

/** Folds a FROM list into one TableRef. */
export function fromList(cx: ConvertContext, raw: unknown): TableRef | undefined {
  let acc: TableRef | undefined;
  // A parenthesized FROM list comes as one object rather than an array.
  const items = isObj(raw) ? [raw] : arr(raw);
  if (raw !== undefined && raw !== null && !isObj(raw) && !Array.isArray(raw)) return unsupported('FROM');
  for (const item of items) {
    if (arrField(item, 'joins').length > 0) return unsupported('FROM');
    if (!isObj(item)) return unsupported('FROM');
    const ref = singleRef(cx, item);
    if (!ref) continue;
    if (!acc) {
      acc = ref;
      continue;
    }
    const j = str(item['join']);
    if (!j) {
      acc = { kind: 'Join', type: 'cross', left: acc, right: ref };
      continue;
    }
    const type = joinType(j);
    const on = item['on'];
    const using = item['using'];
    acc = {
      kind: 'Join',
      type: type === 'cross' && on ? 'inner' : type,
      left: acc,
      right: ref,
      ...(on !== undefined && on !== null ? { on: convertExpr(cx, on) } : {}),
      ...(Array.isArray(using) ? { using: using.map((u) => nameOf(u) ?? unsupported('USING')) } : {}),
    };
  }
  return acc;
}

function selectItems(cx: ConvertContext, raw: unknown): SelectItem[] {
  if (raw === '*') return [{ kind: 'Star' }];
  return arr(raw).map((c): SelectItem => {
    const e = field(c, 'expr');
    if (isObj(e) && e['type'] === 'column_ref' && nameOf(e['column']) === '*') {
      const r = columnRef(e);
      return { kind: 'Star', ...(r.table ? { table: r.table } : {}), ...(r.db ? { db: r.db } : {}) };
    }
    if (isObj(e) && e['type'] === 'star') return { kind: 'Star' };
    const alias = nameOf(field(c, 'as'));
    const expr = convertExpr(cx, e);
    if (alias !== undefined) return { kind: 'ExprItem', expr, alias };
    const label = itemText(cx, e);
    return label !== undefined ? { kind: 'ExprItem', expr, label } : { kind: 'ExprItem', expr };
  });
}

/** An item's source text from node-sql-parser's location; a parenthesized subquery's location
 *  covers the query only, so its parentheses are taken from the text around it. */
function itemText(cx: ConvertContext, e: unknown): string | undefined {
  if (!cx.source || !isObj(e)) return undefined;
  const node = isObj(e['ast']) ? e['ast'] : e;
  const loc = field(node, 'loc');
  const from = field(field(loc, 'start'), 'offset');
  const to = field(field(loc, 'end'), 'offset');
  if (typeof from !== 'number' || typeof to !== 'number') return undefined;
  const text = cx.source(from, to);
  if (text === undefined) return undefined;
  return isObj(e['ast']) && e['parentheses'] === true ? `(${text})` : text;
}

function groupBy(cx: ConvertContext, raw: unknown): Select['groupBy'] {
  if (raw === undefined || raw === null) return [];
  if (arrField(raw, 'modifiers').some((m) => m !== null && m !== undefined)) return unsupported('GROUP BY ... WITH ROLLUP');
  const cols = Array.isArray(raw) ? raw : arrField(raw, 'columns');
  return cols.map((c) => convertExpr(cx, c));
}

function lockOf(raw: unknown): Select['lock'] {
  const s = (str(raw) ?? strField(raw, 'type') ?? '').toUpperCase();
  if (!s) return undefined;
  if (s.startsWith('FOR UPDATE')) return 'update';
  if (s.startsWith('LOCK IN SHARE MODE') || s.startsWith('FOR SHARE')) return 'share';
  return unsupported(s);
}

/** One SELECT block, without its `_next` union chain. */
function selectBlock(cx: ConvertContext, raw: RawObject): Select {
  if (isObj(raw['into']) && (raw['into']['position'] !== undefined && raw['into']['position'] !== null)) return unsupported('SELECT INTO');
  const from = fromList(cx, raw['from']);
  const where = raw['where'];
  const having = raw['having'];
  // node-sql-parser reads ORDER BY / LIMIT after a WINDOW clause into _orderby / _limit.
  const afterWindow = isObj(raw['window']);
  const limit = limitOf(cx, raw['limit'] ?? (afterWindow ? raw['_limit'] : undefined));
  const lock = lockOf(raw['locking_read']);
  const options = arr(raw['options']).map((o) => (str(o) ?? '').toUpperCase());
  const calcFoundRows = options.includes('SQL_CALC_FOUND_ROWS');
  const windows = arrField(raw['window'], 'expr').map((w) => ({ name: nameOf(field(w, 'name')) ?? unsupported('WINDOW'), spec: windowSpec(cx, w) }));
  return {
    kind: 'Select',
    distinct: strField(raw, 'distinct')?.toUpperCase() === 'DISTINCT',
    items: selectItems(cx, raw['columns']),
    ...(from ? { from } : {}),
    ...(where !== undefined && where !== null ? { where: convertExpr(cx, where) } : {}),
    groupBy: groupBy(cx, raw['groupby']),
    ...(having !== undefined && having !== null ? { having: convertExpr(cx, having) } : {}),
    windows,
    orderBy: orderItems(cx, raw['orderby'] ?? (afterWindow ? raw['_orderby'] : undefined)),
    ...(limit ? { limit } : {}),
    ...(lock ? { lock } : {}),
    ...(calcFoundRows ? { calcFoundRows } : {}),
  };
}

function ctes(cx: ConvertContext, raw: unknown): { recursive: boolean; ctes: Cte[] } {
  let recursive = false;
  const list = arr(raw).map((c): Cte => {
    if (field(c, 'recursive') === true) recursive = true;
    const name = nameOf(field(c, 'name')) ?? unsupported('WITH');
    const stmt = field(c, 'stmt');
    const ast = field(stmt, 'ast') ?? stmt;
    return { name, columns: arrField(c, 'columns').map((col) => nameOf(field(col, 'column') ?? col) ?? unsupported('WITH')), query: convertQuery(cx, ast) };
  });
  return { recursive, ctes: list };
}

/** A select node with its union chain and WITH clause. */
export function convertQuery(cx: ConvertContext, raw: unknown): QueryExpr {
  if (Array.isArray(raw) && raw.length === 1) return convertQuery(cx, raw[0]);
  if (!isObj(raw)) return unsupported('query');
  if (isObj(raw['ast'])) return convertQuery(cx, raw['ast']);
  if (raw['type'] !== 'select') return unsupported(`${str(raw['type']) ?? 'statement'} as a query`);
  const withRaw = raw['with'];
  const hasWith = Array.isArray(withRaw) && withRaw.length > 0;
  // Operands of the union chain.
  const blocks: RawObject[] = [];
  const ops: string[] = [];
  let cur: unknown = raw;
  while (isObj(cur)) {
    blocks.push(cur);
    const next = cur['_next'];
    if (!isObj(next)) break;
    ops.push((str(cur['set_op']) ?? 'union').toLowerCase());
    cur = next;
  }
  let q: QueryExpr;
  if (blocks.length === 1) q = selectBlock(cx, raw);
  else {
    const last = blocks[blocks.length - 1] as RawObject;
    const lastParen = last['parentheses_symbol'] === true;
    const tailOrder = lastParen ? [] : orderItems(cx, last['orderby']);
    const tailLimit = lastParen ? undefined : limitOf(cx, last['limit']);
    const operands = blocks.map((b, i) => {
      if (i === blocks.length - 1 && !lastParen) return selectBlock(cx, { ...b, orderby: null, limit: null });
      return selectBlock(cx, b);
    });
    q = operands[0] as Select;
    for (let i = 1; i < operands.length; i++) {
      const op = ops[i - 1] ?? 'union';
      if (!op.startsWith('union')) return unsupported(op.toUpperCase());
      const isLast = i === operands.length - 1;
      q = {
        kind: 'Union',
        all: op === 'union all',
        left: q,
        right: operands[i] as Select,
        orderBy: isLast ? tailOrder : [],
        ...(isLast && tailLimit ? { limit: tailLimit } : {}),
      };
    }
  }
  if (hasWith) {
    const w = ctes(cx, withRaw);
    return { kind: 'With', recursive: w.recursive, ctes: w.ctes, query: q };
  }
  return q;
}
