// Runs parsed sqllogictest records against an executor (the SQL session in-process, or a MySQL
// server over the wire) and counts what passes. A statement passes when it succeeds (or fails,
// for `statement error`); a query passes when its formatted, sorted values equal the expected
// ones (or their MD5 when the file gives a hash). Queries sharing a label must agree.
import { formatRows, hashValues, type SltValue } from './format.js';
import { applies, type SltRecord } from './records.js';

export interface SltExecutor {
  /** Runs one SQL statement. Resolves with the rows of a result set (undefined for statements
   *  without one); rejects when the statement fails. */
  execute(sql: string): Promise<{ readonly rows: readonly (readonly SltValue[])[] } | undefined>;
}

export interface SltFailure {
  readonly file: string;
  readonly line: number;
  readonly sql: string;
  /** 'error': failed unexpectedly; 'no-error': `statement error` succeeded; 'mismatch': wrong rows. */
  readonly kind: 'error' | 'no-error' | 'mismatch';
  readonly detail: string;
}

export interface SltResult {
  passed: number;
  failed: number;
  skipped: number;
  readonly failures: SltFailure[];
}

export function emptyResult(): SltResult {
  return { passed: 0, failed: 0, skipped: 0, failures: [] };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function runSlt(file: string, records: readonly SltRecord[], executor: SltExecutor, engine = 'mysql', into: SltResult = emptyResult()): Promise<SltResult> {
  let threshold = 0;
  const labels = new Map<string, string>();
  const fail = (f: Omit<SltFailure, 'file'>): void => {
    into.failed++;
    into.failures.push({ file, ...f });
  };
  for (const r of records) {
    if (r.kind === 'hash-threshold') {
      threshold = r.threshold;
      continue;
    }
    if (!applies(r.conditions, engine)) {
      if (r.kind !== 'halt') into.skipped++;
      continue;
    }
    if (r.kind === 'halt') break;
    if (r.kind === 'statement') {
      try {
        await executor.execute(r.sql);
        if (r.expectOk) into.passed++;
        else fail({ line: r.line, sql: r.sql, kind: 'no-error', detail: 'statement succeeded but an error was expected' });
      } catch (err) {
        if (!r.expectOk) into.passed++;
        else fail({ line: r.line, sql: r.sql, kind: 'error', detail: message(err) });
      }
      continue;
    }
    let rows: readonly (readonly SltValue[])[];
    try {
      rows = (await executor.execute(r.sql))?.rows ?? [];
    } catch (err) {
      fail({ line: r.line, sql: r.sql, kind: 'error', detail: message(err) });
      continue;
    }
    if (rows.some((row) => row.length !== r.types.length)) {
      fail({ line: r.line, sql: r.sql, kind: 'mismatch', detail: `expected ${r.types.length} columns, got ${rows[0]?.length ?? 0}` });
      continue;
    }
    const values = formatRows(rows, r.types, r.sort);
    const md5 = hashValues(values);
    let ok: boolean;
    let detail = '';
    if (r.expected.kind === 'hash') {
      ok = values.length === r.expected.count && md5 === r.expected.md5;
      if (!ok) detail = `expected ${r.expected.count} values hashing to ${r.expected.md5}, got ${values.length} values hashing to ${md5}`;
    } else {
      const want = r.expected.values;
      ok = want.length === values.length && want.every((v, i) => v === values[i]);
      if (!ok) detail = `expected [${want.slice(0, 12).join(', ')}${want.length > 12 ? ', …' : ''}], got [${values.slice(0, 12).join(', ')}${values.length > 12 ? ', …' : ''}]`;
    }
    if (ok && r.label !== undefined) {
      const prev = labels.get(r.label);
      if (prev !== undefined && prev !== md5) {
        ok = false;
        detail = `result differs from an earlier query labelled ${r.label}`;
      } else labels.set(r.label, md5);
    }
    void threshold; // results are compared in full or by the file's hash; the threshold only shapes the files
    if (ok) into.passed++;
    else fail({ line: r.line, sql: r.sql, kind: 'mismatch', detail });
  }
  return into;
}
