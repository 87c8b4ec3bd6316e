// The timestamp checker: concurrent fetches may come back in either order, sequential ones may not,
// and no timestamp may be handed out twice.
import { describe, expect, it } from 'vitest';
import type { Op } from '../../../torture/history.js';
import { checkMonotonic } from '../../../torture/checkers/monotonic.js';

const ts = (value: bigint, invokedAt: number, completedAt: number, process = 0): Op<string, bigint> => ({ process, f: 'tso', value, outcome: 'ok', invokedAt, completedAt });

describe('checkMonotonic', () => {
  it('accepts increasing sequential timestamps and concurrent ones in any order', () => {
    expect(checkMonotonic([ts(1n, 0, 1), ts(5n, 2, 6), ts(3n, 3, 5, 1), ts(7n, 7, 8)])).toMatchObject({ ok: 4, duplicates: 0, reorderings: 0 });
  });

  it('finds a timestamp below one handed out before the fetch began', () => {
    const r = checkMonotonic([ts(10n, 0, 1), ts(9n, 2, 3)]);
    expect(r).toMatchObject({ reorderings: 1, duplicates: 0 });
    expect(r.examples[0]).toMatch(/9 .* is not above 10/);
  });

  it('finds duplicates, even between concurrent fetches', () => {
    expect(checkMonotonic([ts(4n, 0, 5), ts(4n, 1, 4, 1)])).toMatchObject({ duplicates: 1, reorderings: 0 });
  });

  it('ignores fetches that failed or timed out', () => {
    expect(checkMonotonic([ts(10n, 0, 1), { ...ts(1n, 2, 3), outcome: 'info' }])).toMatchObject({ ok: 1, reorderings: 0 });
  });
});
