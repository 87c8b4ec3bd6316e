// Backoffer: exponential growth per kind with jitter, hints, the total budget and forks.
import { describe, expect, it } from 'vitest';
import { BACKOFF_KINDS, Backoffer } from '../../../kv/client/backoff.js';
import { BackoffExhausted, RegionUnavailable } from '../../../kv/client/errors.js';

function recorder(random = 0.5): { slept: number[]; bo: (budgetMs: number) => Backoffer } {
  const slept: number[] = [];
  return {
    slept,
    bo: (budgetMs) =>
      new Backoffer({
        budgetMs,
        random: () => random,
        sleep: async (ms) => {
          slept.push(ms);
        },
      }),
  };
}

describe('Backoffer', () => {
  it('sleeps grow exponentially per kind, with equal jitter, up to the cap', async () => {
    const r = recorder(0); // lowest jitter: exactly v/2
    const bo = r.bo(1_000_000);
    for (let i = 0; i < 12; i++) await bo.backoff('region-miss', new Error('x'));
    const { baseMs, capMs } = BACKOFF_KINDS['region-miss'];
    const expected = Array.from({ length: 12 }, (_, i) => Math.max(1, Math.round(Math.min(capMs, baseMs * 2 ** i) / 2)));
    expect(r.slept).toEqual(expected);
    expect(Math.max(...r.slept)).toBe(capMs / 2);
  });

  it('jitter keeps each sleep within [v/2, v]', async () => {
    for (const random of [0, 0.25, 0.999]) {
      const r = recorder(random);
      const bo = r.bo(1_000_000);
      for (let i = 0; i < 6; i++) await bo.backoff('store-unreachable', new Error('x'));
      r.slept.forEach((ms, i) => {
        const v = Math.min(BACKOFF_KINDS['store-unreachable'].capMs, BACKOFF_KINDS['store-unreachable'].baseMs * 2 ** i);
        expect(ms).toBeGreaterThanOrEqual(Math.floor(v / 2));
        expect(ms).toBeLessThanOrEqual(v);
      });
    }
  });

  it('kinds count their attempts independently', async () => {
    const r = recorder(0);
    const bo = r.bo(1_000_000);
    await bo.backoff('region-miss', new Error('x'));
    await bo.backoff('region-miss', new Error('x'));
    await bo.backoff('server-busy', new Error('x'));
    expect(bo.attemptsOf('region-miss')).toBe(2);
    expect(bo.attemptsOf('server-busy')).toBe(1);
    expect(r.slept[2]).toBe(BACKOFF_KINDS['server-busy'].baseMs / 2);
  });

  it('a hint bounds the sleep instead of the jitter: min(hint, v)', async () => {
    const r = recorder();
    const bo = r.bo(1_000_000);
    const { baseMs, capMs } = BACKOFF_KINDS['txn-lock'];
    await bo.backoff('txn-lock', new Error('locked'), { hintMs: 1 });
    await bo.backoff('txn-lock', new Error('locked'), { hintMs: 999_999 });
    expect(r.slept[0]).toBe(1);
    expect(r.slept[1]).toBe(baseMs * 2);
    for (let i = 0; i < 20; i++) await bo.backoff('txn-lock', new Error('locked'), { hintMs: 999_999 });
    expect(r.slept[r.slept.length - 1]).toBe(capMs);
  });

  it('uses the budget exactly, then throws BackoffExhausted with the last cause', async () => {
    const r = recorder(0.999);
    const bo = r.bo(100);
    const cause = new Error('still broken');
    let thrown: unknown;
    for (let i = 0; i < 100 && thrown === undefined; i++) {
      await bo.backoff('pd-rpc', cause).catch((err: unknown) => {
        thrown = err;
      });
    }
    expect(r.slept.reduce((a, b) => a + b, 0)).toBe(100);
    expect(thrown).toBeInstanceOf(BackoffExhausted);
    expect((thrown as BackoffExhausted).cause).toBe(cause);
    expect((thrown as BackoffExhausted).backoffMs).toBe(100);
  });

  it('onExhausted builds the error thrown (RegionUnavailable for region requests)', async () => {
    const bo = recorder().bo(0);
    await expect(bo.backoff('region-miss', new Error('epoch'), { onExhausted: (c, ms) => new RegionUnavailable(7, c, ms) })).rejects.toMatchObject({
      code: 'KV:Client:RegionUnavailable',
      regionId: 7,
    });
  });

  it('a fork starts from what the parent spent and keeps its own attempts', async () => {
    const r = recorder(0);
    const bo = r.bo(50);
    await bo.backoff('store-unreachable', new Error('x')); // 25ms
    const child = bo.fork();
    expect(child.sleptMs).toBe(25);
    expect(child.attemptsOf('store-unreachable')).toBe(1);
    await child.backoff('store-unreachable', new Error('x')); // clamped to the 25ms left
    expect(child.sleptMs).toBe(50);
    expect(bo.sleptMs).toBe(25);
    await expect(child.backoff('store-unreachable', new Error('x'))).rejects.toBeInstanceOf(BackoffExhausted);
  });
});
