// Errors a coprocessor task can end with besides the region and lock errors of every read. They
// reach the client as CoprocessorResponse.other_error (the task cannot succeed by retrying); a
// malformed DAG is InvalidDag (kv/cop-types.ts) and becomes gRPC INVALID_ARGUMENT instead.
import { StrataError } from '../../util/errors.js';

/** Stored bytes that do not decode as the DAG's types say (a wrong type in the request, or damage). */
export class CorruptRowData extends StrataError {
  readonly code = 'KV:Cop:CorruptData';
}

/** An arithmetic result out of its type's range, as MySQL's "BIGINT value is out of range". */
export class ValueOutOfRange extends StrataError {
  readonly code = 'KV:Cop:OutOfRange';
}
