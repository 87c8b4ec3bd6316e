// The leader's queue of ReadIndex requests waiting for leadership to be confirmed (safe mode).
//
//   client ─readIndex(ctx)─▶ leader: note commit index C, heartbeat carrying ctx ─▶ peers
//                            peers ─heartbeat resp carrying ctx─▶ leader
//   once a quorum acked ctx: every request queued up to and including ctx is answered with its C
//   (to itself as a ReadState, to a forwarding follower as MsgReadIndexResp); the node then reads
//   when its applied index reaches C.
//
// A quorum acknowledging a later heartbeat also confirms leadership for every earlier request, so
// answering in queue order is safe. Contexts must be unique among pending requests (the raftstore
// uses request ids); a duplicate of a pending context is ignored. Lives only on the leader.
import { toHex } from '../../util/bytes.js';
import type { MsgReadIndex, NodeId } from './messages.js';

export interface ReadIndexStatus {
  readonly request: MsgReadIndex;
  readonly index: number;
  readonly acks: Map<NodeId, boolean>;
}

export class ReadOnly {
  private readonly pending = new Map<string, ReadIndexStatus>();
  private readonly queue: string[] = [];

  /** Queues a request that saw commit index `index`. Returns false if its context is already queued. */
  add(index: number, request: MsgReadIndex): boolean {
    const key = toHex(request.context);
    if (this.pending.has(key)) return false;
    this.pending.set(key, { request, index, acks: new Map() });
    this.queue.push(key);
    return true;
  }

  /** Records that `from` acknowledged the heartbeat carrying `context`; returns the acks so far,
   *  or undefined when no such request is pending. */
  recvAck(from: NodeId, context: Uint8Array): ReadonlyMap<NodeId, boolean> | undefined {
    const status = this.pending.get(toHex(context));
    if (status === undefined) return undefined;
    status.acks.set(from, true);
    return status.acks;
  }

  /** Dequeues and returns every request up to and including the one with `context`. */
  advance(context: Uint8Array): ReadIndexStatus[] {
    const key = toHex(context);
    const at = this.queue.indexOf(key);
    if (at < 0) return [];
    const keys = this.queue.splice(0, at + 1);
    const out: ReadIndexStatus[] = [];
    for (const k of keys) {
      const s = this.pending.get(k);
      if (s !== undefined) out.push(s);
      this.pending.delete(k);
    }
    return out;
  }

  /** The context of the newest pending request, carried by every heartbeat so a lost round is
   *  retried by the next one. */
  lastPendingContext(): Uint8Array | undefined {
    const key = this.queue[this.queue.length - 1];
    return key === undefined ? undefined : this.pending.get(key)?.request.context;
  }

  get size(): number {
    return this.queue.length;
  }
}
