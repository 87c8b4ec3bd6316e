// The nemesis: every few seconds one fault, chosen from a seeded generator, held for a while and
// then healed. Process faults: kill -9 of the store leading most regions or of a random one
// (restarted from its directory), SIGSTOP of a store (SIGCONT later), kill -9 of PD (restarted
// from its directory). Raft partitions through the stores' testing fail-point
// (partition-plan.ts): one store cut off both ways, one store's links cut one way, a majority
// ring; healed by opening every link again. Scheduling faults through PD, the paths `strata ctl`
// uses: leader shuffles (transfer-leader operators moving up to four regions' leaders to another
// voter) and region splits (SplitRegion at a key inside a region's transactional data, ids from
// PD); these need no heal. One fault at a time, so a majority of every region's replicas stays up
// and connected between faults. Every fault and heal is logged with its time; a fault that could
// not be injected (PD refusing an operator, no data to split) is logged and not counted.
import { connect, type StrataClient } from '../kv/client/index.js';
import { boundaryToUser, toInternal } from '../kv/meta.js';
import type { SeededRng } from '../kv/raft/rng.js';
import type { TortureCluster } from './cluster.js';
import { planPartition, type PartitionKind } from './partition-plan.js';

export type FaultKind =
  | 'kill-leader-store'
  | 'kill-random-store'
  | 'pause-store'
  | 'kill-pd'
  | 'partition-store'
  | 'partition-one-way'
  | 'partition-ring'
  | 'shuffle-leaders'
  | 'split-region';
export const FAULT_KINDS: readonly FaultKind[] = [
  'kill-leader-store',
  'kill-random-store',
  'pause-store',
  'kill-pd',
  'partition-store',
  'partition-one-way',
  'partition-ring',
  'shuffle-leaders',
  'split-region',
];

const PARTITIONS: Partial<Record<FaultKind, PartitionKind>> = { 'partition-store': 'isolate', 'partition-one-way': 'one-way', 'partition-ring': 'ring' };

export interface FaultRecord {
  readonly kind: FaultKind;
  /** The store faulted (-1 for PD and for faults of the whole cluster). */
  readonly store: number;
  readonly at: number;
  /** What was done, for the log (partition links, regions moved or split). */
  detail?: string;
  /** Set when the fault could not be injected; such faults are not counted. */
  failed?: string;
  healedAt?: number;
}

export interface NemesisOptions {
  /** Time between the heal of one fault and the next fault (ms). */
  readonly intervalMs?: number;
  /** How long a fault is held (ms). */
  readonly holdMs?: number;
  readonly kinds?: readonly FaultKind[];
  readonly log?: (line: string) => void;
}

export class Nemesis {
  readonly faults: FaultRecord[] = [];
  private stopped = false;
  private loop: Promise<void> | undefined;
  /** performance.now() at creation: the zero of FaultRecord times. */
  readonly start = performance.now();
  private wake: (() => void) | undefined;
  private kv: Promise<StrataClient> | undefined;

  constructor(
    private readonly cluster: TortureCluster,
    private readonly rng: SeededRng,
    private readonly o: NemesisOptions = {},
  ) {}

  run(): void {
    this.loop = this.body();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  /** A KV client for PD operators and splits, opened on first use. */
  private client(): Promise<StrataClient> {
    this.kv ??= connect({ pd: this.cluster.pdAddr });
    return this.kv;
  }

  private async body(): Promise<void> {
    const kinds = this.o.kinds ?? FAULT_KINDS;
    while (!this.stopped) {
      await this.sleep(this.o.intervalMs ?? 4000);
      if (this.stopped) break;
      const kind = this.rng.pick(kinds);
      let store = this.rng.nextInt(this.cluster.stores.length);
      if (kind === 'kill-leader-store') {
        const leaders = await this.cluster.leaderCounts();
        store = leaders.indexOf(Math.max(...leaders));
      }
      const processFault = kind === 'kill-leader-store' || kind === 'kill-random-store' || kind === 'pause-store';
      const rec: FaultRecord = { kind, store: processFault ? store : -1, at: performance.now() - this.start };
      this.faults.push(rec);
      const hold = this.o.holdMs ?? 3000;
      try {
        if (kind === 'kill-pd') {
          this.o.log?.('nemesis: kill-pd');
          await this.cluster.killPd();
          await this.sleep(hold);
          await this.cluster.startPd();
          this.o.log?.('nemesis: healed pd');
        } else if (processFault) {
          this.o.log?.(`nemesis: ${kind} kv-${store + 1}`);
          if (kind === 'pause-store') this.cluster.pauseStore(store);
          else await this.cluster.killStore(store);
          await this.sleep(hold);
          await this.heal(store);
        } else if (PARTITIONS[kind]) {
          await this.partition(rec, PARTITIONS[kind], hold);
        } else if (kind === 'shuffle-leaders') {
          rec.detail = await this.shuffleLeaders();
          this.o.log?.(`nemesis: shuffle-leaders: ${rec.detail}`);
        } else {
          rec.detail = await this.splitRegion();
          this.o.log?.(`nemesis: split-region: ${rec.detail}`);
        }
      } catch (err) {
        rec.failed = err instanceof Error ? err.message : String(err);
        this.o.log?.(`nemesis: ${kind} not injected: ${rec.failed}`);
      }
      rec.healedAt = performance.now() - this.start;
    }
  }

  private async partition(rec: FaultRecord, kind: PartitionKind, hold: number): Promise<void> {
    const ids = await this.cluster.storeIds();
    const plan = planPartition(kind, ids, this.rng);
    rec.detail = plan.description;
    this.o.log?.(`nemesis: ${rec.kind}: ${plan.description}`);
    try {
      for (const [id, body] of plan.bodies) await this.cluster.setPartition(ids.indexOf(id), body);
      await this.sleep(hold);
    } finally {
      await this.cluster.healPartitions();
      this.o.log?.('nemesis: healed raft partitions');
    }
  }

  /** Transfer-leader operators through PD for up to four regions, each to a random other voter. */
  private async shuffleLeaders(): Promise<string> {
    const kv = await this.client();
    const regions = (await kv.pd.scanRegions(Buffer.alloc(0), Buffer.alloc(0), 0)).filter((r) => r.leader);
    const moved: string[] = [];
    const refused: string[] = [];
    for (const r of this.rng.shuffle(regions).slice(0, 4)) {
      const voters = r.region.peers.filter((p) => p.role === 'voter' && p.storeId !== r.leader?.storeId);
      if (voters.length === 0) continue;
      const to = this.rng.pick(voters).storeId;
      try {
        await kv.pd.addOperator(r.region.id, 'transfer-leader', to);
        moved.push(`region ${r.region.id} ${r.leader?.storeId}→${to}`);
      } catch (err) {
        refused.push(`region ${r.region.id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (moved.length === 0) throw new Error(`PD took no leader transfer (${refused.join('; ') || 'no region with another voter'})`);
    return moved.join(', ') + (refused.length > 0 ? `; refused: ${refused.join('; ')}` : '');
  }

  /** Splits a region holding transactional data at a key inside it (as `strata ctl region split`). */
  private async splitRegion(): Promise<string> {
    const kv = await this.client();
    const regions = (await kv.pd.scanRegions(Buffer.alloc(0), Buffer.alloc(0), 0)).map((r) => r.region);
    const txnRegions = regions.filter((r) => {
      const start = r.startKey.length === 0 ? Buffer.alloc(0) : boundaryToUser('txn', r.startKey);
      const end = boundaryToUser('txn', r.endKey);
      return start !== undefined && !(end !== undefined && end.length === 0);
    });
    const snapshot = kv.txn.snapshot(await kv.pd.getTs());
    for (const r of this.rng.shuffle(txnRegions).slice(0, 3)) {
      const start = r.startKey.length === 0 ? undefined : boundaryToUser('txn', r.startKey);
      const end = boundaryToUser('txn', r.endKey);
      const keys = (await snapshot.scan(start, end, 200, { keyOnly: true })).map((p) => p.key);
      if (keys.length < 2) continue;
      const at = keys[1 + this.rng.nextInt(keys.length - 1)] as Buffer;
      const made = await kv.splitRegions([toInternal('txn', at)]);
      return `region ${r.id} at txn key ${at.toString('hex')} → regions ${made.map((m) => m.id).join(', ')}`;
    }
    throw new Error('no region with two transactional keys to split between');
  }

  private async heal(store: number): Promise<void> {
    if (this.cluster.isPaused(store)) this.cluster.resumeStore(store);
    if (!this.cluster.isRunning(store)) await this.cluster.startStore(store);
    this.o.log?.(`nemesis: healed kv-${store + 1}`);
  }

  /** Stops injecting and heals whatever is faulty. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    for (let i = 0; i < this.cluster.stores.length; i++) await this.heal(i);
    await this.cluster.healPartitions();
    if (this.kv) await (await this.kv.catch(() => undefined))?.close();
  }

  /** Faults injected, by kind (those that could not be injected are not counted). */
  counts(): Record<FaultKind, number> {
    const c = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
    for (const f of this.faults) if (f.failed === undefined) c[f.kind]++;
    return c;
  }
}
