// Small helpers shared by benchmarks: timing a loop for a fixed duration or count, printing
// aligned result tables, and the one-PD one-store cluster most benchmarks run against.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, spawnStrata, waitForLine, waitForPort } from '../bin/child-process.js';
import { connect, type StrataClient } from '../kv/client/index.js';

export interface Rate {
  readonly ops: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/** Runs `op` with `concurrency` workers until `count` ops are done; returns the rate. */
export async function measure(count: number, op: (i: number) => Promise<unknown>, concurrency = 1): Promise<Rate> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        await op(i);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { ops: count, seconds, perSecond: count / seconds };
}

export function fmt(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(2);
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[]): string => r.map((c, i) => String(c).padEnd(widths[i] as number)).join('  ');
  return [line(cells[0] as string[]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function progress(msg: string): void {
  process.stderr.write(`… ${msg}\n`);
}

/** Runs `op` with `concurrency` workers (each passes its index, 0…concurrency-1) for about `ms`
 *  milliseconds of wall time; returns the rate. Time-boxed, so a slow case never stalls a run. */
export async function measureFor(ms: number, op: (worker: number) => Promise<unknown>, concurrency = 1): Promise<Rate> {
  let ops = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(ms) * 1_000_000n;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (process.hrtime.bigint() < until) {
        await op(w);
        ops++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { ops, seconds, perSecond: ops / seconds };
}

/** A PD and one KV store as processes on free ports (synced writes), data in a temp dir, and a
 *  client connected to them: what the sql, kv and coprocessor benchmarks run against. */
export interface BenchCluster {
  readonly client: StrataClient;
  /** The temp dir (a benchmark may keep more data under it). */
  readonly dir: string;
  /** Closes the client, stops both processes and removes the dir. */
  stop(): Promise<void>;
}

export async function startBenchCluster(name: string): Promise<BenchCluster> {
  const dir = mkdtempSync(join(tmpdir(), `strata-bench-${name}-`));
  const [pdPort, pdHttp, kvPort, kvStatus] = (await freePorts(4)) as [number, number, number, number];
  const pd = spawnStrata('pd', ['pd', '--data-dir', join(dir, 'pd'), '--addr', `127.0.0.1:${pdPort}`, '--status-addr', `127.0.0.1:${pdHttp}`]);
  const kv = spawnStrata('kv', ['kv', '--pd', `127.0.0.1:${pdPort}`, '--addr', `127.0.0.1:${kvPort}`, '--status-addr', `127.0.0.1:${kvStatus}`, '--data-dir', join(dir, 'kv')], {
    env: { STRATA_LOG: 'warn' },
  });
  let client: StrataClient | undefined;
  const stop = async (): Promise<void> => {
    await client?.close();
    await kv.stop();
    await pd.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    progress('starting PD and one KV store');
    await waitForPort(pd, '127.0.0.1', pdPort);
    await waitForLine(kv, /serving on/);
    client = await connect({ pd: `127.0.0.1:${pdPort}` });
    return { client, dir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
