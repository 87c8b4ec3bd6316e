// Sequential (Jepsen's test of sequential consistency across regions): a writer commits keys
// k0 … k4 of one round in five separate transactions, in order, each key in a region of its own;
// readers read k4 down to k0, each in its own snapshot. Because k(i) committed before k(i+1)
// began, a reader that saw k(i+1) must see k(i) when it reads it afterwards: seeing a later key
// while an earlier one is missing is the anomaly.
import type { StrataClient } from '../../kv/client/index.js';
import { toInternal } from '../../kv/meta.js';
import type { SeededRng } from '../../kv/raft/rng.js';
import type { HistoryRecorder, Op } from '../history.js';

export const SEQ_KEYS = 5;

const key = (i: number, round: number): Buffer => Buffer.from(`seq/${i}/${String(round).padStart(8, '0')}`);

/** One region per key index, so consecutive writes go to different raft groups. */
export async function setupSequential(client: StrataClient): Promise<void> {
  await client.splitRegions(Array.from({ length: SEQ_KEYS }, (_, i) => toInternal('txn', Buffer.from(`seq/${i}/`))));
}

/** Rounds whose k0 the writer has begun (readers pick among them). */
export class SequentialState {
  rounds = 0;
}

export async function sequentialWrite(client: StrataClient, process: number, state: SequentialState, h: HistoryRecorder<string, unknown>): Promise<void> {
  const round = ++state.rounds;
  for (let i = 0; i < SEQ_KEYS; i++) {
    const ok = await h.run(process, 'seq-write', { round, i }, async () => {
      const t = await client.txn.begin();
      t.set(key(i, round), Buffer.from('1'));
      await t.commit();
      return { round, i };
    });
    // a later key is written only after the earlier one is known committed
    if (ok === undefined) return;
  }
}

export async function sequentialRead(client: StrataClient, process: number, rng: SeededRng, state: SequentialState, h: HistoryRecorder<string, unknown>): Promise<void> {
  if (state.rounds === 0) return;
  const round = Math.max(1, state.rounds - rng.nextInt(3));
  await h.run(process, 'seq-read', { round }, async () => {
    const seen: boolean[] = [];
    for (let i = SEQ_KEYS - 1; i >= 0; i--) {
      const t = await client.txn.begin();
      seen[i] = (await t.get(key(i, round))) !== undefined;
      await t.commit();
    }
    return { round, seen };
  });
}

export interface SequentialResult {
  readonly reads: number;
  readonly anomalies: number;
  readonly examples: string[];
}

export function checkSequential(ops: readonly Op[]): SequentialResult {
  let reads = 0;
  let anomalies = 0;
  const examples: string[] = [];
  for (const op of ops) {
    if (op.f !== 'seq-read' || op.outcome !== 'ok') continue;
    reads++;
    const { round, seen } = op.value as { round: number; seen: boolean[] };
    // read order was k4 … k0: once a key was seen, every earlier key (read later) must be there
    const firstSeen = seen.lastIndexOf(true);
    if (firstSeen > 0 && seen.slice(0, firstSeen).some((s) => !s)) {
      anomalies++;
      if (examples.length < 3) examples.push(`round ${round}: saw k${firstSeen} but then missed ${seen.map((s, i) => (s ? '' : `k${i}`)).filter(Boolean).join(' ')}`);
    }
  }
  return { reads, anomalies, examples };
}
