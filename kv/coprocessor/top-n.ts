// TopN: the first `limit` rows by the ORDER BY items, per region (the SQL server merges the
// regions' answers with its own TopN). Batches are buffered until about twice the limit has
// arrived, then sorted by their evaluated keys and cut back to the limit, so memory stays
// O(limit + batch) and the sorting work O(n log limit) overall. Ties keep arrival order.
import type { CopByItem, CopFieldType } from '../cop-types.js';
import { valueComparator, type ValueComparator } from './compare.js';
import type { BatchExecutor } from './executor.js';
import { compileExpr, type CompiledExpr } from './expression.js';
import { vectorBuilder, type Batch, type Vector } from './vector.js';

interface Keyed {
  readonly batch: Batch;
  readonly keys: readonly Vector[];
}

export class TopN implements BatchExecutor {
  readonly schema: readonly CopFieldType[];
  private readonly items: readonly { expr: CompiledExpr; desc: boolean; cmp: ValueComparator }[];
  private done = false;

  constructor(
    private readonly child: BatchExecutor,
    orderBy: readonly CopByItem[],
    private readonly limit: number,
  ) {
    this.schema = child.schema;
    this.items = orderBy.map((b) => {
      const expr = compileExpr(b.expr, child.schema);
      return { expr, desc: b.desc, cmp: valueComparator(expr.type) };
    });
  }

  private keyed(batch: Batch): Keyed {
    return { batch, keys: this.items.map((it) => it.expr.eval(batch)) };
  }

  /** The first `limit` rows of the buffered batches, as one batch. */
  private compact(buffered: readonly Keyed[]): Keyed {
    const refs: [number, number][] = [];
    buffered.forEach((k, b) => {
      for (let i = 0; i < k.batch.length; i++) refs.push([b, i]);
    });
    refs.sort((x, y) => {
      const kx = buffered[x[0]] as Keyed;
      const ky = buffered[y[0]] as Keyed;
      for (let n = 0; n < this.items.length; n++) {
        const it = this.items[n] as (typeof this.items)[number];
        const c = it.cmp(kx.keys[n] as Vector, x[1], ky.keys[n] as Vector, y[1]);
        if (c !== 0) return it.desc ? -c : c;
      }
      return x[0] - y[0] || x[1] - y[1];
    });
    const top = refs.slice(0, this.limit);
    const builders = this.schema.map((t) => vectorBuilder(t, top.length));
    for (const [b, i] of top) {
      const cols = (buffered[b] as Keyed).batch.columns;
      builders.forEach((bl, c) => bl.appendFrom(cols[c] as Vector, i));
    }
    return this.keyed({ length: top.length, columns: builders.map((b) => b.finish()) });
  }

  async next(): Promise<Batch | null> {
    if (this.done) return null;
    this.done = true;
    if (this.limit === 0) return null;
    let buffered: Keyed[] = [];
    let rows = 0;
    for (;;) {
      const b = await this.child.next();
      if (b === null) break;
      buffered.push(this.keyed(b));
      rows += b.length;
      if (rows >= 2 * this.limit + 1024) {
        buffered = [this.compact(buffered)];
        rows = (buffered[0] as Keyed).batch.length;
      }
    }
    if (rows === 0) return null;
    return this.compact(buffered).batch;
  }
}
