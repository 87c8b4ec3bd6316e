// A cluster of real processes on loopback for the reliability workloads: PD, N `strata kv --raft`
// stores and one `strata sql`, each on free ports with its data in one temp dir, plus the faults a
// nemesis injects — kill -9 and restart of a store or of PD, SIGSTOP / SIGCONT of a store, and
// partitions of the stores' raft traffic (the stores run with the testing fail-point on,
// STRATA_FAILPOINTS_HTTP=1, and are told whom to cut off on their status ports). stop() resumes
// anything paused, then stops every process and removes the directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, spawnStrata, waitForLine, waitForPort, type StrataProcess } from '../bin/child-process.js';
import type { PartitionBody } from './partition-plan.js';

export interface TortureClusterOptions {
  /** KV stores (default 3). */
  readonly stores?: number;
  /** Replicate regions with Raft (default true: faults are survivable only then). */
  readonly raft?: boolean;
  /** Start a SQL server too (default true). */
  readonly sql?: boolean;
  /** Extra environment for every process (e.g. STRATA_LOG). */
  readonly env?: NodeJS.ProcessEnv;
}

interface Node {
  readonly name: string;
  readonly port: number;
  readonly statusPort: number;
  readonly dataDir: string;
  proc?: StrataProcess;
  paused: boolean;
  /** The store id PD gave it (learned from its status port; kept across restarts). */
  storeId?: number;
}

export class TortureCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'strata-torture-'));
  private pd!: Node;
  readonly stores: Node[] = [];
  private sqlProc: StrataProcess | undefined;
  sqlPort = 0;

  constructor(private readonly opts: TortureClusterOptions = {}) {}

  get pdAddr(): string {
    return `127.0.0.1:${this.pd.port}`;
  }

  async start(): Promise<this> {
    try {
      const [pdPort, pdStatus] = (await freePorts(2)) as [number, number];
      this.pd = { name: 'pd', port: pdPort, statusPort: pdStatus, dataDir: join(this.dir, 'pd'), paused: false };
      await this.startPd();
      for (let i = 0; i < (this.opts.stores ?? 3); i++) {
        const [port, statusPort] = (await freePorts(2)) as [number, number];
        const s: Node = { name: `kv-${i + 1}`, port, statusPort, dataDir: join(this.dir, `kv-${i + 1}`), paused: false };
        this.stores.push(s);
        await this.startStore(i);
      }
      if (this.opts.sql ?? true) {
        const [port, status] = (await freePorts(2)) as [number, number];
        this.sqlPort = port;
        this.sqlProc = spawnStrata('sql', ['sql', '--pd', this.pdAddr, '--port', String(port), '--status-port', String(status)], { env: this.env() });
        await waitForLine(this.sqlProc, /serving MySQL on/, 60_000);
      }
      return this;
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  private env(): NodeJS.ProcessEnv {
    return { STRATA_LOG: process.env.STRATA_LOG ?? 'warn', ...this.opts.env };
  }

  async startPd(): Promise<void> {
    const n = this.pd;
    n.proc = spawnStrata('pd', ['pd', '--data-dir', n.dataDir, '--addr', this.pdAddr, '--status-addr', `127.0.0.1:${n.statusPort}`], { env: this.env() });
    await waitForPort(n.proc, '127.0.0.1', n.port);
  }

  /** kill -9 of PD. */
  async killPd(): Promise<void> {
    await this.kill(this.pd);
  }

  async startStore(i: number, timeoutMs = 60_000): Promise<void> {
    await this.waitStore(this.spawnStore(i), timeoutMs);
  }

  /** Starts store `i` without waiting for it to serve (it may need PD first); see waitStore. */
  spawnStore(i: number): number {
    const s = this.stores[i]!;
    const raft = this.opts.raft === false ? ['--raft=false'] : [];
    s.proc = spawnStrata(s.name, ['kv', '--pd', this.pdAddr, '--addr', `127.0.0.1:${s.port}`, '--status-addr', `127.0.0.1:${s.statusPort}`, '--data-dir', s.dataDir, ...raft], {
      env: { ...this.env(), STRATA_FAILPOINTS_HTTP: '1' },
    });
    return i;
  }

  async waitStore(i: number, timeoutMs = 60_000): Promise<void> {
    await waitForLine(this.stores[i]!.proc!, /serving on/, timeoutMs);
  }

  pausePd(): void {
    this.pd.proc?.kill('SIGSTOP');
    this.pd.paused = true;
  }

  resumePd(): void {
    this.pd.proc?.kill('SIGCONT');
    this.pd.paused = false;
  }

  /** kill -9 of a store: only what it synced to disk survives. */
  async killStore(i: number): Promise<void> {
    await this.kill(this.stores[i]!);
  }

  isRunning(i: number): boolean {
    const p = this.stores[i]!.proc;
    return p !== undefined && p.child.exitCode === null && p.child.signalCode === null;
  }

  pauseStore(i: number): void {
    const s = this.stores[i]!;
    s.proc?.kill('SIGSTOP');
    s.paused = true;
  }

  resumeStore(i: number): void {
    const s = this.stores[i]!;
    s.proc?.kill('SIGCONT');
    s.paused = false;
  }

  isPaused(i: number): boolean {
    return this.stores[i]!.paused;
  }

  /** The number of region leaders each store reports on its status port (0 when unreachable). */
  async leaderCounts(): Promise<number[]> {
    return Promise.all(
      this.stores.map(async (s, i) => {
        if (!this.isRunning(i) || s.paused) return 0;
        try {
          const res = await fetch(`http://127.0.0.1:${s.statusPort}/status`, { signal: AbortSignal.timeout(1000) });
          const body = (await res.json()) as { regions?: { leader?: boolean }[] };
          return (body.regions ?? []).filter((r) => r.leader).length;
        } catch {
          return 0;
        }
      }),
    );
  }

  /** Store `i`'s id (its status port answers it once the store has registered). */
  async storeId(i: number): Promise<number> {
    const s = this.stores[i]!;
    if (s.storeId !== undefined) return s.storeId;
    const res = await fetch(`http://127.0.0.1:${s.statusPort}/status`, { signal: AbortSignal.timeout(2000) });
    const id = ((await res.json()) as { store_id?: number }).store_id;
    if (!id) throw new Error(`${s.name} has no store id yet`);
    s.storeId = id;
    return id;
  }

  async storeIds(): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < this.stores.length; i++) ids.push(await this.storeId(i));
    return ids;
  }

  /** Sets store `i`'s raft partition fail-point (kv/raftstore/partition-failpoint.ts); `{}` heals. */
  async setPartition(i: number, body: PartitionBody): Promise<void> {
    const s = this.stores[i]!;
    const res = await fetch(`http://127.0.0.1:${s.statusPort}/fail/partition`, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(2000) });
    if (res.status !== 200) throw new Error(`${s.name} refused the partition ${JSON.stringify(body)}: ${res.status} ${await res.text()}`);
  }

  /** Opens every raft link again, on every store that runs and is not paused (a killed store
   *  comes back unpartitioned; the nemesis never pauses a store while a partition is in force). */
  async healPartitions(): Promise<void> {
    for (let i = 0; i < this.stores.length; i++) {
      if (!this.isRunning(i) || this.stores[i]!.paused) continue;
      for (let attempt = 0; ; attempt++) {
        try {
          await this.setPartition(i, { drop: [] });
          break;
        } catch (err) {
          if (attempt >= 10) throw err;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    }
  }

  private async kill(n: Node): Promise<void> {
    const p = n.proc;
    if (!p) return;
    if (n.paused) p.kill('SIGCONT');
    n.paused = false;
    p.kill('SIGKILL');
    await p.exited;
  }

  async stop(): Promise<void> {
    for (const s of this.stores) if (s.paused) this.resumeStore(this.stores.indexOf(s));
    if (this.pd?.paused) this.resumePd();
    await this.sqlProc?.stop();
    await Promise.all(this.stores.map((s) => s.proc?.stop()));
    await this.pd?.proc?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
