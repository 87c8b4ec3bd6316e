// Selection: keeps the rows of each batch for which every condition is true (not false, not
// NULL). Conditions are evaluated over the whole batch, ANDed into one selection vector, and the
// surviving rows gathered once; a batch where nothing survives is skipped, not passed on empty.
import { InvalidDag, physicalKind, type CopExpr, type CopFieldType } from '../cop-types.js';
import type { BatchExecutor } from './executor.js';
import { compileExpr, type CompiledExpr } from './expression.js';
import { truth } from './functions.js';
import { takeBatch, type Batch } from './vector.js';

export class Selection implements BatchExecutor {
  readonly schema: readonly CopFieldType[];
  private readonly conditions: readonly CompiledExpr[];

  constructor(
    private readonly child: BatchExecutor,
    conditions: readonly CopExpr[],
  ) {
    this.schema = child.schema;
    this.conditions = conditions.map((c) => compileExpr(c, child.schema));
    for (const c of this.conditions) truthKindCheck(c);
  }

  async next(): Promise<Batch | null> {
    for (;;) {
      const batch = await this.child.next();
      if (batch === null) return null;
      const keep = new Uint8Array(batch.length).fill(1);
      for (const c of this.conditions) {
        const v = c.eval(batch);
        for (let i = 0; i < batch.length; i++) if (keep[i] === 1 && truth(v, i) !== true) keep[i] = 0;
      }
      let n = 0;
      for (let i = 0; i < batch.length; i++) n += keep[i] as number;
      if (n === batch.length) return batch;
      if (n === 0) continue;
      const indices = new Uint32Array(n);
      for (let i = 0, j = 0; i < batch.length; i++) if (keep[i] === 1) indices[j++] = i;
      return takeBatch(batch, indices);
    }
  }
}

function truthKindCheck(c: CompiledExpr): void {
  const k = physicalKind(c.type);
  if (k === 'string' || k === 'json') throw new InvalidDag(`a ${c.type.kind} value is not a condition`);
}
