// PD's Prometheus metrics (prom-client), on a Registry of its own per server so several PDs in one
// process (the playground, tests) never clash: gRPC requests per method and result, their latency,
// TSO timestamps handed out, and gauges of stores by liveness, regions and bootstrap state that
// are computed from the cluster when scraped.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Cluster } from './cluster.js';
import { STORE_LIVENESS } from './store-liveness.js';

export class PdMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'result'>;
  private readonly latency: Histogram<'method'>;
  private readonly timestamps: Counter;

  constructor(cluster: Cluster) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'strata_pd_grpc_requests_total',
      help: 'gRPC requests served by PD, by method and result (ok or the error type)',
      labelNames: ['method', 'result'],
      registers,
    });
    this.latency = new Histogram({
      name: 'strata_pd_grpc_request_duration_seconds',
      help: 'Time PD took to answer a gRPC request (one TSO stream message counts as one request)',
      labelNames: ['method'],
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    });
    this.timestamps = new Counter({ name: 'strata_pd_tso_timestamps_total', help: 'Timestamps handed out by the TSO', registers });
    new Gauge({
      name: 'strata_pd_stores',
      help: 'Stores known to PD, by liveness',
      labelNames: ['liveness'],
      registers,
      collect() {
        const counts = new Map<string, number>(STORE_LIVENESS.map((l) => [l, 0]));
        for (const s of cluster.allStores()) {
          const l = cluster.liveness(s);
          counts.set(l, (counts.get(l) ?? 0) + 1);
        }
        for (const [liveness, n] of counts) this.set({ liveness }, n);
      },
    });
    new Gauge({
      name: 'strata_pd_regions',
      help: 'Regions in PD region tree',
      registers,
      collect() {
        this.set(cluster.regionCount);
      },
    });
    new Gauge({
      name: 'strata_pd_cluster_bootstrapped',
      help: '1 once the cluster is bootstrapped',
      registers,
      collect() {
        this.set(cluster.bootstrapped ? 1 : 0);
      },
    });
  }

  /** Records one answered request. `result` is 'ok' or the error type of the response header. */
  observe(method: string, result: string, seconds: number): void {
    this.requests.inc({ method, result });
    this.latency.observe({ method }, seconds);
  }

  timestampsIssued(n: number): void {
    this.timestamps.inc(n);
  }
}
