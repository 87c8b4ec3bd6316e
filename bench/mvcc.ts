// MVCC benchmark (issue "Foundation"): in-process Percolator over LevelDB, beside the raw
// classic-level put/get rate of the same machine in the same run.
//
//   npm run bench -- mvcc [--n 20000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { TxnStore } from '../kv/mvcc/index.js';
import { LevelDbEngine } from '../kv/storage/index.js';
import type { Mutation, TimeStamp } from '../kv/txn-types.js';
import { TimestampOracle } from '../pd/tso/index.js';
import { measure, progress, table } from './harness.js';

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

const key = (i: number): Buffer => Buffer.from(`user${String(i).padStart(10, '0')}`);
const VALUE = Buffer.alloc(100, 0x61);

export async function run(args: string[]): Promise<void> {
  const n = arg(args, 'n', 20000);
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-mvcc-'));
  try {
    // Raw classic-level, the floor.
    progress('raw classic-level put/get');
    const raw = new ClassicLevel<Buffer, Buffer>(join(dir, 'raw'), { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    await raw.open();
    const rawPut = await measure(n, (i) => raw.put(key(i), VALUE));
    const rawGet = await measure(n, (i) => raw.get(key(i % n)));
    await raw.close();

    const engine = await LevelDbEngine.open(join(dir, 'mvcc'));
    const store = new TxnStore(engine);
    const tso = await TimestampOracle.open({ loadTimestampBound: async () => undefined, saveTimestampBound: async () => undefined });

    const txn = async (keys: Buffer[]): Promise<void> => {
      const startTs = await tso.getTs();
      const mutations: Mutation[] = keys.map((k) => ({ op: 'put', key: k, value: VALUE }));
      const r = await store.prewrite(mutations, { startTs, primary: keys[0] as Buffer, ttl: 3000 });
      if (r.locked.length > 0) throw new Error('unexpected lock');
      const commitTs = await tso.getTs();
      await store.commit([keys[0] as Buffer], startTs, commitTs);
      if (keys.length > 1) await store.commit(keys.slice(1), startTs, commitTs);
    };

    progress(`1-key transactions (${n})`);
    const t1 = await measure(n, (i) => txn([key(i)]));
    progress(`16-key transactions (${Math.floor(n / 16)})`);
    const t16 = await measure(Math.floor(n / 16), (i) => txn(Array.from({ length: 16 }, (_, j) => key(n + i * 16 + j))));
    const t16c = await measure(Math.floor(n / 16), (i) => txn(Array.from({ length: 16 }, (_, j) => key(3 * n + i * 16 + j))), 16);

    progress('point gets at a snapshot');
    const readTs: TimeStamp = await tso.getTs();
    const get = await measure(n, (i) => store.get(key(i % n), readTs));
    const get16 = await measure(n, (i) => store.get(key(i % n), readTs), 16);

    progress('scan of 100k versions');
    // 100k versions: 25k keys x 4 versions each.
    const scanKeys = 25_000;
    for (let v = 0; v < 4; v++) {
      for (let b = 0; b < scanKeys; b += 500) {
        const keys = Array.from({ length: 500 }, (_, j) => Buffer.from(`scan${String(b + j).padStart(8, '0')}`));
        await txn(keys);
      }
    }
    const scanTs = await tso.getTs();
    const start = process.hrtime.bigint();
    let rows = 0;
    let lower: Buffer | undefined = Buffer.from('scan');
    for (;;) {
      const page = await store.scan({ lower, upper: Buffer.from('scao'), readTs: scanTs, limit: 1024 });
      rows += page.length;
      if (page.length < 1024) break;
      lower = Buffer.concat([page[page.length - 1]?.key as Uint8Array, Buffer.of(0)]);
    }
    const scanSec = Number(process.hrtime.bigint() - start) / 1e9;
    await engine.close();

    console.log(`\nMVCC over LevelDB, ${n} ops per figure, 100-byte values (node ${process.version})\n`);
    console.log(
      table(
        ['workload', 'ops/s', 'vs raw classic-level'],
        [
          ['raw classic-level put', rawPut.perSecond, '1.00'],
          ['raw classic-level get', rawGet.perSecond, '1.00'],
          ['txn prewrite+commit, 1 key', t1.perSecond, `${(t1.perSecond / rawPut.perSecond).toFixed(2)} of put`],
          ['txn prewrite+commit, 16 keys (txns/s)', t16.perSecond, `${((t16.perSecond * 16) / rawPut.perSecond).toFixed(2)} of put (per key)`],
          ['txn 16 keys, 16 concurrent (txns/s)', t16c.perSecond, `${((t16c.perSecond * 16) / rawPut.perSecond).toFixed(2)} of put (per key)`],
          ['get at snapshot', get.perSecond, `${(get.perSecond / rawGet.perSecond).toFixed(2)} of get`],
          ['get at snapshot, 16 concurrent', get16.perSecond, `${(get16.perSecond / rawGet.perSecond).toFixed(2)} of get`],
          [`scan ${rows} visible keys over 100k versions (versions/s)`, 100_000 / scanSec, ''],
        ],
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
