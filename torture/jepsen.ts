// A Jepsen-style run: a real cluster of processes (PD, 3 `strata kv --raft`, one `strata sql`),
// workloads whose clients record every operation (invoke → ok / fail / info) through mysql2, a
// nemesis injecting faults from the printed seed, then heal, wait for the cluster to serve again,
// read the final state, and run each workload's checker over its history.
import { SeededRng } from '../kv/raft/rng.js';
import { checkListAppend, type AnomalyKind, type Txn } from './checkers/list-append.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRegister, firstViolation, type RegisterOp } from './checkers/linearizable.js';
import { TortureCluster } from './cluster.js';
import { HistoryRecorder, type Op } from './history.js';
import { Nemesis, type FaultKind, type FaultRecord, type NemesisOptions } from './nemesis.js';
import { bankStep, checkBank, setupBank, type BankResult } from './workloads/bank.js';
import { finalLists, ListAppendState, listAppendStep, setupListAppend } from './workloads/list-append.js';
import { registerHistory, registerStep, REGISTER_KEYS, setupRegister } from './workloads/register.js';
import { RAW_REGISTER_KEYS, rawRegisterStep } from './workloads/raw-register.js';
import { checkSequential, sequentialRead, SequentialState, sequentialWrite, setupSequential, type SequentialResult } from './workloads/sequential.js';
import { connect, type StrataClient } from '../kv/client/index.js';
import { checkSet, finalSet, setStep, setupSet, type SetResult } from './workloads/set.js';
import { SqlClient, type SqlTarget } from './workloads/sql-client.js';

export type WorkloadName = 'bank' | 'list-append' | 'set' | 'register' | 'raw-register' | 'sequential';
export const WORKLOADS: readonly WorkloadName[] = ['bank', 'list-append', 'set', 'register', 'raw-register', 'sequential'];

export interface JepsenOptions {
  readonly seed: number;
  readonly durationMs: number;
  readonly workloads?: readonly WorkloadName[];
  /** Clients per workload (default 3). */
  readonly clients?: number;
  /** false: no faults (a baseline). */
  readonly nemesis?: NemesisOptions | false;
  readonly log?: (line: string) => void;
}

export interface JepsenReport {
  readonly seed: number;
  readonly ops: Record<WorkloadName, { ok: number; fail: number; info: number }>;
  readonly faults: Record<FaultKind, number> | undefined;
  /** Seconds from the heal until every workload's table answered again. */
  readonly recoverySeconds: number;
  readonly bank?: BankResult;
  readonly listAppend?: { readonly counts: Record<AnomalyKind, number>; readonly transactions: number; readonly examples: string[] };
  readonly set?: SetResult;
  readonly register?: { readonly keys: number; readonly ops: number; readonly nonLinearizable: string[] };
  readonly rawRegister?: { readonly keys: number; readonly ops: number; readonly nonLinearizable: string[] };
  readonly sequential?: SequentialResult;
  /** Anomalies that snapshot isolation forbids, summed (must be 0). */
  readonly forbidden: number;
}

async function until<T>(what: string, fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${what}: still failing after ${timeoutMs} ms: ${(err as Error).message}`, { cause: err });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** A register key no order explains: its whole history and the nemesis's faults (on the history's
 *  clock) go to a JSON file to keep as a regression case; the line returned names the first
 *  operation that cannot be explained and the fault in force around it. */
function registerFinding(
  seed: number,
  workload: string,
  k: number,
  history: readonly Op<RegisterOp['f'], RegisterOp['value']>[],
  historyStart: number,
  nemesis: Nemesis | undefined,
): string {
  const shift = nemesis ? nemesis.start - historyStart : 0;
  const faults = (nemesis?.faults ?? []).map((f: FaultRecord) => ({ ...f, at: f.at + shift, ...(f.healedAt !== undefined ? { healedAt: f.healedAt + shift } : {}) }));
  const dir = join(tmpdir(), 'strata-jepsen-findings');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `seed-${seed}-${workload}-key-${k}.json`);
  writeFileSync(file, JSON.stringify({ seed, workload, key: k, faults, history }, null, 1));
  const v = firstViolation(history);
  if (!v) return `history in ${file} (no first violation found within the search budget)`;
  writeFileSync(file, JSON.stringify({ seed, workload, key: k, firstViolation: v, faults, history }, null, 1));
  const near = faults.filter((f) => f.at <= v.op.completedAt && (f.healedAt ?? Infinity) >= v.op.invokedAt - 5000);
  const o = v.op;
  return `explained up to ${v.after.toFixed(0)} ms, not up to ${v.at.toFixed(0)} ms, where ${o.f} ${JSON.stringify(o.value)} by process ${o.process} (${o.invokedAt.toFixed(0)}–${o.completedAt.toFixed(0)} ms) completes; faults within 5 s before: ${near.map((f) => `${f.kind}${f.detail ? ` (${f.detail})` : f.store >= 0 ? ` kv-${f.store + 1}` : ''} ${f.at.toFixed(0)}–${f.healedAt?.toFixed(0) ?? '…'} ms`).join('; ') || 'none'}; history in ${file}`;
}

export async function runJepsen(o: JepsenOptions): Promise<JepsenReport> {
  const log = o.log ?? (() => undefined);
  const rng = new SeededRng(o.seed);
  const workloads = o.workloads ?? WORKLOADS;
  const cluster = await new TortureCluster({ stores: 3, raft: true }).start();
  const clients: SqlClient[] = [];
  let kv: StrataClient | undefined;
  try {
    if (workloads.includes('raw-register') || workloads.includes('sequential')) kv = await connect({ pd: cluster.pdAddr });
    if (workloads.includes('sequential')) await setupSequential(kv!);
    const target: SqlTarget = { host: '127.0.0.1', port: cluster.sqlPort, database: 'jepsen' };
    const admin = new SqlClient({ ...target, database: '' }, 30_000);
    clients.push(admin);
    await until('create database', () => admin.query('CREATE DATABASE IF NOT EXISTS jepsen'), 60_000);
    const setup = new SqlClient(target, 30_000);
    clients.push(setup);
    if (workloads.includes('bank')) await setupBank(setup);
    if (workloads.includes('list-append')) await setupListAppend(setup);
    if (workloads.includes('set')) await setupSet(setup);
    if (workloads.includes('register')) await setupRegister(setup);
    log(`cluster up (${cluster.dir}); workloads ${workloads.join(', ')}; seed ${o.seed}`);

    const histories = Object.fromEntries(workloads.map((w) => [w, new HistoryRecorder<string, unknown>()])) as Record<WorkloadName, HistoryRecorder<string, unknown>>;
    const nemesis = o.nemesis === false ? undefined : new Nemesis(cluster, new SeededRng(rng.nextInt(2 ** 31)), { log, ...o.nemesis });
    nemesis?.run();
    const deadline = Date.now() + o.durationMs;
    const listState = new ListAppendState();
    const seqState = new SequentialState();
    let setValue = 0;
    const loops: Promise<void>[] = [];
    let process = 0;
    for (const w of workloads) {
      for (let i = 0; i < (o.clients ?? 3); i++) {
        const p = process++;
        const c = new SqlClient(target, 5_000);
        clients.push(c);
        const crng = new SeededRng(rng.nextInt(2 ** 31));
        const h = histories[w];
        loops.push(
          (async () => {
            while (Date.now() < deadline) {
              if (w === 'bank') await bankStep(c, p, crng, h);
              else if (w === 'list-append') await listAppendStep(c, p, crng, listState, h);
              else if (w === 'set') await setStep(c, p, ++setValue, h);
              else if (w === 'raw-register') await rawRegisterStep(kv!, p, crng, h);
              else if (w === 'sequential') {
                // the first client writes, the others read
                if (i === 0) await sequentialWrite(kv!, p, seqState, h);
                else if (seqState.rounds === 0) await new Promise((r) => setTimeout(r, 50));
                else await sequentialRead(kv!, p, crng, seqState, h);
              }
              else await registerStep(c, p, crng, h);
            }
          })(),
        );
      }
    }
    await Promise.all(loops);
    await nemesis?.stop();
    const healed = Date.now();
    log('healed; waiting for every table to answer');
    const reader = new SqlClient(target, 10_000);
    clients.push(reader);
    for (const t of [['bank', 'bank'], ['list-append', 'lists'], ['set', 'elements'], ['register', 'registers']] as const) {
      if (workloads.includes(t[0])) await until(`read ${t[1]}`, () => reader.query(`SELECT COUNT(*) FROM ${t[1]}`), 120_000);
    }
    const recoverySeconds = (Date.now() - healed) / 1000;

    const ops = Object.fromEntries(workloads.map((w) => [w, histories[w].counts()])) as JepsenReport['ops'];
    let forbidden = 0;
    const report: { -readonly [K in keyof JepsenReport]: JepsenReport[K] } = { seed: o.seed, ops, faults: nemesis?.counts(), recoverySeconds, forbidden: 0 };
    if (workloads.includes('bank')) {
      const finalRead = await until('final bank read', async () => {
        const rows = await reader.query<{ balance: number | string }[]>('SELECT balance FROM bank ORDER BY id');
        return rows.map((r) => Number(r.balance));
      }, 60_000);
      const extra: Op = { process: -1, f: 'bank-read', value: { balances: finalRead }, outcome: 'ok', invokedAt: 0, completedAt: 0 };
      report.bank = checkBank([...histories.bank.ops, extra]);
      forbidden += report.bank.wrongTotal + report.bank.negative;
    }
    if (workloads.includes('list-append')) {
      const finals = await until('final lists read', () => finalLists(reader), 60_000);
      const r = checkListAppend(histories['list-append'].ops as Op<'txn', Txn>[], finals);
      report.listAppend = { counts: r.counts, transactions: r.transactions, examples: r.anomalies.filter((a) => a.kind !== 'G2-item').slice(0, 3).map((a) => `${a.kind}: ${a.detail}`) };
      forbidden += Object.entries(r.counts).reduce((n, [k, v]) => n + (k === 'G2-item' ? 0 : v), 0);
    }
    if (workloads.includes('set')) {
      const final = await until('final set read', () => finalSet(reader), 60_000);
      report.set = checkSet(histories.set.ops, final);
      forbidden += report.set.lost + report.set.unexpected;
    }
    if (workloads.includes('register')) {
      const bad: string[] = [];
      let n = 0;
      for (let k = 0; k < REGISTER_KEYS; k++) {
        const h = registerHistory(histories.register.ops, k);
        const r = checkRegister(h);
        n += r.ops;
        if (!r.linearizable) bad.push(`key ${k}: ${r.detail ?? ''}\n    ${registerFinding(o.seed, 'register', k, h, histories.register.start, nemesis)}`);
      }
      report.register = { keys: REGISTER_KEYS, ops: n, nonLinearizable: bad };
      forbidden += bad.length;
    }
    if (workloads.includes('raw-register')) {
      const bad: string[] = [];
      let n = 0;
      for (let k = 0; k < RAW_REGISTER_KEYS; k++) {
        const h = registerHistory(histories['raw-register'].ops, k, 'raw');
        const r = checkRegister(h);
        n += r.ops;
        if (!r.linearizable) bad.push(`key ${k}: ${r.detail ?? ''}\n    ${registerFinding(o.seed, 'raw-register', k, h, histories['raw-register'].start, nemesis)}`);
      }
      report.rawRegister = { keys: RAW_REGISTER_KEYS, ops: n, nonLinearizable: bad };
      forbidden += bad.length;
    }
    if (workloads.includes('sequential')) {
      report.sequential = checkSequential(histories.sequential.ops);
      forbidden += report.sequential.anomalies;
    }
    report.forbidden = forbidden;
    return report;
  } finally {
    for (const c of clients) await c.close();
    await kv?.close();
    await cluster.stop();
  }
}

export function formatJepsenReport(r: JepsenReport): string {
  const lines = [`Jepsen-style run, seed ${r.seed}`, 'workload           ok    fail    info'];
  for (const [w, c] of Object.entries(r.ops)) lines.push(`${w.padEnd(13)}${String(c.ok).padStart(7)}${String(c.fail).padStart(8)}${String(c.info).padStart(8)}`);
  lines.push(`faults: ${r.faults ? Object.entries(r.faults).map(([k, v]) => `${k} ${v}`).join(', ') : 'none (no nemesis)'}`);
  lines.push(`recovery after heal: ${r.recoverySeconds.toFixed(1)} s`);
  if (r.bank) lines.push(`bank: ${r.bank.reads} reads, wrong totals ${r.bank.wrongTotal}, negative ${r.bank.negative}${r.bank.examples.length ? ` (${r.bank.examples.join('; ')})` : ''}`);
  if (r.listAppend) lines.push(`list-append: ${r.listAppend.transactions} txns; ${Object.entries(r.listAppend.counts).map(([k, v]) => `${k} ${v}`).join(', ')}${r.listAppend.examples.length ? `\n  ${r.listAppend.examples.join('\n  ')}` : ''}`);
  if (r.set) lines.push(`set: ${r.set.acknowledged} acknowledged, lost ${r.set.lost}, unexpected ${r.set.unexpected}, indeterminate found ${r.set.indeterminateFound}`);
  for (const [name, reg] of [['register (SQL)', r.register], ['register (raw)', r.rawRegister]] as const) {
    if (reg) lines.push(`${name}: ${reg.ops} ops on ${reg.keys} keys, non-linearizable keys ${reg.nonLinearizable.length}${reg.nonLinearizable.length ? `\n  ${reg.nonLinearizable.join('\n  ')}` : ''}`);
  }
  if (r.sequential) lines.push(`sequential: ${r.sequential.reads} reverse-order reads, later key seen with an earlier one missing ${r.sequential.anomalies}${r.sequential.examples.length ? `\n  ${r.sequential.examples.join('\n  ')}` : ''}`);
  lines.push(`anomalies snapshot isolation forbids: ${r.forbidden}`);
  return lines.join('\n');
}
