// kv/coprocessor: evaluates pushed-down DAGs (scan → selection → aggregation | topN | limit) next
// to the data, over Arrow-layout column batches, answering Arrow IPC. kv/server serves it as the
// Coprocessor rpc; the DAG types live in kv/cop-types.ts so the SQL side can build them.
export { CoprocessorEndpoint, DEFAULT_BATCH_SIZE, type CopEngine, type CopResult, type CopTask } from './endpoint.js';
export { CorruptRowData, ValueOutOfRange } from './errors.js';
export { supportedSignatures } from './functions.js';
export type { KeyRangeInternal } from './kv-source.js';
