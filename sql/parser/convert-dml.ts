// DML: node-sql-parser's insert / replace / update / delete nodes → Insert / Update / Delete.
//
// `DEFAULT` as a value was rewritten to a placeholder column by the rewrite pass and comes back
// as a Default node; VALUES(col) inside ON DUPLICATE KEY UPDATE is a ValuesOf node. IGNORE is
// read from the statement's tokens by the caller (node-sql-parser drops it in places).
import type { Assignment, Delete, Expr, Insert, TableName, Update } from './ast.js';
import { convertExpr, orderItems, type ConvertContext } from './convert-expr.js';
import { convertQuery, fromList, limitOf, tableName } from './convert-select.js';
import { arr, arrField, field, isObj, nameOf, strField, unsupported, type RawObject } from './raw.js';
import { EMPTY_MARK } from './rewrite.js';

function assignments(cx: ConvertContext, raw: unknown): Assignment[] {
  return arr(raw).map((a) => {
    const column = nameOf(field(a, 'column')) ?? unsupported('SET');
    const table = strField(a, 'table');
    return { column: { kind: 'Column', column, ...(table ? { table } : {}) }, value: convertExpr(cx, field(a, 'value')) };
  });
}

/** One VALUES row; `()` arrives as the rewrite pass's empty-list placeholder. */
function valuesRow(cx: ConvertContext, row: unknown): Expr[] {
  const items = arrField(row, 'value');
  const only = items[0];
  if (items.length === 1 && field(only, 'type') === 'column_ref' && nameOf(field(only, 'column')) === EMPTY_MARK) return [];
  return items.map((v) => convertExpr(cx, v));
}

export function convertInsert(cx: ConvertContext, raw: RawObject, ignore: boolean): Insert {
  const tables = arr(raw['table']);
  if (tables.length !== 1) return unsupported('INSERT into several tables');
  const table = tableName(tables[0]);
  const columns = arr(raw['columns'])
    .map((c) => nameOf(c) ?? unsupported('INSERT column list'))
    .filter((c) => c !== EMPTY_MARK);
  const values = raw['values'];
  const set = raw['set'];
  let source: Insert['source'];
  if (Array.isArray(set) && set.length > 0) source = { kind: 'Set', assignments: assignments(cx, set) };
  else if (isObj(values) && values['type'] === 'values') {
    source = { kind: 'Values', rows: arr(values['values']).map((row) => valuesRow(cx, row)) };
  } else if (Array.isArray(values)) {
    source = { kind: 'Values', rows: values.map((row) => valuesRow(cx, row)) };
  } else if (isObj(values) && values['type'] === 'select') source = { kind: 'Query', query: convertQuery(cx, values) };
  else if (isObj(raw['select'])) source = { kind: 'Query', query: convertQuery(cx, raw['select']) };
  else return unsupported('INSERT source');
  const dup = raw['on_duplicate_update'];
  return {
    kind: 'Insert',
    replace: raw['type'] === 'replace',
    ignore,
    table,
    columns,
    source,
    onDuplicate: isObj(dup) ? assignments(cx, dup['set']) : [],
  };
}

export function convertUpdate(cx: ConvertContext, raw: RawObject, ignore: boolean): Update {
  const table = fromList(cx, raw['table']) ?? unsupported('UPDATE');
  const where = raw['where'];
  const limit = limitOf(cx, raw['limit']);
  return {
    kind: 'Update',
    ignore,
    table,
    assignments: assignments(cx, raw['set']),
    ...(where !== undefined && where !== null ? { where: convertExpr(cx, where) } : {}),
    orderBy: orderItems(cx, raw['orderby']),
    ...(limit ? { limit } : {}),
  };
}

export function convertDelete(cx: ConvertContext, raw: RawObject, ignore: boolean): Delete {
  const from = fromList(cx, raw['from']) ?? unsupported('DELETE');
  const targetsRaw = arr(raw['table']);
  const single = targetsRaw.length === 0 || (targetsRaw.length === 1 && field(targetsRaw[0], 'addition') === true);
  const targets: TableName[] = single ? [] : targetsRaw.map((t) => tableName(t));
  const where = raw['where'];
  const limit = limitOf(cx, raw['limit']);
  return {
    kind: 'Delete',
    ignore,
    targets,
    from,
    ...(where !== undefined && where !== null ? { where: convertExpr(cx, where) } : {}),
    orderBy: orderItems(cx, raw['orderby']),
    ...(limit ? { limit } : {}),
  };
}
