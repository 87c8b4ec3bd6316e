// JsonValue: the runtime value of the JSON type — a parsed document, printed and compared the
// way MySQL 8.0 prints and compares its binary JSON.
//
// Nodes (JsonNode):
//   null · boolean · bigint (INTEGER; above 2^63-1 it is an UNSIGNED INTEGER) · number (DOUBLE)
//   · Decimal (DECIMAL, from SQL values) · string · JsonNode[] (ARRAY) · JsonObject (OBJECT)
//   · DateTime / Duration (DATETIME, DATE, TIMESTAMP, TIME scalars from SQL values)
//   · JsonOpaque (binary strings: BLOB/BIT/OPAQUE)
//
// Text form (JSON_EXTRACT, CAST(j AS CHAR), the wire): `{"a": 1, "b": [1, 2]}` — ", " and ": "
// separators, object keys sorted by length then bytes (MySQL stores them so), doubles in
// MySQL's shortest form with ".0" kept on integral doubles (1.0 stays 1.0), temporals as quoted
// strings with six fraction digits. Duplicate keys in input text: the last one wins (8.0).
//
// Parsing follows RFC 8259 as RapidJSON (MySQL's parser) does, with the same error texts and
// character positions: "Invalid value." at position 0, "Missing a comma or '}' after an object
// member." … Numbers: integers within int64/uint64 stay integers, everything else is a double.
//
// Comparison (MySQL "Comparison and Ordering of JSON Values"): values of different types order
// by type precedence — BLOB > BIT > OPAQUE > DATETIME > TIME > DATE > BOOLEAN > ARRAY > OBJECT >
// STRING > numbers > NULL — and within a type by value (numbers exactly across INTEGER, DOUBLE
// and DECIMAL; strings by UTF-8 bytes; arrays element-wise, shorter first; objects by their
// sorted members, equality exact).

import { Decimal } from './decimal.js';
import { DateTime } from './datetime.js';
import { Duration } from './duration.js';
import { formatJsonDouble } from './number-format.js';

/** A binary (opaque) JSON scalar, with the MySQL field type it came from (252 BLOB, 15 VARBINARY, 254 BINARY, 16 BIT). */
export class JsonOpaque {
  constructor(readonly fieldType: number, readonly bytes: Uint8Array) {}
}

export class JsonObject {
  /** Members sorted by key length, then key bytes (MySQL's storage order). */
  readonly entries: readonly (readonly [string, JsonNode])[];
  private index: Map<string, JsonNode> | undefined;

  private constructor(entries: readonly (readonly [string, JsonNode])[]) {
    this.entries = entries;
  }

  /** Builds an object; for duplicate keys the last value wins. */
  static from(entries: Iterable<readonly [string, JsonNode]>): JsonObject {
    const m = new Map<string, JsonNode>();
    for (const [k, v] of entries) {
      m.delete(k);
      m.set(k, v);
    }
    const sorted = [...m.entries()].sort((a, b) => compareKeys(a[0], b[0]));
    return new JsonObject(sorted);
  }

  static readonly EMPTY = new JsonObject([]);

  get size(): number {
    return this.entries.length;
  }

  get(key: string): JsonNode | undefined {
    if (!this.index) this.index = new Map(this.entries);
    return this.index.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  keys(): string[] {
    return this.entries.map((e) => e[0]);
  }

  values(): JsonNode[] {
    return this.entries.map((e) => e[1]);
  }

  /** A copy with `key` set (added or replaced). */
  with(key: string, value: JsonNode): JsonObject {
    return JsonObject.from([...this.entries, [key, value]]);
  }

  /** A copy without `key`. */
  without(key: string): JsonObject {
    return new JsonObject(this.entries.filter((e) => e[0] !== key));
  }
}

export type JsonNode =
  | null
  | boolean
  | bigint
  | number
  | Decimal
  | string
  | DateTime
  | Duration
  | JsonOpaque
  | readonly JsonNode[]
  | JsonObject;

/** MySQL's key order: shorter keys first, then by UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  const la = Buffer.byteLength(a, 'utf8');
  const lb = Buffer.byteLength(b, 'utf8');
  if (la !== lb) return la - lb;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The wrapper that is the SQL runtime value of a JSON column or expression. */
export class JsonValue {
  constructor(readonly node: JsonNode) {}

  static parse(text: string): JsonValue {
    const r = parseJson(text);
    if (!r.ok) throw new JsonSyntaxError(r.message, r.position);
    return new JsonValue(r.node);
  }

  toString(): string {
    return serializeJson(this.node);
  }

  /** JSON_TYPE. */
  type(): string {
    return jsonTypeName(this.node);
  }

  compare(o: JsonValue): number {
    return compareJson(this.node, o.node);
  }

  equals(o: JsonValue): boolean {
    return compareJson(this.node, o.node) === 0;
  }
}

export class JsonSyntaxError extends Error {
  constructor(readonly reason: string, readonly position: number) {
    super(`${reason} at position ${position}`);
  }
}

// ---- parsing -------------------------------------------------------------------------------------

export type JsonParseResult =
  | { readonly ok: true; readonly node: JsonNode }
  | { readonly ok: false; readonly message: string; readonly position: number };

const I64_MAX = 2n ** 63n - 1n;
const I64_MIN = -(2n ** 63n);
const U64_MAX = 2n ** 64n - 1n;

class Fail {
  constructor(readonly message: string, readonly position: number) {}
}

/** Parses JSON text like MySQL (RapidJSON): never throws; reports RapidJSON's message and offset. */
export function parseJson(text: string): JsonParseResult {
  let i = 0;
  const n = text.length;
  const fail = (message: string, position: number): never => {
    throw new Fail(message, position);
  };
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const hex4 = (at: number): number => {
    if (at + 4 > n) fail('Incorrect hex digit after \\u escape in string.', at);
    const h = text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('Incorrect hex digit after \\u escape in string.', at);
    return parseInt(h, 16);
  };
  const parseString = (): string => {
    // at opening quote
    i++;
    let out = '';
    let chunkStart = i;
    for (;;) {
      if (i >= n) fail('Missing a closing quotation mark in string.', i);
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(chunkStart, i);
        i++;
        return out;
      }
      if (c === 92) {
        out += text.slice(chunkStart, i);
        const escAt = i;
        i++;
        if (i >= n) fail('Invalid escape character in string.', escAt);
        const e = text[i];
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            let cp = hex4(i + 1);
            i += 4;
            if (cp >= 0xd800 && cp <= 0xdbff) {
              if (text[i + 1] !== '\\' || text[i + 2] !== 'u') fail('The surrogate pair in string is invalid.', i + 1);
              const lo = hex4(i + 3);
              if (lo < 0xdc00 || lo > 0xdfff) fail('The surrogate pair in string is invalid.', i + 3);
              cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
              i += 6;
            }
            out += String.fromCodePoint(cp);
            break;
          }
          default:
            fail('Invalid escape character in string.', escAt);
        }
        i++;
        chunkStart = i;
        continue;
      }
      if (c < 0x20) fail('Invalid encoding in string.', i);
      i++;
    }
  };
  const parseNumber = (): JsonNode => {
    const start = i;
    if (text[i] === '-') i++;
    if (i >= n) fail('Invalid value.', start);
    if (text[i] === '0') {
      i++;
    } else if (text[i] !== undefined && text[i]! >= '1' && text[i]! <= '9') {
      while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
    } else {
      fail('Invalid value.', start);
    }
    let isDouble = false;
    if (text[i] === '.') {
      i++;
      const fs = i;
      while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
      if (i === fs) fail('Miss fraction part in number.', i);
      isDouble = true;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      const es = i;
      while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
      if (i === es) fail('Miss exponent in number.', i);
      isDouble = true;
    }
    const lit = text.slice(start, i);
    if (!isDouble) {
      const b = BigInt(lit);
      if (b >= I64_MIN && b <= U64_MAX) return b;
    }
    const d = Number(lit);
    if (!Number.isFinite(d)) fail('Number too big to be stored in double.', start);
    return d;
  };
  const parseValue = (depth: number): JsonNode => {
    if (depth > 100) fail('The JSON document exceeds the maximum depth.', i);
    ws();
    if (i >= n) fail('Invalid value.', i);
    const c = text[i];
    switch (c) {
      case '{': {
        i++;
        ws();
        const entries: [string, JsonNode][] = [];
        if (text[i] === '}') {
          i++;
          return JsonObject.EMPTY;
        }
        for (;;) {
          if (text[i] !== '"') fail('Missing a name for object member.', i);
          const key = parseString();
          ws();
          if (text[i] !== ':') fail('Missing a colon after a name of object member.', i);
          i++;
          const v = parseValue(depth + 1);
          entries.push([key, v]);
          ws();
          if (text[i] === ',') {
            i++;
            ws();
            continue;
          }
          if (text[i] === '}') {
            i++;
            return JsonObject.from(entries);
          }
          fail("Missing a comma or '}' after an object member.", i);
        }
      }
      case '[': {
        i++;
        ws();
        const items: JsonNode[] = [];
        if (text[i] === ']') {
          i++;
          return items;
        }
        for (;;) {
          items.push(parseValue(depth + 1));
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === ']') {
            i++;
            return items;
          }
          fail("Missing a comma or ']' after an array element.", i);
        }
      }
      case '"':
        return parseString();
      case 't':
        if (text.startsWith('true', i)) {
          i += 4;
          return true;
        }
        return fail('Invalid value.', i);
      case 'f':
        if (text.startsWith('false', i)) {
          i += 5;
          return false;
        }
        return fail('Invalid value.', i);
      case 'n':
        if (text.startsWith('null', i)) {
          i += 4;
          return null;
        }
        return fail('Invalid value.', i);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseNumber();
        return fail('Invalid value.', i);
    }
  };
  try {
    ws();
    if (i >= n) return { ok: false, message: 'The document is empty.', position: i };
    const node = parseValue(0);
    ws();
    if (i < n) return { ok: false, message: 'The document root must not be followed by other values.', position: i };
    return { ok: true, node };
  } catch (e: unknown) {
    if (e instanceof Fail) return { ok: false, message: e.message, position: e.position };
    throw e;
  }
}

// ---- printing ------------------------------------------------------------------------------------

/** JSON string literal with MySQL's escapes. */
export function quoteJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c === 34) esc = '\\"';
    else if (c === 92) esc = '\\\\';
    else if (c < 0x20) {
      switch (c) {
        case 8:
          esc = '\\b';
          break;
        case 9:
          esc = '\\t';
          break;
        case 10:
          esc = '\\n';
          break;
        case 12:
          esc = '\\f';
          break;
        case 13:
          esc = '\\r';
          break;
        default:
          esc = '\\u00' + c.toString(16).padStart(2, '0');
      }
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

function temporalText(v: DateTime | Duration): string {
  if (v instanceof Duration) return new Duration(v.micros, 6).toString();
  if (v.type === 'date') return v.toString();
  return new DateTime(v.fields(), v.type, 6).toString();
}

export function serializeJson(node: JsonNode): string {
  if (node === null) return 'null';
  switch (typeof node) {
    case 'boolean':
      return node ? 'true' : 'false';
    case 'bigint':
      return node.toString();
    case 'number':
      return formatJsonDouble(node);
    case 'string':
      return quoteJsonString(node);
  }
  if (node instanceof Decimal) return node.toString();
  if (node instanceof DateTime || node instanceof Duration) return quoteJsonString(temporalText(node));
  if (node instanceof JsonOpaque) return quoteJsonString(`base64:type${node.fieldType}:${Buffer.from(node.bytes).toString('base64')}`);
  if (node instanceof JsonObject) {
    return '{' + node.entries.map(([k, v]) => `${quoteJsonString(k)}: ${serializeJson(v)}`).join(', ') + '}';
  }
  return '[' + (node as readonly JsonNode[]).map(serializeJson).join(', ') + ']';
}

/** JSON_UNQUOTE of a node: strings lose their quotes, everything else prints as JSON. */
export function unquoteJsonNode(node: JsonNode): string {
  if (typeof node === 'string') return node;
  if (node instanceof DateTime || node instanceof Duration) return temporalText(node);
  return serializeJson(node);
}

// ---- types and comparison ------------------------------------------------------------------------

/** JSON_TYPE names. */
export function jsonTypeName(node: JsonNode): string {
  if (node === null) return 'NULL';
  switch (typeof node) {
    case 'boolean':
      return 'BOOLEAN';
    case 'bigint':
      return node > I64_MAX ? 'UNSIGNED INTEGER' : 'INTEGER';
    case 'number':
      return 'DOUBLE';
    case 'string':
      return 'STRING';
  }
  if (node instanceof Decimal) return 'DECIMAL';
  if (node instanceof Duration) return 'TIME';
  if (node instanceof DateTime) return node.type === 'date' ? 'DATE' : node.type === 'timestamp' ? 'TIMESTAMP' : 'DATETIME';
  if (node instanceof JsonOpaque) return node.fieldType === 16 ? 'BIT' : node.fieldType === 252 || node.fieldType === 249 || node.fieldType === 250 || node.fieldType === 251 ? 'BLOB' : 'OPAQUE';
  if (node instanceof JsonObject) return 'OBJECT';
  return 'ARRAY';
}

export function isJsonArray(node: JsonNode): node is readonly JsonNode[] {
  return Array.isArray(node);
}

/** Precedence rank for cross-type ordering (higher sorts later). */
function rank(node: JsonNode): number {
  if (node === null) return 0;
  switch (typeof node) {
    case 'bigint':
    case 'number':
      return 1;
    case 'string':
      return 2;
    case 'boolean':
      return 5;
  }
  if (node instanceof Decimal) return 1;
  if (node instanceof JsonObject) return 3;
  if (node instanceof DateTime) return node.type === 'date' ? 6 : 8;
  if (node instanceof Duration) return 7;
  if (node instanceof JsonOpaque) return node.fieldType === 16 ? 10 : node.fieldType >= 249 && node.fieldType <= 252 ? 11 : 9;
  return 4; // array
}

function compareNumbers(a: bigint | number | Decimal, b: bigint | number | Decimal): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = typeof a === 'number' ? a : typeof a === 'bigint' ? Number(a) : a.toNumber();
    const y = typeof b === 'number' ? b : typeof b === 'bigint' ? Number(b) : b.toNumber();
    if (x === y && typeof a !== typeof b) {
      // Resolve doubles that round to the same value as a large integer exactly.
      const da = typeof a === 'number' ? (Number.isInteger(a) ? Decimal.fromBigInt(BigInt(a)) : Decimal.fromNumber(a)) : typeof a === 'bigint' ? Decimal.fromBigInt(a) : a;
      const db = typeof b === 'number' ? (Number.isInteger(b) ? Decimal.fromBigInt(BigInt(b)) : Decimal.fromNumber(b)) : typeof b === 'bigint' ? Decimal.fromBigInt(b) : b;
      return da.compare(db);
    }
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const da = typeof a === 'bigint' ? Decimal.fromBigInt(a) : a;
  const db = typeof b === 'bigint' ? Decimal.fromBigInt(b) : b;
  return da.compare(db);
}

/** Total order over JSON nodes following MySQL's rules (see the header). */
export function compareJson(a: JsonNode, b: JsonNode): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return compareNumbers(a as bigint | number | Decimal, b as bigint | number | Decimal);
    case 2:
      return Math.sign(Buffer.compare(Buffer.from(a as string, 'utf8'), Buffer.from(b as string, 'utf8')));
    case 5:
      return a === b ? 0 : a ? 1 : -1;
    case 3: {
      const x = a as JsonObject;
      const y = b as JsonObject;
      if (x.size !== y.size) return x.size < y.size ? -1 : 1;
      for (let i = 0; i < x.size; i++) {
        const [ka, va] = x.entries[i] as readonly [string, JsonNode];
        const [kb, vb] = y.entries[i] as readonly [string, JsonNode];
        const kc = compareKeys(ka, kb);
        if (kc !== 0) return kc < 0 ? -1 : 1;
        const vc = compareJson(va, vb);
        if (vc !== 0) return vc;
      }
      return 0;
    }
    case 4: {
      const x = a as readonly JsonNode[];
      const y = b as readonly JsonNode[];
      const len = Math.min(x.length, y.length);
      for (let i = 0; i < len; i++) {
        const c = compareJson(x[i] as JsonNode, y[i] as JsonNode);
        if (c !== 0) return c;
      }
      return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
    }
    case 6:
    case 8:
      return Math.sign((a as DateTime).compare(b as DateTime));
    case 7:
      return Math.sign((a as Duration).compare(b as Duration));
    default: {
      const x = (a as JsonOpaque).bytes;
      const y = (b as JsonOpaque).bytes;
      return Math.sign(Buffer.compare(Buffer.from(x), Buffer.from(y)));
    }
  }
}

/** A string equal for two nodes exactly when compareJson says they are equal. */
export function jsonHashKey(node: JsonNode): string {
  if (node === null) return 'z';
  switch (typeof node) {
    case 'boolean':
      return node ? 'T' : 'F';
    case 'bigint':
      return 'n' + node.toString();
    case 'number':
      return 'n' + (Number.isInteger(node) && Math.abs(node) < 2 ** 64 ? BigInt(node).toString() : Decimal.fromNumber(node).normalize().toString());
    case 'string':
      return 's' + JSON.stringify(node);
  }
  if (node instanceof Decimal) return 'n' + node.normalize().toString();
  if (node instanceof DateTime) return (node.type === 'date' ? 'D' : 'M') + node.packed().toString();
  if (node instanceof Duration) return 't' + String(node.micros);
  if (node instanceof JsonOpaque) return 'o' + rank(node) + Buffer.from(node.bytes).toString('hex');
  if (node instanceof JsonObject) return '{' + node.entries.map(([k, v]) => JSON.stringify(k) + ':' + jsonHashKey(v)).join(',') + '}';
  return '[' + (node as readonly JsonNode[]).map(jsonHashKey).join(',') + ']';
}

/** Number of elements (arrays), members (objects) or 1 (scalars): JSON_LENGTH. */
export function jsonLength(node: JsonNode): number {
  if (Array.isArray(node)) return node.length;
  if (node instanceof JsonObject) return node.size;
  return 1;
}

/** JSON_DEPTH. */
export function jsonDepth(node: JsonNode): number {
  if (Array.isArray(node)) return node.length === 0 ? 1 : 1 + Math.max(...(node as readonly JsonNode[]).map(jsonDepth));
  if (node instanceof JsonObject) return node.size === 0 ? 1 : 1 + Math.max(...node.values().map(jsonDepth));
  return 1;
}
