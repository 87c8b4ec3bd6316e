// The conformance corpus in CI: runs sqllogictest files of ../shared/slt (never copied into the
// repo) through the session API of an in-process cluster and requires, per file, at least 97% of
// the records that apply to MySQL to pass. Each figure is printed, with the failing records'
// kinds, so a drop shows what broke. The corpus is split over several test files so vitest runs
// the parts side by side.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandFiles, runCorpus } from './corpus.js';

export const SLT_DIR = join(import.meta.dirname, '..', '..', '..', 'shared', 'slt');

/** The share of records that must pass in every file. */
export const REQUIRED_RATE = 0.97;

export function conformanceSuite(name: string, relPaths: readonly string[]): void {
  const paths = relPaths.map((p) => join(SLT_DIR, p));
  const present = paths.every((p) => existsSync(p));
  describe.skipIf(!present)(`sqllogictest conformance: ${name}`, () => {
    it(`at least ${REQUIRED_RATE * 100}% of the records of each file pass`, async () => {
      const runs = await runCorpus(expandFiles(paths), { statementTimeoutMs: 60_000 });
      const low: string[] = [];
      for (const r of runs) {
        const total = r.result.passed + r.result.failed;
        const rate = total === 0 ? 1 : r.result.passed / total;
        const file = r.file.slice(SLT_DIR.length + 1);
        const kinds = new Map<string, number>();
        for (const f of r.result.failures) {
          const k = `${f.kind}: ${f.detail.replace(/slt_\d+_\d+\./g, '').slice(0, 70)}`;
          kinds.set(k, (kinds.get(k) ?? 0) + 1);
        }
        console.log(`${file}: ${r.result.passed} passed, ${r.result.failed} failed, ${r.result.skipped} skipped (${(rate * 100).toFixed(2)}%, ${(r.ms / 1000).toFixed(1)} s)`);
        for (const [k, n] of kinds) console.log(`    ${n} × ${k}`);
        if (rate < REQUIRED_RATE) low.push(`${file}: ${(rate * 100).toFixed(2)}%`);
      }
      expect(runs.length).toBe(expandFiles(paths).length);
      expect(low).toEqual([]);
    }, 900_000);
  });
}
