// kv/storage: the engine contract and its LevelDB and in-memory implementations.
export * from './engine.js';
export { LevelDbEngine, type LevelDbEngineOptions } from './leveldb-engine.js';
export { MemoryEngine } from './memory-engine.js';
export { WriteBatch, type BatchOp } from './write-batch.js';
