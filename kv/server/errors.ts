// Errors the KV server raises about the request itself (not about regions or transactions):
// a missing context, an oversized key, a malformed field. They become gRPC INVALID_ARGUMENT.
import { StrataError } from '../../util/errors.js';

export class InvalidRequest extends StrataError {
  readonly code = 'KV:Server:InvalidRequest';
}

/** TiKV's default max-key-size. */
export const MAX_KEY_SIZE = 8 * 1024;
