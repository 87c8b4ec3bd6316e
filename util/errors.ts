// The base of every typed error in Strata. Each layer defines a class per error with a stable
// `code` ("KV:Txn:WriteConflict", "SQL:DupEntry", …) and the data a caller needs to act on it;
// the edges (wire/, kv/server) map codes to MySQL errors and gRPC statuses exactly once.

export abstract class StrataError extends Error {
  abstract readonly code: string;
  /** Whether retrying the same request later may succeed (after backoff or refreshing a cache). */
  readonly retryable: boolean = false;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An internal invariant broke: a bug, never the user's fault. */
export class InternalError extends StrataError {
  readonly code = 'Internal';
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
