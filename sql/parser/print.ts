// A compact, fully parenthesized printed form of the AST: for golden tests, EXPLAIN's operator
// info and debugging. Not SQL to re-execute: it shows the tree (binary operators in
// parentheses, registry names for functions, literal kinds where they matter: 1.5 is a
// decimal, 1.5e0 a float, big integers exact).
import type { Expr, FrameBound, Limit, OrderItem, QueryExpr, SelectItem, Statement, TableName, TableRef, WindowSpec, ColumnDef, ColumnPosition, TableConstraint, AlterAction, SetAssignment } from './ast.js';

function q(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function tn(t: TableName): string {
  return t.db ? `${t.db}.${t.name}` : t.name;
}

function list(es: readonly Expr[]): string {
  return es.map(printExpr).join(', ');
}

function order(o: readonly OrderItem[]): string {
  return o.map((i) => `${printExpr(i.expr)}${i.desc ? ' DESC' : ''}`).join(', ');
}

function bound(b: FrameBound): string {
  switch (b.kind) {
    case 'CurrentRow':
      return 'CURRENT ROW';
    case 'UnboundedPreceding':
      return 'UNBOUNDED PRECEDING';
    case 'UnboundedFollowing':
      return 'UNBOUNDED FOLLOWING';
    case 'Preceding':
      return `${printExpr(b.offset)} PRECEDING`;
    case 'Following':
      return `${printExpr(b.offset)} FOLLOWING`;
  }
}

function window(w: WindowSpec): string {
  const parts: string[] = [];
  if (w.ref) parts.push(w.ref);
  if (w.partitionBy.length) parts.push(`PARTITION BY ${list(w.partitionBy)}`);
  if (w.orderBy.length) parts.push(`ORDER BY ${order(w.orderBy)}`);
  if (w.frame) parts.push(`${w.frame.unit.toUpperCase()} ${w.frame.end ? `BETWEEN ${bound(w.frame.start)} AND ${bound(w.frame.end)}` : bound(w.frame.start)}`);
  return `(${parts.join(' ')})`;
}

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'Column':
      return [e.db, e.table, e.column].filter((x) => x !== undefined).join('.');
    case 'IntLiteral':
      return e.text;
    case 'DecimalLiteral':
      return `${e.text}m`;
    case 'FloatLiteral':
      return `${e.text}f`;
    case 'StringLiteral':
      return e.charset ? `_${e.charset}${q(e.value)}` : q(e.value);
    case 'HexLiteral':
      return `X'${e.hex}'`;
    case 'BitLiteral':
      return `b'${e.bits}'`;
    case 'NullLiteral':
      return 'NULL';
    case 'BoolLiteral':
      return e.value ? 'TRUE' : 'FALSE';
    case 'TemporalLiteral':
      return `${e.type.toUpperCase()} ${q(e.text)}`;
    case 'Param':
      return `?${e.index}`;
    case 'Variable':
      return e.system ? `@@${e.scope === 'default' ? '' : `${e.scope}.`}${e.name}` : `@${e.name}`;
    case 'Unary':
      return `${e.op === 'neg' ? '-' : e.op === 'not' ? 'NOT ' : e.op}${printExpr(e.expr)}`;
    case 'Binary':
      return `(${printExpr(e.left)} ${e.op} ${printExpr(e.right)})`;
    case 'Is':
      return `(${printExpr(e.expr)} IS ${e.not ? 'NOT ' : ''}${e.test.toUpperCase()})`;
    case 'Like':
      return `(${printExpr(e.expr)} ${e.not ? 'NOT ' : ''}LIKE ${printExpr(e.pattern)}${e.escape ? ` ESCAPE ${printExpr(e.escape)}` : ''})`;
    case 'InList':
      return `(${printExpr(e.expr)} ${e.not ? 'NOT ' : ''}IN (${list(e.list)}))`;
    case 'InSubquery':
      return `(${printExpr(e.expr)} ${e.not ? 'NOT ' : ''}IN (${printQuery(e.query)}))`;
    case 'Between':
      return `(${printExpr(e.expr)} ${e.not ? 'NOT ' : ''}BETWEEN ${printExpr(e.low)} AND ${printExpr(e.high)})`;
    case 'Exists':
      return `${e.not ? 'NOT ' : ''}EXISTS (${printQuery(e.query)})`;
    case 'Subquery':
      return `(${printQuery(e.query)})`;
    case 'Quantified':
      return `(${printExpr(e.expr)} ${e.op} ${e.quantifier.toUpperCase()} (${printQuery(e.query)}))`;
    case 'Case':
      return `CASE${e.operand ? ` ${printExpr(e.operand)}` : ''}${e.whens.map((w) => ` WHEN ${printExpr(w.when)} THEN ${printExpr(w.then)}`).join('')}${e.else ? ` ELSE ${printExpr(e.else)}` : ''} END`;
    case 'Cast': {
      const t = e.target;
      const args = 'precision' in t && t.precision !== undefined ? `(${t.precision}${'scale' in t && t.scale !== undefined ? `,${t.scale}` : ''})` : 'length' in t && t.length !== undefined ? `(${t.length})` : 'fsp' in t && t.fsp !== undefined ? `(${t.fsp})` : '';
      return `CAST(${printExpr(e.expr)} AS ${t.kind}${args}${'charset' in t && t.charset ? ` CHARSET ${t.charset}` : ''})`;
    }
    case 'ConvertUsing':
      return `CONVERT(${printExpr(e.expr)} USING ${e.charset})`;
    case 'Collate':
      return `(${printExpr(e.expr)} COLLATE ${e.collation})`;
    case 'Call': {
      const opts = [e.unit ? `unit=${e.unit}` : '', e.trimMode ? `mode=${e.trimMode}` : ''].filter(Boolean);
      return `${e.name}(${list(e.args)}${opts.length ? `; ${opts.join(', ')}` : ''})`;
    }
    case 'Aggregate': {
      const inner = e.star ? '*' : `${e.distinct ? 'DISTINCT ' : ''}${list(e.args)}`;
      const ob = e.orderBy ? ` ORDER BY ${order(e.orderBy)}` : '';
      const sep = e.separator !== undefined ? ` SEPARATOR ${q(e.separator)}` : '';
      return `${e.name}(${inner}${ob}${sep})${e.over ? ` OVER ${window(e.over)}` : ''}`;
    }
    case 'WindowFunction':
      return `${e.name}(${list(e.args)}) OVER ${window(e.over)}`;
    case 'Default':
      return e.column ? `DEFAULT(${e.column})` : 'DEFAULT';
    case 'ValuesOf':
      return `VALUES(${printExpr(e.column)})`;
    case 'Row':
      return `ROW(${list(e.items)})`;
  }
}

function item(i: SelectItem): string {
  if (i.kind === 'Star') return [i.db, i.table, '*'].filter((x) => x !== undefined).join('.');
  return i.alias !== undefined ? `${printExpr(i.expr)} AS ${i.alias}` : printExpr(i.expr);
}

export function printTableRef(r: TableRef): string {
  switch (r.kind) {
    case 'Table':
      return r.alias ? `${tn(r.table)} AS ${r.alias}` : tn(r.table);
    case 'Derived':
      return `(${printQuery(r.query)}) AS ${r.alias}`;
    case 'Join': {
      const cond = r.on ? ` ON ${printExpr(r.on)}` : r.using ? ` USING (${r.using.join(', ')})` : '';
      return `(${printTableRef(r.left)} ${r.type.toUpperCase()} JOIN ${printTableRef(r.right)}${cond})`;
    }
  }
}

function limit(l: Limit | undefined): string {
  if (!l) return '';
  return ` LIMIT ${printExpr(l.count)}${l.offset ? ` OFFSET ${printExpr(l.offset)}` : ''}`;
}

export function printQuery(qe: QueryExpr): string {
  switch (qe.kind) {
    case 'Select': {
      let s = `SELECT ${qe.distinct ? 'DISTINCT ' : ''}${qe.items.map(item).join(', ')}`;
      if (qe.from) s += ` FROM ${printTableRef(qe.from)}`;
      if (qe.where) s += ` WHERE ${printExpr(qe.where)}`;
      if (qe.groupBy.length) s += ` GROUP BY ${list(qe.groupBy)}`;
      if (qe.having) s += ` HAVING ${printExpr(qe.having)}`;
      if (qe.windows.length) s += ` WINDOW ${qe.windows.map((w) => `${w.name} AS ${window(w.spec)}`).join(', ')}`;
      if (qe.orderBy.length) s += ` ORDER BY ${order(qe.orderBy)}`;
      s += limit(qe.limit);
      if (qe.lock) s += qe.lock === 'update' ? ' FOR UPDATE' : ' FOR SHARE';
      if (qe.calcFoundRows) s = s.replace(/^SELECT /, 'SELECT SQL_CALC_FOUND_ROWS ');
      return s;
    }
    case 'Union':
      return `{${printQuery(qe.left)}} UNION${qe.all ? ' ALL' : ''} {${printQuery(qe.right)}}${qe.orderBy.length ? ` ORDER BY ${order(qe.orderBy)}` : ''}${limit(qe.limit)}`;
    case 'With':
      return `WITH ${qe.recursive ? 'RECURSIVE ' : ''}${qe.ctes.map((c) => `${c.name}${c.columns.length ? `(${c.columns.join(', ')})` : ''} AS (${printQuery(c.query)})`).join(', ')} ${printQuery(qe.query)}`;
  }
}

function column(c: ColumnDef): string {
  const parts = [c.name, c.typeText];
  if (c.notNull) parts.push('NOT NULL');
  else if (c.explicitNull) parts.push('NULL');
  if (c.default) parts.push(`DEFAULT ${printExpr(c.default)}`);
  if (c.onUpdateCurrentTimestamp) parts.push('ON UPDATE CURRENT_TIMESTAMP');
  if (c.autoIncrement) parts.push('AUTO_INCREMENT');
  if (c.primaryKey) parts.push('PRIMARY KEY');
  if (c.unique) parts.push('UNIQUE');
  if (c.comment !== undefined) parts.push(`COMMENT ${q(c.comment)}`);
  return parts.join(' ');
}

function constraint(c: TableConstraint): string {
  const name = c.name ? ` ${c.name}` : '';
  if (c.kind === 'ForeignKey') return `FOREIGN KEY${name} (${c.columns.join(', ')}) REFERENCES ${tn(c.refTable)} (${c.refColumns.join(', ')})`;
  const cols = c.columns.map((i) => `${i.column}${i.length !== undefined ? `(${i.length})` : ''}${i.desc ? ' DESC' : ''}`).join(', ');
  return `${c.kind === 'PrimaryKey' ? 'PRIMARY KEY' : c.kind === 'Unique' ? 'UNIQUE' : 'INDEX'}${name} (${cols})`;
}

function position(p: ColumnPosition | undefined): string {
  if (!p) return '';
  return p.kind === 'First' ? ' FIRST' : ` AFTER ${p.column}`;
}

function alter(a: AlterAction): string {
  switch (a.kind) {
    case 'AddColumn':
      return `ADD COLUMN ${column(a.column)}${position(a.position)}`;
    case 'DropColumn':
      return `DROP COLUMN ${a.name}`;
    case 'ModifyColumn':
      return `MODIFY COLUMN ${column(a.column)}${position(a.position)}`;
    case 'ChangeColumn':
      return `CHANGE COLUMN ${a.oldName} ${column(a.column)}${position(a.position)}`;
    case 'RenameColumn':
      return `RENAME COLUMN ${a.oldName} TO ${a.newName}`;
    case 'AddConstraint':
      return `ADD ${constraint(a.constraint)}`;
    case 'DropIndex':
      return `DROP INDEX ${a.name}`;
    case 'DropPrimaryKey':
      return 'DROP PRIMARY KEY';
    case 'DropForeignKey':
      return `DROP FOREIGN KEY ${a.name}`;
    case 'RenameTable':
      return `RENAME TO ${tn(a.to)}`;
  }
}

function setAssignment(a: SetAssignment): string {
  switch (a.kind) {
    case 'UserVar':
      return `@${a.name} = ${printExpr(a.value)}`;
    case 'SystemVar':
      return `${a.scope === 'default' ? '' : `${a.scope.toUpperCase()} `}${a.name} = ${printExpr(a.value)}`;
    case 'Names':
      return `NAMES ${a.charset}${a.collation ? ` COLLATE ${a.collation}` : ''}`;
    case 'CharacterSet':
      return `CHARACTER SET ${a.charset}`;
  }
}

export function printStatement(s: Statement): string {
  switch (s.kind) {
    case 'Select':
    case 'Union':
    case 'With':
      return printQuery(s);
    case 'Insert': {
      const head = `${s.replace ? 'REPLACE' : 'INSERT'}${s.ignore ? ' IGNORE' : ''} INTO ${tn(s.table)}${s.columns.length ? ` (${s.columns.join(', ')})` : ''}`;
      const src =
        s.source.kind === 'Values'
          ? `VALUES ${s.source.rows.map((r) => `(${list(r)})`).join(', ')}`
          : s.source.kind === 'Set'
            ? `SET ${s.source.assignments.map((a) => `${printExpr(a.column)} = ${printExpr(a.value)}`).join(', ')}`
            : printQuery(s.source.query);
      const dup = s.onDuplicate.length ? ` ON DUPLICATE KEY UPDATE ${s.onDuplicate.map((a) => `${printExpr(a.column)} = ${printExpr(a.value)}`).join(', ')}` : '';
      return `${head} ${src}${dup}`;
    }
    case 'Update':
      return `UPDATE${s.ignore ? ' IGNORE' : ''} ${printTableRef(s.table)} SET ${s.assignments.map((a) => `${printExpr(a.column)} = ${printExpr(a.value)}`).join(', ')}${s.where ? ` WHERE ${printExpr(s.where)}` : ''}${s.orderBy.length ? ` ORDER BY ${order(s.orderBy)}` : ''}${limit(s.limit)}`;
    case 'Delete':
      return `DELETE${s.ignore ? ' IGNORE' : ''}${s.targets.length ? ` ${s.targets.map(tn).join(', ')}` : ''} FROM ${printTableRef(s.from)}${s.where ? ` WHERE ${printExpr(s.where)}` : ''}${s.orderBy.length ? ` ORDER BY ${order(s.orderBy)}` : ''}${limit(s.limit)}`;
    case 'CreateTable': {
      if (s.like) return `CREATE TABLE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${tn(s.table)} LIKE ${tn(s.like)}`;
      const defs = [...s.columns.map(column), ...s.constraints.map(constraint)].join(', ');
      const opts = s.options.map((o) => ` ${o.name}=${o.value}`).join('');
      return `CREATE TABLE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${tn(s.table)} (${defs})${opts}`;
    }
    case 'LoadData':
    case 'CreateUser':
    case 'AlterUser':
    case 'DropUser':
    case 'SetPassword':
    case 'Grant':
    case 'Revoke':
      return s.kind;
    case 'CreateView':
      return `CREATE ${s.orReplace ? 'OR REPLACE ' : ''}VIEW ${tn(s.name)}${s.columns.length ? ` (${s.columns.join(', ')})` : ''} AS ${printQuery(s.query)}${s.checkOption ? ` WITH ${s.checkOption.toUpperCase()} CHECK OPTION` : ''}`;
    case 'DropView':
      return `DROP VIEW ${s.ifExists ? 'IF EXISTS ' : ''}${s.views.map(tn).join(', ')}`;
    case 'DropTable':
      return `DROP TABLE ${s.ifExists ? 'IF EXISTS ' : ''}${s.tables.map(tn).join(', ')}`;
    case 'TruncateTable':
      return `TRUNCATE TABLE ${tn(s.table)}`;
    case 'RenameTable':
      return `RENAME TABLE ${s.pairs.map((p) => `${tn(p.from)} TO ${tn(p.to)}`).join(', ')}`;
    case 'CreateIndex':
      return `CREATE ${s.unique ? 'UNIQUE ' : ''}INDEX ${s.name} ON ${tn(s.table)} (${s.columns.map((c) => `${c.column}${c.length !== undefined ? `(${c.length})` : ''}${c.desc ? ' DESC' : ''}`).join(', ')})`;
    case 'DropIndex':
      return `DROP INDEX ${s.name} ON ${tn(s.table)}`;
    case 'AlterTable':
      return `ALTER TABLE ${tn(s.table)} ${s.actions.map(alter).join(', ')}`;
    case 'CreateDatabase':
      return `CREATE DATABASE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${s.name}`;
    case 'DropDatabase':
      return `DROP DATABASE ${s.ifExists ? 'IF EXISTS ' : ''}${s.name}`;
    case 'Use':
      return `USE ${s.db}`;
    case 'Begin':
      return `BEGIN${s.readOnly ? ' READ ONLY' : ''}${s.withConsistentSnapshot ? ' WITH CONSISTENT SNAPSHOT' : ''}`;
    case 'Commit':
      return 'COMMIT';
    case 'Rollback':
      return 'ROLLBACK';
    case 'Set':
      return `SET ${s.assignments.map(setAssignment).join(', ')}`;
    case 'SetTransaction':
      return `SET ${s.scope === 'next' ? '' : `${s.scope.toUpperCase()} `}TRANSACTION${s.isolationLevel ? ` ISOLATION LEVEL ${s.isolationLevel}` : ''}${s.readOnly !== undefined ? (s.readOnly ? ' READ ONLY' : ' READ WRITE') : ''}`;
    case 'Show': {
      const parts = [`SHOW ${s.full ? 'FULL ' : ''}${s.scope ? `${s.scope.toUpperCase()} ` : ''}${s.what.toUpperCase()}`];
      if (s.table) parts.push(`FROM ${tn(s.table)}`);
      if (s.db) parts.push(`${s.what === 'create_database' ? '' : 'FROM '}${s.db}`);
      if (s.like !== undefined) parts.push(`LIKE ${q(s.like)}`);
      if (s.where) parts.push(`WHERE ${printExpr(s.where)}`);
      if (s.limit) parts.push(limit(s.limit).trim());
      return parts.join(' ');
    }
    case 'Explain':
      return `EXPLAIN ${s.analyze ? 'ANALYZE ' : ''}${s.format ? `FORMAT=${s.format} ` : ''}${printStatement(s.statement)}`;
    case 'Kill':
      return `KILL ${s.queryOnly ? 'QUERY ' : ''}${s.connectionId}`;
    case 'LockTables':
      return `LOCK TABLES ${s.tables.map((t) => `${tn(t.table)}${t.alias !== undefined ? ` AS ${t.alias}` : ''} ${t.mode.toUpperCase()}`).join(', ')}`;
    case 'UnlockTables':
      return 'UNLOCK TABLES';
    case 'AlterTableKeys':
      return `ALTER TABLE ${tn(s.table)} ${s.enable ? 'ENABLE' : 'DISABLE'} KEYS`;
    case 'Savepoint':
      return `SAVEPOINT ${s.name}`;
    case 'RollbackToSavepoint':
      return `ROLLBACK TO SAVEPOINT ${s.name}`;
    case 'ReleaseSavepoint':
      return `RELEASE SAVEPOINT ${s.name}`;
  }
}
