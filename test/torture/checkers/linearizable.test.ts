// The register linearizability checker on hand-made histories: what real registers may answer
// (concurrent reads seeing either value, an info write that may or may not have happened) passes;
// stale reads, reads of never-written values and impossible CAS successes are caught.
import { describe, expect, it } from 'vitest';
import type { Op, Outcome } from '../../../torture/history.js';
import { checkRegister, firstViolation, type RegisterOp } from '../../../torture/checkers/linearizable.js';

type H = Op<RegisterOp['f'], RegisterOp['value']>;
const op = (process: number, f: RegisterOp['f'], value: RegisterOp['value'], invokedAt: number, completedAt: number, outcome: Outcome = 'ok'): H => ({ process, f, value, invokedAt, completedAt, outcome });

describe('checkRegister', () => {
  const cases: [name: string, history: H[], linearizable: boolean][] = [
    ['sequential write then read', [op(0, 'write', 1, 0, 1), op(1, 'read', 1, 2, 3)], true],
    ['a read after a completed write must not see the old value', [op(0, 'write', 1, 0, 1), op(1, 'read', null, 2, 3)], false],
    ['a read concurrent with a write may see either value', [op(0, 'write', 1, 0, 10), op(1, 'read', null, 1, 2), op(2, 'read', 1, 3, 4)], true],
    ['once a read saw the new value, a later read may not see the old one', [op(0, 'write', 1, 0, 10), op(1, 'read', 1, 1, 2), op(2, 'read', null, 3, 4)], false],
    ['a value never written cannot be read', [op(0, 'write', 1, 0, 1), op(1, 'read', 2, 2, 3)], false],
    ['cas succeeds only from the expected value', [op(0, 'write', 1, 0, 1), op(1, 'cas', [1, 2], 2, 3), op(2, 'read', 2, 4, 5)], true],
    ['a cas from a value the register never held is not linearizable', [op(0, 'write', 1, 0, 1), op(1, 'cas', [5, 2], 2, 3)], false],
    ['an info write may have happened…', [op(0, 'write', 1, 0, 1, 'info'), op(1, 'read', 1, 5, 6)], true],
    ['…or not', [op(0, 'write', 1, 0, 1, 'info'), op(1, 'read', null, 5, 6)], true],
    ['a failed write never happened', [op(0, 'write', 1, 0, 1, 'fail'), op(1, 'read', 1, 5, 6)], false],
    [
      'two writers and interleaved reads',
      [op(0, 'write', 1, 0, 5), op(1, 'write', 2, 1, 6), op(2, 'read', 2, 7, 8), op(3, 'read', 2, 9, 10), op(0, 'cas', [2, 3], 11, 12), op(1, 'read', 3, 13, 14)],
      true,
    ],
    ['lost update: both cas from the same value succeed', [op(0, 'write', 0, 0, 1), op(1, 'cas', [0, 1], 2, 5), op(2, 'cas', [0, 2], 2, 5)], false],
  ];
  it.each(cases)('%s', (_name, history, linearizable) => {
    expect(checkRegister(history).linearizable).toBe(linearizable);
  });

  it('handles hundreds of concurrent operations', () => {
    const h: H[] = [];
    let t = 0;
    let v = 0;
    for (let i = 0; i < 300; i++) {
      // four clients, overlapping: each write is read back by the next round's readers
      h.push(op(0, 'write', ++v, t, t + 3), op(1, 'read', v - 1 || null, t, t + 1), op(2, 'read', v, t + 4, t + 6), op(3, 'read', v, t + 5, t + 7));
      t += 8;
    }
    h[1] = op(1, 'read', null, 0, 1);
    expect(checkRegister(h)).toEqual({ linearizable: true, ops: 1200 });
  });

  it('firstViolation names the first operation no order can explain, long after the start', () => {
    const h: H[] = [];
    for (let i = 0; i < 200; i++) h.push(op(0, 'write', i, i * 10, i * 10 + 3), op(1, 'read', i, i * 10 + 4, i * 10 + 6));
    // a stale read in round 120: it sees the value of round 118
    h[2 * 120 + 1] = op(1, 'read', 118, 1204, 1206);
    expect(checkRegister(h).linearizable).toBe(false);
    const v = firstViolation(h);
    expect(v?.op).toEqual(h[2 * 120 + 1]);
    expect(v?.at).toBe(1206);
    expect(firstViolation(h.slice(0, 2 * 120))).toBeUndefined();
  });
});
