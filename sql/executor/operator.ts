// The executor's unit: an operator is a function that, each time it is called, runs its part of
// the plan from the start and yields batches of rows (arrays of Values aligned to the plan
// node's schema). Pull-based: a consumer that stops pulling (LIMIT, EXISTS) stops the work
// below it; calling again re-runs it (nested-loop joins, correlated subqueries).
import type { Batch } from './context.js';

export type Operator = () => AsyncGenerator<Batch>;

/** Collects every row of an operator. */
export async function drain(op: Operator): Promise<Batch> {
  const out: Batch = [];
  for await (const b of op()) for (const r of b) out.push(r);
  return out;
}
