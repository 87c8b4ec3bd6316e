// Splitting a region at given keys: ask PD for the new region and peer ids, cut the range, bump
// the epoch version of every piece, persist them in one batch and report to PD. The original
// region keeps its id and the leftmost piece. (With Raft this becomes an admin command applied
// by every replica; the shape of the result is the same.)
import { compareBytes, printable } from '../../util/bytes.js';
import type { Logger } from '../../util/logger.js';
import { regionContains, type Region } from '../meta.js';
import { InvalidRequest } from './errors.js';
import type { PdLink } from './pd-link.js';
import type { RegionRegistry } from './region-registry.js';

export class Splitter {
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly regions: RegionRegistry,
    private readonly pd: PdLink,
    private readonly log: Logger,
  ) {}

  /** Splits one at a time, so two concurrent splits never compute pieces from the same parent. */
  split(region: Region, splitKeys: readonly Buffer[]): Promise<Region[]> {
    const next = this.running.then(() => this.doSplit(region.id, splitKeys));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async doSplit(regionId: number, splitKeys: readonly Buffer[]): Promise<Region[]> {
    const region = this.regions.get(regionId);
    if (!region) throw new InvalidRequest(`region ${regionId} is gone`);
    const keys = [...new Map(splitKeys.map((k) => [k.toString('hex'), k])).values()].sort(compareBytes);
    if (keys.length === 0) throw new InvalidRequest('no split keys');
    for (const k of keys) {
      if (!regionContains(region, k) || compareBytes(k, region.startKey) === 0) {
        throw new InvalidRequest(`split key ${printable(k)} is not strictly inside region ${region.id}`);
      }
    }
    const ids = await this.pd.askSplit(region, keys.length);
    const version = region.epoch.version + keys.length;
    const epoch = { confVer: region.epoch.confVer, version };
    const bounds = [region.startKey, ...keys, region.endKey];
    const pieces: Region[] = [{ ...region, endKey: bounds[1] as Buffer, epoch }];
    ids.forEach((id, i) => {
      pieces.push({
        id: id.regionId,
        startKey: bounds[i + 1] as Buffer,
        endKey: bounds[i + 2] as Buffer,
        epoch,
        peers: region.peers.map((p, j) => ({ id: id.peerIds[j] ?? 0, storeId: p.storeId, role: p.role })),
      });
    });
    await this.regions.save(pieces);
    this.log.info({ region: region.id, into: pieces.map((p) => p.id) }, 'region split');
    await this.pd.reportSplit(pieces).catch((err: unknown) => this.log.warn({ err }, 'report split failed; the next heartbeat will tell PD'));
    return pieces;
  }
}
