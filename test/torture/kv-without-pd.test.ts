// kv-without-pd: every store killed -9, PD paused past the 10 s retry window while the stores
// start again, then PD resumed — the cluster serves again by itself and nothing acknowledged is lost.
import { describe, expect, it } from 'vitest';
import { runKvWithoutPd } from '../../torture/kv-without-pd.js';

describe('kv-without-pd', () => {
  it('comes back by itself with every acknowledged write', async () => {
    const r = await runKvWithoutPd({ log: (l) => console.log(l) });
    console.log(`kv-without-pd: ${r.written} written, ${r.lost} lost, serving ${r.recoverySeconds.toFixed(1)} s after PD resumed, ${r.storesThatGaveUp} stores gave up`);
    expect(r.lost).toBe(0);
    expect(r.storesThatGaveUp).toBe(0);
  }, 180_000);
});
