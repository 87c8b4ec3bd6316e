// Bank: accounts whose balances only move between each other. Clients transfer random amounts in
// transactions (read both balances, refuse to overdraw, update both); readers read every balance
// in one statement. Under snapshot isolation every read must total the initial sum and show no
// negative balance, whatever the faults.
import type { SeededRng } from '../../kv/raft/rng.js';
import type { HistoryRecorder, Op } from '../history.js';
import { classify, type SqlClient } from './sql-client.js';

export const BANK_ACCOUNTS = 8;
export const BANK_INITIAL = 100;

export type BankOp = { from: number; to: number; amount: number } | { balances: number[] } | null;

export async function setupBank(c: SqlClient): Promise<void> {
  await c.query('CREATE TABLE bank (id INT PRIMARY KEY, balance BIGINT NOT NULL)');
  await c.query(`INSERT INTO bank VALUES ${Array.from({ length: BANK_ACCOUNTS }, (_, i) => `(${i}, ${BANK_INITIAL})`).join(', ')}`);
}

/** One client step: a transfer (3 in 4) or a read of every balance. */
export async function bankStep(c: SqlClient, process: number, rng: SeededRng, h: HistoryRecorder<string, unknown>): Promise<void> {
  if (rng.chance(0.25)) {
    await h.run(process, 'bank-read', null, async () => {
      const rows = await c.query<{ id: number; balance: number | string }[]>('SELECT id, balance FROM bank');
      return { balances: rows.sort((a, b) => a.id - b.id).map((r) => Number(r.balance)) };
    }, classify);
    return;
  }
  const from = rng.nextInt(BANK_ACCOUNTS);
  const to = (from + 1 + rng.nextInt(BANK_ACCOUNTS - 1)) % BANK_ACCOUNTS;
  const amount = 1 + rng.nextInt(5);
  await h.run(process, 'bank-transfer', { from, to, amount }, () =>
    c.transaction(async () => {
      const rows = await c.query<{ id: number; balance: number | string }[]>('SELECT id, balance FROM bank WHERE id IN (?, ?)', [from, to]);
      const b = rows.find((r) => r.id === from);
      if (!b || Number(b.balance) < amount) return { from, to, amount: 0 };
      await c.query('UPDATE bank SET balance = balance - ? WHERE id = ?', [amount, from]);
      await c.query('UPDATE bank SET balance = balance + ? WHERE id = ?', [amount, to]);
      return { from, to, amount };
    }), classify);
}

export interface BankResult {
  readonly reads: number;
  readonly wrongTotal: number;
  readonly negative: number;
  readonly examples: string[];
}

export function checkBank(ops: readonly Op[]): BankResult {
  const total = BANK_ACCOUNTS * BANK_INITIAL;
  let reads = 0;
  let wrongTotal = 0;
  let negative = 0;
  const examples: string[] = [];
  for (const op of ops) {
    if (op.f !== 'bank-read' || op.outcome !== 'ok') continue;
    reads++;
    const balances = (op.value as { balances: number[] }).balances;
    const sum = balances.reduce((a, b) => a + b, 0);
    if (sum !== total || balances.length !== BANK_ACCOUNTS) {
      wrongTotal++;
      if (examples.length < 3) examples.push(`read at ${op.completedAt.toFixed(0)} ms: [${balances.join(' ')}] totals ${sum}, not ${total}`);
    }
    if (balances.some((b) => b < 0)) negative++;
  }
  return { reads, wrongTotal, negative, examples };
}
