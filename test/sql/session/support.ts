// Shared harness for the data-driven SQL tests of test/sql/session: one in-process cluster and
// one SqlEngine per test file, sessions on a fresh database, and a runner for tables of cases
// ({ sql, rows } / { sql, affected } / { sql, error }) that reports every wrong answer at once.
// Values are compared as the mysql client shows them (valueToString with the column's type), so
// a case reads like a transcript of a MySQL session.
import { afterAll, beforeAll, expect } from 'vitest';
import { SqlError } from '../../../sql/errors.js';
import { SqlEngine } from '../../../sql/session/engine.js';
import type { CollectedResult } from '../../../sql/session/result.js';
import type { Session } from '../../../sql/session/session.js';
import { valueToString } from '../../../sql/types/index.js';
import { InProcessCluster } from '../../helpers/in-process-cluster.js';

/** A cell as written in a case: numbers and strings as the client prints them, null for NULL. */
export type Cell = string | number | bigint | null;

export interface SqlCase {
  readonly sql: string;
  /** Expected rows. Compared in order when the statement has ORDER BY (or `ordered`), else as a multiset. */
  readonly rows?: readonly (readonly Cell[])[];
  readonly ordered?: boolean;
  /** Expected column labels. */
  readonly columns?: readonly string[];
  /** Expected affected rows of an OK. */
  readonly affected?: number;
  readonly lastInsertId?: number;
  readonly info?: string;
  /** Expected MySQL errno. */
  readonly error?: number;
  /** A substring (or pattern) of the error message. */
  readonly message?: string | RegExp;
  /** The warning codes the statement leaves (SHOW WARNINGS), in order. */
  readonly warnings?: readonly number[];
}

/** Runs statements and returns the last one's result. */
export type Runner = (sql: string) => Promise<CollectedResult>;

export interface SqlFixture {
  readonly engine: SqlEngine;
  /** The session of the file (database `db`). */
  readonly session: Session;
  /** Opens another session on the file's database. */
  openSession(): Promise<Session>;
}

/**
 * Starts a one-store cluster and an engine before the file's tests and a session on a new
 * database `db`; stops everything after. Returns a getter (the values exist after beforeAll).
 */
export function useSqlFixture(db = 'test'): () => SqlFixture {
  let cluster: InProcessCluster | undefined;
  let engine: SqlEngine | undefined;
  let session: Session | undefined;
  const extra: Session[] = [];
  beforeAll(async () => {
    cluster = await InProcessCluster.start(1);
    const client = await cluster.client();
    engine = await SqlEngine.start({ client, schemaLeaseMs: 200 });
    const s = await engine.openSession();
    await s.query(`CREATE DATABASE ${db}`);
    await s.query(`USE ${db}`);
    session = s;
  }, 60_000);
  afterAll(async () => {
    for (const s of extra) await s.close();
    await session?.close();
    await engine?.close();
    await cluster?.stop();
  });
  return () => {
    if (!engine || !session) throw new Error('fixture not started');
    const e = engine;
    return {
      engine: e,
      session,
      openSession: async () => {
        const s = await e.openSession({ database: db });
        extra.push(s);
        return s;
      },
    };
  };
}

/** The rows of a result as the client prints them. */
export function textRows(r: CollectedResult): (string | null)[][] {
  if (r.kind !== 'rows') throw new Error(`expected rows, got OK (${r.affectedRows} affected)`);
  return r.rows.map((row) => row.map((v, i) => valueToString(v, r.columns[i]?.type)));
}

/** Runs `sql` and returns its rows as text. */
export async function rowsOf(s: Session, sql: string): Promise<(string | null)[][]> {
  return textRows(await s.query(sql));
}

/** Runs a script of statements separated by `;` (no result checks). */
export async function exec(s: Session, script: string): Promise<void> {
  for await (const r of s.executeAll(script)) {
    if (r.kind === 'rows') for await (const _ of r.rows) void _;
  }
}

/** The errno of running `sql`, or 'no error'. */
export async function errnoOf(s: Session, sql: string): Promise<number | string> {
  try {
    await s.query(sql);
    return 'no error';
  } catch (e) {
    if (e instanceof SqlError) return e.mysqlErrno;
    return `non-SQL error: ${String(e)}`;
  }
}

function cellText(c: Cell): string | null {
  return c === null ? null : String(c);
}

function sortRows(rows: (string | null)[][]): (string | null)[][] {
  const key = (r: (string | null)[]): string => JSON.stringify(r);
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** What went wrong with one case ('' when it passed). */
async function checkCase(s: Session, c: SqlCase): Promise<string> {
  let r: CollectedResult;
  try {
    r = await s.query(c.sql);
  } catch (e) {
    if (!(e instanceof SqlError)) return `crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
    if (c.error === undefined) return `error ${e.mysqlErrno}: ${e.message}`;
    if (e.mysqlErrno !== c.error) return `expected error ${c.error}, got ${e.mysqlErrno}: ${e.message}`;
    if (c.message !== undefined) {
      const okMessage = typeof c.message === 'string' ? e.message.includes(c.message) : c.message.test(e.message);
      if (!okMessage) return `error message ${JSON.stringify(e.message)} does not match ${String(c.message)}`;
    }
    return '';
  }
  if (c.error !== undefined) return `expected error ${c.error}, got ${r.kind === 'ok' ? `OK (${r.affectedRows} affected)` : JSON.stringify(textRows(r))}`;
  const problems: string[] = [];
  if (c.rows !== undefined) {
    if (r.kind !== 'rows') return `expected rows, got OK (${r.affectedRows} affected)`;
    const want = c.rows.map((row) => row.map(cellText));
    const got = textRows(r);
    const ordered = c.ordered ?? /\border\s+by\b/i.test(c.sql.replace(/over\s*\([^)]*\)/gi, ''));
    const [w, g] = ordered ? [want, got] : [sortRows(want), sortRows(got)];
    if (JSON.stringify(w) !== JSON.stringify(g)) problems.push(`rows ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
  if (c.columns !== undefined) {
    if (r.kind !== 'rows') return 'expected rows, got OK';
    const names = r.columns.map((col) => col.name);
    if (JSON.stringify(names) !== JSON.stringify(c.columns)) problems.push(`columns ${JSON.stringify(names)}, expected ${JSON.stringify(c.columns)}`);
  }
  if (c.affected !== undefined || c.lastInsertId !== undefined || c.info !== undefined) {
    if (r.kind !== 'ok') return `expected OK, got rows ${JSON.stringify(textRows(r))}`;
    if (c.affected !== undefined && r.affectedRows !== BigInt(c.affected)) problems.push(`affected ${r.affectedRows}, expected ${c.affected}`);
    if (c.lastInsertId !== undefined && r.lastInsertId !== BigInt(c.lastInsertId)) problems.push(`lastInsertId ${r.lastInsertId}, expected ${c.lastInsertId}`);
    if (c.info !== undefined && r.info !== c.info) problems.push(`info ${JSON.stringify(r.info)}, expected ${JSON.stringify(c.info)}`);
  }
  if (c.warnings !== undefined) {
    const codes = s.lastWarnings.map((w) => w.code);
    if (JSON.stringify(codes) !== JSON.stringify(c.warnings)) {
      problems.push(`warnings ${JSON.stringify(s.lastWarnings.map((w) => `${w.code} ${w.message}`))}, expected ${JSON.stringify(c.warnings)}`);
    }
  }
  return problems.join('; ');
}

/**
 * Runs the cases in order on one session (later cases see earlier ones' effects) and fails
 * with the list of every case that answered wrong.
 */
export async function runCases(s: Session, cases: readonly SqlCase[]): Promise<void> {
  const failures: string[] = [];
  for (const c of cases) {
    const problem = await checkCase(s, c);
    if (problem) failures.push(`${c.sql}\n    → ${problem}`);
  }
  expect(failures).toEqual([]);
}
