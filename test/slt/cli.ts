// `npm run slt -- [--verbose] [--mysql host:port] [--timeout ms] FILES|DIRS…`: runs sqllogictest
// files against Strata (an in-process cluster and engine) or a MySQL-protocol server and prints
// `N passed, M failed` per file and in total. Failing records do not fail the run: the exit code
// is non-zero only when the runner itself crashes or is used wrongly.
import type { FileRun } from './corpus.js';
import type { SltFailure } from './runner.js';

// The cluster's info lines would drown the report; set before the cluster's modules load.
process.env.STRATA_LOG ??= 'warn';
const { runCorpus, expandFiles, totals } = await import('./corpus.js');

const USAGE = 'usage: npm run slt -- [--verbose] [--mysql host:port] [--timeout ms] FILES|DIRS…';

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function printFailure(f: SltFailure): void {
  console.log(`  ${f.file}:${f.line} ${f.kind}`);
  console.log(indent(f.sql));
  console.log(indent(`→ ${f.detail}`));
}

async function main(argv: readonly string[]): Promise<number> {
  let verbose = false;
  let mysql: string | undefined;
  let timeout: number | undefined;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--verbose' || a === '-v') verbose = true;
    else if (a === '--mysql') mysql = argv[++i];
    else if (a === '--timeout') timeout = Number(argv[++i]);
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      return 0;
    } else if (a.startsWith('-')) {
      console.error(`unknown option ${a}\n${USAGE}`);
      return 2;
    } else paths.push(a);
  }
  if (paths.length === 0 || (mysql !== undefined && !/^[^:]*:\d+$/.test(mysql)) || (timeout !== undefined && !(timeout > 0))) {
    console.error(USAGE);
    return 2;
  }
  const files = expandFiles(paths);
  const started = Date.now();
  const onFile = (run: FileRun): void => {
    const r = run.result;
    console.log(`${run.file}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''} (${(run.ms / 1000).toFixed(1)} s)`);
    if (verbose) for (const f of r.failures) printFailure(f);
  };
  const runs = await runCorpus(files, { ...(mysql !== undefined ? { mysql } : {}), ...(timeout !== undefined ? { statementTimeoutMs: timeout } : {}), onFile });
  const t = totals(runs);
  console.log(`total: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped — ${(t.rate * 100).toFixed(2)}% of ${t.passed + t.failed} records in ${files.length} files (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
