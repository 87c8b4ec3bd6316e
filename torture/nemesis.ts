// The nemesis: every few seconds one fault, chosen from a seeded generator, held for a while and
// then healed — kill -9 of the store leading most regions or of a random one (restarted from its
// directory), SIGSTOP of a store (SIGCONT later), or kill -9 of PD (restarted from its
// directory). One process at most is faulty at a time, so a majority of every region's replicas
// stays up. Every fault and heal is logged with its time.
import type { SeededRng } from '../kv/raft/rng.js';
import type { TortureCluster } from './cluster.js';

export type FaultKind = 'kill-leader-store' | 'kill-random-store' | 'pause-store' | 'kill-pd';
export const FAULT_KINDS: readonly FaultKind[] = ['kill-leader-store', 'kill-random-store', 'pause-store', 'kill-pd'];

export interface FaultRecord {
  readonly kind: FaultKind;
  /** The store faulted (-1 for PD). */
  readonly store: number;
  readonly at: number;
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
  private readonly start = performance.now();
  private wake: (() => void) | undefined;

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
      const rec: FaultRecord = { kind, store: kind === 'kill-pd' ? -1 : store, at: performance.now() - this.start };
      this.faults.push(rec);
      this.o.log?.(`nemesis: ${kind}${kind === 'kill-pd' ? '' : ` kv-${store + 1}`}`);
      if (kind === 'kill-pd') {
        await this.cluster.killPd();
        await this.sleep(this.o.holdMs ?? 3000);
        await this.cluster.startPd();
        this.o.log?.('nemesis: healed pd');
      } else {
        if (kind === 'pause-store') this.cluster.pauseStore(store);
        else await this.cluster.killStore(store);
        await this.sleep(this.o.holdMs ?? 3000);
        await this.heal(store);
      }
      rec.healedAt = performance.now() - this.start;
    }
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
  }

  counts(): Record<FaultKind, number> {
    const c = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
    for (const f of this.faults) c[f.kind]++;
    return c;
  }
}
