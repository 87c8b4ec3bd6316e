// The seam between the raft core and whatever keeps the log: the core reads the persisted log
// through this interface and never writes it. The application persists what a Ready hands out
// (entries, hard state, snapshot) and compacts the log when it has a snapshot; MemoryStorage is
// the in-memory implementation, the raftstore adds one over LevelDB with a cache in front.
//
// Synchronous on purpose: the core is a pure state machine and the raftstore keeps recent entries
// in memory. Index conventions (all implementations follow them):
//
//   snapshot.index = firstIndex - 1          entries firstIndex … lastIndex
//   ──────────────┬───────────────────────┬──────────────────────────────────
//     compacted   │ term(first-1) known   │ entries(lo, hi) for first ≤ lo ≤ hi ≤ last + 1
//
// An empty log has firstIndex = snapshot.index + 1 and lastIndex = snapshot.index.
import type { ConfState, Entry, HardState, Snapshot } from './messages.js';

export interface InitialState {
  readonly hardState: HardState;
  /** The membership as of the applied index the node restarts from (for MemoryStorage: the
   *  snapshot's), so that re-applying the committed conf changes after it gives today's. */
  readonly confState: ConfState;
}

export interface Storage {
  initialState(): InitialState;
  /** Entries [lo, hi), at least one when lo < hi, then as many as fit in maxSize bytes
   *  (see entrySize). Throws LogCompacted when lo < firstIndex, LogUnavailable past the end. */
  entries(lo: number, hi: number, maxSize?: number): Entry[];
  /** The term of entry i, for firstIndex - 1 ≤ i ≤ lastIndex. Throws LogCompacted / LogUnavailable. */
  term(i: number): number;
  firstIndex(): number;
  lastIndex(): number;
  /** The latest snapshot. May throw SnapshotTemporarilyUnavailable while one is being built. */
  snapshot(): Snapshot;
}
