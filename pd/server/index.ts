// pd/server: the placement driver's server side: cluster state (stores, regions, ids, GC safe
// point) persisted in PD's own LevelDB directory, the gRPC service strata.pd.PD, the JSON HTTP
// API and metrics. Other layers start a PD with startPdServer and talk to it over gRPC only.
export { Cluster, type ClusterOptions, type RegionReport, type SplitIds } from './cluster.js';
export { PdError, type PdErrorType } from './errors.js';
export { DEFAULT_PD_ADDR, DEFAULT_PD_STATUS_ADDR, splitHostPort, startPdServer, type PdServer, type PdServerOptions } from './pd-server.js';
export type { RegionEntry } from './region-tree.js';
export type { StoreEntry, StoreLiveness } from './store-liveness.js';
