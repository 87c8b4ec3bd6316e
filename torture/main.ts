// `npm run torture -- <name> [options]`: the long versions of the reliability checks whose short
// versions run in `npm test`. Each prints a summary table; the exit code is 1 when anything was
// found, so a finding is never missed in a log.
//
//   jepsen [--seconds 300] [--seeds 1] [--seed N] [--workloads bank,list-append,set,register]
//          [--interval-ms 4000] [--hold-ms 3000] [--faults kill-pd,partition-ring,…] [--no-nemesis]
//     bank, list-append (Elle), set and register (linearizability) workloads through mysql2 on PD +
//     3 `strata kv --raft` + `strata sql` processes, under the nemesis's faults (all kinds of
//     torture/nemesis.ts by default: kill -9 / SIGSTOP of stores, kill -9 of PD, raft partitions,
//     leader shuffles and splits through PD).
//   tso [--seconds 60]
//     timestamps fetched by 4 clients while PD is killed -9 and restarted every few seconds.
//   kv-without-pd [--pause-ms 15000]
//     every store killed and PD paused past the retry window while they restart; nothing lost.
//   sql-oracles [--seconds 120] [--seeds 3] [--seed N] [--mysql HOST:PORT]
//     SQLancer's TLP / NoREC / plan-equivalence oracles: against an in-process SQL engine on a
//     fresh PD + KV (default), or a running MySQL-protocol server (--mysql, user root).
import mysql from 'mysql2/promise';
import { startBenchCluster } from '../bench/servers.js';
import { SqlEngine } from '../sql/session/engine.js';
import { mysql2Connection, sessionConnection, type OracleConnection } from './sql-oracles/connection.js';
import { formatReport, runCampaign } from './sql-oracles/run.js';
import { formatJepsenReport, runJepsen, WORKLOADS, type WorkloadName } from './jepsen.js';
import { FAULT_KINDS, type FaultKind } from './nemesis.js';
import { formatTsoReport, runTso } from './tso.js';
import { runKvWithoutPd } from './kv-without-pd.js';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function sqlOracles(args: string[]): Promise<boolean> {
  const seconds = Number(option(args, 'seconds') ?? 120);
  const fixed = option(args, 'seed');
  const seeds = fixed !== undefined ? [Number(fixed)] : Array.from({ length: Number(option(args, 'seeds') ?? 3) }, () => Math.floor(Math.random() * 2 ** 31));
  const target = option(args, 'mysql');
  let conn: OracleConnection;
  let stop: () => Promise<void>;
  if (target) {
    const [host = '127.0.0.1', port = '4000'] = target.split(':');
    const c = await mysql.createConnection({ host, port: Number(port), user: 'root', multipleStatements: false });
    conn = mysql2Connection(c);
    stop = () => conn.close();
  } else {
    const cluster = await startBenchCluster('torture');
    const engine = await SqlEngine.start({ client: cluster.client, schemaLeaseMs: 500 });
    conn = sessionConnection(await engine.openSession());
    stop = async () => {
      await conn.close();
      await engine.close();
      await cluster.stop();
    };
  }
  let found = 0;
  try {
    for (const seed of seeds) {
      process.stderr.write(`… seed ${seed}: ${Math.round(seconds / seeds.length)} s\n`);
      const report = await runCampaign(conn, { seed, timeMs: (seconds * 1000) / seeds.length, checksPerRound: 20 });
      console.log(formatReport(report));
      found += report.findings.length;
    }
  } finally {
    await stop();
  }
  return found === 0;
}

async function jepsen(args: string[]): Promise<boolean> {
  const seconds = Number(option(args, 'seconds') ?? 300);
  const fixed = option(args, 'seed');
  const seeds = fixed !== undefined ? [Number(fixed)] : Array.from({ length: Number(option(args, 'seeds') ?? 1) }, () => Math.floor(Math.random() * 2 ** 31));
  const workloads = (option(args, 'workloads')?.split(',') ?? WORKLOADS) as WorkloadName[];
  const faults = option(args, 'faults')?.split(',') ?? FAULT_KINDS;
  const unknown = faults.filter((f) => !(FAULT_KINDS as readonly string[]).includes(f));
  if (unknown.length > 0) throw new Error(`unknown fault kind(s) ${unknown.join(', ')}; known: ${FAULT_KINDS.join(', ')}`);
  const nemesis = args.includes('--no-nemesis')
    ? false
    : { intervalMs: Number(option(args, 'interval-ms') ?? 4000), holdMs: Number(option(args, 'hold-ms') ?? 3000), kinds: faults as FaultKind[] };
  let forbidden = 0;
  for (const seed of seeds) {
    process.stderr.write(`… seed ${seed}: ${Math.round(seconds / seeds.length)} s of ${workloads.join(', ')}\n`);
    const report = await runJepsen({ seed, durationMs: (seconds * 1000) / seeds.length, workloads, nemesis, log: (l) => process.stderr.write(`… ${l}\n`) });
    console.log(formatJepsenReport(report));
    forbidden += report.forbidden;
  }
  return forbidden === 0;
}

async function tso(args: string[]): Promise<boolean> {
  const r = await runTso({ durationMs: Number(option(args, 'seconds') ?? 60) * 1000, log: (l) => process.stderr.write(`… ${l}\n`) });
  console.log(formatTsoReport(r));
  return r.duplicates === 0 && r.reorderings === 0;
}

async function kvWithoutPd(args: string[]): Promise<boolean> {
  const r = await runKvWithoutPd({ pdPauseMs: Number(option(args, 'pause-ms') ?? 15_000), keys: 1000, log: (l) => process.stderr.write(`… ${l}\n`) });
  console.log(`kv-without-pd: ${r.written} written, ${r.lost} lost; serving ${r.recoverySeconds.toFixed(1)} s after PD resumed; stores that gave up while PD was away: ${r.storesThatGaveUp}`);
  return r.lost === 0 && r.storesThatGaveUp === 0;
}

const commands: Record<string, { summary: string; run(args: string[]): Promise<boolean> }> = {
  'kv-without-pd': { summary: 'all stores killed, PD paused past the retry window, everything back by itself', run: kvWithoutPd },
  tso: { summary: 'timestamps stay unique and increasing while PD is killed and restarted', run: tso },
  jepsen: { summary: 'bank, list-append, set and register workloads on a raft cluster of processes under a nemesis', run: jepsen },
  'sql-oracles': { summary: 'TLP, NoREC and plan-equivalence oracles on random schemas and queries', run: sqlOracles },
};

const [name, ...rest] = process.argv.slice(2);
const cmd = name ? commands[name] : undefined;
if (!cmd) {
  console.log('usage: npm run torture -- <name> [options]\n\nchecks:');
  for (const [n, c] of Object.entries(commands)) console.log(`  ${n.padEnd(12)}${c.summary}`);
  process.exitCode = name ? 2 : 0;
} else if (!(await cmd.run(rest))) {
  process.exitCode = 1;
}
