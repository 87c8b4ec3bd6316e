// Memcomparable DECIMAL: an order-preserving byte encoding of an exact decimal value.
//
// It lives in sql/codec, not kv/codec, because it encodes sql/types' Decimal (kv/ knows nothing of
// SQL types) and only index keys need it.
//
// Equal numeric values encode identically whatever their scale (1.0, 1.00 and 1 are one key), so
// a unique index sees them as duplicates, as MySQL does. The value is normalised to
// ±0.d₁d₂…dₙ × 10^e with d₁ ≠ 0 and dₙ ≠ 0 (trailing zeros stripped), then:
//
//   negative   00  then every byte of the positive encoding of |v| inverted
//   zero       01
//   positive   02  e+0x8000 (uint16 BE)  digit pairs  00
//
// A digit pair (d, d') is the byte 1 + 10·d + d' (1..100); an odd last digit is paired with 0 —
// unambiguous since the real digits never end in 0. The terminator 00 is below every pair, so a
// shorter digit string (a prefix) sorts first, which is right at equal exponents (0.12 < 0.123).
// Larger exponents sort later because d₁ ≠ 0. Inverting a prefix-free ascending encoding gives a
// descending one, so negatives order correctly and the whole encoding stays prefix-free (more
// key components may follow it).
//
// Decoding gives the normalised value (scale = number of significant fraction digits); callers
// that know the column's scale rescale it (DECIMAL(5,2) 1.5 → 1.50), which is exact.
import { Decimal } from '../types/index.js';
import { BadValueError, CorruptDataError } from './errors.js';

const NEG = 0x00;
const ZERO = 0x01;
const POS = 0x02;
const EXP_BIAS = 0x8000;

function positiveBody(digits: string, exp: number): number[] {
  if (exp + EXP_BIAS < 0 || exp + EXP_BIAS > 0xffff) throw new BadValueError(`decimal exponent out of range: ${exp}`);
  const out: number[] = [(exp + EXP_BIAS) >> 8, (exp + EXP_BIAS) & 0xff];
  for (let i = 0; i < digits.length; i += 2) {
    const a = digits.charCodeAt(i) - 48;
    const b = i + 1 < digits.length ? digits.charCodeAt(i + 1) - 48 : 0;
    out.push(1 + 10 * a + b);
  }
  out.push(0);
  return out;
}

export function encodeDecimalKey(v: Decimal): Buffer {
  if (v.coef === 0n) return Buffer.of(ZERO);
  const neg = v.coef < 0n;
  let digits = (neg ? -v.coef : v.coef).toString();
  let scale = v.scale;
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  scale -= digits.length - end;
  digits = digits.slice(0, end);
  // value = digits × 10^-scale = 0.digits × 10^(len - scale)
  const exp = digits.length - scale;
  const body = positiveBody(digits, exp);
  if (!neg) return Buffer.from([POS, ...body]);
  return Buffer.from([NEG, ...body.map((b) => ~b & 0xff)]);
}

/** Decodes one memcomparable decimal at `offset`; returns the value and the offset after it. */
export function decodeDecimalKey(buf: Uint8Array, offset = 0): { value: Decimal; next: number } {
  const sign = buf[offset];
  if (sign === undefined) throw new CorruptDataError(`truncated decimal key at offset ${offset}`);
  if (sign === ZERO) return { value: Decimal.ZERO, next: offset + 1 };
  if (sign !== NEG && sign !== POS) throw new CorruptDataError(`bad decimal key sign byte 0x${sign.toString(16)} at offset ${offset}`);
  const flip = sign === NEG ? 0xff : 0x00;
  const byteAt = (i: number): number => {
    const b = buf[i];
    if (b === undefined) throw new CorruptDataError(`truncated decimal key at offset ${i}`);
    return b ^ flip;
  };
  const exp = ((byteAt(offset + 1) << 8) | byteAt(offset + 2)) - EXP_BIAS;
  let pos = offset + 3;
  let digits = '';
  for (;;) {
    const b = byteAt(pos++);
    if (b === 0) break;
    if (b > 100) throw new CorruptDataError(`bad decimal digit pair 0x${b.toString(16)} at offset ${pos - 1}`);
    const pair = b - 1;
    digits += String.fromCharCode(48 + Math.floor(pair / 10), 48 + (pair % 10));
  }
  if (digits.length > 0 && digits.endsWith('0')) digits = digits.slice(0, -1);
  if (digits.length === 0 || digits.startsWith('0') || digits.endsWith('0')) {
    throw new CorruptDataError(`non-canonical decimal key at offset ${offset}`);
  }
  // value = 0.digits × 10^exp = digits × 10^(exp - len)
  const shift = exp - digits.length;
  let coef = BigInt(digits);
  if (sign === NEG) coef = -coef;
  const value = shift >= 0 ? Decimal.of(coef * 10n ** BigInt(shift), 0) : Decimal.of(coef, -shift);
  return { value, next: pos };
}
