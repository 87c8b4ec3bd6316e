// A real cluster of processes on loopback for end-to-end tests: one `strata pd` and N
// `strata kv`, on free ports, data in a temp dir. Stopping it (or the test's afterAll) leaves no
// process running and no port bound.
import { join } from 'node:path';
import { spawnStrata, waitForLine, waitForPort, type StrataProcess } from '../../bin/child-process.js';
import { freePorts } from './ports.js';

/** STRATA_E2E_ECHO=1 forwards every process's output (with STRATA_LOG=info: its log) to the test's. */
/** How long a store may take to print "serving on": start-up on a loaded 2-core machine (two
 *  engineers' suites side by side) was seen past 30 s, the default of waitForLine. */
const STORE_START_MS = 60_000;
const ECHO = process.env.STRATA_E2E_ECHO === '1' ? (line: string): void => console.log(line) : undefined;

export interface ClusterOptions {
  readonly stores?: number;
  readonly dataDir: string;
  /** `false` starts the stores with `--raft=false` (one copy per region); by default regions are
   *  raft groups, as `strata kv` runs them. */
  readonly raft?: boolean;
  /** Extra flags for `strata pd` (e.g. --max-store-down-time 3s). */
  readonly pdArgs?: readonly string[];
  /** Extra flags for every `strata kv` (e.g. --heartbeat-interval 200ms). */
  readonly storeArgs?: readonly string[];
  /** Extra environment for every `strata kv` (e.g. STRATA_FAILPOINTS_HTTP=1). */
  readonly storeEnv?: NodeJS.ProcessEnv;
}

export interface StoreProc {
  readonly name: string;
  readonly port: number;
  readonly statusPort: number;
  readonly dataDir: string;
  proc: StrataProcess;
}

export class TestCluster {
  pd!: StrataProcess;
  pdPort = 0;
  pdHttpPort = 0;
  readonly stores: StoreProc[] = [];

  constructor(readonly opts: ClusterOptions) {}

  get pdAddr(): string {
    return `127.0.0.1:${this.pdPort}`;
  }

  async startPd(): Promise<void> {
    if (this.pdPort === 0) [this.pdPort, this.pdHttpPort] = (await freePorts(2)) as [number, number];
    this.pd = spawnStrata('pd', ['pd', '--data-dir', join(this.opts.dataDir, 'pd'), '--addr', this.pdAddr, '--status-addr', `127.0.0.1:${this.pdHttpPort}`, ...(this.opts.pdArgs ?? [])], { echo: ECHO });
    await waitForPort(this.pd, '127.0.0.1', this.pdPort);
  }

  private spawnStore(s: StoreProc): void {
    const raft = this.opts.raft === false ? ['--raft=false'] : [];
    s.proc = spawnStrata(s.name, ['kv', '--pd', this.pdAddr, '--addr', `127.0.0.1:${s.port}`, '--status-addr', `127.0.0.1:${s.statusPort}`, '--data-dir', s.dataDir, ...raft, ...(this.opts.storeArgs ?? [])], {
      env: { STRATA_LOG: process.env.STRATA_LOG ?? 'warn', ...this.opts.storeEnv },
      echo: ECHO,
    });
  }

  async start(): Promise<this> {
    await this.startPd();
    const n = this.opts.stores ?? 1;
    for (let i = 0; i < n; i++) await this.addStore();
    return this;
  }

  /** Starts one more store (a new directory, new ports); returns its index. */
  async addStore(): Promise<number> {
    const i = this.stores.length;
    const [port, statusPort] = (await freePorts(2)) as [number, number];
    const s = { name: `kv-${i + 1}`, port, statusPort, dataDir: join(this.opts.dataDir, `kv-${i + 1}`) } as StoreProc;
    this.spawnStore(s);
    this.stores.push(s);
    await waitForLine(s.proc, /serving on/, STORE_START_MS);
    return i;
  }

  async restartStore(i: number): Promise<void> {
    const s = this.stores[i] as StoreProc;
    await s.proc.stop();
    this.spawnStore(s);
    await waitForLine(s.proc, /serving on/, STORE_START_MS);
  }

  /** kill -9 of a store: nothing but what is on its disk survives. */
  async killStore(i: number): Promise<void> {
    const s = this.stores[i] as StoreProc;
    s.proc.kill('SIGKILL');
    await s.proc.exited;
  }

  /** Starts a stopped or killed store again on its ports and directory. */
  async startStore(i: number): Promise<void> {
    const s = this.stores[i] as StoreProc;
    this.spawnStore(s);
    await waitForLine(s.proc, /serving on/, STORE_START_MS);
  }

  async restartAll(): Promise<void> {
    for (const s of this.stores) await s.proc.stop();
    await this.pd.stop();
    await this.startPd();
    for (const s of this.stores) {
      this.spawnStore(s);
      await waitForLine(s.proc, /serving on/, STORE_START_MS);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.stores.map((s) => s.proc?.stop()));
    await this.pd?.stop();
  }
}
