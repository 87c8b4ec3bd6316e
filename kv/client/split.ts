// Splitting regions by hand through the KV SplitRegion RPC (until splitting is automatic, and
// for tests that need several regions): split keys are grouped by the region holding them, each
// region is asked to split at its keys, and the resulting regions replace the stale entry in the
// region cache (led by the store that split them).
import { compareBytes } from '../../util/bytes.js';
import type { Region } from '../meta.js';
import { regionFromPb } from '../proto/convert.js';
import type { SplitRegionResponse__Output as SplitOut } from '../proto/generated/strata/kv/SplitRegionResponse.js';
import { Backoffer } from './backoff.js';
import type { RegionRequestSender } from './region-request.js';

/** Splits the regions holding the given internal keys at those keys; returns every resulting
 *  region in key order. A key that already starts a region is skipped. */
export async function splitRegions(sender: RegionRequestSender, internalKeys: readonly Uint8Array[], budgetMs = 20_000): Promise<Region[]> {
  const bo = new Backoffer({ budgetMs });
  const keys: Buffer[] = [];
  for (const k of internalKeys) {
    const loc = await sender.locate(k, bo);
    if (compareBytes(loc.region.startKey, k) !== 0) keys.push(Buffer.from(k));
  }
  if (keys.length === 0) return [];
  const results = await sender.sendBatch<Buffer, SplitOut>(
    keys,
    (k) => k,
    (context, _loc, part) => (c, o, cb) => c.SplitRegion({ context, split_keys: part }, o, cb),
    bo,
  );
  const out: Region[] = [];
  for (const r of results) {
    const regions = r.res.regions.map(regionFromPb);
    sender.cache.onEpochNotMatch(r.loc.region.id, regions, r.loc.leader.storeId);
    out.push(...regions);
  }
  return out.sort((a, b) => compareBytes(a.startKey, b.startKey));
}
