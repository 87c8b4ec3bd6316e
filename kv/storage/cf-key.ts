// How a (column family, key) pair becomes one key of the underlying ordered keyspace: the family's
// prefix byte followed by the key. Shared by both engine implementations.
import { CF_PREFIX, type ColumnFamily } from './column-family.js';
import type { IterOptions } from './engine.js';

export function cfKey(cf: ColumnFamily, key: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(key.length + 1);
  out[0] = CF_PREFIX[cf];
  out.set(key, 1);
  return out;
}

/** The [gte, lt) bounds in the underlying keyspace for a family-relative range. */
export function cfBounds(cf: ColumnFamily, opts: IterOptions | undefined): { gte: Buffer; lt: Buffer } {
  const gte = opts?.lower ? cfKey(cf, opts.lower) : Buffer.of(CF_PREFIX[cf]);
  const lt = opts?.upper ? cfKey(cf, opts.upper) : Buffer.of(CF_PREFIX[cf] + 1);
  return { gte, lt };
}
