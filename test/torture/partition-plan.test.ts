// The nemesis's raft partitions as plans (torture/partition-plan.ts): for 3, 4 and 5 stores and
// many seeds, an isolated store exchanges nothing with anyone while the rest stay connected; a
// one-way partition cuts exactly one direction of one store's links; in a majority ring every store
// still reaches a majority (itself included) yet some links are cut; and a seed replays its plan.
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../kv/raft/rng.js';
import { cutLinks, planPartition, type PartitionKind } from '../../torture/partition-plan.js';

const SIZES = [3, 4, 5];
const SEEDS = Array.from({ length: 50 }, (_, i) => i * 7919 + 1);
const idsOf = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/** Stores each store can still talk to both ways (itself included). */
function reach(ids: number[], cut: string[]): Map<number, number[]> {
  const c = new Set(cut);
  return new Map(ids.map((a) => [a, ids.filter((b) => a === b || (!c.has(`${a}>${b}`) && !c.has(`${b}>${a}`)))]));
}

describe.each(SIZES)('raft partitions over %i stores', (n) => {
  const ids = idsOf(n);

  it('isolate: one store talks to nobody, the others to each other', () => {
    for (const seed of SEEDS) {
      const plan = planPartition('isolate', ids, new SeededRng(seed));
      const r = reach(ids, cutLinks(plan));
      const alone = ids.filter((s) => r.get(s)?.length === 1);
      expect(alone.length).toBe(1);
      for (const s of ids) if (s !== alone[0]) expect(r.get(s)).toEqual(ids.filter((x) => x !== alone[0]));
      expect(cutLinks(plan).length).toBe(2 * (n - 1));
    }
  });

  it('one-way: exactly one direction of one store\'s links is cut', () => {
    const seen = new Set<string>();
    for (const seed of SEEDS) {
      const plan = planPartition('one-way', ids, new SeededRng(seed));
      expect(plan.bodies.size).toBe(1);
      const links = cutLinks(plan);
      expect(links.length).toBe(n - 1);
      const victim = [...plan.bodies.keys()][0] as number;
      const outgoing = links.every((l) => l.startsWith(`${victim}>`));
      const incoming = links.every((l) => l.endsWith(`>${victim}`));
      expect(outgoing !== incoming).toBe(true);
      seen.add(outgoing ? 'out' : 'in');
    }
    expect([...seen].sort()).toEqual(['in', 'out']);
  });

  it('ring: every store still reaches a majority, not all the same one, and some link is cut', () => {
    for (const seed of SEEDS) {
      const plan = planPartition('ring', ids, new SeededRng(seed));
      const links = cutLinks(plan);
      expect(links.length).toBeGreaterThan(0);
      const r = reach(ids, links);
      for (const s of ids) expect(r.get(s)?.length, `${plan.description}: store ${s}`).toBeGreaterThanOrEqual(Math.floor(n / 2) + 1);
      expect(new Set([...r.values()].map((v) => v.join())).size).toBeGreaterThan(1);
      // cut both ways, on both sides
      for (const l of links) expect(links).toContain(l.split('>').reverse().join('>'));
    }
  });

  it.each(['isolate', 'one-way', 'ring'] as PartitionKind[])('%s: a seed replays the same plan', (kind) => {
    const a = planPartition(kind, ids, new SeededRng(42));
    const b = planPartition(kind, ids, new SeededRng(42));
    expect(b.description).toBe(a.description);
    expect([...b.bodies]).toEqual([...a.bodies]);
  });
});
