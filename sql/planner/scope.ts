// Name resolution: which columns a name can mean at a point of a query.
//
// A scope is the output schema of the FROM clause (or of a derived table), plus the enclosing
// query's scope for correlated references. MySQL compares column names case-insensitively and,
// like TiDB with lower_case_table_names=2, table names and aliases case-insensitively too.
// USING / NATURAL joins merge the joined columns: an unqualified name means the coalesced one.
import { ambiguousColumn, unknownColumn } from '../errors.js';
import type { ColumnRef } from '../parser/index.js';
import type { PlanColumn } from './plan.js';

export interface ScopeColumn {
  readonly col: PlanColumn;
  /** Hidden from unqualified lookup (the right-hand twin of a USING column). */
  readonly shadowed?: boolean;
}

export class Scope {
  constructor(
    readonly columns: readonly ScopeColumn[],
    /** The enclosing query's scope (for correlated subqueries). */
    readonly parent?: Scope,
    /** Columns of a USING/NATURAL join: unqualified name → the column that stands for both. */
    readonly merged: ReadonlyMap<string, PlanColumn> = new Map(),
  ) {}

  static of(cols: readonly PlanColumn[], parent?: Scope): Scope {
    return new Scope(
      cols.filter((c) => !c.hidden).map((col) => ({ col })),
      parent,
    );
  }

  /** Resolves in this scope only; undefined when nothing matches. */
  findLocal(ref: ColumnRef, where: string): PlanColumn | undefined {
    const name = ref.column.toLowerCase();
    const table = ref.table?.toLowerCase();
    const db = ref.db?.toLowerCase();
    if (table === undefined) {
      const m = this.merged.get(name);
      if (m) return m;
    }
    let found: PlanColumn | undefined;
    for (const { col, shadowed } of this.columns) {
      if (col.name.toLowerCase() !== name) continue;
      if (table !== undefined && col.table.toLowerCase() !== table) continue;
      if (db !== undefined && col.db.toLowerCase() !== db) continue;
      if (table === undefined && shadowed) continue;
      if (found && found.id !== col.id) throw ambiguousColumn(ref.column, where);
      found = col;
    }
    return found;
  }

  /** Resolves through enclosing scopes: `depth` 0 is local, 1+ is a correlated reference. */
  resolve(ref: ColumnRef, where: string): { col: PlanColumn; depth: number } {
    const local = this.findLocal(ref, where);
    if (local) return { col: local, depth: 0 };
    let depth = 1;
    for (let s = this.parent; s; s = s.parent, depth++) {
      const col = s.findLocal(ref, where);
      if (col) return { col, depth };
    }
    throw unknownColumn(qualified(ref), where);
  }
}

export function qualified(ref: ColumnRef): string {
  return [ref.db, ref.table, ref.column].filter((x) => x !== undefined).join('.');
}
