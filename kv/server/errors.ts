// Errors the KV server raises about the request itself (not about regions or transactions):
// a missing context, an oversized key, a malformed field. They become gRPC INVALID_ARGUMENT.
import { StrataError } from '../../util/errors.js';

export class InvalidRequest extends StrataError {
  readonly code = 'KV:Server:InvalidRequest';
}

/** A store started in one mode (raft or one copy per region) on a data dir the other mode wrote:
 *  serving it would hide every region it holds, so the store refuses to start. */
export class DataDirModeMismatch extends StrataError {
  readonly code = 'KV:Server:DataDirModeMismatch';
}

/** TiKV's default max-key-size. */
export const MAX_KEY_SIZE = 8 * 1024;
