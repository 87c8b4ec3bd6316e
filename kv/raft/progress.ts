// What a leader knows of one follower's log, and how it sends to it. Lives only on the leader.
//
//   probe ──(append accepted)──▶ replicate ──(append rejected / unreachable)──▶ probe
//     │                                                                          ▲
//     └──(needed entries compacted: send snapshot)──▶ snapshot ──(caught up / failed)┘
//
// probe:     the leader does not know where the logs agree; it sends one MsgApp at a time and
//            waits (paused) for the answer or a heartbeat response, backing `next` off on reject.
// replicate: the logs agree up to `match`; the leader streams entries optimistically (next moves
//            ahead at send) limited by the in-flight window.
// snapshot:  a snapshot is on its way; nothing else is sent until it is acknowledged or reported.
//
// Invariant: match < next. `recentActive` feeds check-quorum; it is reset each election timeout.
import { Inflights } from './inflights.js';

export type ProgressState = 'probe' | 'replicate' | 'snapshot';

export class Progress {
  state: ProgressState = 'probe';
  /** In probe state: a MsgApp is out and unanswered, so wait. */
  probeSent = false;
  pendingSnapshot = 0;
  recentActive = false;
  readonly inflights: Inflights;

  constructor(
    public match: number,
    public next: number,
    maxInflight: number,
    public isLearner: boolean,
    maxInflightBytes = Infinity,
  ) {
    this.inflights = new Inflights(maxInflight, maxInflightBytes);
  }

  private resetState(state: ProgressState): void {
    this.state = state;
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.inflights.reset();
  }

  becomeProbe(): void {
    if (this.state === 'snapshot') {
      const pending = this.pendingSnapshot;
      this.resetState('probe');
      this.next = Math.max(this.match + 1, pending + 1);
    } else {
      this.resetState('probe');
      this.next = this.match + 1;
    }
  }

  becomeReplicate(): void {
    this.resetState('replicate');
    this.next = this.match + 1;
  }

  becomeSnapshot(snapshotIndex: number): void {
    this.resetState('snapshot');
    this.pendingSnapshot = snapshotIndex;
  }

  /** Whether the leader should hold off sending MsgApps. */
  isPaused(): boolean {
    switch (this.state) {
      case 'probe':
        return this.probeSent;
      case 'replicate':
        return this.inflights.full();
      case 'snapshot':
        return true;
    }
  }

  /** An accepted MsgApp up to n. Returns whether match moved. */
  maybeUpdate(n: number): boolean {
    let updated = false;
    if (this.match < n) {
      this.match = n;
      updated = true;
      this.probeSent = false;
    }
    this.next = Math.max(this.next, n + 1);
    return updated;
  }

  /** A rejected MsgApp whose previous index was `rejected`; `hint` is where the follower's log may
   *  agree. Returns false when the rejection is stale (answers an older MsgApp) and was ignored. */
  maybeDecrTo(rejected: number, hint: number): boolean {
    if (this.state === 'replicate') {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, hint + 1), this.match + 1);
    this.probeSent = false;
    return true;
  }

  /** Bookkeeping after a MsgApp with `count` entries after prevIndex went out. */
  sentEntries(prevIndex: number, count: number, bytes: number): void {
    if (count === 0) return;
    if (this.state === 'replicate') {
      const last = prevIndex + count;
      this.next = last + 1;
      this.inflights.add(last, bytes);
    } else if (this.state === 'probe') {
      this.probeSent = true;
    }
  }
}
