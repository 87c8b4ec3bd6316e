// The raft partitions the nemesis injects, as plans: for each store, the body it POSTs to that
// store's `/fail/partition` fail-point (kv/raftstore/partition-failpoint.ts: `drop` both ways,
// `to` outgoing only, `from` incoming only). Pure: store ids and a seeded generator in, a plan out,
// so a seed replays the same partitions. The nemesis (nemesis.ts) applies a plan and heals it by
// sending `{ "drop": [] }` to every store.
//
//   isolate    one store cut off from all others, both ways, set on both sides:
//                  a ✕ b, a ✕ c            (b ↔ c still talk: the majority)
//   one-way    one store's links cut in one direction only, set on that store alone:
//                  a → b, a → c dropped    (a still hears b and c)     or the reverse
//   ring       every store keeps links to a majority, but not the same one (Jepsen's
//              majorities ring); with 3 stores, one pair cut both ways and the third a bridge:
//                  a ✕ c, a ↔ b ↔ c
import type { SeededRng } from '../kv/raft/rng.js';

export type PartitionKind = 'isolate' | 'one-way' | 'ring';

export interface PartitionBody {
  readonly drop?: readonly number[];
  readonly to?: readonly number[];
  readonly from?: readonly number[];
}

export interface PartitionPlan {
  readonly kind: PartitionKind;
  /** One line for the log, in store ids. */
  readonly description: string;
  /** Store id → the body for its fail-point (stores not listed are left alone). */
  readonly bodies: ReadonlyMap<number, PartitionBody>;
}

/** Pairs of stores that can no longer exchange raft messages in each direction, for tests and logs:
 *  `a>b` means a's messages do not reach b. */
export function cutLinks(plan: PartitionPlan): string[] {
  const cut = new Set<string>();
  for (const [self, b] of plan.bodies) {
    for (const o of [...(b.drop ?? []), ...(b.to ?? [])]) cut.add(`${self}>${o}`);
    for (const o of [...(b.drop ?? []), ...(b.from ?? [])]) cut.add(`${o}>${self}`);
  }
  return [...cut].sort();
}

export function planPartition(kind: PartitionKind, storeIds: readonly number[], rng: SeededRng): PartitionPlan {
  if (storeIds.length < 2) throw new RangeError('a partition needs at least two stores');
  const bodies = new Map<number, PartitionBody>();
  if (kind === 'isolate') {
    const victim = rng.pick(storeIds);
    const others = storeIds.filter((s) => s !== victim);
    bodies.set(victim, { drop: others });
    for (const o of others) bodies.set(o, { drop: [victim] });
    return { kind, description: `store ${victim} cut off from ${others.join(', ')} both ways`, bodies };
  }
  if (kind === 'one-way') {
    const victim = rng.pick(storeIds);
    const others = storeIds.filter((s) => s !== victim);
    const deaf = rng.chance(0.5);
    bodies.set(victim, deaf ? { from: others } : { to: others });
    return {
      kind,
      description: deaf ? `store ${victim} hears nothing from ${others.join(', ')} (they still hear it)` : `store ${victim}'s messages to ${others.join(', ')} are dropped (it still hears them)`,
      bodies,
    };
  }
  // ring: stores in a shuffled circle, each linked to those within `reach` places either way, so
  // each sees itself and 2·reach others ≥ a majority. When that links everyone (3 stores), one
  // adjacent pair of the circle is cut, leaving the store between them as the only bridge.
  const ring = rng.shuffle([...storeIds]);
  const n = ring.length;
  const majority = Math.floor(n / 2) + 1;
  const reach = Math.ceil((majority - 1) / 2);
  const linked = (i: number, j: number): boolean => {
    const d = Math.abs(i - j);
    return Math.min(d, n - d) <= reach;
  };
  const cut = new Map<number, number[]>(ring.map((s) => [s, []]));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && !linked(i, j)) cut.get(ring[i] as number)?.push(ring[j] as number);
  if ([...cut.values()].every((c) => c.length === 0)) {
    const a = ring[0] as number;
    const b = ring[1] as number;
    cut.get(a)?.push(b);
    cut.get(b)?.push(a);
  }
  for (const [s, c] of cut) if (c.length > 0) bodies.set(s, { drop: c.sort((x, y) => x - y) });
  const pairs = [...cut].flatMap(([s, c]) => c.filter((o) => o > s).map((o) => `${s}✕${o}`));
  return { kind, description: `majority ring ${ring.join('-')}: ${pairs.join(', ')} cut both ways`, bodies };
}
