// Quorum arithmetic, the only place that knows what "a majority" means. A majority config is a set
// of voters; a joint config is two of them (incoming, outgoing) and needs a majority of EACH, which
// is what makes joint consensus safe across a membership change. An empty majority config agrees to
// everything (so a non-joint config is a joint one with an empty outgoing half).
import type { NodeId } from './messages.js';

export type VoteResult = 'won' | 'lost' | 'pending';

/** The highest index that a majority of `voters` has (by `matchOf`); Infinity for no voters. */
export function majorityCommitted(voters: readonly NodeId[], matchOf: (id: NodeId) => number): number {
  if (voters.length === 0) return Infinity;
  const matches = voters.map(matchOf).sort((a, b) => b - a);
  // With n voters a quorum is floor(n/2)+1; the quorum-th largest match is held by a majority.
  return matches[Math.floor(voters.length / 2)] as number;
}

export function majorityVoteResult(voters: readonly NodeId[], votes: ReadonlyMap<NodeId, boolean>): VoteResult {
  if (voters.length === 0) return 'won';
  let granted = 0;
  let missing = 0;
  for (const id of voters) {
    const v = votes.get(id);
    if (v === undefined) missing++;
    else if (v) granted++;
  }
  const quorum = Math.floor(voters.length / 2) + 1;
  if (granted >= quorum) return 'won';
  if (granted + missing >= quorum) return 'pending';
  return 'lost';
}

export function jointCommitted(incoming: readonly NodeId[], outgoing: readonly NodeId[], matchOf: (id: NodeId) => number): number {
  return Math.min(majorityCommitted(incoming, matchOf), majorityCommitted(outgoing, matchOf));
}

export function jointVoteResult(
  incoming: readonly NodeId[],
  outgoing: readonly NodeId[],
  votes: ReadonlyMap<NodeId, boolean>,
): VoteResult {
  const a = majorityVoteResult(incoming, votes);
  const b = majorityVoteResult(outgoing, votes);
  if (a === b) return a;
  if (a === 'lost' || b === 'lost') return 'lost';
  return 'pending';
}
