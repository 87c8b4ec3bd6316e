// Register over the raw KV API (no SQL, no transactions): get, put and compare-and-swap on a few
// independent keys through kv/client, straight to the stores over gRPC. Checked per key for
// linearizability, like the SQL register. Any error may have happened after the store applied the
// write, so every error is indeterminate (info).
import type { StrataClient } from '../../kv/client/index.js';
import type { SeededRng } from '../../kv/raft/rng.js';
import type { RegisterValue } from '../checkers/linearizable.js';
import type { HistoryRecorder } from '../history.js';

export const RAW_REGISTER_KEYS = 4;

const key = (k: number): Buffer => Buffer.from(`torture-register-${k}`);
const decode = (b: Buffer | undefined): RegisterValue => (b === undefined ? null : Number(b.toString()));
const encode = (v: number): Buffer => Buffer.from(String(v));

class CasFailed extends Error {}

export async function rawRegisterStep(client: StrataClient, process: number, rng: SeededRng, h: HistoryRecorder<string, unknown>): Promise<void> {
  const k = rng.nextInt(RAW_REGISTER_KEYS);
  const f = rng.pick(['read', 'write', 'cas'] as const);
  const v = rng.nextInt(5);
  if (f === 'read') {
    await h.run(process, `raw-${k}-read`, null, async () => decode(await client.raw.get(key(k))));
  } else if (f === 'write') {
    await h.run(process, `raw-${k}-write`, v, async () => {
      await client.raw.put(key(k), encode(v));
      return v;
    });
  } else {
    const old = rng.chance(0.2) ? null : rng.nextInt(5);
    await h.run(
      process,
      `raw-${k}-cas`,
      [old, v],
      async () => {
        const r = await client.raw.compareAndSwap(key(k), old === null ? undefined : encode(old), encode(v));
        if (!r.succeeded) throw new CasFailed();
        return [old, v] as const;
      },
      (err) => (err instanceof CasFailed ? 'fail' : 'info'),
    );
  }
}
