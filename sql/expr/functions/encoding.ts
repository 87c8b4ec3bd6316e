// Digests and encodings: MD5, SHA1/SHA, SHA2, TO_BASE64, FROM_BASE64. Digests are lower-case
// hex text; TO_BASE64 wraps lines at 76 characters with '\n' as MySQL does; FROM_BASE64 of
// invalid input is NULL.

import { createHash } from 'node:crypto';
import { T } from '../../types/column-type.js';
import { toInteger } from '../../types/convert.js';
import { valueToString, type Value } from '../../types/value.js';
import { defineFunction, type CallInfo } from '../registry.js';
import { anyNullable, charWidth } from './common.js';

function bytesOf(v: Value, call: CallInfo, i: number): Buffer | null {
  if (v === null) return null;
  if (v instanceof Uint8Array) return Buffer.from(v);
  return Buffer.from(valueToString(v, call.argTypes[i]) ?? '', 'utf8');
}

for (const [name, aliases, algo, len] of [
  ['md5', [], 'md5', 32],
  ['sha1', ['sha'], 'sha1', 40],
] as const) {
  defineFunction({
    name,
    aliases,
    minArgs: 1,
    returnType: (types) => T.varchar(len, { nullable: anyNullable(types) }),
    eval: ([a = null], _ctx, call) => {
      const b = bytesOf(a, call, 0);
      return b === null ? null : createHash(algo).update(b).digest('hex');
    },
  });
}

defineFunction({
  name: 'sha2',
  minArgs: 2,
  returnType: () => T.varchar(128, { nullable: true }),
  eval: ([a = null, n = null], ctx, call) => {
    const b = bytesOf(a, call, 0);
    const bits = toInteger(n, ctx);
    if (b === null || bits === null) return null;
    const algo = bits === 0n || bits === 256n ? 'sha256' : bits === 224n ? 'sha224' : bits === 384n ? 'sha384' : bits === 512n ? 'sha512' : null;
    return algo === null ? null : createHash(algo).update(b).digest('hex');
  },
});

defineFunction({
  name: 'to_base64',
  minArgs: 1,
  returnType: (types) => T.varchar(Math.ceil((charWidth(types[0] ?? T.null()) * 4) / 3) + 4, { nullable: anyNullable(types) }),
  eval: ([a = null], _ctx, call) => {
    const b = bytesOf(a, call, 0);
    if (b === null) return null;
    const s = b.toString('base64');
    return s.replace(/(.{76})(?=.)/g, '$1\n');
  },
});

defineFunction({
  name: 'from_base64',
  minArgs: 1,
  returnType: (types) => T.varbinary(Math.max(1, charWidth(types[0] ?? T.null())), { nullable: true }),
  eval: ([a = null], _ctx, call) => {
    const b = bytesOf(a, call, 0);
    if (b === null) return null;
    const s = b.toString('latin1').replace(/[\n\r\t ]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.replace(/=+$/, '').length % 4 === 1) return null;
    return Buffer.from(s, 'base64');
  },
});
