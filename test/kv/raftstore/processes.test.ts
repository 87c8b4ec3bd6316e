// Three raftstores as three processes talking gRPC on loopback (a raft message stream per store
// pair): kill -9 the leader's process while writes run; a new leader serves within a few election
// timeouts with every acknowledged write; the killed store restarts from its LevelDB directory and
// catches up (by log, or by snapshot once the leader compacted past it).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts } from '../../helpers/ports.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { eventually, sleep } from './support/cluster.js';

const RUN_TS = fileURLToPath(new URL('../../../bin/run-ts.mjs', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./support/store-process.ts', import.meta.url));

interface Answer {
  readonly ok: boolean;
  readonly value?: string;
  readonly error?: string;
  readonly leader?: boolean;
  readonly leaderStore?: number;
}

class StoreProcess {
  private child!: ChildProcess;
  private seq = 0;
  private readonly waiting = new Map<number, (a: Answer) => void>();
  private exited!: Promise<void>;
  alive = false;

  constructor(
    readonly id: number,
    private readonly dir: string,
    private readonly port: number,
    private readonly peers: string,
  ) {}

  async start(): Promise<void> {
    this.child = spawn(process.execPath, [RUN_TS, SCRIPT, '--store', String(this.id), '--dir', this.dir, '--port', String(this.port), '--peers', this.peers], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, STRATA_LOG: 'silent' },
    });
    this.exited = new Promise((r) => this.child.once('exit', () => r()));
    const ready = new Promise<void>((resolve, reject) => {
      this.child.once('exit', (code) => reject(new Error(`store ${this.id} exited with ${code} before it was ready`)));
      createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        let msg: { ready?: boolean; id?: number } & Answer;
        try {
          msg = JSON.parse(line) as typeof msg;
        } catch {
          return;
        }
        if (msg.ready) resolve();
        if (msg.id !== undefined) {
          this.waiting.get(msg.id)?.(msg);
          this.waiting.delete(msg.id);
        }
      });
    });
    await ready;
    this.alive = true;
  }

  ask(op: string, key?: string, value?: string): Promise<Answer> {
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin?.write(`${JSON.stringify({ id, op, key, value })}\n`);
    });
  }

  async kill9(): Promise<void> {
    this.alive = false;
    this.child.kill('SIGKILL');
    await this.exited;
    for (const w of this.waiting.values()) w({ ok: false, error: 'killed' });
    this.waiting.clear();
  }
}

let procs: StoreProcess[] = [];
afterEach(async () => {
  for (const p of procs) if (p.alive) await p.kill9();
  procs = [];
});

async function leaderOf(ps: readonly StoreProcess[], timeoutMs = 15_000): Promise<StoreProcess> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const p of ps.filter((x) => x.alive)) {
      const st = await p.ask('status');
      if (st.leader && (await p.ask('read', '__probe')).ok) return p;
    }
    if (Date.now() > deadline) throw new Error('no leader');
    await sleep(20);
  }
}

describe('raftstore across processes over gRPC', () => {
  it('survives kill -9 of the leader without losing an acknowledged write, and the killed store catches up after a restart', async () => {
    const ports = await freePorts(3);
    const peers = ports.map((p, i) => `${i + 1}=127.0.0.1:${p}`).join(',');
    procs = ports.map((port, i) => new StoreProcess(i + 1, tempDir(`strata-raftproc-${i + 1}-`), port, peers));
    await Promise.all(procs.map((p) => p.start()));
    const first = await leaderOf(procs);

    // Writes keep coming while the leader dies; only acknowledged ones are promised.
    const acked: number[] = [];
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = w; first.alive; i += 4) {
        const a = await first.ask('put', `k${i}`, `v${i}`);
        if (a.ok) acked.push(i);
      }
    });
    await eventually('some writes were acknowledged', () => acked.length >= 30, 15_000);
    const killedAt = Date.now();
    await first.kill9();
    await Promise.all(writers);

    const others = procs.filter((p) => p !== first);
    const second = await leaderOf(others);
    const electedMs = Date.now() - killedAt;
    expect(electedMs).toBeLessThan(10_000);
    for (const i of acked) expect((await second.ask('read', `k${i}`)).value).toBe(`v${i}`);
    // A follower names the new leader.
    const follower = others.find((p) => p !== second) as StoreProcess;
    const nl = await follower.ask('put', 'x', 'y');
    expect(nl.ok).toBe(false);
    expect(nl.error).toBe('KV:Region:NotLeader');
    expect(nl.leaderStore).toBe(second.id);

    // More than the kept log (50 entries) while the old leader is down: it comes back by snapshot.
    for (let i = 0; i < 120; i++) expect((await second.ask('put', `after${i}`, `${i}`)).ok).toBe(true);
    await first.start();
    const last = acked[acked.length - 1] as number;
    expect((await first.ask('local', `k${last}`)).value).toBe(`v${last}`); // acknowledged = applied on its disk
    await eventually('the restarted store caught up', async () => (await first.ask('local', 'after119')).value === '119', 15_000);
    const st = await first.ask('status');
    expect(st.leaderStore).toBe(second.id);
  });
});
