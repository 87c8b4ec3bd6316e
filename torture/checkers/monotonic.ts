// Timestamps from an oracle must be unique and respect real time: if fetching A completed before
// fetching B began, A's timestamp is smaller than B's (concurrent fetches may come back in either
// order). A sweep over invocations in time order, carrying the largest timestamp of the fetches
// already completed, finds every violation in O(n log n).
import type { Op } from '../history.js';

export interface MonotonicResult {
  readonly ok: number;
  readonly duplicates: number;
  readonly reorderings: number;
  readonly examples: string[];
}

export function checkMonotonic(history: readonly Op<string, bigint>[]): MonotonicResult {
  const ok = history.filter((o) => o.outcome === 'ok');
  const examples: string[] = [];
  const seen = new Set<bigint>();
  let duplicates = 0;
  for (const o of ok) {
    if (seen.has(o.value)) {
      duplicates++;
      if (examples.length < 3) examples.push(`timestamp ${o.value} handed out twice`);
    }
    seen.add(o.value);
  }
  const byInvoke = [...ok].sort((a, b) => a.invokedAt - b.invokedAt);
  const byComplete = [...ok].sort((a, b) => a.completedAt - b.completedAt);
  let j = 0;
  let maxDone: Op<string, bigint> | undefined;
  let reorderings = 0;
  for (const b of byInvoke) {
    while (j < byComplete.length && byComplete[j]!.completedAt < b.invokedAt) {
      const a = byComplete[j++]!;
      if (!maxDone || a.value > maxDone.value) maxDone = a;
    }
    if (maxDone && maxDone.value >= b.value) {
      reorderings++;
      if (examples.length < 3) examples.push(`${b.value} (invoked at ${b.invokedAt.toFixed(1)} ms) is not above ${maxDone.value} (completed at ${maxDone.completedAt.toFixed(1)} ms)`);
    }
  }
  return { ok: ok.length, duplicates, reorderings, examples };
}
