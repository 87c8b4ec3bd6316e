// Shared by the slt-*.test.ts files: parses every SQL statement of one sqllogictest file in
// ../shared/slt (read at test time, never copied into the repo) and asserts that at least 99%
// parse, printing the failures. Records MySQL would not run (`skipif mysql`, `onlyif <other>`)
// are left out, as the slt runner does. One test file per slt file, so vitest runs them in
// parallel.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { parse } from '../../../sql/parser/index.js';

const DIR = new URL('../../../../shared/slt/', import.meta.url);

/** The SQL of every statement/query record of an slt file that MySQL would run. */
export function sltStatements(text: string): string[] {
  const out: string[] = [];
  for (const rec of text.split(/\n\s*\n/)) {
    const lines = rec.split('\n').filter((l) => !l.startsWith('#'));
    let skip = false;
    let i = 0;
    for (; i < lines.length; i++) {
      const l = (lines[i] as string).trim();
      const cond = /^(skipif|onlyif)\s+(\S+)/.exec(l);
      if (!cond) break;
      if ((cond[1] === 'skipif' && cond[2] === 'mysql') || (cond[1] === 'onlyif' && cond[2] !== 'mysql')) skip = true;
    }
    const head = (lines[i] ?? '').trim();
    if (skip || !(head.startsWith('statement') || head.startsWith('query'))) continue;
    const body: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j] as string;
      if (l.trim() === '----') break;
      body.push(l);
    }
    const sql = body.join('\n').trim();
    if (sql) out.push(sql);
  }
  return out;
}

export function sltParseSuite(file: string): void {
  const url = new URL(file, DIR);
  describe(`sqllogictest ${file}`, () => {
    it.skipIf(!existsSync(url))('at least 99% of its statements parse', () => {
      const statements = sltStatements(readFileSync(url, 'utf8'));
      const failures: string[] = [];
      for (const sql of statements) {
        try {
          parse(sql);
        } catch (e: unknown) {
          failures.push(`${sql.replace(/\s+/g, ' ').slice(0, 160)}\n    → ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      const total = statements.length;
      const rate = (total - failures.length) / total;
      if (failures.length > 0) console.log(`${file}: ${failures.length} of ${total} failed to parse:\n${failures.slice(0, 40).join('\n')}`);
      console.log(`${file}: parsed ${total - failures.length}/${total} (${(rate * 100).toFixed(2)}%)`);
      expect(total).toBeGreaterThan(100);
      expect(rate).toBeGreaterThanOrEqual(0.99);
    }, 120_000);
  });
}
