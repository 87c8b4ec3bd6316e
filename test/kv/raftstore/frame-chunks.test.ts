// Raft frames cut into bounded stream messages (kv/raftstore/frame-chunks.ts): the pieces join
// back into the same frames in order, a malformed stream is refused, and — what a user notices —
// a region snapshot larger than a gRPC server's message limit still reaches a new peer.
import { afterEach, describe, expect, it } from 'vitest';
import { chunkFrame, FrameJoiner, MalformedRaftStream } from '../../../kv/raftstore/frame-chunks.js';
import { eventually, NETWORK_KINDS, TestCluster } from './support/cluster.js';

const GRPC = NETWORK_KINDS.find((k) => k.name === 'gRPC transport') as (typeof NETWORK_KINDS)[number];

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

const bytes = (n: number, seed: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));

describe('raft frame chunks', () => {
  const cases: [string, number, number, number][] = [
    // name, frame bytes, chunk bytes, messages expected
    ['a small frame is one message', 10, 16, 1],
    ['a frame of exactly one chunk is one message', 16, 16, 1],
    ['one byte over is two', 17, 16, 2],
    ['an empty frame is one message', 0, 16, 1],
    ['a large frame is cut evenly', 16 * 5, 16, 5],
    ['with a short last piece', 16 * 5 + 3, 16, 6],
  ];
  it.each(cases)('%s', (_name, size, chunk, want) => {
    const frame = bytes(size, size);
    const messages = chunkFrame(frame, chunk);
    expect(messages).toHaveLength(want);
    for (const m of messages) expect(m.length).toBeLessThanOrEqual(chunk + 1);
    const joiner = new FrameJoiner();
    const out = messages.map((m) => joiner.push(m));
    expect(out.slice(0, -1).every((f) => f === undefined)).toBe(true);
    expect(out.at(-1)?.equals(frame)).toBe(true);
  });

  it('joins frames in the order they were sent, chunked or not', () => {
    const frames = [bytes(40, 1), bytes(3, 2), bytes(100, 3), bytes(16, 4)];
    const joiner = new FrameJoiner();
    const got = frames.flatMap((f) => chunkFrame(f, 16)).map((m) => joiner.push(m)).filter((f) => f !== undefined);
    expect(got.map((f) => f.toString('hex'))).toEqual(frames.map((f) => f.toString('hex')));
  });

  it('refuses a malformed stream: unknown kind, empty message, a whole frame inside a chunked one, a frame past the cap', () => {
    expect(() => new FrameJoiner().push(Buffer.of(7, 1, 2))).toThrow(MalformedRaftStream);
    expect(() => new FrameJoiner().push(Buffer.alloc(0))).toThrow(MalformedRaftStream);
    const j = new FrameJoiner();
    j.push(chunkFrame(bytes(40, 0), 16)[0] as Buffer);
    expect(() => j.push(chunkFrame(bytes(4, 0), 16)[0] as Buffer)).toThrow(/middle of a chunked one/);
    const small = new FrameJoiner(32);
    const pieces = chunkFrame(bytes(48, 0), 16);
    small.push(pieces[0] as Buffer);
    small.push(pieces[1] as Buffer);
    expect(() => small.push(pieces[2] as Buffer)).toThrow(/passed 32 bytes/);
  });
});

describe('a snapshot larger than a gRPC message', () => {
  it('reaches a peer added on a new store whose server keeps the default 4 MiB message limit', async () => {
    const c = (cluster = await TestCluster.start(GRPC, [1, 2, 3, 4]));
    await c.bootstrap(1, [1, 2, 3]);
    // ~6 MiB of data: the new peer's snapshot is one envelope bigger than the receiving server's
    // 4 MiB limit, which broke the stream on every retry before frames were cut into chunks.
    const value = 'x'.repeat(200 * 1024);
    for (let i = 0; i < 30; i++) await c.putRetry(1, `big${String(i).padStart(2, '0')}`, `${i}:${value}`);
    c.store(await c.waitLeader(1)).changePeers(1, [{ type: 'add-voter', peer: { id: 104, storeId: 4, role: 'voter' } }]);
    await eventually('store 4 has every key of the region', async () => (await c.localGet(4, 'big29')) === `29:${value}`, 30_000);
    for (let i = 0; i < 30; i++) expect(await c.localGet(4, `big${String(i).padStart(2, '0')}`)).toBe(`${i}:${value}`);
    await c.putRetry(1, 'after', 'snapshot');
    await eventually('store 4 then follows by log', async () => (await c.localGet(4, 'after')) === 'snapshot');
  });
});
