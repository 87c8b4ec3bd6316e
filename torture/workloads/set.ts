// Set: clients insert unique values, each in its own statement; after the faults are healed one
// read returns the set. An acknowledged insert missing from it is lost; a value present that was
// never attempted is unexpected; indeterminate (info) inserts may go either way.
import type { HistoryRecorder, Op } from '../history.js';
import { classify, type SqlClient } from './sql-client.js';

export async function setupSet(c: SqlClient): Promise<void> {
  await c.query('CREATE TABLE elements (v INT PRIMARY KEY)');
}

export async function setStep(c: SqlClient, process: number, value: number, h: HistoryRecorder<string, unknown>): Promise<void> {
  await h.run(process, 'set-add', value, async () => {
    await c.query('INSERT INTO elements VALUES (?)', [value]);
    return value;
  }, classify);
}

export async function finalSet(c: SqlClient): Promise<Set<number>> {
  const rows = await c.query<{ v: number }[]>('SELECT v FROM elements');
  return new Set(rows.map((r) => r.v));
}

export interface SetResult {
  readonly acknowledged: number;
  readonly lost: number;
  readonly unexpected: number;
  readonly indeterminateFound: number;
}

export function checkSet(ops: readonly Op[], final: ReadonlySet<number>): SetResult {
  const attempted = new Set<number>();
  let acknowledged = 0;
  let lost = 0;
  let indeterminateFound = 0;
  for (const op of ops) {
    if (op.f !== 'set-add') continue;
    const v = op.value as number;
    attempted.add(v);
    if (op.outcome === 'ok') {
      acknowledged++;
      if (!final.has(v)) lost++;
    } else if (op.outcome === 'info' && final.has(v)) indeterminateFound++;
  }
  const unexpected = [...final].filter((v) => !attempted.has(v)).length;
  return { acknowledged, lost, unexpected, indeterminateFound };
}
