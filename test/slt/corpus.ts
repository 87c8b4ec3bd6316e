// Running whole sqllogictest files against Strata: expands paths (directories to their .test
// files), starts an in-process cluster (1 PD + 1 KV store in a temp dir) with one SqlEngine, and
// runs each file in a fresh database of its own session. Shared by the `npm run slt` CLI and the
// CI corpus test.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SqlEngine } from '../../sql/session/engine.js';
import { InProcessCluster } from '../helpers/in-process-cluster.js';
import { mysqlExecutor } from './mysql-executor.js';
import { parseSlt } from './records.js';
import { emptyResult, runSlt, type SltResult } from './runner.js';
import { sessionExecutor } from './session-executor.js';

/** Files named, and the .test files under directories named, in a stable order. */
export function expandFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        const child = join(p, name);
        if (statSync(child).isDirectory() || name.endsWith('.test')) walk(child);
      }
    } else out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

export interface FileRun {
  readonly file: string;
  readonly result: SltResult;
  readonly ms: number;
}

export interface CorpusOptions {
  /** Drive a MySQL-protocol server at host:port instead of an in-process engine. */
  readonly mysql?: string;
  /** Kill a statement after this long (in-process only). */
  readonly statementTimeoutMs?: number;
  /** Called after each file. */
  readonly onFile?: (run: FileRun) => void;
}

/** A database name for the n-th file: fresh per file, so files never see each other's tables. */
function dbName(n: number): string {
  return `slt_${process.pid}_${n}`;
}

export async function runCorpus(files: readonly string[], o: CorpusOptions = {}): Promise<FileRun[]> {
  const runs: FileRun[] = [];
  const record = (run: FileRun): void => {
    runs.push(run);
    o.onFile?.(run);
  };
  if (o.mysql !== undefined) {
    for (const [n, file] of files.entries()) {
      const started = Date.now();
      const ex = await mysqlExecutor(o.mysql, dbName(n));
      try {
        const result = await runSlt(file, parseSlt(readFileSync(file, 'utf8')), ex, 'mysql', emptyResult());
        record({ file, result, ms: Date.now() - started });
      } finally {
        await ex.close();
      }
    }
    return runs;
  }
  const cluster = await InProcessCluster.start(1);
  try {
    const engine = await SqlEngine.start({ client: await cluster.client() });
    try {
      for (const [n, file] of files.entries()) {
        const started = Date.now();
        const session = await engine.openSession();
        try {
          const db = dbName(n);
          await session.query(`CREATE DATABASE ${db}`);
          await session.useDatabase(db);
          const ex = sessionExecutor(session, o.statementTimeoutMs ?? 120_000);
          const result = await runSlt(file, parseSlt(readFileSync(file, 'utf8')), ex, 'mysql', emptyResult());
          record({ file, result, ms: Date.now() - started });
        } finally {
          await session.close();
        }
      }
    } finally {
      await engine.close();
    }
  } finally {
    await cluster.stop();
  }
  return runs;
}

export interface Totals {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** passed / (passed + failed), 1 when nothing ran. */
  readonly rate: number;
}

export function totals(runs: readonly FileRun[]): Totals {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of runs) {
    passed += r.result.passed;
    failed += r.result.failed;
    skipped += r.result.skipped;
  }
  return { passed, failed, skipped, rate: passed + failed === 0 ? 1 : passed / (passed + failed) };
}
