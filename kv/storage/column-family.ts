// The column families of a store's keyspace and their one-byte key prefixes (see engine.ts).

export type ColumnFamily = 'default' | 'lock' | 'write' | 'latest' | 'raft';

export const ALL_CFS: readonly ColumnFamily[] = ['default', 'lock', 'write', 'latest', 'raft'];
/** The families that hold region data (what a region snapshot carries). */
export const DATA_CFS: readonly ColumnFamily[] = ['default', 'lock', 'write', 'latest'];

export const CF_PREFIX: Readonly<Record<ColumnFamily, number>> = {
  default: 0x64, // 'd'
  lock: 0x6c, // 'l'
  write: 0x77, // 'w'
  // per key, a copy of its newest Put/Delete record: a point read answered by one synchronous get
  latest: 0x76, // 'v'
  raft: 0x72, // 'r'
};
