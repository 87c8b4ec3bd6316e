// JSON functions: JSON_EXTRACT (and the -> / ->> operators), JSON_UNQUOTE, JSON_OBJECT,
// JSON_ARRAY, JSON_TYPE, JSON_VALID, JSON_LENGTH, JSON_DEPTH, JSON_KEYS, JSON_QUOTE,
// JSON_CONTAINS, JSON_CONTAINS_PATH, JSON_SET / JSON_INSERT / JSON_REPLACE / JSON_REMOVE.
//
// A JSON argument may be a JSON value or a string holding JSON text; invalid text is error 3141
// naming the function and argument ("Invalid JSON text in argument 1 to function
// json_extract: "Invalid value." at position 0."), and a bad path is error 3143. Other SQL
// values passed where a document is expected are error 3146. SQL values given as JSON *values*
// (JSON_OBJECT, JSON_ARRAY, JSON_SET) become JSON scalars: strings stay strings, comparisons
// become true/false, DECIMAL stays DECIMAL, dates become DATETIME/DATE scalars.

import { invalidJsonPathWildcard, invalidJsonTextInParam, invalidJsonType, jsonDocumentNullKey, wrongParamCount } from '../../errors.js';
import { T, isStringType, type SqlType } from '../../types/column-type.js';
import { toJsonNode } from '../../types/convert.js';
import {
  JsonObject,
  JsonValue,
  compareJson,
  jsonDepth,
  jsonLength,
  jsonTypeName,
  parseJson,
  quoteJsonString,
  unquoteJsonNode,
  type JsonNode,
} from '../../types/json.js';
import { jsonPathFind, parseJsonPath, type JsonPath, type PathLeg } from '../../types/json-path.js';
import { bytesToString, valueToString, type Value } from '../../types/value.js';
import { defineFunction, type CallInfo } from '../registry.js';
import { anyNullable } from './common.js';

/** A JSON document argument: JSON values as they are, strings parsed (3141 when invalid). */
function docArg(v: Value, call: CallInfo, i: number, fn: string): JsonNode | undefined {
  if (v === null) return undefined;
  if (v instanceof JsonValue) return v.node;
  const t = call.argTypes[i];
  if (typeof v === 'string' || v instanceof Uint8Array || (t && isStringType(t))) {
    const text = v instanceof Uint8Array ? bytesToString(v) : typeof v === 'string' ? v : valueToString(v, t) ?? '';
    const r = parseJson(text);
    if (!r.ok) throw invalidJsonTextInParam(i + 1, fn, r.message, r.position);
    return r.node;
  }
  throw invalidJsonType(i + 1, fn);
}

function pathArg(v: Value, call: CallInfo, i: number): JsonPath | undefined {
  if (v === null) return undefined;
  const text = v instanceof Uint8Array ? bytesToString(v) : valueToString(v, call.argTypes[i]) ?? '';
  return parseJsonPath(text);
}

function valueArg(v: Value, call: CallInfo, i: number): JsonNode {
  if (v instanceof JsonValue) return v.node;
  return toJsonNode(v, call.argTypes[i]);
}

const jsonType = (nullable: boolean): SqlType => T.json({ nullable });

/** JSON_EXTRACT(doc, path, …): one match for one non-wildcard path, else an array of matches. */
export function jsonExtract(doc: JsonNode, paths: readonly JsonPath[]): JsonNode | undefined {
  const matches: JsonNode[] = [];
  for (const p of paths) matches.push(...jsonPathFind(doc, p));
  if (paths.length === 1 && !(paths[0] as JsonPath).hasWildcard) return matches.length ? matches[0] : undefined;
  return matches.length ? matches : undefined;
}

defineFunction({
  name: 'json_extract',
  aliases: ['->'],
  minArgs: 2,
  maxArgs: Infinity,
  returnType: () => jsonType(true),
  eval: (args, _ctx, call) => {
    const doc = docArg(args[0] ?? null, call, 0, 'json_extract');
    const paths: JsonPath[] = [];
    for (let i = 1; i < args.length; i++) {
      const p = pathArg(args[i] ?? null, call, i);
      if (p === undefined) return null;
      paths.push(p);
    }
    if (doc === undefined) return null;
    const r = jsonExtract(doc, paths);
    return r === undefined ? null : new JsonValue(r);
  },
});

defineFunction({
  name: '->>',
  minArgs: 2,
  returnType: () => T.longtext({ nullable: true }),
  eval: (args, _ctx, call) => {
    const doc = docArg(args[0] ?? null, call, 0, 'json_extract');
    const p = pathArg(args[1] ?? null, call, 1);
    if (doc === undefined || p === undefined) return null;
    const r = jsonExtract(doc, [p]);
    return r === undefined ? null : unquoteJsonNode(r);
  },
});

defineFunction({
  name: 'json_unquote',
  minArgs: 1,
  returnType: (types) => T.longtext({ nullable: anyNullable(types) }),
  eval: ([a = null], _ctx, call) => {
    if (a === null) return null;
    if (a instanceof JsonValue) return unquoteJsonNode(a.node);
    const s = a instanceof Uint8Array ? bytesToString(a) : valueToString(a, call.argTypes[0]) ?? '';
    if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
      const r = parseJson(s);
      if (!r.ok) throw invalidJsonTextInParam(1, 'json_unquote', r.message, r.position);
      return typeof r.node === 'string' ? r.node : s;
    }
    return s;
  },
});

defineFunction({
  name: 'json_quote',
  minArgs: 1,
  returnType: (types) => T.longtext({ nullable: anyNullable(types) }),
  eval: ([a = null], _ctx, call) => {
    if (a === null) return null;
    return quoteJsonString(a instanceof Uint8Array ? bytesToString(a) : valueToString(a, call.argTypes[0]) ?? '');
  },
});

defineFunction({
  name: 'json_object',
  minArgs: 0,
  maxArgs: Infinity,
  returnType: (types) => {
    if (types.length % 2 === 1) throw wrongParamCount('json_object');
    return jsonType(false);
  },
  eval: (args, _ctx, call) => {
    if (args.length % 2 === 1) throw wrongParamCount('json_object');
    const entries: [string, JsonNode][] = [];
    for (let i = 0; i < args.length; i += 2) {
      const k = args[i] ?? null;
      if (k === null) throw jsonDocumentNullKey();
      entries.push([k instanceof Uint8Array ? bytesToString(k) : valueToString(k, call.argTypes[i]) ?? '', valueArg(args[i + 1] ?? null, call, i + 1)]);
    }
    return new JsonValue(JsonObject.from(entries));
  },
});

defineFunction({
  name: 'json_array',
  minArgs: 0,
  maxArgs: Infinity,
  returnType: () => jsonType(false),
  eval: (args, _ctx, call) => new JsonValue(args.map((a, i) => valueArg(a, call, i))),
});

defineFunction({
  name: 'json_type',
  minArgs: 1,
  returnType: (types) => T.varchar(51, { nullable: anyNullable(types) }),
  eval: ([a = null], _ctx, call) => {
    const doc = docArg(a, call, 0, 'json_type');
    return doc === undefined ? null : jsonTypeName(doc);
  },
});

defineFunction({
  name: 'json_valid',
  minArgs: 1,
  returnType: (types) => T.bool(anyNullable(types)),
  eval: ([a = null], _ctx, call) => {
    if (a === null) return null;
    if (a instanceof JsonValue) return 1n;
    const t = call.argTypes[0];
    if (typeof a === 'string' || a instanceof Uint8Array || (t && isStringType(t))) {
      const text = a instanceof Uint8Array ? bytesToString(a) : valueToString(a, t) ?? '';
      return parseJson(text).ok ? 1n : 0n;
    }
    return 0n;
  },
});

function atPath(args: readonly Value[], call: CallInfo, fn: string): JsonNode | undefined | null {
  const doc = docArg(args[0] ?? null, call, 0, fn);
  if (doc === undefined) return null;
  if (args.length < 2) return doc;
  const p = pathArg(args[1] ?? null, call, 1);
  if (p === undefined) return null;
  if (p.hasWildcard) throw invalidJsonPathWildcard();
  return jsonPathFind(doc, p)[0];
}

defineFunction({
  name: 'json_length',
  minArgs: 1,
  maxArgs: 2,
  returnType: () => T.bigint({ nullable: true }),
  eval: (args, _ctx, call) => {
    const n = atPath(args, call, 'json_length');
    return n === null || n === undefined ? null : BigInt(jsonLength(n));
  },
});

defineFunction({
  name: 'json_depth',
  minArgs: 1,
  returnType: (types) => T.bigint({ nullable: anyNullable(types) }),
  eval: (args, _ctx, call) => {
    const n = atPath(args, call, 'json_depth');
    return n === null || n === undefined ? null : BigInt(jsonDepth(n));
  },
});

defineFunction({
  name: 'json_keys',
  minArgs: 1,
  maxArgs: 2,
  returnType: () => jsonType(true),
  eval: (args, _ctx, call) => {
    const n = atPath(args, call, 'json_keys');
    if (!(n instanceof JsonObject)) return null;
    return new JsonValue(n.keys());
  },
});

/** JSON_CONTAINS semantics: scalars equal; arrays contain each candidate element; objects
 *  contain each candidate member (recursively). */
export function jsonContains(target: JsonNode, candidate: JsonNode): boolean {
  if (Array.isArray(target)) {
    const t = target as readonly JsonNode[];
    if (Array.isArray(candidate)) return (candidate as readonly JsonNode[]).every((c) => t.some((x) => jsonContains(x, c)));
    return t.some((x) => jsonContains(x, candidate));
  }
  if (target instanceof JsonObject) {
    if (!(candidate instanceof JsonObject)) return false;
    return candidate.entries.every(([k, v]) => {
      const tv = target.get(k);
      return tv !== undefined && jsonContains(tv, v);
    });
  }
  if (Array.isArray(candidate) || candidate instanceof JsonObject) return false;
  return compareJson(target, candidate) === 0;
}

defineFunction({
  name: 'json_contains',
  minArgs: 2,
  maxArgs: 3,
  returnType: () => T.bool(true),
  eval: (args, _ctx, call) => {
    const target = docArg(args[0] ?? null, call, 0, 'json_contains');
    const cand = docArg(args[1] ?? null, call, 1, 'json_contains');
    if (target === undefined || cand === undefined) return null;
    let t: JsonNode | undefined = target;
    if (args.length > 2) {
      const p = pathArg(args[2] ?? null, call, 2);
      if (p === undefined) return null;
      if (p.hasWildcard) throw invalidJsonPathWildcard();
      t = jsonPathFind(target, p)[0];
      if (t === undefined) return null;
    }
    return jsonContains(t, cand) ? 1n : 0n;
  },
});

defineFunction({
  name: 'json_contains_path',
  minArgs: 3,
  maxArgs: Infinity,
  returnType: () => T.bool(true),
  eval: (args, _ctx, call) => {
    const doc = docArg(args[0] ?? null, call, 0, 'json_contains_path');
    const mode = args[1] ?? null;
    if (doc === undefined || mode === null) return null;
    const m = (valueToString(mode) ?? '').toLowerCase();
    if (m !== 'one' && m !== 'all') throw invalidJsonTextInParam(2, 'json_contains_path', "The oneOrAll argument to json_contains_path may take these values: 'one' or 'all'.", 0);
    let found = 0;
    for (let i = 2; i < args.length; i++) {
      const p = pathArg(args[i] ?? null, call, i);
      if (p === undefined) return null;
      if (jsonPathFind(doc, p).length > 0) found++;
    }
    return (m === 'one' ? found > 0 : found === args.length - 2) ? 1n : 0n;
  },
});

// ---- modification ----------------------------------------------------------------------------------

type SetMode = 'set' | 'insert' | 'replace';

/** Returns `node` with the value at `legs` set according to mode (no wildcards). */
function setAt(node: JsonNode, legs: readonly PathLeg[], value: JsonNode, mode: SetMode): JsonNode {
  if (legs.length === 0) return mode === 'insert' ? node : value;
  const [leg, ...rest] = legs as [PathLeg, ...PathLeg[]];
  if (leg.kind === 'member') {
    if (!(node instanceof JsonObject)) return node;
    const cur = node.get(leg.key);
    if (cur === undefined) {
      if (rest.length > 0 || mode === 'replace') return node;
      return node.with(leg.key, value);
    }
    return node.with(leg.key, setAt(cur, rest, value, mode));
  }
  if (leg.kind === 'index') {
    const arr: readonly JsonNode[] | null = Array.isArray(node) ? (node as readonly JsonNode[]) : null;
    if (arr === null) {
      // A scalar or object acts as a one-element array: [0] is the value itself, and a
      // further index appends by wrapping it into an array.
      const k = leg.index.fromEnd ? -leg.index.n : leg.index.n;
      if (k === 0) return setAt(node, rest, value, mode);
      if (rest.length > 0 || mode === 'replace' || k < 0) return node;
      return [node, value];
    }
    const k = leg.index.fromEnd ? arr.length - 1 - leg.index.n : leg.index.n;
    if (k >= 0 && k < arr.length) {
      const copy = arr.slice();
      copy[k] = setAt(arr[k] as JsonNode, rest, value, mode);
      return copy;
    }
    if (rest.length > 0 || mode === 'replace' || k < 0) return node;
    return [...arr, value];
  }
  throw invalidJsonPathWildcard();
}

function removeAt(node: JsonNode, legs: readonly PathLeg[]): JsonNode {
  const [leg, ...rest] = legs as [PathLeg, ...PathLeg[]];
  if (leg.kind === 'member') {
    if (!(node instanceof JsonObject)) return node;
    const cur = node.get(leg.key);
    if (cur === undefined) return node;
    return rest.length === 0 ? node.without(leg.key) : node.with(leg.key, removeAt(cur, rest));
  }
  if (leg.kind === 'index') {
    if (!Array.isArray(node)) return node;
    const arr = node as readonly JsonNode[];
    const k = leg.index.fromEnd ? arr.length - 1 - leg.index.n : leg.index.n;
    if (k < 0 || k >= arr.length) return node;
    if (rest.length === 0) return arr.filter((_, i) => i !== k);
    const copy = arr.slice();
    copy[k] = removeAt(arr[k] as JsonNode, rest);
    return copy;
  }
  throw invalidJsonPathWildcard();
}

for (const [name, mode] of [
  ['json_set', 'set'],
  ['json_insert', 'insert'],
  ['json_replace', 'replace'],
] as const) {
  defineFunction({
    name,
    minArgs: 3,
    maxArgs: Infinity,
    returnType: (types) => {
      if (types.length % 2 === 0) throw wrongParamCount(name);
      return jsonType(true);
    },
    eval: (args, _ctx, call) => {
      let doc = docArg(args[0] ?? null, call, 0, name);
      if (doc === undefined) return null;
      for (let i = 1; i + 1 < args.length; i += 2) {
        const p = pathArg(args[i] ?? null, call, i);
        if (p === undefined) return null;
        if (p.hasWildcard) throw invalidJsonPathWildcard();
        doc = setAt(doc, p.legs, valueArg(args[i + 1] ?? null, call, i + 1), mode);
      }
      return new JsonValue(doc);
    },
  });
}

defineFunction({
  name: 'json_remove',
  minArgs: 2,
  maxArgs: Infinity,
  returnType: () => jsonType(true),
  eval: (args, _ctx, call) => {
    let doc = docArg(args[0] ?? null, call, 0, 'json_remove');
    if (doc === undefined) return null;
    for (let i = 1; i < args.length; i++) {
      const p = pathArg(args[i] ?? null, call, i);
      if (p === undefined) return null;
      if (p.hasWildcard || p.legs.length === 0) throw invalidJsonPathWildcard();
      doc = removeAt(doc, p.legs);
    }
    return new JsonValue(doc);
  },
});
