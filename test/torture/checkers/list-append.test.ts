// The list-append checker on hand-made histories: each anomaly it must name (and a clean serial
// history it must pass), as scripts of transactions.
import { describe, expect, it } from 'vitest';
import type { Op, Outcome } from '../../../torture/history.js';
import { checkListAppend, type AnomalyKind, type Micro, type Txn } from '../../../torture/checkers/list-append.js';

const a = (k: string, v: number): Micro => ['append', k, v];
const r = (k: string, ...vs: number[]): Micro => ['r', k, vs];

function history(...txns: [Txn, Outcome?][]): Op<'txn', Txn>[] {
  return txns.map(([value, outcome = 'ok'], i) => ({ process: i, f: 'txn', value, outcome, invokedAt: i * 10, completedAt: i * 10 + 5 }));
}

function found(h: Op<'txn', Txn>[], finals?: Record<string, number[]>): Partial<Record<AnomalyKind, number>> {
  const res = checkListAppend(h, finals ? new Map(Object.entries(finals)) : undefined);
  return Object.fromEntries(Object.entries(res.counts).filter(([, n]) => n > 0));
}

describe('checkListAppend', () => {
  const cases: [name: string, h: Op<'txn', Txn>[], finals: Record<string, number[]> | undefined, expected: Partial<Record<AnomalyKind, number>>][] = [
    ['a serial history is clean', history([[a('x', 1), a('y', 1)]], [[r('x', 1), a('x', 2)]], [[r('x', 1, 2), r('y', 1)]]), { x: [1, 2], y: [1] }, {}],
    ['a failed append seen by a read is G1a', history([[a('x', 1)], 'fail'], [[r('x', 1)]]), undefined, { G1a: 1 }],
    ['a read ending on an append its writer overwrote is G1b', history([[a('x', 1), a('x', 2)]], [[r('x', 1)]]), { x: [1, 2] }, { G1b: 1 }],
    ['writes ordered both ways on two keys are G0', history([[a('x', 1), a('y', 2)]], [[a('x', 2), a('y', 1)]]), { x: [1, 2], y: [1, 2] }, { G0: 1 }],
    ['each transaction reading the other\'s write is G1c', history([[a('x', 1), r('y', 1)]], [[a('y', 1), r('x', 1)]]), { x: [1], y: [1] }, { G1c: 1 }],
    ['read skew (one anti-dependency) is G-single', history([[a('x', 1), a('y', 1)]], [[r('x'), r('y', 1)]]), { x: [1], y: [1] }, { 'G-single': 1 }],
    ['write skew (two anti-dependencies) is G2-item', history([[r('x'), a('y', 1)]], [[r('y'), a('x', 1)]]), { x: [1], y: [1] }, { 'G2-item': 1 }],
    ['reads that are not prefixes of one another are an incompatible order', history([[a('x', 1)]], [[a('x', 2)]], [[r('x', 1, 2)]], [[r('x', 2, 1)]]), undefined, { 'incompatible-order': 1 }],
    ['an acknowledged append missing from the final read is lost', history([[a('x', 1)]], [[a('x', 2)]]), { x: [2] }, { 'lost-append': 1 }],
    ['an info transaction whose append was seen counts; one never seen is no loss', history([[a('x', 1)], 'info'], [[a('x', 2)], 'info'], [[r('x', 1)]]), { x: [1] }, {}],
  ];
  it.each(cases)('%s', (_name, h, finals, expected) => {
    expect(found(h, finals)).toEqual(expected);
  });

  it('names the transactions of a cycle', () => {
    const res = checkListAppend(history([[a('x', 1), a('y', 1)]], [[r('x'), r('y', 1)]]), new Map([['x', [1]], ['y', [1]]]));
    expect(res.anomalies).toEqual([{ kind: 'G-single', detail: 'cycle with one anti-dependency 1 → 0 → 1' }]);
  });
});
