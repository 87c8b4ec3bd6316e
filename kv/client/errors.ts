// Typed errors raised by kv/client itself (as opposed to the KV and transaction errors it turns
// back into classes from the wire, which live in kv/mvcc/errors.ts and kv/region-errors.ts and are
// re-exported from kv/client/index.ts). Each carries what a caller needs to report or retry.
import { errorMessage, StrataError } from '../../util/errors.js';
import type { TimeStamp } from '../txn-types.js';

/** A request for a region kept failing (region errors, unreachable store) until its retry budget
 *  ran out. `cause` is the last error seen. */
export class RegionUnavailable extends StrataError {
  readonly code = 'KV:Client:RegionUnavailable';
  override readonly retryable = true;
  constructor(
    readonly regionId: number | undefined,
    override readonly cause: unknown,
    readonly backoffMs: number,
  ) {
    super(`region ${regionId ?? '?'} is unavailable after ${backoffMs}ms of retries: ${errorMessage(cause)}`);
  }
}

/** Some retried operation (other than a region request) ran out of its backoff budget. */
export class BackoffExhausted extends StrataError {
  readonly code = 'KV:Client:BackoffExhausted';
  override readonly retryable = true;
  constructor(
    readonly kind: string,
    override readonly cause: unknown,
    readonly backoffMs: number,
  ) {
    super(`gave up after ${backoffMs}ms of ${kind} backoff: ${errorMessage(cause)}`);
  }
}

/** PD could not be reached (or kept failing) within the request's deadline. */
export class PdUnavailable extends StrataError {
  readonly code = 'KV:Client:PdUnavailable';
  override readonly retryable = true;
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(cause === undefined ? message : `${message}: ${errorMessage(cause)}`);
  }
}

/** PD answered with an error in its response header (not bootstrapped, cluster mismatch, ...). */
export class PdServerError extends StrataError {
  readonly code = 'KV:Client:PdServerError';
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(`PD error ${errorType}: ${message}`);
  }
}

/** A store answered an error that is neither a region error nor a key error (a bad request, an
 *  internal failure), or a gRPC status that retrying cannot fix. */
export class KvServerError extends StrataError {
  readonly code = 'KV:Client:ServerError';
  constructor(
    message: string,
    readonly grpcCode?: number,
  ) {
    super(message);
  }
}

/** The client was closed; no further requests are accepted. */
export class ClientClosed extends StrataError {
  readonly code = 'KV:Client:Closed';
  constructor(what = 'client') {
    super(`${what} is closed`);
  }
}

export type TxnState = 'active' | 'committing' | 'committed' | 'rolled-back';

/** A transaction was used after it committed, rolled back or failed to commit. */
export class TxnClosed extends StrataError {
  readonly code = 'KV:Txn:Closed';
  constructor(
    readonly startTs: TimeStamp,
    readonly state: TxnState,
  ) {
    super(`transaction ${startTs} is ${state}; start a new one`);
  }
}

/** The primary key's commit was sent but its outcome is unknown (the RPC failed without an
 *  answer). The transaction may or may not have committed; readers will find out and resolve. */
export class CommitResultUndetermined extends StrataError {
  readonly code = 'KV:Txn:Undetermined';
  constructor(
    readonly startTs: TimeStamp,
    override readonly cause: unknown,
  ) {
    super(`result of committing txn ${startTs} is undetermined: ${errorMessage(cause)}`);
  }
}

/** A raw write (put, delete, compare-and-swap…) was sent and the store did not answer (the
 *  connection broke or the deadline passed): it may have been applied. Sending it again could
 *  apply it a second time after someone else's write, so the client does not: the caller learns
 *  the outcome is unknown, as with a MySQL client whose connection dropped during a write. */
export class WriteResultUndetermined extends StrataError {
  readonly code = 'KV:Raw:Undetermined';
  constructor(
    readonly regionId: number,
    override readonly cause: unknown,
  ) {
    super(`result of a write to region ${regionId} is undetermined: ${errorMessage(cause)}`);
  }
}

/** PD knows no region for a key yet (the cluster is not bootstrapped, or a region has no peer
 *  the client can reach). Retried with backoff like a stale cache entry. */
export class RegionMissing extends StrataError {
  readonly code = 'KV:Client:RegionMissing';
  override readonly retryable = true;
  constructor(message: string) {
    super(message);
  }
}
