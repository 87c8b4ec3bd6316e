// Short helpers for MVCC tests (TiKV's must_prewrite_put / must_commit / must_get style), so the
// scenario tables read as the protocol does.
import { expect } from 'vitest';
import { collect, type Engine } from '../../kv/storage/index.js';
import { TxnStore, type PrewriteProps } from '../../kv/mvcc/index.js';
import type { Mutation, TimeStamp } from '../../kv/txn-types.js';

export const k = (s: string): Buffer => Buffer.from(s);
export const t = (n: number | bigint): TimeStamp => BigInt(n) as TimeStamp;
export const str = (v: Uint8Array | undefined): string | undefined => (v === undefined ? undefined : Buffer.from(v).toString());

export const put = (key: string, value: string): Mutation => ({ op: 'put', key: k(key), value: k(value) });
export const ins = (key: string, value: string): Mutation => ({ op: 'insert', key: k(key), value: k(value) });
export const del = (key: string): Mutation => ({ op: 'delete', key: k(key) });
export const lck = (key: string): Mutation => ({ op: 'lock', key: k(key) });

export class MvccHarness {
  readonly store: TxnStore;

  constructor(readonly engine: Engine) {
    this.store = new TxnStore(engine);
  }

  async prewrite(mutations: Mutation[], primary: string, startTs: number | bigint, extra: Partial<PrewriteProps> = {}): Promise<void> {
    const r = await this.store.prewrite(mutations, { startTs: t(startTs), primary: k(primary), ttl: 3000, ...extra });
    if (r.locked.length > 0) throw r.locked[0];
  }

  async commit(keys: string[], startTs: number | bigint, commitTs: number | bigint): Promise<void> {
    await this.store.commit(keys.map(k), t(startTs), t(commitTs));
  }

  /** prewrite + commit of puts with the first key as primary. */
  async putCommitted(pairs: Record<string, string>, startTs: number | bigint, commitTs: number | bigint): Promise<void> {
    const keys = Object.keys(pairs);
    await this.prewrite(keys.map((key) => put(key, pairs[key] as string)), keys[0] as string, startTs);
    await this.commit(keys, startTs, commitTs);
  }

  async get(key: string, readTs: number | bigint): Promise<string | undefined> {
    return str(await this.store.get(k(key), t(readTs)));
  }

  async mustGet(key: string, readTs: number | bigint, want: string | undefined): Promise<void> {
    expect(await this.get(key, readTs), `get ${key} @${readTs}`).toBe(want);
  }

  async scan(readTs: number, opts: { lower?: string; upper?: string; limit?: number; reverse?: boolean; keyOnly?: boolean } = {}): Promise<string[]> {
    const pairs = await this.store.scan({
      readTs: t(readTs),
      lower: opts.lower === undefined ? undefined : k(opts.lower),
      upper: opts.upper === undefined ? undefined : k(opts.upper),
      limit: opts.limit ?? 1000,
      reverse: opts.reverse,
      keyOnly: opts.keyOnly,
    });
    return pairs.map((p) => (opts.keyOnly ? str(p.key) : `${str(p.key)}=${str(p.value)}`) as string);
  }

  /** Raw count of records in a family (to check what GC and rollbacks leave behind). */
  async count(cf: 'write' | 'lock' | 'default'): Promise<number> {
    return (await collect(this.engine.iterator(cf))).length;
  }
}
