// kv/raft: the consensus core. The raftstore drives RawNode (tick / step / propose / ready /
// advance) over a Storage it persists, and ships Messages encoded with encodeMessage. Everything
// else in this folder is internal.
export {
  addLearner,
  addVoter,
  confChange,
  entersJoint,
  isLeaveJoint,
  leaveJointChange,
  removeNode,
  type ConfChange,
  type ConfChangeSingle,
  type ConfChangeTransition,
  type ConfChangeType,
} from './conf-change.js';
export {
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
} from './encoding.js';
export * from './errors.js';
export { BOOTSTRAP_INDEX, BOOTSTRAP_TERM, MemoryStorage } from './memory-storage.js';
export * from './messages.js';
export type { ProgressState } from './progress.js';
export type { RaftConfig, ReadOnlyOption } from './raft.js';
export { RawNode, type ProgressStatus, type Ready, type Status } from './raw-node.js';
export { SeededRng, seededRng, type Rng } from './rng.js';
export type { InitialState, Storage } from './storage.js';
