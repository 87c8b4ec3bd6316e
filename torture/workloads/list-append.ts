// List-append (Elle's workload) over SQL: transactions of 1–4 micro-operations on a few keys, each
// a read of a key's whole list or an append of a value unique in the run. A list is a row's TEXT
// column of comma-separated values; an append is INSERT … ON DUPLICATE KEY UPDATE CONCAT, so two
// concurrent appends to one key conflict at commit (snapshot isolation's first-committer-wins)
// instead of losing one. Keys retire after a number of appends, so lists stay short.
import type { SeededRng } from '../../kv/raft/rng.js';
import type { HistoryRecorder } from '../history.js';
import type { Micro, Txn } from '../checkers/list-append.js';
import { classify, type SqlClient } from './sql-client.js';

const ACTIVE_KEYS = 5;
const APPENDS_PER_KEY = 30;

export async function setupListAppend(c: SqlClient): Promise<void> {
  await c.query('CREATE TABLE lists (k INT PRIMARY KEY, v TEXT NOT NULL)');
}

/** Values and keys shared by every client of one run. */
export class ListAppendState {
  private nextValue = 1;
  private appends = new Map<number, number>();
  private firstKey = 0;

  key(rng: SeededRng): number {
    return this.firstKey + rng.nextInt(ACTIVE_KEYS);
  }

  value(k: number): number {
    const n = (this.appends.get(k) ?? 0) + 1;
    this.appends.set(k, n);
    if (n >= APPENDS_PER_KEY && k === this.firstKey) this.firstKey++;
    return this.nextValue++;
  }
}

function parse(v: string | null | undefined): number[] {
  return v === null || v === undefined || v === '' ? [] : v.split(',').map(Number);
}

export async function listAppendStep(c: SqlClient, process: number, rng: SeededRng, state: ListAppendState, h: HistoryRecorder<string, unknown>): Promise<void> {
  const micros: Micro[] = [];
  const n = 1 + rng.nextInt(4);
  for (let i = 0; i < n; i++) {
    const k = state.key(rng);
    micros.push(rng.chance(0.5) ? ['r', String(k), null] : ['append', String(k), state.value(k)]);
  }
  await h.run(process, 'txn', micros as Txn, () =>
    c.transaction(async () => {
      const done: Micro[] = [];
      for (const m of micros) {
        if (m[0] === 'r') {
          const rows = await c.query<{ v: string }[]>('SELECT v FROM lists WHERE k = ?', [Number(m[1])]);
          done.push(['r', m[1], parse(rows[0]?.v)]);
        } else {
          await c.query("INSERT INTO lists VALUES (?, ?) ON DUPLICATE KEY UPDATE v = CONCAT(v, ',', VALUES(v))", [Number(m[1]), String(m[2])]);
          done.push(m);
        }
      }
      return done as Txn;
    }), classify);
}

/** Every key's list, read once after the run. */
export async function finalLists(c: SqlClient): Promise<Map<string, number[]>> {
  const rows = await c.query<{ k: number; v: string }[]>('SELECT k, v FROM lists');
  return new Map(rows.map((r) => [String(r.k), parse(r.v)]));
}
