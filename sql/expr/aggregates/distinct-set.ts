// The set of distinct argument tuples a DISTINCT aggregate has seen, keyed by hash keys that
// agree with SQL equality (collation-aware), and its lossless export as a JSON array so partial
// DISTINCT states can travel between the coprocessor and the SQL side.

import { tupleHashKey } from '../../types/compare.js';
import { collationOf, type SqlType } from '../../types/column-type.js';
import { Decimal } from '../../types/decimal.js';
import { DateTime } from '../../types/datetime.js';
import { Duration } from '../../types/duration.js';
import { JsonObject, JsonOpaque, JsonValue, type JsonNode } from '../../types/json.js';
import type { Value } from '../../types/value.js';

/** A SQL value as a JSON node that converts back to the same value (see fromNode). */
export function toNode(v: Value): JsonNode {
  if (v === null) return null;
  if (v instanceof Uint8Array) return new JsonOpaque(15, v);
  if (v instanceof JsonValue) return JsonObject.from([['$json', v.node]]);
  return v;
}

export function fromNode(n: JsonNode): Value {
  if (n === null) return null;
  if (typeof n === 'boolean') return n ? 1n : 0n;
  if (n instanceof JsonOpaque) return n.bytes;
  if (n instanceof JsonObject) {
    const inner = n.get('$json');
    return new JsonValue(inner === undefined ? n : inner);
  }
  if (Array.isArray(n)) return new JsonValue(n);
  if (typeof n === 'bigint' || typeof n === 'number' || typeof n === 'string' || n instanceof Decimal || n instanceof DateTime || n instanceof Duration) return n;
  return null;
}

export class DistinctSet {
  private readonly seen = new Map<string, readonly Value[]>();
  private readonly collations: readonly (string | undefined)[];

  constructor(types: readonly SqlType[]) {
    this.collations = types.map((t) => collationOf(t));
  }

  /** Adds a tuple; false when an equal tuple was already present. */
  add(values: readonly Value[]): boolean {
    const key = tupleHashKey(values, this.collations);
    if (this.seen.has(key)) return false;
    this.seen.set(key, values.slice());
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  values(): IterableIterator<readonly Value[]> {
    return this.seen.values();
  }

  toJson(): JsonValue {
    return new JsonValue([...this.seen.values()].map((t) => t.map(toNode)));
  }

  /** Adds every tuple of an exported set; returns the tuples that were new. */
  mergeJson(v: Value): (readonly Value[])[] {
    const added: (readonly Value[])[] = [];
    if (!(v instanceof JsonValue) || !Array.isArray(v.node)) return added;
    for (const row of v.node as readonly JsonNode[]) {
      if (!Array.isArray(row)) continue;
      const values = (row as readonly JsonNode[]).map(fromNode);
      if (this.add(values)) added.push(values);
    }
    return added;
  }
}
