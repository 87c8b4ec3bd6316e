// The sqllogictest runner itself, against a tiny scripted executor: parsing, conditions, sort
// modes, value formatting, hashes and labels; and a parse of every conformance file in
// ../shared/slt, so a format the runner cannot read is noticed before the engine is blamed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRows, formatValue, hashValues } from './format.js';
import { parseSlt } from './records.js';
import { runSlt, type SltExecutor } from './runner.js';

const SLT_DIR = join(import.meta.dirname, '..', '..', '..', 'shared', 'slt');

function scripted(answers: Record<string, unknown[][] | Error | undefined>): SltExecutor {
  return {
    execute: async (sql) => {
      const a = answers[sql.trim()];
      if (a instanceof Error) throw a;
      if (a === undefined) return undefined;
      return { rows: a as (string | number | null)[][] };
    },
  };
}

describe('sqllogictest runner', () => {
  it('formats values as the reference runner does', () => {
    expect(formatValue(null, 'I')).toBe('NULL');
    expect(formatValue('', 'T')).toBe('(empty)');
    expect(formatValue('a\tb', 'T')).toBe('a@b');
    expect(formatValue(-7.9, 'I')).toBe('-7');
    expect(formatValue(9007199254740993n, 'I')).toBe('9007199254740993');
    expect(formatValue('12', 'I')).toBe('12');
    expect(formatValue(2 / 3, 'R')).toBe('0.667');
    expect(formatValue('1.5', 'R')).toBe('1.500');
    expect(formatRows([[2, 'b'], [1, 'a']], 'IT', 'rowsort')).toEqual(['1', 'a', '2', 'b']);
    expect(formatRows([[3, 1], [2, 4]], 'II', 'valuesort')).toEqual(['1', '2', '3', '4']);
    expect(hashValues(['1', '2'])).toBe('6ddb4095eb719e2a9f0a3f95677d24e0');
  });

  it('honours skipif/onlyif, statement ok/error, values, hashes and labels', async () => {
    const text = [
      'hash-threshold 8',
      '',
      'statement ok',
      'CREATE TABLE t(a INT)',
      '',
      'skipif mysql',
      'statement ok',
      'SOMETHING ONLY SQLITE DOES',
      '',
      'onlyif mysql',
      'statement error',
      'BAD SQL',
      '',
      'query I rowsort',
      'SELECT a FROM t',
      '----',
      '1',
      '2',
      '',
      'query I valuesort label-x',
      'SELECT a FROM t2',
      '----',
      '2 values hashing to 6ddb4095eb719e2a9f0a3f95677d24e0',
      '',
      'query I nosort label-x',
      'SELECT wrong',
      '----',
      '2 values hashing to 6ddb4095eb719e2a9f0a3f95677d24e0',
      '',
      'query II nosort',
      'SELECT a, a FROM t',
      '----',
      '1',
      '1',
      '',
      'halt',
      '',
      'statement ok',
      'NEVER RUN',
    ].join('\n');
    const res = await runSlt(
      'inline.test',
      parseSlt(text),
      scripted({
        'CREATE TABLE t(a INT)': undefined,
        'BAD SQL': new Error('syntax'),
        'SELECT a FROM t': [[2], [1]],
        'SELECT a FROM t2': [[2], [1]],
        'SELECT wrong': [[1], [3]],
        'SELECT a, a FROM t': [[1, 2]],
      }),
    );
    expect({ passed: res.passed, failed: res.failed, skipped: res.skipped }).toEqual({ passed: 4, failed: 2, skipped: 1 });
    expect(res.failures.map((f) => [f.line, f.kind])).toEqual([
      [25, 'mismatch'],
      [30, 'mismatch'],
    ]);
  });

  it('parses every file of the conformance corpus', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith('.test')) files.push(p);
      }
    };
    walk(SLT_DIR);
    expect(files.length).toBeGreaterThan(10);
    let queries = 0;
    for (const f of files) {
      const records = parseSlt(readFileSync(f, 'utf8'));
      queries += records.filter((r) => r.kind === 'query').length;
    }
    expect(queries).toBeGreaterThan(1000);
  });
});
