// Binary encodings of the raft vocabulary: messages for the raftstore's transport, entries and hard
// state for its log storage, conf changes for the data of conf-change entries, conf state for the
// region's persisted state. Compact varints (kv/codec); not order-preserving.
//
//   entry      = kind:u8 term:uv index:uv data:bytes
//   message    = version:u8 kind:u8 from:uv to:uv term:uv body(kind)
//   hard state = term:uv vote:uv commit:uv
//   conf state = voters:ids learners:ids outgoing:ids learnersNext:ids autoLeave:bool
//   snapshot   = index:uv term:uv confState data:bytes
//   conf change= transition:u8 n:uv (type:u8 id:uv)×n context:bytes
//
// Decoders check everything (kind bytes, booleans, counts against the bytes left, trailing bytes)
// and throw kv/codec's CodecError on anything that is not an encoding; they never return a
// half-read value or fail with another error.
import { BufferReader, BufferWriter, CodecError } from '../codec/index.js';
import type { ConfChange, ConfChangeSingle, ConfChangeTransition, ConfChangeType } from './conf-change.js';
import {
  MESSAGE_KINDS,
  type ConfState,
  type Entry,
  type EntryKind,
  type HardState,
  type Message,
  type MessageKind,
  type NodeId,
  type Snapshot,
} from './messages.js';

const MESSAGE_VERSION = 1;
const ENTRY_KINDS: readonly EntryKind[] = ['normal', 'conf-change'];
const CC_TYPES: readonly ConfChangeType[] = ['add-voter', 'add-learner', 'remove'];
const CC_TRANSITIONS: readonly ConfChangeTransition[] = ['auto', 'joint-implicit', 'joint-explicit'];

function code<T>(table: readonly T[], value: T, what: string): number {
  const i = table.indexOf(value);
  if (i < 0) throw new CodecError(`unknown ${what}: ${String(value)}`);
  return i;
}

function fromCode<T>(table: readonly T[], i: number, what: string): T {
  const v = table[i];
  if (v === undefined) throw new CodecError(`unknown ${what} code ${i}`);
  return v;
}

function readBool(r: BufferReader): boolean {
  const b = r.u8();
  if (b > 1) throw new CodecError(`invalid boolean byte ${b}`);
  return b === 1;
}

/** A count of items that each take at least `minSize` bytes: more than the input holds is garbage. */
function readCount(r: BufferReader, minSize: number): number {
  const n = r.uvarint();
  if (n * minSize > r.remaining) throw new CodecError(`count ${n} exceeds the ${r.remaining} bytes left`);
  return n;
}

function finish<T>(r: BufferReader, value: T, what: string): T {
  if (!r.done) throw new CodecError(`${r.remaining} trailing bytes after ${what}`);
  return value;
}

function copy(b: Uint8Array): Uint8Array {
  return new Uint8Array(b); // a copy, as a plain Uint8Array (not a view of the input)
}

// --- entries ---

function writeEntry(w: BufferWriter, e: Entry): void {
  w.u8(code(ENTRY_KINDS, e.kind, 'entry kind')).uvarint(e.term).uvarint(e.index).bytes(e.data);
}

function readEntry(r: BufferReader): Entry {
  const kind = fromCode(ENTRY_KINDS, r.u8(), 'entry kind');
  const term = r.uvarint();
  const index = r.uvarint();
  const data = copy(r.bytes());
  return { kind, term, index, data };
}

export function encodeEntry(e: Entry): Uint8Array {
  const w = new BufferWriter(e.data.length + 16);
  writeEntry(w, e);
  return w.finish();
}

export function decodeEntry(buf: Uint8Array): Entry {
  const r = new BufferReader(buf);
  return finish(r, readEntry(r), 'entry');
}

// --- hard state, conf state, snapshot ---

export function encodeHardState(hs: HardState): Uint8Array {
  return new BufferWriter(16).uvarint(hs.term).uvarint(hs.vote).uvarint(hs.commit).finish();
}

export function decodeHardState(buf: Uint8Array): HardState {
  const r = new BufferReader(buf);
  const hs = { term: r.uvarint(), vote: r.uvarint(), commit: r.uvarint() };
  return finish(r, hs, 'hard state');
}

function writeIds(w: BufferWriter, ids: readonly NodeId[]): void {
  w.uvarint(ids.length);
  for (const id of ids) w.uvarint(id);
}

function readIds(r: BufferReader): NodeId[] {
  const n = readCount(r, 1);
  const ids: NodeId[] = [];
  for (let i = 0; i < n; i++) ids.push(r.uvarint());
  return ids;
}

function writeConfState(w: BufferWriter, cs: ConfState): void {
  writeIds(w, cs.voters);
  writeIds(w, cs.learners);
  writeIds(w, cs.votersOutgoing);
  writeIds(w, cs.learnersNext);
  w.u8(cs.autoLeave ? 1 : 0);
}

function readConfState(r: BufferReader): ConfState {
  const voters = readIds(r);
  const learners = readIds(r);
  const votersOutgoing = readIds(r);
  const learnersNext = readIds(r);
  const autoLeave = readBool(r);
  return { voters, learners, votersOutgoing, learnersNext, autoLeave };
}

export function encodeConfState(cs: ConfState): Uint8Array {
  const w = new BufferWriter(32);
  writeConfState(w, cs);
  return w.finish();
}

export function decodeConfState(buf: Uint8Array): ConfState {
  const r = new BufferReader(buf);
  return finish(r, readConfState(r), 'conf state');
}

function writeSnapshot(w: BufferWriter, s: Snapshot): void {
  w.uvarint(s.metadata.index).uvarint(s.metadata.term);
  writeConfState(w, s.metadata.confState);
  w.bytes(s.data);
}

function readSnapshot(r: BufferReader): Snapshot {
  const index = r.uvarint();
  const term = r.uvarint();
  const confState = readConfState(r);
  const data = copy(r.bytes());
  return { data, metadata: { index, term, confState } };
}

export function encodeSnapshot(s: Snapshot): Uint8Array {
  const w = new BufferWriter(s.data.length + 32);
  writeSnapshot(w, s);
  return w.finish();
}

export function decodeSnapshot(buf: Uint8Array): Snapshot {
  const r = new BufferReader(buf);
  return finish(r, readSnapshot(r), 'snapshot');
}

// --- conf changes ---

export function encodeConfChange(cc: ConfChange): Uint8Array {
  const w = new BufferWriter(16 + cc.context.length);
  w.u8(code(CC_TRANSITIONS, cc.transition, 'conf change transition')).uvarint(cc.changes.length);
  for (const c of cc.changes) w.u8(code(CC_TYPES, c.type, 'conf change type')).uvarint(c.nodeId);
  w.bytes(cc.context);
  return w.finish();
}

export function decodeConfChange(buf: Uint8Array): ConfChange {
  const r = new BufferReader(buf);
  const transition = fromCode(CC_TRANSITIONS, r.u8(), 'conf change transition');
  const n = readCount(r, 2);
  const changes: ConfChangeSingle[] = [];
  for (let i = 0; i < n; i++) {
    const type = fromCode(CC_TYPES, r.u8(), 'conf change type');
    changes.push({ type, nodeId: r.uvarint() });
  }
  const context = copy(r.bytes());
  return finish(r, { transition, changes, context }, 'conf change');
}

// --- messages ---

function writeEntries(w: BufferWriter, ents: readonly Entry[]): void {
  w.uvarint(ents.length);
  for (const e of ents) writeEntry(w, e);
}

function readEntries(r: BufferReader): Entry[] {
  const n = readCount(r, 4);
  const out: Entry[] = [];
  for (let i = 0; i < n; i++) out.push(readEntry(r));
  return out;
}

export function encodeMessage(m: Message): Uint8Array {
  const w = new BufferWriter(64);
  w.u8(MESSAGE_VERSION).u8(code(MESSAGE_KINDS, m.kind, 'message kind')).uvarint(m.from).uvarint(m.to).uvarint(m.term);
  switch (m.kind) {
    case 'MsgApp':
      w.uvarint(m.index).uvarint(m.logTerm).uvarint(m.commit);
      writeEntries(w, m.entries);
      break;
    case 'MsgAppResp':
      w.uvarint(m.index).u8(m.reject ? 1 : 0).uvarint(m.rejectHint).uvarint(m.logTerm);
      break;
    case 'MsgVote':
    case 'MsgPreVote':
      w.uvarint(m.index).uvarint(m.logTerm).u8(m.transfer ? 1 : 0);
      break;
    case 'MsgVoteResp':
    case 'MsgPreVoteResp':
      w.u8(m.reject ? 1 : 0);
      break;
    case 'MsgSnap':
      writeSnapshot(w, m.snapshot);
      break;
    case 'MsgHeartbeat':
      w.uvarint(m.commit).bytes(m.context);
      break;
    case 'MsgHeartbeatResp':
    case 'MsgReadIndex':
      w.bytes(m.context);
      break;
    case 'MsgProp':
      writeEntries(w, m.entries);
      break;
    case 'MsgTransferLeader':
      w.uvarint(m.transferee);
      break;
    case 'MsgTimeoutNow':
      break;
    case 'MsgReadIndexResp':
      w.uvarint(m.index).bytes(m.context);
      break;
  }
  return w.finish();
}

export function decodeMessage(buf: Uint8Array): Message {
  const r = new BufferReader(buf);
  const version = r.u8();
  if (version !== MESSAGE_VERSION) throw new CodecError(`unknown raft message version ${version}`);
  const kind: MessageKind = fromCode(MESSAGE_KINDS, r.u8(), 'message kind');
  const env = { from: r.uvarint(), to: r.uvarint(), term: r.uvarint() };
  let m: Message;
  switch (kind) {
    case 'MsgApp': {
      const index = r.uvarint();
      const logTerm = r.uvarint();
      const commit = r.uvarint();
      m = { kind, ...env, index, logTerm, commit, entries: readEntries(r) };
      break;
    }
    case 'MsgAppResp': {
      const index = r.uvarint();
      const reject = readBool(r);
      m = { kind, ...env, index, reject, rejectHint: r.uvarint(), logTerm: r.uvarint() };
      break;
    }
    case 'MsgVote':
    case 'MsgPreVote': {
      const index = r.uvarint();
      const logTerm = r.uvarint();
      m = { kind, ...env, index, logTerm, transfer: readBool(r) };
      break;
    }
    case 'MsgVoteResp':
    case 'MsgPreVoteResp':
      m = { kind, ...env, reject: readBool(r) };
      break;
    case 'MsgSnap':
      m = { kind, ...env, snapshot: readSnapshot(r) };
      break;
    case 'MsgHeartbeat': {
      const commit = r.uvarint();
      m = { kind, ...env, commit, context: copy(r.bytes()) };
      break;
    }
    case 'MsgHeartbeatResp':
    case 'MsgReadIndex':
      m = { kind, ...env, context: copy(r.bytes()) };
      break;
    case 'MsgProp':
      m = { kind, ...env, entries: readEntries(r) };
      break;
    case 'MsgTransferLeader':
      m = { kind, ...env, transferee: r.uvarint() };
      break;
    case 'MsgTimeoutNow':
      m = { kind, ...env };
      break;
    case 'MsgReadIndexResp': {
      const index = r.uvarint();
      m = { kind, ...env, index, context: copy(r.bytes()) };
      break;
    }
  }
  return finish(r, m, 'message');
}
