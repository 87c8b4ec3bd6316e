// GROUP_CONCAT([DISTINCT] expr, … [ORDER BY key [DESC], …] [SEPARATOR s]).
//
// Rows with a NULL among the concatenated expressions are skipped; each row's expressions are
// joined without a separator, rows with `separator` (default ','). ORDER BY keys arrive in
// add() after the expressions. The result is cut at group_concat_max_len bytes (default 1024)
// with warning 1260 "Row N was cut by GROUP_CONCAT()". The type is TEXT (BLOB when an argument
// is binary), or VARCHAR/VARBINARY when group_concat_max_len ≤ 512, as in MySQL.

import { groupConcatCut } from '../../errors.js';
import { T, collationOf, isBinaryType, type SqlType } from '../../types/column-type.js';
import { compareValues } from '../../types/compare.js';
import { JsonValue, type JsonNode } from '../../types/json.js';
import { valueToString, type Value } from '../../types/value.js';
import { defineAggregate, type AggregateOptions } from './aggregate.js';
import { DistinctSet, fromNode, toNode } from './distinct-set.js';

function concatCount(types: readonly SqlType[], o: AggregateOptions): number {
  return types.length - (o.orderBy?.length ?? 0);
}

export function groupConcatType(types: readonly SqlType[], o: AggregateOptions, maxLen = 1024): SqlType {
  const binary = types.slice(0, concatCount(types, o)).some((t) => isBinaryType(t));
  if (maxLen <= 512) return binary ? T.varbinary(maxLen, { nullable: true }) : T.varchar(maxLen, { nullable: true });
  return binary ? T.blob({ nullable: true }) : T.text({ nullable: true });
}

interface Row {
  readonly parts: readonly string[];
  readonly keys: readonly Value[];
}

/** Cuts a string to at most `max` UTF-8 bytes on a character boundary (bytes as latin1 in binary mode). */
function cutToBytes(s: string, max: number, binary: boolean): string {
  if (binary) return s.slice(0, max);
  let bytes = 0;
  let i = 0;
  for (const ch of s) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > max) break;
    bytes += b;
    i += ch.length;
  }
  return s.slice(0, i);
}

defineAggregate({
  name: 'group_concat',
  minArgs: 1,
  maxArgs: Infinity,
  returnType: (types, o) => groupConcatType(types, o),
  partialTypes: () => [T.json({ nullable: false })],
  create: (types, o, ctx) => {
    const k = concatCount(types, o);
    const binary = types.slice(0, k).some((t) => isBinaryType(t));
    const sep = o.separator ?? ',';
    const order = o.orderBy ?? [];
    const keyCollations = types.slice(k).map((t) => collationOf(t));
    const distinct = o.distinct ? new DistinctSet(types.slice(0, k)) : null;
    const rows: Row[] = [];
    const text = (v: Value, i: number): string =>
      v instanceof Uint8Array ? Buffer.from(v).toString(binary ? 'latin1' : 'utf8') : binary ? Buffer.from(valueToString(v, types[i]) ?? '', 'utf8').toString('latin1') : valueToString(v, types[i]) ?? '';
    const addRow = (values: readonly Value[]): void => {
      const args = values.slice(0, k);
      if (args.some((v) => v === null)) return;
      if (distinct && !distinct.add(args)) return;
      rows.push({ parts: args.map(text), keys: values.slice(k) });
    };
    return {
      add: (values) => addRow(values),
      result: () => {
        if (rows.length === 0) return null;
        const sorted = order.length
          ? rows.slice().sort((a, b) => {
              for (let i = 0; i < order.length; i++) {
                const c = compareValues(a.keys[i] ?? null, b.keys[i] ?? null, keyCollations[i]);
                if (c !== 0) return order[i]?.desc ? -c : c;
              }
              return 0;
            })
          : rows;
        const max = ctx.groupConcatMaxLen;
        let out = '';
        for (let i = 0; i < sorted.length; i++) {
          const piece = (i > 0 ? sep : '') + (sorted[i] as Row).parts.join('');
          const next = out + piece;
          const size = binary ? next.length : Buffer.byteLength(next, 'utf8');
          if (size > max) {
            out = cutToBytes(next, max, binary);
            ctx.warnings.warn(groupConcatCut(i + 1).toWarning());
            break;
          }
          out = next;
        }
        return binary ? Buffer.from(out, 'latin1') : out;
      },
      partial: () => [new JsonValue(rows.map((r) => [...r.parts, ...r.keys.map(toNode)] as JsonNode[]))],
      merge: ([p = null]) => {
        if (!(p instanceof JsonValue) || !Array.isArray(p.node)) return;
        for (const row of p.node as readonly JsonNode[]) {
          if (!Array.isArray(row)) continue;
          const cells = row as readonly JsonNode[];
          const parts = cells.slice(0, k).map((c) => (typeof c === 'string' ? c : ''));
          if (distinct && !distinct.add(parts)) continue;
          rows.push({ parts, keys: cells.slice(k).map(fromNode) });
        }
      },
    };
  },
});
