// Errors of the SQL codec. Two kinds, kept apart on purpose:
//
//   CorruptDataError   bytes read from KV are not a valid key or row value (truncated, a bad flag,
//                      a length that does not add up). Decoders never guess: they throw this
//                      instead of returning a value that might be wrong. Data corruption, a bug in
//                      a writer, or a key of another table kind handed to the wrong decoder.
//   BadValueError      the caller asked to encode a value that does not fit the column type it
//                      named (a string for an INT column, a DateTime whose fields cannot be
//                      packed). A bug in the caller: values must pass sql/types' convertForColumn
//                      before they reach the codec.
//
// A JSON column in an index is the user's mistake, so it is a SqlError with MySQL's number
// (3152), raised when the index key is built.
import { StrataError } from '../../util/errors.js';
import { CodecError } from '../../kv/codec/index.js';
import { SqlError } from '../errors.js';

export class CorruptDataError extends StrataError {
  readonly code = 'SQL:Codec:Corrupt';
}

export class BadValueError extends StrataError {
  readonly code = 'SQL:Codec:BadValue';
}

/** 3152: a JSON column cannot be a key part (MySQL indexes JSON only through generated columns). */
export class NotIndexableError extends SqlError {
  constructor(column: string) {
    super('SQL:Codec:NotIndexable', 3152, '42000', `JSON column '${column}' supports indexing only via generated columns on a specified JSON path.`);
  }
}

/** Runs a decoder and turns kv/codec's CodecError (and range errors on bad input) into
 *  CorruptDataError, so callers of sql/codec catch one class for bad bytes. */
export function decoding<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err: unknown) {
    if (err instanceof CorruptDataError || err instanceof BadValueError || err instanceof NotIndexableError) throw err;
    if (err instanceof CodecError || err instanceof RangeError || err instanceof TypeError) {
      throw new CorruptDataError(`corrupt ${what}: ${err.message}`);
    }
    throw err;
  }
}
