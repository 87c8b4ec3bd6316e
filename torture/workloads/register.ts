// Register: independent keys, each read, written or compare-and-set by single statements
// (autocommit transactions): a read is a point SELECT, a write an upsert, a CAS an UPDATE … WHERE
// v = old that succeeds when it changed a row. Checked per key for linearizability.
import type { SeededRng } from '../../kv/raft/rng.js';
import type { HistoryRecorder, Op } from '../history.js';
import type { RegisterOp, RegisterValue } from '../checkers/linearizable.js';
import { classify, WorkloadError, type SqlClient } from './sql-client.js';

export const REGISTER_KEYS = 4;

export async function setupRegister(c: SqlClient): Promise<void> {
  await c.query('CREATE TABLE registers (k INT PRIMARY KEY, v INT)');
}

export async function registerStep(c: SqlClient, process: number, rng: SeededRng, h: HistoryRecorder<string, unknown>): Promise<void> {
  const k = rng.nextInt(REGISTER_KEYS);
  const f = rng.pick(['read', 'write', 'cas'] as const);
  const v = rng.nextInt(5);
  if (f === 'read') {
    await h.run(process, `reg-${k}-read`, null, async () => {
      const rows = await c.query<{ v: number | null }[]>('SELECT v FROM registers WHERE k = ?', [k]);
      return (rows[0]?.v ?? null) as RegisterValue;
    }, classify);
  } else if (f === 'write') {
    await h.run(process, `reg-${k}-write`, v, async () => {
      await c.query('INSERT INTO registers VALUES (?, ?) ON DUPLICATE KEY UPDATE v = VALUES(v)', [k, v]);
      return v;
    }, classify);
  } else {
    const old = rng.nextInt(5);
    await h.run(process, `reg-${k}-cas`, [old, v], async () => {
      const r = await c.query<{ affectedRows: number }>('UPDATE registers SET v = ? WHERE k = ? AND v = ?', [v, k, old]);
      // affectedRows counts matched rows (mysql2 sets CLIENT_FOUND_ROWS), so old = new still counts;
      // a CAS whose compare failed did not happen: a definite failure, not an error of the system
      if (r.affectedRows !== 1) throw new WorkloadError('cas: compare failed', 'fail');
      return [old, v] as const;
    }, classify);
  }
}

/** The history of one key in the checker's terms. */
export function registerHistory(ops: readonly Op[], k: number, prefix = 'reg'): Op<RegisterOp['f'], RegisterOp['value']>[] {
  const tag = `${prefix}-${k}-`;
  return ops.filter((o) => o.f.startsWith(tag)).map((o) => ({ ...o, f: o.f.slice(tag.length) as RegisterOp['f'], value: o.value as RegisterOp['value'] }));
}
