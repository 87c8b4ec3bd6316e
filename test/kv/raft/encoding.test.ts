// Binary encodings of messages, entries, hard state, conf state and conf changes: every value
// round-trips, and any bytes that are not an encoding (garbage, truncation, trailing bytes) are
// refused with CodecError, never another error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodecError } from '../../../kv/codec/index.js';
import {
  decodeConfChange,
  decodeConfState,
  decodeEntry,
  decodeHardState,
  decodeMessage,
  decodeSnapshot,
  encodeConfChange,
  encodeConfState,
  encodeEntry,
  encodeHardState,
  encodeMessage,
  encodeSnapshot,
  MESSAGE_KINDS,
  type ConfChange,
  type ConfState,
  type Entry,
  type Message,
  type MessageKind,
  type Snapshot,
} from '../../../kv/raft/index.js';

const n = fc.nat({ max: Number.MAX_SAFE_INTEGER });
const small = fc.nat({ max: 1000 });
const ids = fc.array(fc.integer({ min: 1, max: 1 << 30 }), { maxLength: 6 });
const data = fc.uint8Array({ maxLength: 40 });

const entry: fc.Arbitrary<Entry> = fc.record({ kind: fc.constantFrom('normal' as const, 'conf-change' as const), term: n, index: n, data });
const confState: fc.Arbitrary<ConfState> = fc.record({ voters: ids, learners: ids, votersOutgoing: ids, learnersNext: ids, autoLeave: fc.boolean() });
const snapshot: fc.Arbitrary<Snapshot> = fc.record({ data, metadata: fc.record({ index: n, term: n, confState }) });
const confChange: fc.Arbitrary<ConfChange> = fc.record({
  transition: fc.constantFrom('auto' as const, 'joint-implicit' as const, 'joint-explicit' as const),
  changes: fc.array(fc.record({ type: fc.constantFrom('add-voter' as const, 'add-learner' as const, 'remove' as const), nodeId: n }), { maxLength: 5 }),
  context: data,
});

function messageOf(kind: MessageKind): fc.Arbitrary<Message> {
  const env = { from: small, to: small, term: n };
  switch (kind) {
    case 'MsgApp':
      return fc.record({ kind: fc.constant(kind), ...env, index: n, logTerm: n, commit: n, entries: fc.array(entry, { maxLength: 4 }) });
    case 'MsgAppResp':
      return fc.record({ kind: fc.constant(kind), ...env, index: n, reject: fc.boolean(), rejectHint: n, logTerm: n });
    case 'MsgVote':
    case 'MsgPreVote':
      return fc.record({ kind: fc.constant(kind), ...env, index: n, logTerm: n, transfer: fc.boolean() });
    case 'MsgVoteResp':
    case 'MsgPreVoteResp':
      return fc.record({ kind: fc.constant(kind), ...env, reject: fc.boolean() });
    case 'MsgSnap':
      return fc.record({ kind: fc.constant(kind), ...env, snapshot });
    case 'MsgHeartbeat':
      return fc.record({ kind: fc.constant(kind), ...env, commit: n, context: data });
    case 'MsgHeartbeatResp':
    case 'MsgReadIndex':
      return fc.record({ kind: fc.constant(kind), ...env, context: data });
    case 'MsgProp':
      return fc.record({ kind: fc.constant(kind), ...env, entries: fc.array(entry, { maxLength: 4 }) });
    case 'MsgTransferLeader':
      return fc.record({ kind: fc.constant(kind), ...env, transferee: small });
    case 'MsgTimeoutNow':
      return fc.record({ kind: fc.constant(kind), ...env });
    case 'MsgReadIndexResp':
      return fc.record({ kind: fc.constant(kind), ...env, index: n, context: data });
  }
}

const message: fc.Arbitrary<Message> = fc.oneof(...MESSAGE_KINDS.map(messageOf));

/** Decoding must either succeed or throw CodecError. */
function decodesOrCodecError(decode: (b: Uint8Array) => unknown, b: Uint8Array): void {
  try {
    decode(b);
  } catch (err) {
    if (!(err instanceof CodecError)) throw err;
  }
}

describe('raft encoding', () => {
  it('round-trips every message kind', () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(decodeMessage(encodeMessage(m))).toEqual(m);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips entries, hard state, conf state, snapshots and conf changes', () => {
    fc.assert(
      fc.property(entry, confState, snapshot, confChange, fc.record({ term: n, vote: n, commit: n }), (e, cs, s, cc, hs) => {
        expect(decodeEntry(encodeEntry(e))).toEqual(e);
        expect(decodeConfState(encodeConfState(cs))).toEqual(cs);
        expect(decodeSnapshot(encodeSnapshot(s))).toEqual(s);
        expect(decodeConfChange(encodeConfChange(cc))).toEqual(cc);
        expect(decodeHardState(encodeHardState(hs))).toEqual(hs);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every truncation of a valid message with CodecError', () => {
    fc.assert(
      fc.property(message, (m) => {
        const bytes = encodeMessage(m);
        for (let cut = 0; cut < bytes.length; cut++) {
          expect(() => decodeMessage(bytes.subarray(0, cut))).toThrow(CodecError);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses trailing bytes, unknown kinds, versions and booleans with CodecError', () => {
    const m = encodeMessage({ kind: 'MsgVoteResp', from: 1, to: 2, term: 3, reject: true });
    expect(() => decodeMessage(Buffer.concat([m, Buffer.of(0)]))).toThrow(CodecError);
    expect(() => decodeMessage(Buffer.of(1, 99, 1, 2, 3))).toThrow(/unknown message kind/);
    expect(() => decodeMessage(Buffer.of(9, 0, 1, 2, 3))).toThrow(/version/);
    const bad = Buffer.from(m);
    bad[bad.length - 1] = 2;
    expect(() => decodeMessage(bad)).toThrow(/boolean/);
    expect(() => decodeEntry(Buffer.of(7, 1, 1, 0))).toThrow(CodecError);
  });

  it('refuses a count larger than the bytes that follow without allocating for it', () => {
    // MsgProp from 1 to 2 term 0 with 2^40 entries claimed
    const w = Buffer.of(1, MESSAGE_KINDS.indexOf('MsgProp'), 1, 2, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20);
    expect(() => decodeMessage(w)).toThrow(/exceeds/);
  });

  it('decoding random bytes never fails with anything but CodecError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        decodesOrCodecError(decodeMessage, b);
        decodesOrCodecError(decodeEntry, b);
        decodesOrCodecError(decodeHardState, b);
        decodesOrCodecError(decodeConfState, b);
        decodesOrCodecError(decodeConfChange, b);
        decodesOrCodecError(decodeSnapshot, b);
      }),
      { numRuns: 3000 },
    );
  });

  it('decoding a valid message with random bytes flipped never fails with anything but CodecError', () => {
    fc.assert(
      fc.property(message, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 }), (m, flips) => {
        const b = Buffer.from(encodeMessage(m));
        for (const [at, v] of flips) b[at % b.length] = v;
        decodesOrCodecError(decodeMessage, b);
      }),
      { numRuns: 1000 },
    );
  });

  it('decoded payloads do not alias the input buffer', () => {
    const buf = Buffer.from(encodeEntry({ kind: 'normal', term: 1, index: 1, data: Buffer.from('abc') }));
    const e = decodeEntry(buf);
    buf.fill(0);
    expect(Buffer.from(e.data).toString()).toBe('abc');
  });
});
