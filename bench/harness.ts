// Small helpers shared by benchmarks: timing a loop for a fixed duration or count, and printing
// aligned result tables.

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
