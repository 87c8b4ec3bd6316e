// The sequential checker: reads go k4 → k0, so a key seen must be followed by every earlier key.
import { describe, expect, it } from 'vitest';
import type { Op } from '../../../torture/history.js';
import { checkSequential } from '../../../torture/workloads/sequential.js';

const read = (seen: boolean[]): Op => ({ process: 1, f: 'seq-read', value: { round: 1, seen }, outcome: 'ok', invokedAt: 0, completedAt: 1 });

describe('checkSequential', () => {
  const cases: [name: string, seen: boolean[], anomalies: number][] = [
    ['nothing written yet', [false, false, false, false, false], 0],
    ['a prefix written', [true, true, false, false, false], 0],
    ['everything written', [true, true, true, true, true], 0],
    ['k2 seen while k1 is missing', [true, false, true, false, false], 1],
    ['k4 seen while k0 is missing', [false, true, true, true, true], 1],
  ];
  it.each(cases)('%s', (_name, seen, anomalies) => {
    expect(checkSequential([read(seen)]).anomalies).toBe(anomalies);
  });
});
