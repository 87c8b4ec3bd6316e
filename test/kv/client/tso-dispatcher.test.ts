// Batched TSO over a fake stream: one request serves every concurrent caller, answers are split
// in calling order, a broken stream fails over to a new one, deadlines reject with PdUnavailable.
import { afterEach, describe, expect, it } from 'vitest';
import { ClientClosed, PdServerError, PdUnavailable } from '../../../kv/client/errors.js';
import { TsoDispatcher, type TsoStream, type TsoStreamHandlers } from '../../../kv/client/tso-dispatcher.js';
import { composeTs, type TimeStamp } from '../../../kv/txn-types.js';

/** A fake PD side: records requests, answers when told (or at once with `auto`). */
class FakeTso {
  streams: { handlers: TsoStreamHandlers; requests: number[]; closed: boolean }[] = [];
  physical = 1_000_000;
  logical = 0;
  auto = true;
  failOpen = 0;

  open = (handlers: TsoStreamHandlers): TsoStream => {
    if (this.failOpen > 0) {
      this.failOpen--;
      throw new Error('connection refused');
    }
    const s = { handlers, requests: [] as number[], closed: false };
    this.streams.push(s);
    return {
      request: (count) => {
        s.requests.push(count);
        if (this.auto) queueMicrotask(() => this.answer(s, count));
      },
      close: () => {
        s.closed = true;
      },
    };
  };

  answer(s: { handlers: TsoStreamHandlers }, count: number): void {
    this.logical += count;
    s.handlers.onReply({ count, physical: this.physical, logical: this.logical });
  }

  get last(): { handlers: TsoStreamHandlers; requests: number[]; closed: boolean } {
    return this.streams[this.streams.length - 1] as { handlers: TsoStreamHandlers; requests: number[]; closed: boolean };
  }
}

const dispatchers: TsoDispatcher[] = [];
function dispatcher(fake: FakeTso, opts: ConstructorParameters<typeof TsoDispatcher>[1] = {}): TsoDispatcher {
  const d = new TsoDispatcher(fake.open, { reconnectBaseMs: 1, reconnectCapMs: 5, ...opts });
  dispatchers.push(d);
  return d;
}
afterEach(() => {
  while (dispatchers.length) dispatchers.pop()?.close();
});

describe('TsoDispatcher', () => {
  it('serves concurrent callers with one request and hands out last-count+1 … last in order', async () => {
    const fake = new FakeTso();
    const d = dispatcher(fake);
    const got = await Promise.all(Array.from({ length: 10 }, () => d.getTs()));
    expect(fake.last.requests).toEqual([10]);
    expect(d.requestsSent).toBe(1);
    expect(got).toEqual(Array.from({ length: 10 }, (_, i) => composeTs(fake.physical, i + 1)));
  });

  it('callers arriving while a request is in flight form the next batch', async () => {
    const fake = new FakeTso();
    fake.auto = false;
    const d = dispatcher(fake);
    const first = d.getTs();
    await new Promise((r) => setImmediate(r));
    expect(fake.last.requests).toEqual([1]);
    const more = [d.getTs(), d.getTs(), d.getTs()];
    await new Promise((r) => setImmediate(r));
    expect(fake.last.requests).toEqual([1]); // one in flight at a time
    fake.answer(fake.last, 1);
    await first;
    await new Promise((r) => setImmediate(r));
    expect(fake.last.requests).toEqual([1, 3]);
    fake.answer(fake.last, 3);
    const ts = await Promise.all(more);
    expect(new Set(ts.map(String)).size).toBe(3);
    expect(ts[0] as TimeStamp).toBeGreaterThan(await first);
  });

  it('timestamps are strictly increasing across many batches', async () => {
    const fake = new FakeTso();
    const d = dispatcher(fake);
    const all: TimeStamp[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let i = 0; i < 20; i++) all.push(await d.getTs());
      }),
    );
    expect(new Set(all.map(String)).size).toBe(400);
    expect(d.requestsSent).toBeLessThan(400);
  });

  it('a stream that breaks with a request in flight fails over to a new stream', async () => {
    const fake = new FakeTso();
    fake.auto = false;
    const d = dispatcher(fake);
    const p = Promise.all([d.getTs(), d.getTs()]);
    await new Promise((r) => setImmediate(r));
    const broken = fake.last;
    fake.auto = true;
    broken.handlers.onError(new Error('PD restarted'));
    const got = await p;
    expect(fake.streams).toHaveLength(2);
    expect(broken.closed).toBe(true);
    expect(fake.last.requests).toEqual([2]);
    expect(got).toHaveLength(2);
  });

  it('keeps reconnecting while PD is down and serves the waiters once it is back', async () => {
    const fake = new FakeTso();
    fake.failOpen = 5;
    const d = dispatcher(fake);
    const ts = await d.getTs();
    expect(ts).toBe(composeTs(fake.physical, 1));
    expect(fake.streams).toHaveLength(1);
  });

  it('a request unanswered for requestTimeoutMs reopens the stream', async () => {
    const fake = new FakeTso();
    fake.auto = false;
    const d = dispatcher(fake, { requestTimeoutMs: 30 });
    const p = d.getTs();
    await new Promise((r) => setTimeout(r, 5));
    fake.auto = true;
    const ts = await p;
    expect(fake.streams.length).toBe(2);
    expect(fake.streams[0]?.closed).toBe(true);
    expect(ts).toBeGreaterThan(0n);
  });

  it('rejects with PdUnavailable when no timestamp comes within timeoutMs', async () => {
    const fake = new FakeTso();
    fake.failOpen = 1_000_000;
    const d = dispatcher(fake, { timeoutMs: 50 });
    const err = await d.getTs().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdUnavailable);
    expect((err as Error).message).toContain('connection refused');
  });

  it('an error in the response header rejects that batch only', async () => {
    const fake = new FakeTso();
    fake.auto = false;
    const d = dispatcher(fake);
    const p = d.getTs();
    await new Promise((r) => setImmediate(r));
    fake.last.handlers.onReply({ error: new PdServerError('CLUSTER_MISMATCH', 'other cluster') });
    await expect(p).rejects.toBeInstanceOf(PdServerError);
    fake.auto = true;
    await expect(d.getTs()).resolves.toBeGreaterThan(0n);
  });

  it('close() rejects waiters with ClientClosed and refuses new callers', async () => {
    const fake = new FakeTso();
    fake.auto = false;
    const d = dispatcher(fake);
    const p = d.getTs();
    await new Promise((r) => setImmediate(r));
    d.close();
    await expect(p).rejects.toBeInstanceOf(ClientClosed);
    await expect(d.getTs()).rejects.toBeInstanceOf(ClientClosed);
    expect(fake.last.closed).toBe(true);
  });
});
