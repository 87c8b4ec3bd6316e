// SQLancer's oracles against the SQL engine (in-process cluster, each table split over regions so
// pushed-down plans really fan out): random schemas with NULLs and duplicates, random predicates,
// TLP (WHERE, DISTINCT, aggregates, HAVING), NoREC and plan equivalence (pushdown on/off, index vs
// full scan). No mismatch and no internal error is allowed. The seed is printed; a failure
// replays with STRATA_ORACLE_SEED=<seed>. `npm run torture -- sql-oracles` runs it for longer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toInternal } from '../../../kv/meta.js';
import { rowKey } from '../../../sql/codec/index.js';
import { sessionConnection, type OracleConnection } from '../../../torture/sql-oracles/connection.js';
import { formatReport, runCampaign } from '../../../torture/sql-oracles/run.js';
import { TestSql } from '../../helpers/sql.js';

let sql: TestSql;
let conn: OracleConnection;

beforeAll(async () => {
  sql = await TestSql.start();
  conn = sessionConnection(await sql.session());
}, 60_000);

afterAll(async () => {
  await conn?.close();
  await sql?.stop();
});

describe('SQL logic oracles', () => {
  it('find no mismatch and no internal error on random schemas and queries', async () => {
    const seed = Number(process.env.STRATA_ORACLE_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`SQL oracles seed ${seed} (replay: STRATA_ORACLE_SEED=${seed})`);
    const report = await runCampaign(conn, {
      seed,
      timeMs: Number(process.env.STRATA_ORACLE_MS ?? 25_000),
      checksPerRound: 8,
      afterSetup: async (db, tables) => {
        // rows 1..30: regions cut at ids 8, 16 and 24 of every table and its plain copy
        const info = sql.engine.syncer.infoSchema();
        const keys = [];
        for (const t of tables) {
          for (const name of [t.name, `${t.name}_plain`]) {
            const ti = info.table(db, name) ?? sql.engine.syncer.infoSchema().table(db, name);
            if (ti) keys.push(...[8n, 16n, 24n].map((h) => toInternal('txn', rowKey(BigInt(ti.id), h))));
          }
        }
        await sql.engine.client.splitRegions(keys);
      },
    });
    console.log(formatReport(report));
    const conclusive = Object.values(report.checks).reduce((n, c) => n + c.ok, 0);
    expect(report.rounds).toBeGreaterThan(0);
    expect(conclusive).toBeGreaterThan(50);
    expect(report.findings.map((f) => `${f.oracle} ${f.kind}: ${f.detail}\n${f.queries.join(';\n')}`)).toEqual([]);
  }, 120_000);
});
