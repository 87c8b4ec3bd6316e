// The TSO over gRPC: a bidirectional stream answering each request with the last timestamp of its
// batch, in order, never repeating or going back, across concurrent streams and PD restarts.
import { describe, expect, it } from 'vitest';
import { errorType, startTestPd, tsOf, TsoStream } from './helpers.js';

describe('PD TSO stream', () => {
  it('answers each request with count and the last timestamp of a batch, unique and increasing across concurrent streams', async () => {
    const pd = await startTestPd();
    const streams = Array.from({ length: 16 }, () => new TsoStream(pd.client));
    const batches: { first: bigint; last: bigint }[] = [];
    await Promise.all(
      streams.map(async (s, i) => {
        let previous = -1n;
        // Many requests in flight on one stream at once: answers must come back in order.
        const answers = await Promise.all(Array.from({ length: 40 }, (_, j) => s.request(((i + j) % 5) + 1)));
        answers.forEach((res, j) => {
          const count = ((i + j) % 5) + 1;
          expect(errorType(res)).toBe('OK');
          expect(res.count).toBe(count);
          const last = tsOf(res);
          const first = last - BigInt(count - 1);
          expect(first).toBeGreaterThan(previous);
          previous = last;
          batches.push({ first, last });
        });
        s.end();
      }),
    );
    batches.sort((a, b) => (a.first < b.first ? -1 : 1));
    for (let i = 1; i < batches.length; i++) expect(batches[i]!.first).toBeGreaterThan(batches[i - 1]!.last);
  });

  it('keeps timestamps increasing across a restart on the same data dir', async () => {
    const pd = await startTestPd({ tsoSaveWindowMs: 50 });
    let s = new TsoStream(pd.client);
    let before = 0n;
    for (let i = 0; i < 20; i++) before = tsOf(await s.request(100));
    s.end();
    await pd.restart();
    s = new TsoStream(pd.client);
    const after = tsOf(await s.request(1));
    expect(after).toBeGreaterThan(before);
    s.end();
  });

  it('answers a zero count or a foreign cluster id with a header error and keeps the stream serving', async () => {
    const pd = await startTestPd();
    const s = new TsoStream(pd.client);
    const zero = await s.request(0);
    expect(errorType(zero)).toBe('INVALID_ARGUMENT');
    const foreign = await s.request(1, '12345');
    expect(errorType(foreign)).toBe('CLUSTER_MISMATCH');
    const ok = await s.request(3, pd.server.clusterId);
    expect(errorType(ok)).toBe('OK');
    expect(ok.header?.cluster_id).toBe(pd.server.clusterId);
    expect(ok.count).toBe(3);
    s.end();
  });
});
