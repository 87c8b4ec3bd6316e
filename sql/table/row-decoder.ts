// Turns stored row values back into `Value[]` for the columns a reader asked for.
//
// One decoder per (table, column list), compiled once: each wanted column is either
//   - the handle column of a pkIsHandle table: its value is the key's handle (pkFromHandle),
//   - the pseudo column EXTRA_HANDLE_ID (`_tidb_rowid`): the handle itself,
//   - a stored column: read from the row value by id (RowView's binary search, so only the
//     wanted columns are decoded); absent from an old row, it reads as its original default.
// Table.decoder(cols) caches decoders by the identity of the column array, so an executor that
// keeps its column list pays for the compilation once.
import type { ColumnInfo } from '../catalog/index.js';
import { RowView, pkFromHandle, type WantedColumn } from '../codec/index.js';
import type { IntType, Value } from '../types/index.js';
import { EXTRA_HANDLE_ID, type TableSchema } from './table-schema.js';

type Slot = { readonly kind: 'pk'; readonly type: IntType } | { readonly kind: 'extra-handle' } | { readonly kind: 'stored'; readonly col: WantedColumn };

export class RowDecoder {
  private readonly slots: readonly Slot[];
  /** Whether any wanted column lives in the row value (else the key alone answers). */
  readonly needsValue: boolean;

  constructor(
    table: TableSchema,
    readonly columns: readonly ColumnInfo[],
  ) {
    this.slots = columns.map((c): Slot => {
      if (c.id === EXTRA_HANDLE_ID) return { kind: 'extra-handle' };
      if (table.handleColumn?.id === c.id) return { kind: 'pk', type: c.type as IntType };
      return { kind: 'stored', col: { id: c.id, type: c.type, default: table.originDefault(c) } };
    });
    this.needsValue = this.slots.some((s) => s.kind === 'stored');
  }

  /** The wanted values of the row with this handle and stored value. */
  decode(handle: bigint, value: Uint8Array): Value[] {
    const view = this.needsValue ? new RowView(value) : undefined;
    const out = new Array<Value>(this.slots.length);
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i] as Slot;
      out[i] = s.kind === 'stored' ? (view as RowView).get(s.col) : s.kind === 'pk' ? pkFromHandle(handle, s.type) : handle;
    }
    return out;
  }
}
