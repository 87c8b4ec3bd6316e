// Errors of the raftstore that are not region errors (kv/region-errors.ts holds NotLeader and
// friends, which the raftstore throws too). Each says whether the command may have been applied,
// because a write's caller must know whether a retry can apply it twice.
import { StrataError } from '../../util/errors.js';

/** The proposal's log position was taken by another leader's entry: it was NOT applied, and will
 *  not be. Safe to retry. */
export class StaleCommand extends StrataError {
  readonly code = 'KV:Raftstore:StaleCommand';
  override readonly retryable = true;
  constructor(
    readonly regionId: number,
    readonly index: number,
    readonly term: number,
  ) {
    super(`proposal at index ${index} term ${term} of region ${regionId} was replaced by another leader's entry`);
  }
}

/** A proposal or read that did not finish in time (the leader lost its quorum, or the store is
 *  overloaded). A write may or may not have been applied; Percolator's commands are idempotent,
 *  so the client retries. */
export class RaftTimeout extends StrataError {
  readonly code = 'KV:Raftstore:Timeout';
  override readonly retryable = true;
  constructor(
    readonly regionId: number,
    what: string,
    ms: number,
  ) {
    super(`${what} on region ${regionId} did not finish within ${ms} ms`);
  }
}

/** The raftstore was closed with the request in flight (outcome unknown for a write). */
export class RaftstoreClosed extends StrataError {
  readonly code = 'KV:Raftstore:Closed';
  override readonly retryable = true;
  constructor(readonly regionId: number) {
    super(`the raftstore closed while a request on region ${regionId} was in flight`);
  }
}

/** A split request that cannot be carried out as asked (wrong number of new peer ids, …). */
export class InvalidSplit extends StrataError {
  readonly code = 'KV:Raftstore:InvalidSplit';
}
