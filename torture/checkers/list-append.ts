// Elle's list-append checker (Kingsbury & Alvaro, "Elle: Inferring Isolation Anomalies from
// Experimental Observations"). Transactions append unique values to lists and read whole lists,
// so every read reveals the order of the appends before it: the longest read of a key is that
// key's version order, and every other read must be a prefix of it. From that order:
//   ww  T1 → T2  T2 appended the value right after T1's in a key's order;
//   wr  T1 → T2  T2 read a list whose last value T1 appended;
//   rw  T1 → T2  T1 read a list that T2's append (the next value) was not yet in.
// Anomalies: G1a (a read saw an append of a failed transaction), G1b (a read ended on a value its
// transaction later overwrote with another append to the same key), incompatible orders (two reads
// neither a prefix of the other), and cycles, by the fewest anti-dependencies they need: G0 (ww
// only), G1c (ww + wr), G-single (exactly one rw), G2-item (two or more). Snapshot isolation
// forbids all but G2-item; a lost append (acknowledged, missing from the final read) is counted too.
import type { Op } from '../history.js';

export type Micro = readonly ['append', string, number] | readonly ['r', string, readonly number[] | null];
export type Txn = readonly Micro[];

export type AnomalyKind = 'G0' | 'G1a' | 'G1b' | 'G1c' | 'G-single' | 'G2-item' | 'incompatible-order' | 'lost-append' | 'duplicate-append';

export interface Anomaly {
  readonly kind: AnomalyKind;
  readonly detail: string;
}

export interface ListAppendResult {
  readonly counts: Record<AnomalyKind, number>;
  readonly anomalies: readonly Anomaly[];
  /** Acknowledged transactions checked. */
  readonly transactions: number;
}

type Edge = 'ww' | 'wr' | 'rw';

export function checkListAppend(history: readonly Op<'txn', Txn>[], finalReads?: ReadonlyMap<string, readonly number[]>): ListAppendResult {
  const anomalies: Anomaly[] = [];
  const add = (kind: AnomalyKind, detail: string): void => void anomalies.push({ kind, detail });

  // Who appended each value, and whether that transaction failed.
  const writer = new Map<string, number>(); // `${key}/${value}` → txn index
  const failedWrites = new Set<string>();
  const txns = history.filter((op) => op.f === 'txn');
  txns.forEach((op, i) => {
    for (const m of op.value) {
      if (m[0] !== 'append') continue;
      const id = `${m[1]}/${m[2]}`;
      if (op.outcome === 'fail') failedWrites.add(id);
      else writer.set(id, i);
    }
  });

  // Version order per key: the longest list any ok read (or the final read) saw.
  const orders = new Map<string, readonly number[]>();
  const reads: { txn: number; key: string; list: readonly number[] }[] = [];
  txns.forEach((op, i) => {
    if (op.outcome !== 'ok') return;
    for (const m of op.value) if (m[0] === 'r' && m[2] !== null) reads.push({ txn: i, key: m[1], list: m[2] });
  });
  const observe = (key: string, list: readonly number[]): void => {
    const cur = orders.get(key) ?? [];
    const [short, long] = cur.length <= list.length ? [cur, list] : [list, cur];
    if (!short.every((v, j) => long[j] === v)) {
      add('incompatible-order', `key ${key}: [${cur.join(' ')}] and [${list.join(' ')}] are not prefixes of one another`);
      return;
    }
    orders.set(key, long);
  };
  for (const r of reads) observe(r.key, r.list);
  for (const [k, list] of finalReads ?? []) observe(k, list);
  for (const [k, list] of orders) if (new Set(list).size !== list.length) add('duplicate-append', `key ${k}: a value appears twice in [${list.join(' ')}]`);

  // Aborted and intermediate reads.
  for (const r of reads) {
    for (const v of r.list) if (failedWrites.has(`${r.key}/${v}`)) add('G1a', `txn ${r.txn} read ${r.key}=[${r.list.join(' ')}] holding ${v}, appended by a failed transaction`);
    const last = r.list[r.list.length - 1];
    if (last === undefined) continue;
    const w = writer.get(`${r.key}/${last}`);
    if (w === undefined || w === r.txn) continue;
    const appendsOfW = txns[w]!.value.filter((m) => m[0] === 'append' && m[1] === r.key).map((m) => m[2] as number);
    if (appendsOfW.length > 1 && appendsOfW[appendsOfW.length - 1] !== last) add('G1b', `txn ${r.txn} read ${r.key} ending at ${last}, an intermediate append of txn ${w}`);
  }

  // Lost appends: acknowledged, yet missing from the final read of their key.
  if (finalReads) {
    txns.forEach((op) => {
      if (op.outcome !== 'ok') return;
      for (const m of op.value) if (m[0] === 'append' && !(finalReads.get(m[1]) ?? []).includes(m[2])) add('lost-append', `append ${m[2]} to ${m[1]} was acknowledged and is not in the final read`);
    });
  }

  // The dependency graph.
  const edges = new Map<number, Map<number, Set<Edge>>>();
  const link = (a: number, b: number, e: Edge): void => {
    if (a === b) return;
    let out = edges.get(a);
    if (!out) edges.set(a, (out = new Map()));
    let kinds = out.get(b);
    if (!kinds) out.set(b, (kinds = new Set()));
    kinds.add(e);
  };
  for (const [key, order] of orders) {
    for (let j = 0; j + 1 < order.length; j++) {
      const a = writer.get(`${key}/${order[j]}`);
      const b = writer.get(`${key}/${order[j + 1]}`);
      if (a !== undefined && b !== undefined) link(a, b, 'ww');
    }
  }
  for (const r of reads) {
    const order = orders.get(r.key) ?? [];
    const last = r.list[r.list.length - 1];
    if (last !== undefined) {
      const w = writer.get(`${r.key}/${last}`);
      if (w !== undefined) link(w, r.txn, 'wr');
    }
    const next = order[r.list.length];
    if (next !== undefined) {
      const w = writer.get(`${r.key}/${next}`);
      // a read that stopped inside one transaction's appends is G1b already, not also a cycle
      const lastWriter = last !== undefined ? writer.get(`${r.key}/${last}`) : undefined;
      if (w !== undefined && w !== lastWriter) link(r.txn, w, 'rw');
    }
  }

  for (const a of classifyCycles(edges)) add(a.kind, a.detail);
  const counts = Object.fromEntries((['G0', 'G1a', 'G1b', 'G1c', 'G-single', 'G2-item', 'incompatible-order', 'lost-append', 'duplicate-append'] as const).map((k) => [k, 0])) as Record<AnomalyKind, number>;
  for (const a of anomalies) counts[a.kind]++;
  return { counts, anomalies, transactions: txns.filter((t) => t.outcome === 'ok').length };
}

/** Cycles by the weakest class that explains them, one anomaly per strongly connected component
 *  of the full graph (a component can hold many cycles; one report is enough to act on). */
function classifyCycles(edges: Map<number, Map<number, Set<Edge>>>): Anomaly[] {
  const out: Anomaly[] = [];
  for (const scc of components(edges)) {
    if (scc.length < 2) continue;
    const inScc = new Set(scc);
    const allowed = (kinds: readonly Edge[]) => (a: number, b: number): boolean => {
      const k = edges.get(a)?.get(b);
      return inScc.has(b) && k !== undefined && kinds.some((e) => k.has(e));
    };
    const ww = allowed(['ww']);
    const wwwr = allowed(['ww', 'wr']);
    const cycleWith = (ok: (a: number, b: number) => boolean): number[] | undefined => {
      for (const s of scc) {
        const path = findPath(edges, s, s, ok);
        if (path) return path;
      }
      return undefined;
    };
    let c = cycleWith(ww);
    if (c) {
      out.push({ kind: 'G0', detail: `write cycle ${c.join(' → ')}` });
      continue;
    }
    c = cycleWith(wwwr);
    if (c) {
      out.push({ kind: 'G1c', detail: `write/read cycle ${c.join(' → ')}` });
      continue;
    }
    // exactly one anti-dependency: an rw edge a → b closed by a ww/wr path b → … → a
    let single: number[] | undefined;
    for (const a of scc) {
      for (const [b, kinds] of edges.get(a) ?? []) {
        if (!inScc.has(b) || !kinds.has('rw')) continue;
        const back = findPath(edges, b, a, wwwr);
        if (back) {
          single = [a, ...back];
          break;
        }
      }
      if (single) break;
    }
    if (single) out.push({ kind: 'G-single', detail: `cycle with one anti-dependency ${single.join(' → ')}` });
    else out.push({ kind: 'G2-item', detail: `cycle through ${scc.length} transactions needing two or more anti-dependencies` });
  }
  return out;
}

/** A path from `from` to `to` (at least one edge) using edges `ok` admits; BFS, so shortest. */
function findPath(edges: Map<number, Map<number, Set<Edge>>>, from: number, to: number, ok: (a: number, b: number) => boolean): number[] | undefined {
  const prev = new Map<number, number>();
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const a = queue[i]!;
    for (const b of edges.get(a)?.keys() ?? []) {
      if (!ok(a, b)) continue;
      if (b === to) {
        const path = [to, a];
        for (let x = a; x !== from; ) {
          x = prev.get(x)!;
          path.push(x);
        }
        return path.reverse();
      }
      if (prev.has(b) || b === from) continue;
      prev.set(b, a);
      queue.push(b);
    }
  }
  return undefined;
}

/** Tarjan's strongly connected components, iteratively (histories can be long). */
function components(edges: Map<number, Map<number, Set<Edge>>>): number[][] {
  const nodes = new Set<number>();
  for (const [a, out] of edges) {
    nodes.add(a);
    for (const b of out.keys()) nodes.add(b);
  }
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const result: number[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: [number, Iterator<number>][] = [];
    const enter = (v: number): void => {
      index.set(v, counter);
      low.set(v, counter++);
      stack.push(v);
      onStack.add(v);
      work.push([v, (edges.get(v)?.keys() ?? [][Symbol.iterator]()) as Iterator<number>]);
    };
    enter(root);
    while (work.length) {
      const [v, it] = work[work.length - 1]!;
      const n = it.next();
      if (!n.done) {
        const w = n.value;
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]![0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const comp: number[] = [];
        for (;;) {
          const w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
          if (w === v) break;
        }
        result.push(comp);
      }
    }
  }
  return result;
}
