// Shared by the slt-*.test.ts files: parses every SQL statement of one sqllogictest file in
// ../shared/slt (read at test time, never copied into the repo) and asserts that at least 99%
// parse, printing the failures. Records MySQL would not run (`skipif mysql`, `onlyif <other>`)
// are left out, as the slt runner does. One test file per slt file, so vitest runs them in
// parallel.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { parse } from '../../../sql/parser/index.js';
import { sltStatements } from './slt-records.js';

const DIR = new URL('../../../../shared/slt/', import.meta.url);

/** `part` of `parts` (1-based) splits a big file over several test files, so they run in parallel. */
export function sltParseSuite(file: string, part = 1, parts = 1): void {
  const url = new URL(file, DIR);
  describe(`sqllogictest ${file}${parts > 1 ? ` (part ${part} of ${parts})` : ''}`, () => {
    it.skipIf(!existsSync(url))('at least 99% of its statements parse', () => {
      const all = sltStatements(readFileSync(url, 'utf8'));
      const size = Math.ceil(all.length / parts);
      const statements = all.slice((part - 1) * size, part * size);
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
