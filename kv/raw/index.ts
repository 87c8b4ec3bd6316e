// kv/raw: the raw (non-transactional) key-value store.
export { RawStore, type CasResult, type RawScanArgs } from './raw-store.js';
