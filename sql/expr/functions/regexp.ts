// Regular expressions: REGEXP / RLIKE / REGEXP_LIKE, NOT REGEXP, REGEXP_INSTR, REGEXP_SUBSTR,
// REGEXP_REPLACE.
//
// MySQL 8.0 uses ICU regular expressions; Strata uses JavaScript's (Unicode mode), which agree
// on the common syntax (classes, quantifiers, anchors, alternation, groups, \d \w \s, POSIX
// bracket classes aside). Matching is case-insensitive when the collation is (or match_type has
// 'i'), '.' does not match line terminators unless match_type has 'n', and 'm' makes ^/$ match
// at line boundaries. An invalid pattern is error 3692-style ("Illegal argument to a regular
// expression.").

import { SqlError } from '../../errors.js';
import { T } from '../../types/column-type.js';
import { isCaseInsensitive } from '../../types/collation.js';
import { toInteger } from '../../types/convert.js';
import { bytesToString, valueToString, type Value } from '../../types/value.js';
import type { EvalContext } from '../context.js';
import { defineFunction, type CallInfo } from '../registry.js';
import { anyNullable, charWidth, collationOfArgs, stringResult } from './common.js';

function illegal(): SqlError {
  return new SqlError('SQL:RegexpIllegalArgument', 3685, 'HY000', 'Illegal argument to a regular expression.');
}

const cache = new Map<string, RegExp>();

function compile(pattern: string, call: CallInfo, matchType: string | null, global: boolean): RegExp {
  let ci = isCaseInsensitive(collationOfArgs(call.argTypes.slice(0, 2)));
  let multiline = false;
  let dotAll = false;
  for (const c of matchType ?? '') {
    if (c === 'i') ci = true;
    else if (c === 'c') ci = false;
    else if (c === 'm') multiline = true;
    else if (c === 'n') dotAll = true;
    else if (c !== 'u') throw illegal();
  }
  const flags = 'u' + (ci ? 'i' : '') + (multiline ? 'm' : '') + (dotAll ? 's' : '') + (global ? 'g' : '');
  const key = flags + '\u0000' + pattern;
  let re = cache.get(key);
  if (!re) {
    try {
      re = new RegExp(pattern, flags);
    } catch {
      throw illegal();
    }
    if (cache.size > 200) cache.clear();
    cache.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

function text(v: Value, call: CallInfo, i: number): string | null {
  if (v === null) return null;
  return v instanceof Uint8Array ? bytesToString(v) : valueToString(v, call.argTypes[i]);
}

function optInt(args: readonly Value[], i: number, dflt: bigint, ctx: EvalContext): bigint | null {
  if (args.length <= i) return dflt;
  return toInteger(args[i] ?? null, ctx);
}

/** Code-unit index of the 1-based character position `pos` in `s`. */
function unitIndex(s: string, pos: number): number {
  let i = 0;
  for (let k = 1; k < pos && i < s.length; k++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return i;
}

function charPos(s: string, unit: number): number {
  return [...s.slice(0, unit)].length + 1;
}

function like(args: readonly Value[], call: CallInfo): boolean | null {
  const s = text(args[0] ?? null, call, 0);
  const p = text(args[1] ?? null, call, 1);
  if (s === null || p === null) return null;
  const mt = args.length > 2 ? text(args[2] ?? null, call, 2) : null;
  return compile(p, call, mt, false).test(s);
}

defineFunction({
  name: 'regexp_like',
  aliases: ['regexp', 'rlike'],
  minArgs: 2,
  maxArgs: 3,
  returnType: (types) => T.bool(anyNullable(types)),
  eval: (args, _ctx, call) => {
    const r = like(args, call);
    return r === null ? null : r ? 1n : 0n;
  },
});

defineFunction({
  name: 'not_regexp',
  minArgs: 2,
  returnType: (types) => T.bool(anyNullable(types)),
  eval: (args, _ctx, call) => {
    const r = like(args, call);
    return r === null ? null : r ? 0n : 1n;
  },
});

/** The `occurrence`-th match at or after character `pos`. */
function nth(s: string, re: RegExp, pos: number, occurrence: number): RegExpExecArray | null {
  re.lastIndex = unitIndex(s, pos);
  let m: RegExpExecArray | null = null;
  for (let k = 0; k < occurrence; k++) {
    m = re.exec(s);
    if (m === null) return null;
    if (m[0] === '') re.lastIndex++;
  }
  return m;
}

defineFunction({
  name: 'regexp_instr',
  minArgs: 2,
  maxArgs: 6,
  returnType: (types) => T.int({ nullable: anyNullable(types) }),
  eval: (args, ctx, call) => {
    const s = text(args[0] ?? null, call, 0);
    const p = text(args[1] ?? null, call, 1);
    const pos = optInt(args, 2, 1n, ctx);
    const occ = optInt(args, 3, 1n, ctx);
    const ret = optInt(args, 4, 0n, ctx);
    const mt = args.length > 5 ? text(args[5] ?? null, call, 5) : null;
    if (s === null || p === null || pos === null || occ === null || ret === null) return null;
    if (pos < 1n || pos > BigInt([...s].length + 1)) throw illegal();
    const m = nth(s, compile(p, call, mt, true), Number(pos), Math.max(1, Number(occ)));
    if (!m) return 0n;
    return BigInt(charPos(s, ret === 1n ? m.index + m[0].length : m.index));
  },
});

defineFunction({
  name: 'regexp_substr',
  minArgs: 2,
  maxArgs: 5,
  returnType: (types) => ({ ...stringResult(types.slice(0, 1), charWidth(types[0] ?? T.null())), nullable: true }),
  eval: (args, ctx, call) => {
    const s = text(args[0] ?? null, call, 0);
    const p = text(args[1] ?? null, call, 1);
    const pos = optInt(args, 2, 1n, ctx);
    const occ = optInt(args, 3, 1n, ctx);
    const mt = args.length > 4 ? text(args[4] ?? null, call, 4) : null;
    if (s === null || p === null || pos === null || occ === null) return null;
    if (pos < 1n || pos > BigInt([...s].length + 1)) throw illegal();
    const m = nth(s, compile(p, call, mt, true), Number(pos), Math.max(1, Number(occ)));
    return m ? m[0] : null;
  },
});

defineFunction({
  name: 'regexp_replace',
  minArgs: 3,
  maxArgs: 6,
  returnType: (types) => stringResult(types.slice(0, 1), Math.max(charWidth(types[0] ?? T.null()) * 2, 255)),
  eval: (args, ctx, call) => {
    const s = text(args[0] ?? null, call, 0);
    const p = text(args[1] ?? null, call, 1);
    const r = text(args[2] ?? null, call, 2);
    const pos = optInt(args, 3, 1n, ctx);
    const occ = optInt(args, 4, 0n, ctx);
    const mt = args.length > 5 ? text(args[5] ?? null, call, 5) : null;
    if (s === null || p === null || r === null || pos === null || occ === null) return null;
    if (pos < 1n || pos > BigInt([...s].length + 1)) throw illegal();
    const start = unitIndex(s, Number(pos));
    const head = s.slice(0, start);
    const tail = s.slice(start);
    // ICU replacement syntax: $n is group n, a backslash takes the next character literally.
    const expand = (m0: string, groups: readonly (string | undefined)[]): string => {
      let out = '';
      for (let i = 0; i < r.length; i++) {
        const c = r[i] as string;
        if (c === '\\' && i + 1 < r.length) out += r[++i];
        else if (c === '$' && /[0-9]/.test(r[i + 1] ?? '')) {
          const d = Number(r[++i]);
          out += d === 0 ? m0 : groups[d - 1] ?? '';
        } else out += c;
      }
      return out;
    };
    let k = 0;
    const re = compile(p, call, mt, true);
    return (
      head +
      tail.replace(re, (m0: string, ...rest: unknown[]) => {
        k++;
        if (occ > 0n && BigInt(k) !== occ) return m0;
        const groups = rest.slice(0, -2) as (string | undefined)[];
        return expand(m0, groups);
      })
    );
  },
});
