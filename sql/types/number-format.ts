// Text forms of numbers, exactly as MySQL prints and reads them.
//
// Printing a DOUBLE (my_gcvt with the server's wide field): the shortest digits that read back
// to the same double (what JavaScript's Number→string also finds), laid out in 'f' form when the
// decimal exponent is moderate and in MySQL's compact 'e' form otherwise:
//
//   0.1 + 0.2 → 0.30000000000000004     1e14 → 100000000000000      1e15 → 1e15
//   123456789012345678 → 1.2345678901234568e17     1e-15 → 0.000000000000001     1e-16 → 1e-16
//
// ('f' when -15 < exponent position ≤ 15, or when the digits reach past the point; 'e' has no
// '+' and no zero padding: 1.5e300, 1e-7 is 0.0000001.) A FLOAT column keeps at most 6
// significant digits (FLT_DIG), so 3.14159274 stored in FLOAT shows as 3.14159. DOUBLE(M,D) and
// FLOAT(M,D) print D fraction digits (my_fcvt).
//
// Reading (my_strtod / strntoull10rnd): optional spaces, sign, digits, '.', digits, exponent;
// parsing stops at the first other character and the caller decides whether the rest is a
// truncation warning.

const MAX_DECPT_FOR_F_FORMAT = 15;

/** Shortest round-trip digits and the decimal-point position: value = 0.DIGITS × 10^decpt. */
function shortestDigits(x: number, maxDigits?: number): { digits: string; decpt: number } {
  let exp: string;
  if (maxDigits !== undefined) {
    exp = x.toExponential(maxDigits - 1);
  } else {
    exp = x.toExponential();
  }
  const eIdx = exp.indexOf('e');
  let mant = exp.slice(0, eIdx).replace('.', '');
  const e = Number(exp.slice(eIdx + 1));
  mant = mant.replace(/0+$/, '');
  if (mant === '') mant = '0';
  return { digits: mant, decpt: e + 1 };
}

function layout(negative: boolean, digits: string, decpt: number): string {
  const len = digits.length;
  let out = negative ? '-' : '';
  const useF = decpt >= -MAX_DECPT_FOR_F_FORMAT + 1 && (decpt <= MAX_DECPT_FOR_F_FORMAT || len > decpt);
  if (useF) {
    if (decpt <= 0) {
      out += '0.' + '0'.repeat(-decpt) + digits;
    } else if (decpt < len) {
      out += digits.slice(0, decpt) + '.' + digits.slice(decpt);
    } else {
      out += digits + '0'.repeat(decpt - len);
    }
    return out;
  }
  out += digits[0] ?? '0';
  if (len > 1) out += '.' + digits.slice(1);
  const e = decpt - 1;
  return out + 'e' + String(e);
}

/** A DOUBLE as MySQL prints it in a result set or converts it to a string. */
export function formatDouble(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'inf' : '-inf';
  const { digits, decpt } = shortestDigits(Math.abs(x));
  return layout(x < 0, digits, decpt);
}

/** A FLOAT (single precision) as MySQL prints it: at most 6 significant digits. */
export function formatFloat(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'inf' : '-inf';
  // The shortest digits of the single-precision value, capped at FLT_DIG.
  const shortest = shortestDigits(Math.abs(x));
  const capped = shortest.digits.length > 6 ? shortestDigits(Math.abs(x), 6) : shortest;
  return layout(x < 0, capped.digits, capped.decpt);
}

/** 'f' format with exactly `decimals` fraction digits (DOUBLE(M,D) columns, FORMAT-like output). */
export function formatDoubleFixed(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return '0';
  if (Math.abs(x) < 1e21) return x.toFixed(decimals);
  // toFixed switches to exponent form past 1e21; build the digits by hand.
  const big = BigInt(Math.round(x));
  return big.toString() + (decimals > 0 ? '.' + '0'.repeat(decimals) : '');
}

/** A double as it appears inside JSON text: like formatDouble, plus ".0" when it looks integral. */
export function formatJsonDouble(x: number): string {
  const s = formatDouble(x);
  return /[.e]/.test(s) || !Number.isFinite(x) ? s : s + '.0';
}

export interface ParsedNumber {
  readonly value: number;
  /** Index just past the number (and leading spaces); `start` when nothing numeric was found. */
  readonly end: number;
  /** No digits were found. */
  readonly bad: boolean;
  /** The magnitude exceeded DOUBLE: value is ±DBL_MAX (MySQL's my_strtod). */
  readonly overflow: boolean;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** MySQL's whitespace for number parsing (my_isspace on the ASCII range). */
export function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

/** The longest numeric prefix of `s` read as a double, as my_strtod reads it. */
export function parseDoublePrefix(s: string, start = 0): ParsedNumber {
  let i = start;
  const n = s.length;
  while (i < n && isSpaceCode(s.charCodeAt(i))) i++;
  const numStart = i;
  if (i < n && (s[i] === '-' || s[i] === '+')) i++;
  const digStart = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  let nd = i - digStart;
  if (i < n && s[i] === '.') {
    let j = i + 1;
    while (j < n && isDigit(s.charCodeAt(j))) j++;
    if (j - (i + 1) > 0 || nd > 0) {
      nd += j - (i + 1);
      i = j;
    }
  }
  if (nd === 0) return { value: 0, end: start, bad: true, overflow: false };
  if (i < n && (s[i] === 'e' || s[i] === 'E')) {
    let j = i + 1;
    if (j < n && (s[j] === '-' || s[j] === '+')) j++;
    const expStart = j;
    while (j < n && isDigit(s.charCodeAt(j))) j++;
    if (j > expStart) i = j;
  }
  let value = Number(s.slice(numStart, i));
  let overflow = false;
  if (!Number.isFinite(value)) {
    overflow = true;
    value = value < 0 ? -Number.MAX_VALUE : Number.MAX_VALUE;
  }
  return { value, end: i, bad: false, overflow };
}

/** True when s[from..] holds only spaces (MySQL accepts trailing spaces after a number). */
export function onlySpacesFrom(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) if (!isSpaceCode(s.charCodeAt(i))) return false;
  return true;
}

export interface ParsedInteger {
  readonly value: bigint;
  readonly end: number;
  readonly bad: boolean;
  /** The literal did not fit: value is the clipped limit. */
  readonly overflow: boolean;
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

/** my_strtoll10: spaces, sign, decimal digits only (no '.', no exponent). With `unsigned`, a
 *  value up to 2^64-1 is accepted; negative values stay negative (the caller wraps them). */
export function parseIntegerPrefix(s: string, unsigned: boolean, start = 0): ParsedInteger {
  let i = start;
  const n = s.length;
  while (i < n && isSpaceCode(s.charCodeAt(i))) i++;
  let negative = false;
  if (i < n && (s[i] === '-' || s[i] === '+')) {
    negative = s[i] === '-';
    i++;
  }
  const digStart = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i === digStart) return { value: 0n, end: start, bad: true, overflow: false };
  let v = BigInt(s.slice(digStart, i));
  if (negative) v = -v;
  let overflow = false;
  if (negative && v < I64_MIN) {
    v = I64_MIN;
    overflow = true;
  } else if (!negative && v > (unsigned ? U64_MAX : I64_MAX)) {
    v = unsigned ? U64_MAX : I64_MAX;
    overflow = true;
  }
  return { value: v, end: i, bad: false, overflow };
}

/** A bigint in MySQL's integer text form (plain decimal). */
export function formatInteger(v: bigint): string {
  return v.toString();
}
