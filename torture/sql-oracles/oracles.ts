// SQLancer's test oracles, over random queries on random data. None needs a reference database:
// each runs the same question two ways that must agree.
// - TLP (ternary logic partitioning): a query's rows are exactly the rows of its WHERE p, WHERE
//   NOT p and WHERE p IS NULL partitions; likewise for DISTINCT, for MIN/MAX/COUNT/SUM combined
//   over the partitions, and for GROUP BY … HAVING p.
// - NoREC: the optimized `COUNT(*) … WHERE p` equals the count of rows where `(p) IS TRUE`
//   evaluated as a plain projection (which no optimizer touches).
// - Plan equivalence: the same query with coprocessor pushdown on and off, and over the indexed
//   tables and their unindexed `_plain` copies, gives the same rows.
// A MySQL error in a query makes the check inconclusive (skipped); an internal error (not a
// MySQL error, or the catch-all 1105) is a finding, as is any disagreement.
import type { SeededRng } from '../../kv/raft/rng.js';
import { MySqlFailure, type OracleConnection, type PrintedRow } from './connection.js';
import { ExprGen, type ScopeColumn } from './expr.js';
import type { TableDef } from './schema.js';

export type OracleName = 'tlp-where' | 'tlp-distinct' | 'tlp-aggregate' | 'tlp-having' | 'norec' | 'plan-pushdown' | 'plan-index';
export const ORACLES: readonly OracleName[] = ['tlp-where', 'tlp-distinct', 'tlp-aggregate', 'tlp-having', 'norec', 'plan-pushdown', 'plan-index'];

export interface Finding {
  readonly oracle: OracleName;
  readonly kind: 'mismatch' | 'internal-error';
  /** The statements whose answers disagree (or the one that failed). */
  readonly queries: readonly string[];
  readonly detail: string;
}

export type CheckOutcome = 'ok' | 'skipped' | Finding;

/** A FROM clause and the columns it brings into scope. */
interface Source {
  /** FROM text over the indexed tables, and the same over the `_plain` copies (same aliases). */
  readonly from: string;
  readonly plainFrom: string;
  readonly columns: readonly (ScopeColumn & { exact: boolean })[];
  /** Columns that order the rows totally (the ids). */
  readonly ids: readonly string[];
}

function source(rng: SeededRng, tables: readonly TableDef[]): Source {
  const cols = (t: TableDef): (ScopeColumn & { exact: boolean })[] => [
    { ref: `${t.name}.id`, kind: 'num', exact: true },
    ...t.columns.map((c) => ({ ref: `${t.name}.${c.name}`, kind: c.kind, exact: c.sqlType !== 'DOUBLE' })),
  ];
  const a = rng.pick(tables);
  const others = tables.filter((t) => t !== a);
  if (!others.length || rng.chance(0.5)) return { from: a.name, plainFrom: `${a.name}_plain AS ${a.name}`, columns: cols(a), ids: [`${a.name}.id`] };
  const b = rng.pick(others);
  const ca = cols(a);
  const cb = cols(b);
  const left = rng.pick(ca);
  const right = rng.pick(cb.filter((c) => c.kind === left.kind).concat(cb[0]!));
  const join = rng.pick(['JOIN', 'LEFT JOIN', 'CROSS']);
  const on = `ON ${left.ref} = ${right.ref}`;
  const text = (pa: string, pb: string): string => (join === 'CROSS' ? `${pa}, ${pb}` : `${pa} ${join} ${pb} ${on}`);
  return {
    from: text(a.name, b.name),
    plainFrom: text(`${a.name}_plain AS ${a.name}`, `${b.name}_plain AS ${b.name}`),
    columns: [...ca, ...cb],
    ids: [`${a.name}.id`, `${b.name}.id`],
  };
}

function pickColumns(rng: SeededRng, s: Source): string[] {
  const n = 1 + rng.nextInt(Math.min(3, s.columns.length));
  const picked = new Set<string>();
  while (picked.size < n) picked.add(rng.pick(s.columns).ref);
  return [...picked];
}

type Answer = { rows: PrintedRow[] } | { error: MySqlFailure };

export class Oracles {
  constructor(
    private readonly conn: OracleConnection,
    private readonly rng: SeededRng,
    private readonly tables: readonly TableDef[],
  ) {}

  async check(oracle: OracleName): Promise<CheckOutcome> {
    const s = source(this.rng, this.tables);
    const gen = new ExprGen(this.rng, s.columns);
    switch (oracle) {
      case 'tlp-where':
        return this.tlpWhere(s, gen.predicate());
      case 'tlp-distinct':
        return this.tlpDistinct(s, gen.predicate());
      case 'tlp-aggregate':
        return this.tlpAggregate(s, gen.predicate());
      case 'tlp-having':
        return this.tlpHaving(s);
      case 'norec':
        return this.norec(s, gen.predicate());
      case 'plan-pushdown':
        return this.planPushdown(s, gen);
      case 'plan-index':
        return this.planIndex(s, gen);
    }
  }

  private async run(oracle: OracleName, sql: string): Promise<Answer | Finding> {
    try {
      return { rows: await this.conn.query(sql) };
    } catch (err) {
      if (err instanceof MySqlFailure && !err.internal) return { error: err };
      const detail = err instanceof MySqlFailure ? `ERROR ${err.errno} (${err.sqlState}): ${err.message}` : err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err);
      return { oracle, kind: 'internal-error', queries: [sql], detail };
    }
  }

  /** Runs every query; a finding or an error among them ends the check. */
  private async runAll(oracle: OracleName, sqls: readonly string[]): Promise<PrintedRow[][] | CheckOutcome> {
    const out: PrintedRow[][] = [];
    for (const sql of sqls) {
      const a = await this.run(oracle, sql);
      if ('oracle' in a) return a;
      if ('error' in a) return 'skipped';
      out.push(a.rows);
    }
    return out;
  }

  /**
   * `representatives`: the answers may pick any member of a group of collation-equal strings
   * (DISTINCT, GROUP BY, MIN/MAX over a _ci column: 'ab' or 'Ab '), as MySQL may, so strings are
   * compared case-folded and without trailing spaces. Row counts still have to agree.
   */
  private compare(oracle: OracleName, queries: readonly string[], expected: PrintedRow[], actual: PrintedRow[], representatives = false): CheckOutcome {
    const canon = (rows: PrintedRow[]): string[] =>
      rows.map((r) => JSON.stringify(representatives ? r.map((v) => (v === null ? v : v.toLowerCase().trimEnd())) : r)).sort();
    const e = canon(expected);
    const a = canon(actual);
    if (e.length === a.length && e.every((k, i) => k === a[i])) return 'ok';
    const missing = e.filter((k) => !a.includes(k)).slice(0, 5);
    const extra = a.filter((k) => !e.includes(k)).slice(0, 5);
    return { oracle, kind: 'mismatch', queries, detail: `${e.length} rows vs ${a.length}; only in the first: ${missing.join(' ')}; only in the second: ${extra.join(' ')}` };
  }

  private partitions(p: string): string[] {
    return [p, `NOT ${p}`, `(${p}) IS NULL`];
  }

  private async tlpWhere(s: Source, p: string): Promise<CheckOutcome> {
    const cols = pickColumns(this.rng, s).join(', ');
    const base = `SELECT ${cols} FROM ${s.from}`;
    const parts = this.partitions(p).map((q) => `${base} WHERE ${q}`);
    // half the time the partitions go as one UNION ALL, the other half as three queries
    const queries = this.rng.chance(0.5) ? [base, parts.join(' UNION ALL ')] : [base, ...parts];
    const r = await this.runAll('tlp-where', queries);
    if (!Array.isArray(r)) return r;
    return this.compare('tlp-where', queries, r[0]!, r.slice(1).flat());
  }

  private async tlpDistinct(s: Source, p: string): Promise<CheckOutcome> {
    const cols = pickColumns(this.rng, s).join(', ');
    const base = `SELECT DISTINCT ${cols} FROM ${s.from}`;
    const union = this.partitions(p).map((q) => `SELECT DISTINCT ${cols} FROM ${s.from} WHERE ${q}`).join(' UNION ');
    const r = await this.runAll('tlp-distinct', [base, union]);
    if (!Array.isArray(r)) return r;
    return this.compare('tlp-distinct', [base, union], r[0]!, r[1]!, true);
  }

  private async tlpAggregate(s: Source, p: string): Promise<CheckOutcome> {
    const numeric = s.columns.filter((c) => c.kind === 'num');
    const agg = this.rng.pick(['MIN', 'MAX', 'COUNT', 'SUM'] as const);
    const exact = numeric.filter((c) => c.exact);
    const col = agg === 'SUM' ? (exact.length ? this.rng.pick(exact).ref : undefined) : this.rng.pick(s.columns).ref;
    if (col === undefined) return 'skipped';
    const arg = agg === 'COUNT' && this.rng.chance(0.3) ? '*' : col;
    const base = `SELECT ${agg}(${arg}) FROM ${s.from}`;
    const combine = agg === 'COUNT' ? 'SUM' : agg;
    const inner = this.partitions(p).map((q) => `SELECT ${agg}(${arg}) AS a FROM ${s.from} WHERE ${q}`).join(' UNION ALL ');
    const combined = `SELECT ${combine}(a) FROM (${inner}) AS parts`;
    const r = await this.runAll('tlp-aggregate', [base, combined]);
    if (!Array.isArray(r)) return r;
    return this.compare('tlp-aggregate', [base, combined], r[0]!, r[1]!, true);
  }

  private async tlpHaving(s: Source): Promise<CheckOutcome> {
    const group = this.rng.pick(s.columns);
    const other = this.rng.pick(s.columns);
    const aggs: (ScopeColumn & { exact: boolean })[] = [
      { ref: 'COUNT(*)', kind: 'num', exact: true },
      { ref: `MAX(${other.ref})`, kind: other.kind, exact: true },
      { ref: `MIN(${other.ref})`, kind: other.kind, exact: true },
      { ref: group.ref, kind: group.kind, exact: true },
    ];
    const p = new ExprGen(this.rng, aggs).predicate(2);
    const base = `SELECT ${group.ref}, COUNT(*), MAX(${other.ref}) FROM ${s.from} GROUP BY ${group.ref}`;
    const parts = this.partitions(p).map((q) => `${base} HAVING ${q}`);
    const queries = [base, ...parts];
    const r = await this.runAll('tlp-having', queries);
    if (!Array.isArray(r)) return r;
    return this.compare('tlp-having', queries, r[0]!, r.slice(1).flat(), true);
  }

  private async norec(s: Source, p: string): Promise<CheckOutcome> {
    const optimized = `SELECT COUNT(*) FROM ${s.from} WHERE ${p}`;
    const plain = `SELECT (${p}) IS TRUE FROM ${s.from}`;
    const r = await this.runAll('norec', [optimized, plain]);
    if (!Array.isArray(r)) return r;
    const count = r[1]!.filter((row) => row[0] === '1').length;
    return this.compare('norec', [optimized, plain], r[0]!, [[String(count)]]);
  }

  /** A random query over `from`: a filtered projection, a grouped aggregate, or an ordered page. */
  private query(s: Source, gen: ExprGen, from: string): { sql: string; ordered: boolean } {
    const p = gen.predicate();
    const cols = pickColumns(this.rng, s);
    switch (this.rng.nextInt(3)) {
      case 0:
        return { sql: `SELECT ${cols.join(', ')} FROM ${from} WHERE ${p}`, ordered: false };
      case 1: {
        const g = cols[0]!;
        const exact = s.columns.filter((c) => c.kind === 'num' && c.exact);
        const sum = exact.length ? `, SUM(${this.rng.pick(exact).ref})` : '';
        return { sql: `SELECT ${g}, COUNT(*), MIN(${this.rng.pick(s.columns).ref})${sum} FROM ${from} WHERE ${p} GROUP BY ${g}`, ordered: false };
      }
      default: {
        // a total order (every id), so the page is one answer
        const order = [...cols.map((c) => `${c} ${this.rng.pick(['ASC', 'DESC'])}`), ...s.ids].join(', ');
        return { sql: `SELECT ${cols.join(', ')} FROM ${from} WHERE ${p} ORDER BY ${order} LIMIT ${this.rng.nextInt(3)}, ${1 + this.rng.nextInt(8)}`, ordered: true };
      }
    }
  }

  private async planPushdown(s: Source, gen: ExprGen): Promise<CheckOutcome> {
    const q = this.query(s, gen, s.from);
    const on = await this.runAll('plan-pushdown', ['SET @@strata_enable_cop_pushdown = 1', q.sql]);
    const off = await this.runAll('plan-pushdown', ['SET @@strata_enable_cop_pushdown = 0', q.sql]);
    await this.conn.query('SET @@strata_enable_cop_pushdown = DEFAULT').catch(() => undefined);
    if (!Array.isArray(on)) return on;
    if (!Array.isArray(off)) return off;
    return this.orderedCompare('plan-pushdown', [`/* pushdown on */ ${q.sql}`, `/* pushdown off */ ${q.sql}`], on[1]!, off[1]!, q.ordered);
  }

  private async planIndex(s: Source, gen: ExprGen): Promise<CheckOutcome> {
    const q = this.query(s, gen, s.from);
    const plainSql = q.sql.replace(`FROM ${s.from} WHERE`, `FROM ${s.plainFrom} WHERE`);
    const r = await this.runAll('plan-index', [q.sql, plainSql]);
    if (!Array.isArray(r)) return r;
    return this.orderedCompare('plan-index', [q.sql, plainSql], r[0]!, r[1]!, q.ordered);
  }

  private orderedCompare(oracle: OracleName, queries: readonly string[], a: PrintedRow[], b: PrintedRow[], ordered: boolean): CheckOutcome {
    if (!ordered) return this.compare(oracle, queries, a, b, true);
    const ja = JSON.stringify(a);
    const jb = JSON.stringify(b);
    return ja === jb ? 'ok' : { oracle, kind: 'mismatch', queries, detail: `ordered answers differ: ${ja.slice(0, 300)} vs ${jb.slice(0, 300)}` };
  }
}
