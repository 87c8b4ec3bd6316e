// Stale peers: the decisions behind destroying a peer that is no longer a member of its region
// (TiKV's peer GC). Pure; the store (store.ts) does the I/O.
//
// A peer leaves its region in one of two ways:
//
//   1. it applies the conf change that removes it: it knows, and destroys itself at once;
//   2. it was removed while its store was down (or cut off), so it never applied that change.
//      Back up, it still believes in its old membership and sends raft messages (pre-votes, once
//      it hears no leader) to the peers it remembers. A store whose peer of the region has a
//      NEWER epoch (larger confVer) and does not count the sender among its peers answers with a
//      tombstone (gc) envelope carrying that epoch; the stale peer, seeing an epoch newer than
//      its own that no longer holds it, destroys itself. A store that itself holds only a
//      tombstone of the region answers the same way, from the region its tombstone records;
//   3. a message arrives for a NEWER peer of the same region on this store (a larger id: the
//      region re-added a peer here after removing the old one while the store was down). A
//      region has at most one peer per store, so the old one is gone from it: destroyed, and the
//      next message creates the new one.
//
// Safety rests on two facts: confVer only grows, and a peer id is never reused. So "a region at
// confVer c does not contain peer p, and p's own view is older than c" means p was removed for
// good. A peer never destroys itself on the word of a region at an epoch no newer than its own
// (a stale leader that never learned the peer was added), and a peer whose region is unknown
// (created by a message, not yet filled by a snapshot) sends no epoch and is never answered.
//
// Destroying a peer deletes its raft state and its data — but only the parts of its range that
// no other region on the store covers: after splits, the range a stale peer remembers may
// overlap regions the store holds (or is installing) now, and their keys must stay.
import type { Region, RegionEpoch } from '../meta.js';

/** Whether a store whose peer (or tombstone) knows `local` should tell the sender — peer
 *  `fromPeerId`, whose region is at `senderEpoch` — that it is no longer a member. */
export function senderIsStale(local: Region | undefined, fromPeerId: number, senderEpoch: RegionEpoch | undefined): boolean {
  if (!local || !senderEpoch) return false;
  if (local.peers.some((p) => p.id === fromPeerId)) return false;
  return senderEpoch.confVer < local.epoch.confVer;
}

/** Whether a peer whose region is `local` must destroy itself on a gc message carrying
 *  `gcEpoch`: only when that epoch is newer than its own (else the sender is the stale one). */
export function gcDestroys(local: Region | undefined, gcEpoch: RegionEpoch): boolean {
  if (!local) return false;
  return local.epoch.confVer < gcEpoch.confVer;
}

/** Whether this store's peer `localPeerId` (of region `local`, undefined while uninitialized)
 *  is superseded by a message to peer `toPeerId` of the same region on this store, sent from a
 *  region at `senderEpoch`. An initialized peer also needs that epoch to be newer than its own. */
export function supersededBy(local: Region | undefined, localPeerId: number, toPeerId: number, senderEpoch: RegionEpoch | undefined): boolean {
  if (toPeerId <= localPeerId) return false;
  if (!local) return true;
  return senderEpoch !== undefined && gcDestroys(local, senderEpoch);
}

/** A key range [start, end); an empty end is the end of the keyspace. */
export interface KeyRange {
  readonly start: Buffer;
  readonly end: Buffer;
}

/** end ≤ key, for an end key (empty = the end of the keyspace, after every key). */
const endsBefore = (end: Buffer, key: Buffer): boolean => end.length > 0 && Buffer.compare(end, key) <= 0;

/** The parts of `range` that none of `held` covers, in key order (what a destroyed peer may
 *  delete). */
export function uncoveredRanges(range: KeyRange, held: readonly KeyRange[]): KeyRange[] {
  const overlapping = held
    .filter((h) => !endsBefore(h.end, range.start) && !endsBefore(range.end, h.start))
    .sort((a, b) => Buffer.compare(a.start, b.start));
  const out: KeyRange[] = [];
  // Everything before `cursor` is either covered or already in `out`; undefined: covered to the
  // end of the keyspace.
  let cursor: Buffer | undefined = range.start;
  for (const h of overlapping) {
    if (cursor === undefined) break;
    if (Buffer.compare(cursor, h.start) < 0) out.push({ start: cursor, end: h.start });
    if (h.end.length === 0) cursor = undefined;
    else if (Buffer.compare(h.end, cursor) > 0) cursor = h.end;
  }
  if (cursor !== undefined && !endsBefore(range.end, cursor)) out.push({ start: cursor, end: range.end });
  return out;
}

export function rangeOf(r: Region): KeyRange {
  return { start: r.startKey, end: r.endKey };
}
