// Errors of the codec: input that cannot be encoded (NaN, out-of-range numbers) or bytes that are
// not a valid encoding (truncated, bad marker). Decoders never guess: they throw CodecError.
import { StrataError } from '../../util/errors.js';

export class CodecError extends StrataError {
  readonly code = 'KV:Codec:Invalid';
}
