// String functions: CONCAT, CONCAT_WS, SUBSTRING/SUBSTR/MID, LEFT, RIGHT, LENGTH, CHAR_LENGTH,
// UPPER/LOWER, TRIM/LTRIM/RTRIM, REPLACE, LOCATE/POSITION/INSTR, LPAD/RPAD, REVERSE, REPEAT,
// SPACE, ASCII, ORD, HEX/UNHEX, STRCMP, FORMAT, SUBSTRING_INDEX, FIND_IN_SET, FIELD, ELT,
// INSERT, QUOTE, BIN, OCT, CHAR, BIT_LENGTH.
//
// Positions and lengths count characters (code points) for text and bytes for binary strings:
// when an argument is binary (BINARY/VARBINARY/BLOB), the function works on bytes and returns a
// binary string, as MySQL does. Bytes are handled internally as latin1 strings (one character
// per byte) so the same code serves both. Any NULL argument gives NULL unless noted (CONCAT_WS
// skips NULLs; QUOTE(NULL) is the text 'NULL'). Searching (LOCATE, INSTR, STRCMP, FIELD) honours
// the collation; REPLACE is always case-sensitive, as in MySQL.

import { resultTooLarge } from '../../errors.js';
import { T, isBinaryType, isIntegerType, type SqlType } from '../../types/column-type.js';
import { compareStrings, likeUnits } from '../../types/collation.js';
import { Decimal } from '../../types/decimal.js';
import { toDecimal, toDouble, toInteger, wrap64 } from '../../types/convert.js';
import { bytesToString, valueToString, type Value } from '../../types/value.js';
import type { EvalContext } from '../context.js';
import { defineFunction, type CallInfo } from '../registry.js';
import { anyNullable, charWidth, collationOfArgs, stringResult, warn } from './common.js';

// ---- text/bytes plumbing ---------------------------------------------------------------------------

/** Whether the call works on bytes (its result type, or the argument types, are binary). */
function binaryMode(call: CallInfo): boolean {
  return isBinaryType(call.returnType) || call.argTypes.some((t) => isBinaryType(t));
}

/** Argument i as a JS string: text, or bytes as latin1 in binary mode. */
function strArg(v: Value, call: CallInfo, i: number, binary = binaryMode(call)): string | null {
  if (v === null) return null;
  if (binary) {
    if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
    return Buffer.from(valueToString(v, call.argTypes[i]) ?? '', 'utf8').toString('latin1');
  }
  if (v instanceof Uint8Array) return bytesToString(v);
  return valueToString(v, call.argTypes[i]);
}

function result(s: string, binary: boolean): Value {
  return binary ? Buffer.from(s, 'latin1') : s;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Characters of a string (code points; bytes in binary mode are already single units). */
function chars(s: string): string[] {
  return SURROGATE.test(s) ? Array.from(s) : s.split('');
}

function len(s: string): number {
  return SURROGATE.test(s) ? Array.from(s).length : s.length;
}

function intArg(v: Value, ctx: EvalContext): bigint | null {
  return toInteger(v, ctx);
}

/** Clamp a bigint to a safe JS number range for positions/lengths. */
function n(v: bigint): number {
  if (v > 4294967296n) return 4294967296;
  if (v < -4294967296n) return -4294967296;
  return Number(v);
}

function checkSize(ctx: EvalContext, fn: string, size: number): boolean {
  if (size > ctx.maxAllowedPacket) {
    warn(ctx, resultTooLarge(fn, ctx.maxAllowedPacket));
    return false;
  }
  return true;
}

const sumWidths = (types: readonly SqlType[]): number => types.reduce((a, t) => a + charWidth(t), 0);

// ---- CONCAT ----------------------------------------------------------------------------------------

defineFunction({
  name: 'concat',
  minArgs: 1,
  maxArgs: Infinity,
  returnType: (types) => stringResult(types, sumWidths(types)),
  eval: (args, _ctx, call) => {
    const binary = binaryMode(call);
    let out = '';
    for (let i = 0; i < args.length; i++) {
      const s = strArg(args[i] ?? null, call, i, binary);
      if (s === null) return null;
      out += s;
    }
    return result(out, binary);
  },
});

defineFunction({
  name: 'concat_ws',
  minArgs: 2,
  maxArgs: Infinity,
  returnType: (types) => stringResult(types, sumWidths(types.slice(1)) + charWidth(types[0] ?? T.null()) * Math.max(0, types.length - 2), types[0]?.nullable ?? true),
  eval: (args, _ctx, call) => {
    const binary = binaryMode(call);
    const sep = strArg(args[0] ?? null, call, 0, binary);
    if (sep === null) return null;
    const parts: string[] = [];
    for (let i = 1; i < args.length; i++) {
      const s = strArg(args[i] ?? null, call, i, binary);
      if (s !== null) parts.push(s);
    }
    return result(parts.join(sep), binary);
  },
});

// ---- SUBSTRING, LEFT, RIGHT ------------------------------------------------------------------------

/** SUBSTRING(str, pos[, len]) on characters: pos 1-based, negative from the end, 0 → ''. */
export function substring(s: string, pos: bigint, length?: bigint): string {
  const cs = chars(s);
  const total = cs.length;
  let start: number;
  if (pos === 0n) return '';
  if (pos > 0n) {
    if (pos > BigInt(total)) return '';
    start = Number(pos) - 1;
  } else {
    if (-pos > BigInt(total)) return '';
    start = total + Number(pos);
  }
  if (length === undefined) return cs.slice(start).join('');
  if (length <= 0n) return '';
  const l = length > BigInt(total) ? total : Number(length);
  return cs.slice(start, start + l).join('');
}

defineFunction({
  name: 'substring',
  aliases: ['substr', 'mid'],
  minArgs: 2,
  maxArgs: 3,
  returnType: (types) => stringResult(types.slice(0, 1), charWidth(types[0] ?? T.null()), anyNullable(types)),
  eval: (args, ctx, call) => {
    if (args.some((a) => a === null)) return null;
    const binary = binaryMode(call);
    const s = strArg(args[0] ?? null, call, 0, binary);
    const pos = intArg(args[1] ?? null, ctx);
    const l = args.length > 2 ? intArg(args[2] ?? null, ctx) : undefined;
    if (s === null || pos === null || l === null) return null;
    return result(substring(s, pos, l), binary);
  },
});

defineFunction({
  name: 'left',
  minArgs: 2,
  returnType: (types) => stringResult(types.slice(0, 1), charWidth(types[0] ?? T.null()), anyNullable(types)),
  eval: ([a = null, b = null], ctx, call) => {
    const binary = binaryMode(call);
    const s = strArg(a, call, 0, binary);
    const k = intArg(b, ctx);
    if (s === null || k === null) return null;
    if (k <= 0n) return result('', binary);
    return result(chars(s).slice(0, n(k)).join(''), binary);
  },
});

defineFunction({
  name: 'right',
  minArgs: 2,
  returnType: (types) => stringResult(types.slice(0, 1), charWidth(types[0] ?? T.null()), anyNullable(types)),
  eval: ([a = null, b = null], ctx, call) => {
    const binary = binaryMode(call);
    const s = strArg(a, call, 0, binary);
    const k = intArg(b, ctx);
    if (s === null || k === null) return null;
    if (k <= 0n) return result('', binary);
    const cs = chars(s);
    return result(cs.slice(Math.max(0, cs.length - n(k))).join(''), binary);
  },
});

// ---- lengths ---------------------------------------------------------------------------------------

defineFunction({
  name: 'length',
  aliases: ['octet_length'],
  minArgs: 1,
  returnType: (types) => T.bigint({ nullable: anyNullable(types) }),
  eval: ([a = null], _ctx, call) => {
    if (a === null) return null;
    if (a instanceof Uint8Array) return BigInt(a.length);
    return BigInt(Buffer.byteLength(valueToString(a, call.argTypes[0]) ?? '', 'utf8'));
  },
});

defineFunction({
  name: 'bit_length',
  minArgs: 1,
  returnType: (types) => T.bigint({ nullable: anyNullable(types) }),
  eval: ([a = null], _ctx, call) => {
    if (a === null) return null;
    if (a instanceof Uint8Array) return BigInt(a.length * 8);
    return BigInt(Buffer.byteLength(valueToString(a, call.argTypes[0]) ?? '', 'utf8') * 8);
  },
});

defineFunction({
  name: 'char_length',
  aliases: ['character_length'],
  minArgs: 1,
  returnType: (types) => T.bigint({ nullable: anyNullable(types) }),
  eval: ([a = null], _ctx, call) => {
    const s = strArg(a, call, 0);
    return s === null ? null : BigInt(len(s));
  },
});

// ---- case ------------------------------------------------------------------------------------------

function mapChars(s: string, f: (c: string) => string): string {
  let out = '';
  for (const c of s) {
    const m = f(c);
    out += [...m].length === 1 ? m : c;
  }
  return out;
}

for (const [name, aliases, upper] of [
  ['upper', ['ucase'], true],
  ['lower', ['lcase'], false],
] as const) {
  defineFunction({
    name,
    aliases,
    minArgs: 1,
    returnType: (types) => stringResult(types, charWidth(types[0] ?? T.null())),
    eval: ([a = null], _ctx, call) => {
      if (binaryMode(call)) return a === null ? null : a instanceof Uint8Array ? a : result(strArg(a, call, 0, true) ?? '', true);
      const s = strArg(a, call, 0);
      if (s === null) return null;
      // eslint-disable-next-line no-control-regex
      if (/^[\x00-\x7f]*$/.test(s)) return upper ? s.toUpperCase() : s.toLowerCase();
      return mapChars(s, (c) => (upper ? c.toUpperCase() : c.toLowerCase()));
    },
  });
}

// ---- TRIM ------------------------------------------------------------------------------------------

export function trimString(s: string, rem: string, mode: 'both' | 'leading' | 'trailing'): string {
  if (rem === '') return s;
  let start = 0;
  let end = s.length;
  if (mode !== 'trailing') while (s.startsWith(rem, start)) start += rem.length;
  if (mode !== 'leading') while (end - rem.length >= start && s.endsWith(rem, end)) end -= rem.length;
  return s.slice(start, end);
}

defineFunction({
  name: 'trim',
  minArgs: 1,
  maxArgs: 2,
  returnType: (types) => stringResult(types.slice(0, 1), charWidth(types[0] ?? T.null()), anyNullable(types)),
  eval: (args, _ctx, call) => {
    const binary = binaryMode(call);
    const s = strArg(args[0] ?? null, call, 0, binary);
    const rem = args.length > 1 ? strArg(args[1] ?? null, call, 1, binary) : ' ';
    if (s === null || rem === null) return null;
    return result(trimString(s, rem, call.options.trimMode ?? 'both'), binary);
  },
});

for (const [name, mode] of [
  ['ltrim', 'leading'],
  ['rtrim', 'trailing'],
] as const) {
  defineFunction({
    name,
    minArgs: 1,
    returnType: (types) => stringResult(types, charWidth(types[0] ?? T.null())),
    eval: ([a = null], _ctx, call) => {
      const binary = binaryMode(call);
      const s = strArg(a, call, 0, binary);
      return s === null ? null : result(trimString(s, ' ', mode), binary);
    },
  });
}

// ---- REPLACE, REVERSE, REPEAT, SPACE, INSERT -------------------------------------------------------

defineFunction({
  name: 'replace',
  minArgs: 3,
  returnType: (types) => stringResult(types, charWidth(types[0] ?? T.null()) * Math.max(1, charWidth(types[2] ?? T.null()))),
  eval: (args, _ctx, call) => {
    const binary = binaryMode(call);
    const [s, from, to] = args.map((a, i) => strArg(a, call, i, binary));
    if (s === null || from === null || to === null || s === undefined || from === undefined || to === undefined) return null;
    if (from === '') return result(s, binary);
    return result(s.split(from).join(to), binary);
  },
});

defineFunction({
  name: 'reverse',
  minArgs: 1,
  returnType: (types) => stringResult(types, charWidth(types[0] ?? T.null())),
  eval: ([a = null], _ctx, call) => {
    const binary = binaryMode(call);
    const s = strArg(a, call, 0, binary);
    return s === null ? null : result(chars(s).reverse().join(''), binary);
  },
});

defineFunction({
  name: 'repeat',
  minArgs: 2,
  returnType: (types) => stringResult(types.slice(0, 1), 65535, anyNullable(types)),
  eval: ([a = null, b = null], ctx, call) => {
    const binary = binaryMode(call);
    const s = strArg(a, call, 0, binary);
    const k = intArg(b, ctx);
    if (s === null || k === null) return null;
    if (k <= 0n || s === '') return result('', binary);
    if (!checkSize(ctx, 'repeat', Buffer.byteLength(s) * n(k))) return null;
    return result(s.repeat(n(k)), binary);
  },
});

defineFunction({
  name: 'space',
  minArgs: 1,
  returnType: (types) => T.varchar(65535, { nullable: anyNullable(types) }),
  eval: ([a = null], ctx) => {
    const k = intArg(a, ctx);
    if (k === null) return null;
    if (k <= 0n) return '';
    if (!checkSize(ctx, 'space', n(k))) return null;
    return ' '.repeat(n(k));
  },
});

defineFunction({
  name: 'insert',
  minArgs: 4,
  returnType: (types) => stringResult([types[0] ?? T.null(), types[3] ?? T.null()], charWidth(types[0] ?? T.null()) + charWidth(types[3] ?? T.null()), anyNullable(types)),
  eval: (args, ctx, call) => {
    const binary = binaryMode(call);
    const s = strArg(args[0] ?? null, call, 0, binary);
    const pos = intArg(args[1] ?? null, ctx);
    const l = intArg(args[2] ?? null, ctx);
    const ins = strArg(args[3] ?? null, call, 3, binary);
    if (s === null || pos === null || l === null || ins === null) return null;
    const cs = chars(s);
    if (pos < 1n || pos > BigInt(cs.length)) return result(s, binary);
    const start = Number(pos) - 1;
    const count = l < 0n || l > BigInt(cs.length) ? cs.length : Number(l);
    return result(cs.slice(0, start).join('') + ins + cs.slice(start + count).join(''), binary);
  },
});

// ---- LPAD / RPAD -----------------------------------------------------------------------------------

function pad(args: readonly Value[], ctx: EvalContext, call: CallInfo, left: boolean): Value {
  const binary = binaryMode(call);
  const s = strArg(args[0] ?? null, call, 0, binary);
  const k = intArg(args[1] ?? null, ctx);
  const p = strArg(args[2] ?? null, call, 2, binary);
  if (s === null || k === null || p === null) return null;
  if (k < 0n) return null;
  const target = n(k);
  const cs = chars(s);
  if (cs.length >= target) return result(cs.slice(0, target).join(''), binary);
  const pc = chars(p);
  if (pc.length === 0) return null;
  if (!checkSize(ctx, left ? 'lpad' : 'rpad', target)) return null;
  const need = target - cs.length;
  let fill = '';
  for (let i = 0; i < need; i++) fill += pc[i % pc.length];
  return result(left ? fill + s : s + fill, binary);
}

defineFunction({
  name: 'lpad',
  minArgs: 3,
  returnType: (types) => stringResult([types[0] ?? T.null(), types[2] ?? T.null()], 65535, true),
  eval: (args, ctx, call) => pad(args, ctx, call, true),
});

defineFunction({
  name: 'rpad',
  minArgs: 3,
  returnType: (types) => stringResult([types[0] ?? T.null(), types[2] ?? T.null()], 65535, true),
  eval: (args, ctx, call) => pad(args, ctx, call, false),
});

// ---- searching -------------------------------------------------------------------------------------

/** 1-based position of `needle` in `hay` at or after `from` (1-based), under a collation; 0 if absent. */
export function locate(needle: string, hay: string, from: number, collation: string): number {
  const h = collation === 'binary' ? chars(hay) : likeUnits(hay, collation);
  const nd = collation === 'binary' ? chars(needle) : likeUnits(needle, collation);
  if (from < 1 || from > h.length + 1) return needle === '' && from === h.length + 1 ? from : 0;
  if (nd.length === 0) return from;
  outer: for (let i = from - 1; i + nd.length <= h.length; i++) {
    for (let j = 0; j < nd.length; j++) if (h[i + j] !== nd[j]) continue outer;
    return i + 1;
  }
  return 0;
}

defineFunction({
  name: 'locate',
  aliases: ['position'],
  minArgs: 2,
  maxArgs: 3,
  returnType: (types) => T.bigint({ nullable: anyNullable(types) }),
  eval: (args, ctx, call) => {
    const binary = binaryMode(call);
    const needle = strArg(args[0] ?? null, call, 0, binary);
    const hay = strArg(args[1] ?? null, call, 1, binary);
    const from = args.length > 2 ? intArg(args[2] ?? null, ctx) : 1n;
    if (needle === null || hay === null || from === null) return null;
    if (from < 1n) return 0n;
    return BigInt(locate(needle, hay, n(from), binary ? 'binary' : collationOfArgs(call.argTypes.slice(0, 2))));
  },
});

defineFunction({
  name: 'instr',
  minArgs: 2,
  returnType: (types) => T.bigint({ nullable: anyNullable(types) }),
  eval: ([a = null, b = null], _ctx, call) => {
    const binary = binaryMode(call);
    const hay = strArg(a, call, 0, binary);
    const needle = strArg(b, call, 1, binary);
    if (needle === null || hay === null) return null;
    return BigInt(locate(needle, hay, 1, binary ? 'binary' : collationOfArgs(call.argTypes)));
  },
});

defineFunction({
  name: 'strcmp',
  minArgs: 2,
  returnType: (types) => T.int({ nullable: anyNullable(types) }),
  eval: ([a = null, b = null], _ctx, call) => {
    const binary = binaryMode(call);
    const x = strArg(a, call, 0, binary);
    const y = strArg(b, call, 1, binary);
    if (x === null || y === null) return null;
    const c = binary ? Buffer.compare(Buffer.from(x, 'latin1'), Buffer.from(y, 'latin1')) : compareStrings(x, y, collationOfArgs(call.argTypes));
    return BigInt(Math.sign(c));
  },
});

defineFunction({
  name: 'substring_index',
  minArgs: 3,
  returnType: (types) => stringResult(types.slice(0, 1), charWidth(types[0] ?? T.null()), anyNullable(types)),
  eval: (args, ctx, call) => {
    const binary = binaryMode(call);
    const s = strArg(args[0] ?? null, call, 0, binary);
    const d = strArg(args[1] ?? null, call, 1, binary);
    const c = intArg(args[2] ?? null, ctx);
    if (s === null || d === null || c === null) return null;
    if (d === '' || c === 0n) return result('', binary);
    const parts = s.split(d);
    if (c > 0n) return result(parts.slice(0, n(c)).join(d), binary);
    return result(parts.slice(Math.max(0, parts.length + n(c))).join(d), binary);
  },
});

defineFunction({
  name: 'find_in_set',
  minArgs: 2,
  returnType: (types) => T.bigint({ nullable: anyNullable(types) }),
  eval: ([a = null, b = null], _ctx, call) => {
    const s = strArg(a, call, 0, false);
    const list = strArg(b, call, 1, false);
    if (s === null || list === null) return null;
    if (s.includes(',')) return 0n;
    const collation = collationOfArgs(call.argTypes);
    const items = list === '' ? [] : list.split(',');
    const i = items.findIndex((x) => compareStrings(x, s, collation) === 0);
    return BigInt(i + 1);
  },
});

defineFunction({
  name: 'field',
  minArgs: 2,
  maxArgs: Infinity,
  returnType: () => T.bigint({ nullable: false }),
  eval: (args, ctx, call) => {
    const x = args[0] ?? null;
    if (x === null) return 0n;
    const allStrings = call.argTypes.every((t) => t.kind !== 'null' && !(isIntegerType(t) || t.kind === 'decimal' || t.kind === 'float' || t.kind === 'double'));
    for (let i = 1; i < args.length; i++) {
      const v = args[i] ?? null;
      if (v === null) continue;
      if (allStrings) {
        const a = strArg(x, call, 0, false) ?? '';
        const b = strArg(v, call, i, false) ?? '';
        if (compareStrings(a, b, collationOfArgs(call.argTypes)) === 0) return BigInt(i);
      } else if (toDouble(x, ctx) === toDouble(v, ctx)) {
        return BigInt(i);
      }
    }
    return 0n;
  },
});

defineFunction({
  name: 'elt',
  minArgs: 2,
  maxArgs: Infinity,
  returnType: (types) => ({ ...stringResult(types.slice(1), Math.max(...types.slice(1).map(charWidth))), nullable: true }),
  eval: (args, ctx, call) => {
    const k = intArg(args[0] ?? null, ctx);
    if (k === null || k < 1n || k >= BigInt(args.length)) return null;
    const i = Number(k);
    const s = strArg(args[i] ?? null, call, i);
    return s === null ? null : result(s, binaryMode(call));
  },
});

// ---- codes: ASCII, ORD, HEX, UNHEX, BIN, OCT, CHAR -------------------------------------------------

defineFunction({
  name: 'ascii',
  minArgs: 1,
  returnType: (types) => T.int({ nullable: anyNullable(types) }),
  eval: ([a = null], _ctx, call) => {
    if (a === null) return null;
    const b = a instanceof Uint8Array ? a : Buffer.from(valueToString(a, call.argTypes[0]) ?? '', 'utf8');
    return BigInt(b[0] ?? 0);
  },
});

defineFunction({
  name: 'ord',
  minArgs: 1,
  returnType: (types) => T.bigint({ unsigned: true, nullable: anyNullable(types) }),
  eval: ([a = null], _ctx, call) => {
    if (a === null) return null;
    if (a instanceof Uint8Array) return BigInt(a[0] ?? 0);
    const s = valueToString(a, call.argTypes[0]) ?? '';
    const first = [...s][0];
    if (first === undefined) return 0n;
    let v = 0n;
    for (const byte of Buffer.from(first, 'utf8')) v = v * 256n + BigInt(byte);
    return v;
  },
});

function isNumericArg(t: SqlType | undefined): boolean {
  return t !== undefined && (isIntegerType(t) || t.kind === 'decimal' || t.kind === 'float' || t.kind === 'double' || t.kind === 'year' || t.kind === 'bit');
}

function unsigned64(v: Value, ctx: EvalContext): bigint | null {
  if (v instanceof Decimal || typeof v === 'number') {
    const d = toDecimal(v, ctx);
    return d === null ? null : wrap64(d.toBigInt(), true);
  }
  const i = toInteger(v, ctx);
  return i === null ? null : wrap64(i, true);
}

defineFunction({
  name: 'hex',
  minArgs: 1,
  returnType: (types) => T.varchar(Math.max(16, charWidth(types[0] ?? T.null()) * 2), { nullable: anyNullable(types) }),
  eval: ([a = null], ctx, call) => {
    if (a === null) return null;
    if (isNumericArg(call.argTypes[0])) {
      const u = unsigned64(a, ctx);
      return u === null ? null : u.toString(16).toUpperCase();
    }
    const b = a instanceof Uint8Array ? a : Buffer.from(valueToString(a, call.argTypes[0]) ?? '', 'utf8');
    return Buffer.from(b).toString('hex').toUpperCase();
  },
});

defineFunction({
  name: 'unhex',
  minArgs: 1,
  returnType: (types) => T.varbinary(Math.ceil(charWidth(types[0] ?? T.null()) / 2) || 1, { nullable: true }),
  eval: ([a = null], _ctx, call) => {
    if (a === null) return null;
    let s = a instanceof Uint8Array ? Buffer.from(a).toString('latin1') : valueToString(a, call.argTypes[0]) ?? '';
    if (!/^[0-9a-fA-F]*$/.test(s)) return null;
    if (s.length % 2 === 1) s = '0' + s;
    return Buffer.from(s, 'hex');
  },
});

for (const [name, radix] of [
  ['bin', 2],
  ['oct', 8],
] as const) {
  defineFunction({
    name,
    minArgs: 1,
    returnType: (types) => T.varchar(64, { nullable: anyNullable(types) }),
    eval: ([a = null], ctx) => {
      if (a === null) return null;
      const u = unsigned64(a, ctx);
      return u === null ? null : u.toString(radix);
    },
  });
}

defineFunction({
  name: 'char',
  minArgs: 1,
  maxArgs: Infinity,
  returnType: (types) => T.varbinary(types.length * 4, { nullable: false }),
  eval: (args, ctx) => {
    const bytes: number[] = [];
    for (const a of args) {
      if (a === null) continue;
      let v = unsigned64(a, ctx) ?? 0n;
      v &= 0xffffffffn;
      const chunk: number[] = [];
      do {
        chunk.unshift(Number(v & 0xffn));
        v >>= 8n;
      } while (v > 0n);
      bytes.push(...chunk);
    }
    return Uint8Array.from(bytes);
  },
});

// ---- QUOTE, FORMAT ---------------------------------------------------------------------------------

defineFunction({
  name: 'quote',
  minArgs: 1,
  returnType: (types) => stringResult(types, charWidth(types[0] ?? T.null()) * 2 + 2, false),
  eval: ([a = null], _ctx, call) => {
    if (a === null) return 'NULL';
    const binary = binaryMode(call);
    const s = strArg(a, call, 0, binary) ?? '';
    let out = "'";
    for (const c of s) {
      if (c === '\\' || c === "'") out += '\\' + c;
      else if (c === '\u0000') out += '\\0';
      else if (c === '\u001a') out += '\\Z';
      else out += c;
    }
    return result(out + "'", binary);
  },
});

/** FORMAT(x, d): rounded half up to d places, thousands grouped with ',' (en_US). */
export function formatNumber(d: Decimal, places: number): string {
  const r = d.round(places);
  const s = r.toFixed(places);
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  const intPart = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? '' : body.slice(dot);
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg && !r.isZero() ? '-' : '') + grouped + frac;
}

defineFunction({
  name: 'format',
  minArgs: 2,
  maxArgs: 3,
  returnType: (types) => T.varchar(Math.max(charWidth(types[0] ?? T.null()) * 2, 20), { nullable: anyNullable(types.slice(0, 2)) }),
  eval: ([a = null, b = null], ctx) => {
    if (a === null || b === null) return null;
    const d = toDecimal(a, ctx);
    const places = intArg(b, ctx);
    if (d === null || places === null) return null;
    const p = Math.max(0, Math.min(30, n(places)));
    if (typeof a === 'number') return formatNumber(Decimal.fromNumber(a), p);
    return formatNumber(d, p);
  },
});
