// Linearizability of a register history (read / write / compare-and-set on independent keys), by
// the Wing & Gong search with Lowe's memoization, as Porcupine and Knossos do it: walk the
// invocations and completions in time order, try to linearize each pending operation whose
// effect the register's state admits, remember (set of linearized ops, state) pairs already
// explored, and backtrack when an operation's completion is reached before it could be placed.
// `info` operations may have happened at any time after their invocation, or never; `fail`
// operations never happened and are left out.
import type { Op } from '../history.js';

export type RegisterValue = number | null;

export type RegisterOp =
  | { readonly f: 'read'; readonly value: RegisterValue }
  | { readonly f: 'write'; readonly value: RegisterValue }
  | { readonly f: 'cas'; readonly value: readonly [RegisterValue, RegisterValue] };

export interface LinearizabilityResult {
  readonly linearizable: boolean;
  /** Operations checked (fail ones excluded). */
  readonly ops: number;
  /** When not linearizable: the longest prefix of completions that could be explained, and the
   *  operation that could not be placed. */
  readonly detail?: string;
}

interface Entry {
  readonly op: number;
  readonly call: boolean;
  readonly time: number;
  prev: Entry | undefined;
  next: Entry | undefined;
  match?: Entry; // call → its return
}

function step(state: RegisterValue, op: RegisterOp): RegisterValue | undefined {
  switch (op.f) {
    case 'read':
      return op.value === state ? state : undefined;
    case 'write':
      return op.value;
    case 'cas':
      return op.value[0] === state ? op.value[1] : undefined;
  }
}

/** The search took more steps than it was allowed (firstViolation's bisection bounds each cut). */
export class SearchBudgetExceeded extends Error {
  constructor(readonly steps: number) {
    super(`the linearizability search passed ${steps} steps`);
  }
}

/** Checks one register's history (one key), starting from `initial`. */
export function checkRegister(history: readonly Op<RegisterOp['f'], RegisterOp['value']>[], initial: RegisterValue = null, maxSteps = Infinity): LinearizabilityResult {
  const ops = history.filter((o) => o.outcome !== 'fail' && !(o.f === 'read' && o.outcome !== 'ok')).map((o) => ({ ...o, op: { f: o.f, value: o.value } as RegisterOp }));
  const events: Entry[] = [];
  ops.forEach((o, i) => {
    const call: Entry = { op: i, call: true, time: o.invokedAt, prev: undefined, next: undefined };
    const ret: Entry = { op: i, call: false, time: o.outcome === 'info' ? Infinity : o.completedAt, prev: undefined, next: undefined };
    call.match = ret;
    events.push(call, ret);
  });
  // equal times: invocations first, so touching operations count as concurrent (the lenient reading)
  events.sort((a, b) => a.time - b.time || (a.call === b.call ? 0 : a.call ? -1 : 1));
  const head: Entry = { op: -1, call: false, time: -Infinity, prev: undefined, next: undefined };
  let prev = head;
  for (const e of events) {
    prev.next = e;
    e.prev = prev;
    prev = e;
  }

  const lift = (e: Entry): void => {
    e.prev!.next = e.next;
    if (e.next) e.next.prev = e.prev;
    const m = e.match!;
    m.prev!.next = m.next;
    if (m.next) m.next.prev = m.prev;
  };
  const unlift = (e: Entry): void => {
    const m = e.match!;
    m.prev!.next = m;
    if (m.next) m.next.prev = m;
    e.prev!.next = e;
    if (e.next) e.next.prev = e;
  };

  const linearized = new Uint8Array(ops.length);
  const seen = new Set<string>();
  const stack: { entry: Entry; state: RegisterValue }[] = [];
  let state: RegisterValue = initial;
  let entry = head.next;
  let furthest = 0;
  let steps = 0;
  while (entry) {
    if (++steps > maxSteps) throw new SearchBudgetExceeded(maxSteps);
    if (!entry.call && ops[entry.op]!.outcome === 'info') break; // only optional operations remain
    if (entry.call) {
      const next = step(state, ops[entry.op]!.op);
      if (next !== undefined) {
        linearized[entry.op] = 1;
        const key = `${Buffer.from(linearized).toString('base64')}|${next}`;
        if (!seen.has(key)) {
          seen.add(key);
          stack.push({ entry, state });
          state = next;
          lift(entry);
          furthest = Math.max(furthest, stack.length);
          entry = head.next;
          continue;
        }
        linearized[entry.op] = 0;
      }
      entry = entry.next;
    } else {
      // a completion reached with its operation still pending: undo the last choice
      const top = stack.pop();
      if (!top) {
        const o = ops[entry.op]!;
        return { linearizable: false, ops: ops.length, detail: `no order explains ${o.f} ${JSON.stringify(o.value)} by process ${o.process} (invoked ${o.invokedAt.toFixed(1)} ms, completed ${o.completedAt.toFixed(1)} ms); ${furthest} operations could be placed` };
      }
      state = top.state;
      linearized[top.entry.op] = 0;
      unlift(top.entry);
      entry = top.entry.next;
    }
  }
  return { linearizable: true, ops: ops.length };
}

/** Where a non-linearizable history first goes wrong: the earliest completion time T such that
 *  the history cut at T (operations invoked by T; those still running at T counted as
 *  indeterminate) has no linearization — every prefix of a linearizable history has one, so the
 *  operation completing at T is the first that no order can explain. Found by bisection over the
 *  completion times, each search bounded by `maxSteps`; when a search runs out, the answer is the
 *  narrowest window decided: the cut at `after` was explained, the one at `at` was not (op then
 *  completes at `at`, not necessarily the culprit). Undefined when the cut at the last completion
 *  is explained or could not be decided. */
export function firstViolation(
  history: readonly Op<RegisterOp['f'], RegisterOp['value']>[],
  initial: RegisterValue = null,
  maxSteps = 200_000,
): { readonly at: number; readonly after: number; readonly op: Op<RegisterOp['f'], RegisterOp['value']> } | undefined {
  const cut = (t: number): Op<RegisterOp['f'], RegisterOp['value']>[] =>
    history.filter((o) => o.invokedAt <= t).map((o) => (o.outcome === 'ok' && o.completedAt > t ? { ...o, outcome: 'info' as const } : o));
  const times = [...new Set(history.filter((o) => o.outcome === 'ok').map((o) => o.completedAt))].sort((a, b) => a - b);
  // Each cut's search is bounded: one that runs out counts as "cannot tell", and the bisection
  // keeps the narrowest window it could decide.
  const linearizable = (t: number): boolean | undefined => {
    try {
      return checkRegister(cut(t), initial, maxSteps).linearizable;
    } catch (err) {
      if (err instanceof SearchBudgetExceeded) return undefined;
      throw err;
    }
  };
  if (times.length === 0) return undefined;
  let lo = 0;
  let hi = times.length - 1;
  if (linearizable(times[hi] as number) !== false) return undefined;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const ok = linearizable(times[mid] as number);
    if (ok === undefined) break;
    if (ok) lo = mid + 1;
    else hi = mid;
  }
  const at = times[hi] as number;
  const op = history.find((o) => o.outcome === 'ok' && o.completedAt === at);
  return op ? { at, after: lo > 0 ? (times[lo - 1] as number) : 0, op } : undefined;
}
