// The store's GC follows PD's safe point: once the safe point passes a newer version, older
// versions disappear (a read below the safe point no longer finds them), while what readers at
// or above the safe point see is untouched.
import { describe, expect, it } from 'vitest';
import { connect } from '../../../kv/client/index.js';
import { startKvServer } from '../../../kv/server/index.js';
import { startPdServer } from '../../../pd/server/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('GC driven by the PD safe point', () => {
  it('drops versions below the safe point and keeps the newest visible one', async () => {
    const dir = tempDir();
    const pd = await startPdServer({ dataDir: `${dir}/pd`, grpcAddr: '127.0.0.1:0', httpAddr: '127.0.0.1:0' });
    const kv = await startKvServer({ pd: `127.0.0.1:${pd.grpcPort}`, dataDir: `${dir}/kv`, addr: '127.0.0.1:0', statusAddr: '127.0.0.1:0', gcIntervalMs: 100, heartbeatMs: 200 });
    const client = await connect({ pd: `127.0.0.1:${pd.grpcPort}` });
    try {
      const write = async (v: string): Promise<void> => {
        const t = await client.txn.begin();
        t.set(Buffer.from('k'), Buffer.from(v));
        await t.commit();
      };
      await write('v1');
      const between = await client.pd.getTs();
      await write('v2');
      const old = client.txn.snapshot(between);
      expect(Buffer.from((await old.get(Buffer.from('k'))) ?? '').toString()).toBe('v1');

      const safePoint = await client.pd.getTs();
      await client.pd.updateGcSafePoint(safePoint);
      let gone = false;
      for (let i = 0; i < 100 && !gone; i++) {
        await new Promise((r) => setTimeout(r, 100));
        gone = (await client.txn.snapshot(between).get(Buffer.from('k'))) === undefined;
      }
      expect(gone).toBe(true);
      expect(Buffer.from((await client.txn.snapshot(safePoint).get(Buffer.from('k'))) ?? '').toString()).toBe('v2');
      const latest = await client.txn.begin();
      expect(Buffer.from((await latest.get(Buffer.from('k'))) ?? '').toString()).toBe('v2');
      await latest.rollback();
    } finally {
      await client.close();
      await kv.stop();
      await pd.stop();
    }
  });
});
