// PD's JSON HTTP API on the status port (node:http), for operators, `strata ctl` and dashboards:
//
//   GET /pd/api/v1/health    cluster id, bootstrapped, store counts by liveness, region count
//   GET /pd/api/v1/stores    every store: addresses, state, liveness, last heartbeat, region and
//                            leader counts (from PD's region tree), last reported stats
//   GET /pd/api/v1/regions   every region: id, keys (hex and printable text), epoch, peers,
//                            leader, approximate size and keys
//   GET /metrics             Prometheus text (metrics.ts)
//
// Anything else answers 404 (or 405 for a known path with another method) as JSON. Handlers only
// read the cluster state, so the API never changes the cluster.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cluster } from './cluster.js';
import type { PdMetrics } from './metrics.js';
import type { RegionEntry } from './region-tree.js';
import { STORE_LIVENESS } from './store-liveness.js';

/** A key as readable text: printable ASCII as is, every other byte as \xNN. */
export function keyText(key: Buffer): string {
  let out = '';
  for (const c of key) out += c >= 0x20 && c <= 0x7e && c !== 0x5c ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  return out;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function regionJson(e: RegionEntry): unknown {
  const r = e.region;
  return {
    id: r.id,
    startKey: r.startKey.toString('hex'),
    endKey: r.endKey.toString('hex'),
    startKeyText: keyText(r.startKey),
    endKeyText: keyText(r.endKey),
    epoch: { confVer: r.epoch.confVer, version: r.epoch.version },
    peers: r.peers.map((p) => ({ id: p.id, storeId: p.storeId, role: p.role })),
    leader: e.leader ? { id: e.leader.id, storeId: e.leader.storeId } : null,
    approximateSize: e.approximateSize,
    approximateKeys: e.approximateKeys,
    lastHeartbeatMs: e.lastHeartbeatMs,
  };
}

export function createHttpHandler(cluster: Cluster, metrics: PdMetrics): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://pd').pathname.replace(/\/+$/, '') || '/';
    const handlers: Record<string, () => Promise<void> | void> = {
      '/pd/api/v1/health': () => {
        const byLiveness: Record<string, number> = Object.fromEntries(STORE_LIVENESS.map((l) => [l, 0]));
        for (const s of cluster.allStores()) {
          const l = cluster.liveness(s);
          byLiveness[l] = (byLiveness[l] ?? 0) + 1;
        }
        sendJson(res, 200, { clusterId: cluster.clusterId, bootstrapped: cluster.bootstrapped, stores: byLiveness, regions: cluster.regionCount });
      },
      '/pd/api/v1/stores': () => {
        const counts = cluster.regionCountsByStore();
        const stores = cluster.allStores().map((e) => {
          const c = counts.get(e.store.id) ?? { regions: 0, leaders: 0 };
          return {
            id: e.store.id,
            address: e.store.address,
            statusAddress: e.store.statusAddress,
            version: e.store.version,
            state: e.store.state,
            liveness: cluster.liveness(e),
            lastHeartbeatMs: e.lastHeartbeatMs,
            lastHeartbeat: e.lastHeartbeatMs > 0 ? new Date(e.lastHeartbeatMs).toISOString() : null,
            regionCount: c.regions,
            leaderCount: c.leaders,
            stats: e.stats ?? null,
          };
        });
        sendJson(res, 200, { count: stores.length, stores });
      },
      '/pd/api/v1/regions': () => {
        const regions = cluster.allRegions().map(regionJson);
        sendJson(res, 200, { count: regions.length, regions });
      },
      '/metrics': async () => {
        const text = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
      },
    };
    const route = handlers[path];
    if (!route) return sendJson(res, 404, { error: 'not found', path });
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed', method: req.method ?? '', path });
    void (async () => {
      try {
        await route();
      } catch (err: unknown) {
        if (!res.headersSent) sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
        else res.end();
      }
    })();
  };
}
