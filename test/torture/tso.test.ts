// The short tso workload: four clients fetch timestamps while PD is killed -9 and restarted every
// few seconds; no timestamp is handed out twice or below one handed out before its fetch began.
import { describe, expect, it } from 'vitest';
import { formatTsoReport, runTso } from '../../torture/tso.js';

describe('tso under PD crashes', () => {
  it('stays unique and increasing in real time across kill -9 and restart of PD', async () => {
    const r = await runTso({ durationMs: 15_000, upMs: 2500, downMs: 800 });
    console.log(formatTsoReport(r));
    expect(r.pdKills).toBeGreaterThan(1);
    expect(r.ok).toBeGreaterThan(100);
    expect({ duplicates: r.duplicates, reorderings: r.reorderings, examples: r.examples }).toEqual({ duplicates: 0, reorderings: 0, examples: [] });
  }, 120_000);
});
