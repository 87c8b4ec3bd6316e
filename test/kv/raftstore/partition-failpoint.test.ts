// The partition fail-point's decision (kv/raftstore/partition-failpoint.ts): which raft envelopes
// a store sends and accepts under a partition, and which requests the endpoint refuses. A table of
// (spec on store 1, envelope) → delivered or dropped, then the parser's errors.
import { describe, expect, it } from 'vitest';
import { delivers, NO_PARTITION, parsePartitionRequest, partitionJson, PartitionRequestError, RaftPartition, type RaftEnvelope } from '../../../kv/raftstore/index.js';

const SELF = 1;

function env(fromStoreId: number, toStoreId: number): RaftEnvelope {
  return { regionId: 7, fromStoreId, toStoreId, message: { kind: 'MsgHeartbeat', from: 10 + fromStoreId, to: 10 + toStoreId, term: 3, commit: 5, context: new Uint8Array() } };
}

describe('the raft partition fail-point', () => {
  const cases: { name: string; body: unknown; from: number; to: number; delivered: boolean }[] = [
    { name: 'no partition: outgoing', body: {}, from: 1, to: 2, delivered: true },
    { name: 'no partition: incoming', body: { drop: [] }, from: 2, to: 1, delivered: true },
    { name: 'drop both ways: to a cut store', body: { drop: [2] }, from: 1, to: 2, delivered: false },
    { name: 'drop both ways: from a cut store', body: { drop: [2] }, from: 2, to: 1, delivered: false },
    { name: 'drop both ways: another store still reachable', body: { drop: [2] }, from: 1, to: 3, delivered: true },
    { name: 'drop both ways: another store still heard', body: { drop: [2] }, from: 3, to: 1, delivered: true },
    { name: 'outgoing only: nothing sent to it', body: { to: [2] }, from: 1, to: 2, delivered: false },
    { name: 'outgoing only: still heard from it', body: { to: [2] }, from: 2, to: 1, delivered: true },
    { name: 'incoming only: still sent to it', body: { from: [3] }, from: 1, to: 3, delivered: true },
    { name: 'incoming only: ignored', body: { from: [3] }, from: 3, to: 1, delivered: false },
    { name: 'fields merge', body: { to: [2], from: [3] }, from: 3, to: 1, delivered: false },
    { name: 'fields merge (the other one)', body: { to: [2], from: [3] }, from: 1, to: 2, delivered: false },
  ];
  it.each(cases)('$name', ({ body, from, to, delivered }) => {
    const spec = parsePartitionRequest(body, SELF);
    expect(delivers(spec, SELF, env(from, to))).toBe(delivered);
    const p = new RaftPartition(() => SELF);
    p.set(spec);
    expect(p.delivers(env(from, to))).toBe(delivered);
    // an arriving frame keeps exactly the envelopes that cross
    if (to === SELF) expect(p.admit([env(from, to), env(4, SELF)]).length).toBe(delivered ? 2 : 1);
  });

  it('a heal opens every link again, and the spec reads back sorted per direction', () => {
    const p = new RaftPartition(() => SELF);
    p.set(parsePartitionRequest({ drop: [3, 2], to: [4] }, SELF));
    expect(partitionJson(p.current)).toEqual({ to: [2, 3, 4], from: [2, 3] });
    expect(p.delivers(env(1, 4))).toBe(false);
    p.set(parsePartitionRequest({ drop: [] }, SELF));
    expect(partitionJson(p.current)).toEqual(partitionJson(NO_PARTITION));
    for (const s of [2, 3, 4]) {
      expect(p.delivers(env(1, s))).toBe(true);
      expect(p.delivers(env(s, 1))).toBe(true);
    }
  });

  const bad: { name: string; body: unknown; message: RegExp }[] = [
    { name: 'not an object', body: [2], message: /JSON object/ },
    { name: 'null', body: null, message: /JSON object/ },
    { name: 'not an array', body: { drop: 2 }, message: /"drop" must be an array/ },
    { name: 'not a store id', body: { to: ['2'] }, message: /"to" holds "2"/ },
    { name: 'zero', body: { from: [0] }, message: /not a store id/ },
    { name: 'a fraction', body: { drop: [1.5] }, message: /not a store id/ },
    { name: 'this store itself', body: { drop: [SELF] }, message: /names this store \(1\) itself/ },
    { name: 'an unknown field', body: { block: [2] }, message: /unknown field "block"/ },
  ];
  it.each(bad)('refuses a request: $name', ({ body, message }) => {
    expect(() => parsePartitionRequest(body, SELF)).toThrow(PartitionRequestError);
    expect(() => parsePartitionRequest(body, SELF)).toThrow(message);
  });
});
