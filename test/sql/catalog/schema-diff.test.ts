// Schema diffs: each DDL step records which tables its version changed, so a server can tell a
// DML transaction whether a table it wrote changed; and the writer-side view of online states
// (which columns and indexes a writer must maintain in each state).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bumpSchemaVersionWithDiff,
  deletableIndexes,
  loadSchemaDiffs,
  publicColumns,
  publicIndexes,
  schemaVersion,
  writableColumns,
  writableIndexes,
  type ColumnInfo,
  type IndexInfo,
  type SchemaState,
  type TableInfo,
} from '../../../sql/catalog/index.js';
import { InProcessCluster } from '../../helpers/in-process-cluster.js';

describe('schema diffs', () => {
  let cluster: InProcessCluster;

  beforeAll(async () => {
    cluster = await InProcessCluster.start(1);
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('records the tables each version changed, read back by version range', async () => {
    const c = await cluster.client();
    const versions: bigint[] = [];
    for (const ids of [[1], [2, 3], [], [3, 3]]) {
      const txn = await c.txn.begin();
      versions.push(await bumpSchemaVersionWithDiff(txn, ids));
      await txn.commit();
    }
    const read = await c.txn.begin();
    expect(await schemaVersion(read)).toBe(versions[3]);
    const first = versions[0] ?? 0n;
    const diffs = await loadSchemaDiffs(read, first, first + 3n);
    await read.rollback();
    expect([...diffs.entries()].map(([v, d]) => [v - first, [...d.tableIds]])).toEqual([
      [1n, [2, 3]],
      [2n, []],
      [3n, [3]],
    ]);
  });
});

describe('what a writer maintains in each online state', () => {
  const col = (id: number, state: SchemaState): ColumnInfo => ({
    id,
    name: `c${id}`,
    type: { kind: 'int', unsigned: false, nullable: true },
    default: { kind: 'null' },
    autoIncrement: false,
    onUpdateNow: false,
    comment: '',
    state,
  });
  const idx = (id: number, state: SchemaState): IndexInfo => ({ id, name: `i${id}`, columns: [{ name: 'c1', columnId: 1 }], unique: false, primary: false, state, comment: '' });
  const states: SchemaState[] = ['delete-only', 'write-only', 'write-reorg', 'public'];
  const t = {
    columns: states.map((s, i) => col(i + 1, s)),
    indexes: states.map((s, i) => idx(i + 1, s)),
  } as unknown as TableInfo;

  it('delete-only objects are only cleaned up; write-only and later are written; only public is read', () => {
    expect(publicColumns(t).map((c) => c.state)).toEqual(['public']);
    expect(writableColumns(t).map((c) => c.state)).toEqual(['write-only', 'write-reorg', 'public']);
    expect(publicIndexes(t).map((i) => i.state)).toEqual(['public']);
    expect(writableIndexes(t).map((i) => i.state)).toEqual(['write-only', 'write-reorg', 'public']);
    expect(deletableIndexes(t).map((i) => i.state)).toEqual(states);
  });
});
