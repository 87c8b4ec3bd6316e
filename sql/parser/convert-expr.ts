// Expressions: node-sql-parser's expression nodes → the typed `Expr` of ast.ts.
//
// Literal placeholders left by the rewrite pass are restored from the statement's side tables
// (exact numbers, decoded strings, parameter numbers). Operator and function names become the
// sql/expr registry's names. Anything not understood is 1235, never a guess.
import type {
  AggregateName,
  BinaryOp,
  ColumnRef,
  Expr,
  FrameBound,
  OrderItem,
  QueryExpr,
  WindowFrame,
  WindowSpec,
} from './ast.js';
import { parseIntervalUnit, type IntervalUnit } from '../types/interval.js';
import { castTargetOf } from './data-type.js';
import { arr, arrField, describe, field, isObj, nameOf, str, strField, unsupported, type RawObject } from './raw.js';
import { DEFAULT_MARK, DISTINCT_PREFIX, NULLSAFE_MARK, NUMBER_PREFIX, PARAM_PREFIX, STRING_PREFIX, type LiteralTables } from './rewrite.js';

/** What expression conversion needs: the side tables, and a way to convert subqueries. */
/** The original text between two offsets of the text node-sql-parser saw. */
export type SourceOf = (from: number, to: number) => string | undefined;

export interface ConvertContext {
  readonly tables: LiteralTables;
  readonly query: (raw: unknown) => QueryExpr;
  /** Present when node locations can be traced back to the statement's text. */
  readonly source?: SourceOf;
}

const AGGREGATES: ReadonlySet<string> = new Set<AggregateName>([
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'group_concat',
  'bit_and',
  'bit_or',
  'bit_xor',
  'std',
  'stddev',
  'stddev_pop',
  'stddev_samp',
  'variance',
  'var_pop',
  'var_samp',
  'any_value',
  'json_arrayagg',
  'json_objectagg',
]);

const WINDOW_ONLY = new Set(['row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value', 'last_value', 'nth_value']);

const BINARY_OPS: Readonly<Record<string, BinaryOp>> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  DIV: 'div',
  MOD: '%',
  '%': '%',
  '=': '=',
  '!=': '<>',
  '<>': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  AND: 'and',
  '&&': 'and',
  OR: 'or',
  '||': 'or',
  XOR: 'xor',
  '&': '&',
  '|': '|',
  '^': '^',
  '<<': '<<',
  '>>': '>>',
  '->': '->',
  '->>': '->>',
  REGEXP: 'regexp',
  'NOT REGEXP': 'not_regexp',
  // The rewrite pass turns <=> into RLIKE (and a real RLIKE into REGEXP).
  RLIKE: '<=>',
};

/** Function names node-sql-parser or MySQL spell differently from the registry. */
const FUNCTION_ALIASES: Readonly<Record<string, string>> = {
  substr: 'substring',
  mid: 'substring',
  position: 'locate',
  current_timestamp: 'now',
  localtime: 'now',
  localtimestamp: 'now',
  current_date: 'curdate',
  current_time: 'curtime',
  ucase: 'upper',
  lcase: 'lower',
  ceiling: 'ceil',
  power: 'pow',
  schema: 'database',
  character_length: 'char_length',
  octet_length: 'length',
};

function placeholderIndex(name: string, prefix: string): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^[0-9]+$/.test(rest) ? Number(rest) : undefined;
}

/** The decoded string for a placeholder value, or the raw text when it is not one. */
export function restoreString(cx: ConvertContext, value: string): { value: string; charset?: string } {
  const i = placeholderIndex(value, STRING_PREFIX);
  if (i === undefined) return { value };
  const s = cx.tables.strings[i];
  if (!s) return unsupported('string literal');
  return s;
}

/** A string-valued raw node (a literal, or a placeholder in an option such as COMMENT 'x'). */
export function rawString(cx: ConvertContext, v: unknown): string | undefined {
  if (typeof v === 'string') {
    const quoted = /^'(.*)'$/.exec(v);
    return restoreString(cx, quoted ? (quoted[1] as string) : v).value;
  }
  if (isObj(v)) {
    const value = v['value'];
    if (typeof value === 'string') return restoreString(cx, value).value;
    if (typeof value === 'number') return String(value);
    if (isObj(value)) return rawString(cx, value);
  }
  return undefined;
}

export function numberLiteral(text: string): Expr {
  if (/^-?[0-9]+$/.test(text)) return { kind: 'IntLiteral', text, value: BigInt(text) };
  if (/[eE]/.test(text)) return { kind: 'FloatLiteral', text, value: Number(text) };
  return { kind: 'DecimalLiteral', text };
}

function negate(e: Expr): Expr {
  switch (e.kind) {
    case 'IntLiteral':
      return e.value === 0n ? e : { kind: 'IntLiteral', text: e.text.startsWith('-') ? e.text.slice(1) : `-${e.text}`, value: -e.value };
    case 'DecimalLiteral':
      return { kind: 'DecimalLiteral', text: e.text.startsWith('-') ? e.text.slice(1) : `-${e.text}` };
    case 'FloatLiteral':
      return { kind: 'FloatLiteral', text: e.text.startsWith('-') ? e.text.slice(1) : `-${e.text}`, value: -e.value };
    default:
      return { kind: 'Unary', op: 'neg', expr: e };
  }
}

function columnName(raw: unknown): string {
  const c = field(raw, 'column');
  const name = nameOf(c);
  if (name === undefined) return unsupported(`column reference (${describe(raw)})`);
  return name;
}

export function columnRef(raw: unknown): ColumnRef {
  const column = columnName(raw);
  const table = nameOf(field(raw, 'table'));
  const db = nameOf(field(raw, 'db')) ?? nameOf(field(raw, 'schema'));
  return { kind: 'Column', column, ...(table ? { table } : {}), ...(db ? { db } : {}) };
}

function isSubqueryNode(raw: unknown): raw is RawObject {
  return isObj(raw) && isObj(raw['ast']);
}

function subquery(cx: ConvertContext, raw: RawObject): QueryExpr {
  return cx.query(raw['ast']);
}

function intervalUnit(raw: unknown): IntervalUnit {
  const text = str(raw) ?? nameOf(raw) ?? '';
  const unit = parseIntervalUnit(text.toUpperCase());
  if (!unit) return unsupported(`interval unit ${text}`);
  return unit;
}

function listOf(raw: unknown): readonly unknown[] {
  if (Array.isArray(raw)) return raw as readonly unknown[];
  if (isObj(raw) && raw['type'] === 'expr_list') return arr(raw['value']);
  return raw === undefined || raw === null ? [] : [raw];
}

function withCollate(cx: ConvertContext, raw: RawObject, e: Expr): Expr {
  const c = raw['collate'] ?? field(raw['suffix'], 'collate');
  if (!isObj(c)) return e;
  const name = nameOf(c['collate']) ?? nameOf(c['name']);
  if (!name) return e;
  void cx;
  return { kind: 'Collate', expr: e, collation: name };
}

/** Converts one raw expression. */
export function convertExpr(cx: ConvertContext, raw: unknown): Expr {
  if (!isObj(raw)) {
    if (typeof raw === 'number') return numberLiteral(String(raw));
    return unsupported(`expression (${describe(raw)})`);
  }
  return withCollate(cx, raw, convertBare(cx, raw));
}

function convertBare(cx: ConvertContext, raw: RawObject): Expr {
  if (isSubqueryNode(raw)) return { kind: 'Subquery', query: subquery(cx, raw) };
  const type = str(raw['type']);
  switch (type) {
    case 'column_ref': {
      const ref = columnRef(raw);
      if (!ref.table && !ref.db) {
        const p = placeholderIndex(ref.column, PARAM_PREFIX);
        if (p !== undefined) return { kind: 'Param', index: p };
        const n = placeholderIndex(ref.column, NUMBER_PREFIX);
        if (n !== undefined) return numberLiteral(cx.tables.numbers[n] ?? unsupported('number literal'));
        if (ref.column === DEFAULT_MARK) return { kind: 'Default' };
      }
      return ref;
    }
    case 'number':
    case 'bigint': {
      const v = raw['value'];
      const text = typeof v === 'number' ? String(v) : str(v) ?? '';
      if (!/^-?[0-9]+(\.[0-9]*)?$/.test(text)) return unsupported(`number ${text}`);
      return numberLiteral(text);
    }
    case 'single_quote_string':
    case 'double_quote_string':
    case 'string':
    case 'natural_string':
    case 'var_string': {
      const s = restoreString(cx, strField(raw, 'value') ?? '');
      return s.charset !== undefined ? { kind: 'StringLiteral', value: s.value, charset: s.charset } : { kind: 'StringLiteral', value: s.value };
    }
    case 'hex_string':
    case 'full_hex_string':
      return { kind: 'HexLiteral', hex: (strField(raw, 'value') ?? '').toUpperCase() };
    case 'bit_string':
      return { kind: 'BitLiteral', bits: strField(raw, 'value') ?? '' };
    case 'null':
      return { kind: 'NullLiteral' };
    case 'bool':
    case 'boolean':
      return { kind: 'BoolLiteral', value: raw['value'] === true || String(raw['value']).toUpperCase() === 'TRUE' };
    case 'date':
    case 'time':
    case 'timestamp':
    case 'datetime':
      return { kind: 'TemporalLiteral', type: type === 'datetime' ? 'timestamp' : type, text: restoreString(cx, strField(raw, 'value') ?? '').value };
    case 'var':
      return variable(raw);
    case 'unary_expr':
      return unary(cx, raw);
    case 'binary_expr':
      return binary(cx, raw);
    case 'expr_list': {
      const items = arr(raw['value']);
      if (items.length === 1) return convertExpr(cx, items[0]);
      return { kind: 'Row', items: items.map((i) => convertExpr(cx, i)) };
    }
    case 'case':
      return caseExpr(cx, raw);
    case 'cast':
      return castExpr(cx, raw);
    case 'interval':
      return unsupported('INTERVAL outside DATE_ADD/DATE_SUB or +/-');
    case 'extract': {
      const args = raw['args'];
      return { kind: 'Call', name: 'extract', args: [convertExpr(cx, field(args, 'source'))], unit: intervalUnit(field(args, 'field')) };
    }
    case 'aggr_func':
      return aggregate(cx, raw);
    case 'function':
      return call(cx, raw);
    case 'origin': {
      const v = (strField(raw, 'value') ?? '').toUpperCase();
      if (v === 'CURRENT_TIMESTAMP' || v === 'NOW' || v === 'LOCALTIME' || v === 'LOCALTIMESTAMP') return { kind: 'Call', name: 'now', args: [] };
      if (v === 'CURRENT_DATE') return { kind: 'Call', name: 'curdate', args: [] };
      if (v === 'CURRENT_TIME') return { kind: 'Call', name: 'curtime', args: [] };
      if (v === 'CURRENT_USER') return { kind: 'Call', name: 'current_user', args: [] };
      if (v === '?') {
        // A `?` the rewrite pass kept (LIMIT ?): its number was recorded in text order.
        const index = cx.tables.limitParams.shift();
        if (index === undefined) return unsupported('parameter marker');
        return { kind: 'Param', index };
      }
      return unsupported(v || 'expression');
    }
    default:
      return unsupported(`expression ${type ?? describe(raw)}`);
  }
}

function variable(raw: RawObject): Expr {
  const prefix = strField(raw, 'prefix') ?? '@';
  const name = strField(raw, 'name') ?? '';
  const members = arr(raw['members']).map((m) => str(m) ?? '');
  if (prefix === '@') return { kind: 'Variable', system: false, scope: 'user', name: [name, ...members].join('.') };
  const lower = name.toLowerCase();
  if ((lower === 'session' || lower === 'global' || lower === 'local') && members.length > 0) {
    return { kind: 'Variable', system: true, scope: lower === 'global' ? 'global' : 'session', name: members.join('.').toLowerCase() };
  }
  return { kind: 'Variable', system: true, scope: 'default', name: [name, ...members].join('.').toLowerCase() };
}

function unary(cx: ConvertContext, raw: RawObject): Expr {
  const op = (strField(raw, 'operator') ?? '').toUpperCase();
  const inner = raw['expr'];
  if (op === '-') return negate(convertExpr(cx, inner));
  if (op === '+') return convertExpr(cx, inner);
  if (op === '~') return { kind: 'Unary', op: '~', expr: convertExpr(cx, inner) };
  if (op === 'NOT EXISTS' && isSubqueryNode(inner)) return { kind: 'Exists', not: true, query: subquery(cx, inner) };
  if (op === 'NOT' || op === '!') {
    const e = convertExpr(cx, inner);
    if (e.kind === 'Exists') return { ...e, not: !e.not };
    return { kind: 'Unary', op: 'not', expr: e };
  }
  return unsupported(`operator ${op}`);
}

function isTest(raw: unknown): 'null' | 'true' | 'false' | 'unknown' | undefined {
  if (!isObj(raw)) return undefined;
  if (raw['type'] === 'null') return 'null';
  if (raw['type'] === 'bool') return raw['value'] === true ? 'true' : 'false';
  if (raw['type'] === 'column_ref' && nameOf(raw['column'])?.toUpperCase() === 'UNKNOWN') return 'unknown';
  return undefined;
}

/** MySQL's precedence of the binary operators node-sql-parser groups wrongly (higher binds tighter). */
const LOGICAL_LEVEL: Readonly<Record<string, number>> = { OR: 1, '||': 1, XOR: 2, AND: 3, '&&': 3 };
const ARITH_LEVEL: Readonly<Record<string, number>> = { '|': 1, '&': 2, '<<': 3, '>>': 3, '+': 4, '-': 4, '*': 5, '/': 5, DIV: 5, '%': 5, MOD: 5, '^': 6 };
const REGROUPED = '__strata_regrouped';

/**
 * node-sql-parser gives AND, OR and XOR one precedence, grouped to the right (`a AND b OR c`
 * comes back as `a AND (b OR c)`), and mixes up the levels of the bit operators (`a | b & c`,
 * `a + b << 1`). The in-order sequence of operands and operators is still the source's, so a
 * chain is flattened (stopping at parenthesized operands and at other operators) and regrouped
 * with MySQL's precedence, all left-associative. Regrouped nodes are marked so that converting
 * them does not regroup again.
 */
function regroup(raw: RawObject, levels: Readonly<Record<string, number>>): RawObject {
  const operands: unknown[] = [];
  const ops: string[] = [];
  const flatten = (node: unknown, top: boolean): void => {
    const op = (strField(node, 'operator') ?? '').toUpperCase();
    if (isObj(node) && node['type'] === 'binary_expr' && levels[op] !== undefined && (top || node['parentheses'] !== true)) {
      flatten(node['left'], false);
      ops.push(op);
      flatten(node['right'], false);
    } else operands.push(node);
  };
  flatten(raw, true);
  let pos = 0;
  const parseLevel = (minLevel: number): unknown => {
    let left = operands[pos];
    while (pos < ops.length) {
      const op = ops[pos] as string;
      const level = levels[op] ?? 0;
      if (level < minLevel) break;
      pos++;
      const right = parseLevel(level + 1);
      left = { type: 'binary_expr', operator: op, left, right, parentheses: true, [REGROUPED]: true };
    }
    return left;
  };
  const out = parseLevel(1);
  return isObj(out) ? { ...out, ...(raw['collate'] !== undefined ? { collate: raw['collate'] } : {}) } : raw;
}

function binary(cx: ConvertContext, raw: RawObject): Expr {
  const op = (strField(raw, 'operator') ?? '').toUpperCase();
  if (raw[REGROUPED] !== true) {
    if (LOGICAL_LEVEL[op] !== undefined) return convertExpr(cx, regroup(raw, LOGICAL_LEVEL));
    if (ARITH_LEVEL[op] !== undefined) return convertExpr(cx, regroup(raw, ARITH_LEVEL));
  }
  const l = raw['left'];
  const r = raw['right'];
  switch (op) {
    case 'IS':
    case 'IS NOT': {
      const test = isTest(r);
      if (!test) return unsupported(`IS ${describe(r)}`);
      return { kind: 'Is', expr: convertExpr(cx, l), not: op === 'IS NOT', test };
    }
    case 'LIKE':
    case 'NOT LIKE': {
      const esc = field(field(r, 'escape'), 'value');
      const pattern = convertExpr(cx, stripEscape(r));
      return { kind: 'Like', not: op === 'NOT LIKE', expr: convertExpr(cx, l), pattern, ...(esc !== undefined ? { escape: convertExpr(cx, esc) } : {}) };
    }
    case 'IN':
    case 'NOT IN': {
      const items = listOf(r);
      const first = items[0];
      if (items.length === 1 && isSubqueryNode(first)) {
        return { kind: 'InSubquery', not: op === 'NOT IN', expr: convertExpr(cx, l), query: subquery(cx, first) };
      }
      return { kind: 'InList', not: op === 'NOT IN', expr: convertExpr(cx, l), list: items.map((i) => convertExpr(cx, i)) };
    }
    case 'BETWEEN':
    case 'NOT BETWEEN': {
      const items = listOf(r);
      if (items.length !== 2) return unsupported('BETWEEN');
      return { kind: 'Between', not: op === 'NOT BETWEEN', expr: convertExpr(cx, l), low: convertExpr(cx, items[0]), high: convertExpr(cx, items[1]) };
    }
    case '+':
    case '-': {
      // d + INTERVAL n unit → date_add(d, n) with the unit; INTERVAL n unit + d as well.
      if (isObj(r) && r['type'] === 'interval') {
        return { kind: 'Call', name: op === '+' ? 'date_add' : 'date_sub', args: [convertExpr(cx, l), convertExpr(cx, r['expr'])], unit: intervalUnit(r['unit']) };
      }
      if (op === '+' && isObj(l) && l['type'] === 'interval') {
        return { kind: 'Call', name: 'date_add', args: [convertExpr(cx, r), convertExpr(cx, l['expr'])], unit: intervalUnit(l['unit']) };
      }
      break;
    }
    default:
      break;
  }
  const mapped = BINARY_OPS[op];
  if (!mapped) return unsupported(`operator ${op}`);
  // a > ALL (SELECT …) / a = ANY (SELECT …): node-sql-parser gives a call of ALL / ANY.
  if (isObj(r) && r['type'] === 'function') {
    const fn = functionName(r);
    const args = listOf(r['args']);
    const q = args[0];
    if ((fn === 'all' || fn === 'any' || fn === 'some') && args.length === 1 && isSubqueryNode(q)) {
      if (mapped !== '=' && mapped !== '<>' && mapped !== '<' && mapped !== '<=' && mapped !== '>' && mapped !== '>=') return unsupported(`${op} ${fn.toUpperCase()}`);
      return { kind: 'Quantified', op: mapped, quantifier: fn === 'all' ? 'all' : 'any', expr: convertExpr(cx, l), query: subquery(cx, q) };
    }
  }
  return { kind: 'Binary', op: mapped, left: convertExpr(cx, l), right: convertExpr(cx, r) };
}

function stripEscape(r: unknown): unknown {
  if (!isObj(r) || r['escape'] === undefined) return r;
  const copy: Record<string, unknown> = { ...r };
  delete copy['escape'];
  return copy;
}

function caseExpr(cx: ConvertContext, raw: RawObject): Expr {
  const whens: { when: Expr; then: Expr }[] = [];
  let elseExpr: Expr | undefined;
  for (const a of arr(raw['args'])) {
    if (field(a, 'type') === 'when') whens.push({ when: convertExpr(cx, field(a, 'cond')), then: convertExpr(cx, field(a, 'result')) });
    else if (field(a, 'type') === 'else') elseExpr = convertExpr(cx, field(a, 'result'));
  }
  const operand = raw['expr'];
  return {
    kind: 'Case',
    ...(operand !== undefined && operand !== null ? { operand: convertExpr(cx, operand) } : {}),
    whens,
    ...(elseExpr ? { else: elseExpr } : {}),
  };
}

function castExpr(cx: ConvertContext, raw: RawObject): Expr {
  const targets = arr(raw['target']);
  const target = targets[0];
  if (targets.length !== 1 || !isObj(target)) return unsupported('CAST');
  return { kind: 'Cast', expr: convertExpr(cx, raw['expr']), target: castTargetOf(target) };
}

function functionName(raw: RawObject): string {
  const n = raw['name'];
  const name = isObj(n) ? arr(n['name']).map((p) => nameOf(p) ?? '').join('.') : str(n) ?? nameOf(n) ?? '';
  return name.toLowerCase();
}

function aggregate(cx: ConvertContext, raw: RawObject): Expr {
  const name = (strField(raw, 'name') ?? '').toLowerCase();
  return aggregateOf(cx, name, raw['args'], raw['over'], false);
}

function aggregateOf(cx: ConvertContext, name: string, args: unknown, over: unknown, forceDistinct: boolean): Expr {
  if (!AGGREGATES.has(name)) return unsupported(`aggregate ${name}`);
  const argExpr = field(args, 'expr');
  const star = isObj(argExpr) && (argExpr['type'] === 'star' || (argExpr['type'] === 'column_ref' && nameOf(argExpr['column']) === '*'));
  const items = star ? [] : argExpr === undefined ? listOf(args) : listOf(argExpr);
  const distinct = forceDistinct || strField(args, 'distinct')?.toUpperCase() === 'DISTINCT';
  const orderRaw = field(args, 'orderby');
  const sep = field(args, 'separator');
  const separator = sep === undefined || sep === null ? undefined : rawString(cx, isObj(sep) && sep['value'] !== undefined ? sep['value'] : sep);
  const spec = over === undefined || over === null ? undefined : windowSpec(cx, over);
  return {
    kind: 'Aggregate',
    name: name as AggregateName,
    args: items.map((i) => convertExpr(cx, i)),
    star,
    distinct,
    ...(Array.isArray(orderRaw) ? { orderBy: orderItems(cx, orderRaw) } : {}),
    ...(separator !== undefined ? { separator } : {}),
    ...(spec ? { over: spec } : {}),
  };
}

function call(cx: ConvertContext, raw: RawObject): Expr {
  let name = functionName(raw);
  const args = listOf(raw['args']);
  const over = raw['over'];
  if (name.startsWith(DISTINCT_PREFIX)) return aggregateOf(cx, name.slice(DISTINCT_PREFIX.length), { expr: { type: 'expr_list', value: args } }, over, true);
  if (AGGREGATES.has(name)) return aggregateOf(cx, name, { expr: { type: 'expr_list', value: args } }, over, false);
  if (name === NULLSAFE_MARK && args.length === 1) return convertExpr(cx, args[0]);
  if (name === 'exists') {
    const q = args[0];
    if (args.length !== 1 || !isSubqueryNode(q)) return unsupported('EXISTS');
    return { kind: 'Exists', not: false, query: subquery(cx, q) };
  }
  if (name === 'values' && args.length === 1 && field(args[0], 'type') === 'column_ref') return { kind: 'ValuesOf', column: columnRef(args[0]) };
  if (name === 'default' && args.length === 1 && field(args[0], 'type') === 'column_ref') return { kind: 'Default', column: columnName(args[0]) };
  if (name === 'row') return { kind: 'Row', items: args.map((a) => convertExpr(cx, a)) };
  if (name === 'not' && args.length === 1) return unary(cx, { type: 'unary_expr', operator: 'NOT', expr: args[0] });
  if (name === 'all' || name === 'any' || name === 'some') return unsupported(`${name.toUpperCase()} outside a comparison`);
  if (name === 'convert') return convertCall(cx, args);
  if (name === 'trim') return trimCall(cx, args);
  if (name === 'position' && args.length === 1 && field(args[0], 'operator') === 'IN') {
    return { kind: 'Call', name: 'locate', args: [convertExpr(cx, field(args[0], 'left')), convertExpr(cx, field(args[0], 'right'))] };
  }
  if ((name === 'date_add' || name === 'date_sub' || name === 'adddate' || name === 'subdate') && args.length === 2 && field(args[1], 'type') === 'interval') {
    return { kind: 'Call', name, args: [convertExpr(cx, args[0]), convertExpr(cx, field(args[1], 'expr'))], unit: intervalUnit(field(args[1], 'unit')) };
  }
  if (name === 'timestampdiff' || name === 'timestampadd') {
    const unitRaw = args[0];
    const unit = intervalUnit(nameOf(field(unitRaw, 'column')) ?? strField(unitRaw, 'value'));
    return { kind: 'Call', name, args: args.slice(1).map((a) => convertExpr(cx, a)), unit };
  }
  name = FUNCTION_ALIASES[name] ?? name;
  const converted = args.map((a) => convertExpr(cx, a));
  if (over !== undefined && over !== null) {
    if (!WINDOW_ONLY.has(name)) return unsupported(`${name}() OVER`);
    return { kind: 'WindowFunction', name, args: converted, over: windowSpec(cx, over) };
  }
  if (WINDOW_ONLY.has(name)) return unsupported(`${name}() without OVER`);
  return { kind: 'Call', name, args: converted };
}

function convertCall(cx: ConvertContext, args: readonly unknown[]): Expr {
  const [x, target] = args;
  if (args.length === 2 && field(target, 'type') === 'datatype' && isObj(target)) return { kind: 'Cast', expr: convertExpr(cx, x), target: castTargetOf(target) };
  const suffix = strField(x, 'suffix');
  if (args.length === 1 && suffix && /^USING\s+/i.test(suffix) && isObj(x)) {
    const copy: Record<string, unknown> = { ...x };
    delete copy['suffix'];
    return { kind: 'ConvertUsing', expr: convertExpr(cx, copy), charset: suffix.replace(/^USING\s+/i, '').toLowerCase() };
  }
  return unsupported('CONVERT');
}

function trimCall(cx: ConvertContext, args: readonly unknown[]): Expr {
  // TRIM(s) | TRIM([BOTH|LEADING|TRAILING] [rem] FROM s) | TRIM(rem FROM s)
  let mode: 'both' | 'leading' | 'trailing' = 'both';
  let explicitMode = false;
  const rest = [...args];
  const first = rest[0];
  const firstWord = field(first, 'type') === 'origin' ? (strField(first, 'value') ?? '').toUpperCase() : '';
  if (firstWord === 'BOTH' || firstWord === 'LEADING' || firstWord === 'TRAILING') {
    mode = firstWord.toLowerCase() as typeof mode;
    explicitMode = true;
    rest.shift();
  }
  const fromAt = rest.findIndex((a) => field(a, 'type') === 'origin' && strField(a, 'value')?.toUpperCase() === 'FROM');
  if (fromAt < 0) {
    if (rest.length !== 1 || explicitMode) return unsupported('TRIM');
    return { kind: 'Call', name: 'trim', args: [convertExpr(cx, rest[0])] };
  }
  const rem = rest.slice(0, fromAt);
  const src = rest.slice(fromAt + 1);
  if (src.length !== 1 || rem.length > 1) return unsupported('TRIM');
  const args2 = [convertExpr(cx, src[0]), ...rem.map((r) => convertExpr(cx, r))];
  return { kind: 'Call', name: 'trim', args: args2, trimMode: mode };
}

export function orderItems(cx: ConvertContext, raw: unknown): OrderItem[] {
  return arr(raw).map((o) => ({ expr: convertExpr(cx, field(o, 'expr')), desc: strField(o, 'type')?.toUpperCase() === 'DESC' }));
}

function frameBound(cx: ConvertContext, raw: unknown): FrameBound {
  const text = (typeof raw === 'string' ? raw : rawBoundText(raw)).trim().toUpperCase();
  if (text === 'CURRENT ROW') return { kind: 'CurrentRow' };
  if (text === 'UNBOUNDED PRECEDING') return { kind: 'UnboundedPreceding' };
  if (text === 'UNBOUNDED FOLLOWING') return { kind: 'UnboundedFollowing' };
  const m = /^(.+?)\s+(PRECEDING|FOLLOWING)$/.exec(text);
  if (m && m[1] !== undefined) {
    const offset = /^[0-9]+$/.test(m[1]) ? numberLiteral(m[1]) : unsupported(`window frame bound ${m[1]}`);
    void cx;
    return m[2] === 'PRECEDING' ? { kind: 'Preceding', offset } : { kind: 'Following', offset };
  }
  return unsupported(`window frame bound ${text}`);
}

function rawBoundText(raw: unknown): string {
  if (!isObj(raw)) return '';
  const v = raw['value'];
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return '';
}

function windowFrame(cx: ConvertContext, raw: unknown): WindowFrame | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (isObj(raw) && raw['type'] === 'binary_expr' && strField(raw, 'operator')?.toUpperCase() === 'BETWEEN') {
    const unit = rawBoundText(raw['left']).toLowerCase();
    const bounds = listOf(raw['right']);
    if ((unit !== 'rows' && unit !== 'range') || bounds.length !== 2) return unsupported('window frame');
    return { unit, start: frameBound(cx, bounds[0]), end: frameBound(cx, bounds[1]) };
  }
  const text = isObj(raw) ? rawBoundText(raw) || strField(raw, 'raw') || '' : str(raw) ?? '';
  const m = /^(ROWS|RANGE)\s+(.+)$/i.exec(text.trim());
  if (m && m[1] !== undefined && m[2] !== undefined) return { unit: m[1].toLowerCase() === 'rows' ? 'rows' : 'range', start: frameBound(cx, m[2]) };
  if (isObj(raw)) {
    const type = strField(raw, 'type')?.toLowerCase();
    if ((type === 'rows' || type === 'range') && raw['expr'] !== undefined) return { unit: type, start: frameBound(cx, raw['expr']) };
  }
  return unsupported('window frame');
}

export function windowSpec(cx: ConvertContext, raw: unknown): WindowSpec {
  const spec = field(raw, 'as_window_specification') ?? raw;
  if (typeof spec === 'string') return { ref: spec, partitionBy: [], orderBy: [] };
  const ws = field(spec, 'window_specification') ?? spec;
  const ref = strField(ws, 'name');
  const frame = windowFrame(cx, field(ws, 'window_frame_clause'));
  return {
    ...(ref ? { ref } : {}),
    partitionBy: arrField(ws, 'partitionby').map((p) => convertExpr(cx, field(p, 'expr') ?? p)),
    orderBy: orderItems(cx, field(ws, 'orderby')),
    ...(frame ? { frame } : {}),
  };
}
