// kv/codec: memcomparable key encodings and compact value encodings, shared by kv/ and sql/codec.
export * from './bytes.js';
export * from './errors.js';
export * from './number.js';
export * from './tuple.js';
export * from './varint.js';
