// RawNode: the Ready / advance contract, input validation, configuration checks, determinism.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StrataError } from '../../../util/errors.js';
import {
  encodeMessage,
  decodeMessage,
  InvalidMessage,
  InvalidRaftConfig,
  MemoryStorage,
  RawNode,
  type Message,
} from '../../../kv/raft/index.js';
import { Cluster } from './support/cluster.js';
import { bytes } from './support/peer.js';

const cs = { voters: [1, 2, 3], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };

describe('raft RawNode', () => {
  it('hands out one Ready at a time: ready() again before advance() is a bug', () => {
    const node = new RawNode({ id: 1 }, MemoryStorage.bootstrap(cs));
    node.campaign();
    const rd = node.ready();
    expect(() => node.ready()).toThrow(/advance/);
    expect(() => node.advance({ ...rd })).toThrow(/not the outstanding one/);
    node.advance(rd);
    expect(() => node.advance(rd)).toThrow(/not the outstanding one/);
  });

  it('a Ready carries soft and hard state only when they changed, and asks for a sync when term, vote or entries changed', () => {
    const storage = MemoryStorage.bootstrap(cs);
    const node = new RawNode({ id: 1, preVote: false }, storage);
    expect(node.hasReady()).toBe(false);
    node.campaign();
    const rd = node.ready();
    expect(rd.softState).toEqual({ leaderId: 0, role: 'candidate' });
    expect(rd.hardState).toEqual({ term: 2, vote: 1, commit: 1 });
    expect(rd.mustSync).toBe(true);
    expect(rd.messages.map((m) => `${m.kind}->${m.to}`)).toEqual(['MsgVote->2', 'MsgVote->3']);
    node.advance(rd);
    expect(node.hasReady()).toBe(false);
    node.step({ kind: 'MsgVoteResp', from: 2, to: 1, term: 2, reject: false });
    const rd2 = node.ready();
    expect(rd2.softState).toEqual({ leaderId: 1, role: 'leader' });
    expect(rd2.hardState).toBeUndefined();
    expect(rd2.entries.map((e) => [e.index, e.term])).toEqual([[2, 2]]);
    expect(rd2.mustSync).toBe(true);
    storage.append(rd2.entries);
    node.advance(rd2);
    // a commit-only change does not need a sync
    node.step({ kind: 'MsgAppResp', from: 2, to: 1, term: 2, index: 2, reject: false, rejectHint: 0, logTerm: 0 });
    const rd3 = node.ready();
    expect(rd3.hardState).toEqual({ term: 2, vote: 1, commit: 2 });
    expect(rd3.mustSync).toBe(false);
    expect(rd3.committedEntries.map((e) => e.index)).toEqual([2]);
    node.advance(rd3);
  });

  it('refuses messages that are not for it or not shaped like a correct peer’s, without changing state', () => {
    const storage = MemoryStorage.bootstrap(cs);
    const node = new RawNode({ id: 2 }, storage);
    const before = JSON.stringify(node.status());
    const bad: Message[] = [
      { kind: 'MsgHeartbeat', from: 1, to: 3, term: 5, commit: 0, context: new Uint8Array(0) },
      { kind: 'MsgHeartbeat', from: 0, to: 2, term: 5, commit: 0, context: new Uint8Array(0) },
      { kind: 'MsgApp', from: 1, to: 2, term: 5, index: 1, logTerm: 1, commit: 1, entries: [{ kind: 'normal', index: 3, term: 5, data: new Uint8Array(0) }] },
      { kind: 'MsgApp', from: 1, to: 2, term: 5, index: 1, logTerm: 1, commit: 1, entries: [{ kind: 'normal', index: 2, term: 6, data: new Uint8Array(0) }] },
      { kind: 'MsgApp', from: 1, to: 2, term: 5, index: 1, logTerm: 7, commit: 1, entries: [] },
      { kind: 'MsgSnap', from: 1, to: 2, term: 5, snapshot: { data: new Uint8Array(0), metadata: { index: 0, term: 0, confState: cs } } },
    ];
    for (const m of bad) expect(() => node.step(m)).toThrow(InvalidMessage);
    expect(JSON.stringify(node.status())).toBe(before);
    expect(node.hasReady()).toBe(false);
  });

  it('refuses configurations that cannot work', () => {
    const s = MemoryStorage.bootstrap(cs);
    expect(() => new RawNode({ id: 0 }, s)).toThrow(InvalidRaftConfig);
    expect(() => new RawNode({ id: 1, electionTick: 2, heartbeatTick: 2 }, s)).toThrow(InvalidRaftConfig);
    expect(() => new RawNode({ id: 1, heartbeatTick: 0 }, s)).toThrow(InvalidRaftConfig);
    expect(() => new RawNode({ id: 1, readOnlyOption: 'lease-based', checkQuorum: false }, s)).toThrow(InvalidRaftConfig);
    expect(() => new RawNode({ id: 1, maxInflightMsgs: 0 }, s)).toThrow(InvalidRaftConfig);
  });

  it('campaigns after a randomized timeout in [electionTick, 2·electionTick) drawn from the injected RNG', () => {
    for (const draw of [0, 4, 9]) {
      const node = new RawNode({ id: 1, electionTick: 10, preVote: false, rng: { nextInt: () => draw } }, MemoryStorage.bootstrap(cs));
      let ticks = 0;
      while (node.status().softState.role === 'follower') {
        node.tick();
        ticks++;
      }
      expect(ticks).toBe(10 + draw);
    }
  });

  it('the same inputs and seeds give the same messages in the same order', () => {
    const run = (): string[] => {
      const c = new Cluster({ voters: [1, 2, 3, 4, 5] });
      for (let i = 0; i < 40; i++) {
        c.tick(c.liveIds());
        c.stabilize();
        if (i % 7 === 3 && c.leader() !== 0) c.node(c.leader()).propose(bytes(`x${i}`));
      }
      return c.delivered.map((m) => Buffer.from(encodeMessage(m)).toString('hex'));
    };
    const a = run();
    expect(a.length).toBeGreaterThan(50);
    expect(run()).toEqual(a);
  });

  it('a restarted node does not hand out entries it was told are applied', () => {
    const c = new Cluster({ voters: [1, 2, 3] });
    c.node(1).campaign();
    c.stabilize();
    c.node(1).propose(bytes('a'));
    c.node(1).propose(bytes('b'));
    c.stabilize();
    const storage = c.peer(2).storage;
    const node = new RawNode({ id: 2, applied: 3 }, storage);
    const rd = node.ready();
    expect(rd.committedEntries.map((e) => e.index)).toEqual([4]);
  });

  it('reports progress only while leader', () => {
    const c = new Cluster({ voters: [1, 2, 3] });
    c.node(1).campaign();
    c.stabilize();
    const st = c.node(1).status();
    expect([...(st.progress?.keys() ?? [])]).toEqual([1, 2, 3]);
    expect(st.progress?.get(2)).toMatchObject({ state: 'replicate', match: 2, next: 3 });
    expect(c.node(2).status().progress).toBeUndefined();
  });

  it('a node fed arbitrary well-formed messages only ever throws typed errors, and keeps working', () => {
    const c = new Cluster({ voters: [1, 2, 3] });
    c.node(1).campaign();
    c.stabilize();
    c.node(1).propose(bytes('a'));
    c.stabilize();
    // Messages decoded from random bytes, re-addressed to the node under test.
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 4, maxLength: 48 }), { maxLength: 20 }), fc.constantFrom(1, 2), (blobs, target) => {
        for (const b of blobs) {
          let m: Message;
          try {
            m = decodeMessage(Buffer.concat([Buffer.of(1, b[0] as number % 14), Buffer.from(b.subarray(1))]));
          } catch {
            continue;
          }
          try {
            c.node(target).step({ ...m, to: target, from: (m.from % 3) + 1 === target ? 3 : (m.from % 3) + 1 });
          } catch (err) {
            if (!(err instanceof StrataError)) throw err;
          }
          c.process();
          c.queue = [];
        }
      }),
      { numRuns: 300 },
    );
    // still a working group
    for (let i = 0; i < 60; i++) {
      c.tick(c.liveIds());
      c.stabilize();
    }
    expect(c.leader()).not.toBe(0);
  });
});
