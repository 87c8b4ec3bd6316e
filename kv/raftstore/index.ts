// kv/raftstore: many raft groups (region peers) per store over LevelDB, and the transports that
// carry their messages between stores. kv/server drives it; everything else here is internal.
export { decodeCommand, encodeCommand, type Command } from './command.js';
export { RaftstoreClosed, RaftTimeout, StaleCommand } from './errors.js';
export { GrpcTransport, RAFT_SERVICE, raftServiceHandlers } from './grpc-transport.js';
export { LocalHub, type EnvelopeFilter } from './local-transport.js';
export { RegionPeer, type PeerConfig } from './peer.js';
export { DEFAULT_RAFTSTORE_CONFIG, RaftStore, type RaftStoreConfig, type RaftStoreOptions, type RaftStoreStats } from './store.js';
export { type EnvelopeHandler, type RaftEnvelope, type Transport } from './transport.js';
export { delivers, NO_PARTITION, parsePartitionRequest, partitionJson, PartitionRequestError, RaftPartition, type PartitionSpec } from './partition-failpoint.js';
