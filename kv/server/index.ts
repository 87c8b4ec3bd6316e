// kv/server: the KV store process: gRPC Kv service, status HTTP, PD link.
export { startKvServer, type KvServer, type KvServerOptions } from './server.js';
export { InvalidRequest, MAX_KEY_SIZE } from './errors.js';
