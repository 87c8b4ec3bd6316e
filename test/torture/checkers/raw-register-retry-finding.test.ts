// A finding kept as a regression case: `npm run torture -- jepsen --workloads raw-register
// --faults kill-leader-store,kill-random-store` (seed 1267989050, 240 s) reported raw register key 2
// not linearizable. The slice below (from 1945 ms, where the key reads 0 with nothing in flight,
// to 5230 ms) is enough: process 1's put of 4 (2105–5097 ms) must take effect before 4453 ms
// (process 0 reads 4 after process 2's write of 0 completed) AND after process 2's write of 3 at
// 4952–4986 ms (process 2 reads 4 at 5177 ms and no other write of 4 is in flight then) — the
// put applied twice. (Failed CASes are left out by the checker: they are not needed here.) kill -9 hit the region's leader (kv-1) at 2248 ms, right after the put was
// sent; the cause: kv/client re-sent the put after the connection was lost (region-request.ts
// treated UNAVAILABLE as an unreachable store and retried) although the first attempt had reached
// the raft log. Fixed in kv/client (raw writes fail with WriteResultUndetermined instead of being
// re-sent; test/kv/client/region-request.test.ts); this history stays as a checker case.
import { describe, expect, it } from 'vitest';
import type { Op, Outcome } from '../../../torture/history.js';
import { checkRegister, firstViolation, type RegisterOp } from '../../../torture/checkers/linearizable.js';

type H = Op<RegisterOp['f'], RegisterOp['value']>;
type Row = [process: number, f: RegisterOp['f'], value: RegisterOp['value'], invokedAt: number, completedAt: number, outcome: Outcome];

const ROWS: Row[] = [
  [2, 'read', 0, 1945.2, 1950.6, 'ok'],
  [2, 'cas', [null, 1], 1954.0, 1955.2, 'fail'],
  [2, 'write', 2, 1955.2, 1975.8, 'ok'],
  [0, 'cas', [2, 4], 1968.6, 1987.7, 'ok'],
  [1, 'read', 2, 1979.7, 1980.7, 'ok'],
  [1, 'cas', [null, 0], 1981.9, 1987.7, 'fail'],
  [2, 'write', 0, 1987.8, 2105.1, 'ok'],
  [1, 'cas', [3, 2], 1987.9, 2105.1, 'fail'],
  [0, 'read', 4, 1993.1, 1994.2, 'ok'],
  [1, 'write', 4, 2105.2, 5097.1, 'ok'],
  [0, 'read', 4, 2105.9, 4453.4, 'ok'],
  [0, 'cas', [0, 3], 4453.4, 4474.6, 'fail'],
  [0, 'write', 2, 4489.0, 4511.3, 'ok'],
  [0, 'write', 4, 4511.3, 4555.6, 'ok'],
  [0, 'cas', [3, 2], 4678.2, 4682.1, 'fail'],
  [0, 'read', 4, 4773.1, 4788.6, 'ok'],
  [0, 'cas', [0, 0], 4788.7, 4790.3, 'fail'],
  [0, 'read', 4, 4832.2, 4836.2, 'ok'],
  [0, 'read', 4, 4839.9, 4842.4, 'ok'],
  [2, 'write', 3, 4952.7, 4986.2, 'ok'],
  [0, 'cas', [4, 4], 5011.5, 5019.3, 'fail'],
  [0, 'cas', [null, 0], 5055.8, 5097.1, 'fail'],
  [0, 'cas', [0, 4], 5175.4, 5179.1, 'fail'],
  [2, 'read', 4, 5177.1, 5180.5, 'ok'],
  [0, 'cas', [2, 0], 5179.1, 5184.8, 'fail'],
  [2, 'write', 1, 5185.2, 5227.6, 'ok'],
];

const history: H[] = ROWS.map(([process, f, value, invokedAt, completedAt, outcome]) => ({ process, f, value, invokedAt, completedAt, outcome }));

describe('raw register, seed 1267989050 key 2: a put applied twice across kill -9 of the leader', () => {
  it('is not linearizable, and the first unexplained completion is the second read of 4', () => {
    expect(checkRegister(history, 0).linearizable).toBe(false);
    const v = firstViolation(history, 0);
    expect(v?.op).toMatchObject({ process: 2, f: 'read', value: 4 });
  });

  it('becomes linearizable if the put had taken effect once, at its retry (without the early read of 4)', () => {
    const once = history.filter((o) => !(o.process === 0 && o.f === 'read' && o.value === 4 && o.invokedAt > 2100 && o.invokedAt < 2110));
    expect(checkRegister(once, 0).linearizable).toBe(true);
  });
});
