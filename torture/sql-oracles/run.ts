// One oracle campaign: round after round, a fresh database with a random schema and rows, then
// every oracle checked on random queries over it, until the round or time budget is spent. All
// randomness comes from one printed seed, so a finding replays with `--seed`.
import { SeededRng } from '../../kv/raft/rng.js';
import type { OracleConnection } from './connection.js';
import { ORACLES, Oracles, type Finding, type OracleName } from './oracles.js';
import { randomSchema, schemaStatements, type TableDef } from './schema.js';

export interface CampaignOptions {
  readonly seed: number;
  /** Stop after this many rounds … */
  readonly rounds?: number;
  /** … or when this many milliseconds have passed, whichever comes first. */
  readonly timeMs?: number;
  /** Checks of each oracle per round. */
  readonly checksPerRound?: number;
  /** Called after a round's tables are filled (a test splits them into regions here). */
  readonly afterSetup?: (db: string, tables: readonly TableDef[]) => Promise<void>;
  /** The oracles to run (default all). */
  readonly oracles?: readonly OracleName[];
}

export interface CampaignReport {
  readonly seed: number;
  readonly rounds: number;
  /** Per oracle: conclusive checks and checks a MySQL error made inconclusive. */
  readonly checks: Record<OracleName, { ok: number; skipped: number }>;
  readonly findings: readonly (Finding & { round: number; schema: readonly string[] })[];
}

export async function runCampaign(conn: OracleConnection, o: CampaignOptions): Promise<CampaignReport> {
  const rng = new SeededRng(o.seed);
  const oracles = o.oracles ?? ORACLES;
  const checks = Object.fromEntries(ORACLES.map((n) => [n, { ok: 0, skipped: 0 }])) as Record<OracleName, { ok: number; skipped: number }>;
  const findings: (Finding & { round: number; schema: readonly string[] })[] = [];
  const deadline = o.timeMs !== undefined ? Date.now() + o.timeMs : Infinity;
  const maxRounds = o.rounds ?? Infinity;
  let round = 0;
  while (round < maxRounds && Date.now() < deadline) {
    round++;
    const db = `oracle_${o.seed}_${round}`;
    const tables = randomSchema(rng);
    const schema = schemaStatements(tables);
    await conn.query(`CREATE DATABASE ${db}`);
    await conn.query(`USE ${db}`);
    try {
      for (const stmt of schema) await conn.query(stmt);
      await o.afterSetup?.(db, tables);
      const runner = new Oracles(conn, rng, tables);
      for (let i = 0; i < (o.checksPerRound ?? 10) && Date.now() < deadline; i++) {
        for (const name of oracles) {
          const outcome = await runner.check(name);
          if (outcome === 'ok') checks[name].ok++;
          else if (outcome === 'skipped') checks[name].skipped++;
          else findings.push({ ...outcome, round, schema });
        }
      }
    } finally {
      await conn.query(`DROP DATABASE ${db}`);
    }
  }
  return { seed: o.seed, rounds: round, checks, findings };
}

/** The report as a table and the findings with what replays them. */
export function formatReport(r: CampaignReport): string {
  const lines = [`SQL oracles, seed ${r.seed}: ${r.rounds} rounds`, 'oracle          ok  skipped'];
  for (const [name, c] of Object.entries(r.checks)) lines.push(`${name.padEnd(14)}${String(c.ok).padStart(5)}${String(c.skipped).padStart(9)}`);
  lines.push(`findings: ${r.findings.length}`);
  for (const f of r.findings.slice(0, 10)) {
    lines.push(`--- ${f.oracle} ${f.kind} (round ${f.round}): ${f.detail}`);
    lines.push(...f.schema.map((s) => `  ${s};`));
    lines.push(...f.queries.map((q) => `  ${q};`));
  }
  return lines.join('\n');
}
