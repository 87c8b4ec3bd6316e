// JSON_ARRAYAGG(expr) and JSON_OBJECTAGG(key, value): aggregate rows into a JSON array / object
// (NULL values become JSON null; a NULL key is error 3158; the last duplicate key wins).

import { jsonDocumentNullKey } from '../../errors.js';
import { T } from '../../types/column-type.js';
import { toJsonNode } from '../../types/convert.js';
import { JsonObject, JsonValue, type JsonNode } from '../../types/json.js';
import { valueToString } from '../../types/value.js';
import { defineAggregate } from './aggregate.js';

defineAggregate({
  name: 'json_arrayagg',
  minArgs: 1,
  returnType: () => T.json({ nullable: true }),
  partialTypes: () => [T.json({ nullable: true })],
  create: (types) => {
    const items: JsonNode[] = [];
    return {
      add: ([v = null]) => void items.push(v instanceof JsonValue ? v.node : toJsonNode(v, types[0])),
      result: () => (items.length ? new JsonValue(items.slice()) : null),
      partial: () => [items.length ? new JsonValue(items.slice()) : null],
      merge: ([p = null]) => {
        if (p instanceof JsonValue && Array.isArray(p.node)) items.push(...(p.node as readonly JsonNode[]));
      },
    };
  },
});

defineAggregate({
  name: 'json_objectagg',
  minArgs: 2,
  returnType: () => T.json({ nullable: true }),
  partialTypes: () => [T.json({ nullable: true })],
  create: (types) => {
    const entries: [string, JsonNode][] = [];
    return {
      add: ([k = null, v = null]) => {
        if (k === null) throw jsonDocumentNullKey();
        entries.push([valueToString(k, types[0]) ?? '', v instanceof JsonValue ? v.node : toJsonNode(v, types[1])]);
      },
      result: () => (entries.length ? new JsonValue(JsonObject.from(entries)) : null),
      partial: () => [entries.length ? new JsonValue(JsonObject.from(entries)) : null],
      merge: ([p = null]) => {
        if (p instanceof JsonValue && p.node instanceof JsonObject) entries.push(...p.node.entries.map(([a, b]) => [a, b] as [string, JsonNode]));
      },
    };
  },
});
