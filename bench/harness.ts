// Small helpers shared by benchmarks: timing a loop for a fixed duration or count, latency
// percentiles, printing aligned result tables and progress lines. The servers benchmarks run
// against are started by bench/servers.ts.

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

export interface Latencies extends Rate {
  readonly p50ms: number;
  readonly p95ms: number;
}

/** The q-quantile (0…1) of sorted values, nearest-rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Like `measure`, timing each op: rate plus p50/p95 latency in milliseconds. Each worker gets
 *  its index (0…concurrency-1) beside the op number, so it can use its own connection. */
export async function measureLatency(count: number, op: (i: number, worker: number) => Promise<unknown>, concurrency = 1): Promise<Latencies> {
  const took: number[] = [];
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        const t = process.hrtime.bigint();
        await op(i, w);
        took.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  took.sort((a, b) => a - b);
  return { ops: count, seconds, perSecond: count / seconds, p50ms: quantile(took, 0.5), p95ms: quantile(took, 0.95) };
}

/** `--name value` from a benchmark's arguments as a number, or the default. */
export function numArg(args: readonly string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const n = Number(args[i + 1]);
  if (!Number.isFinite(n)) throw new Error(`--${name} takes a number, not '${String(args[i + 1])}'`);
  return n;
}

/** `--name value` as a string, or undefined. */
export function strArg(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
