// Decimal: MySQL's exact fixed-point DECIMAL, as an immutable bigint coefficient and a scale.
//
//   value = coef / 10^scale          e.g. 12.50 → coef 1250n, scale 2
//
// The scale is part of the value, as in MySQL: DECIMAL(5,2) holds 1.50, printed "1.50", and
// 1.5 * 2.00 has scale 3 ("3.000"). Arithmetic is exact and follows MySQL's decimal library:
//
//   add/sub  scale = max(s1, s2)                      exact
//   mul      scale = s1 + s2                          exact (fraction cut past 81 digits)
//   div      scale = multiple of 9 digits ≥ s1 + s2 + div_precision_increment (truncated),
//            like decimal_div(); the expression's *type* has scale s1 + 4 and the value is
//            rounded to it only when shown or stored (so 1/3*3 prints 1.0000, as in MySQL)
//   mod      scale = max(s1, s2), sign of the dividend
//
// Rounding is half away from zero (ROUND(2.5) = 3, ROUND(-2.5) = -3), MySQL's rule for exact
// values. Precision limits (65 digits, scale 30) are the column type's business: `fits(p, s)`
// and `clampTo(p, s)` answer them for conversions.

export const MAX_DECIMAL_PRECISION = 65;
export const MAX_DECIMAL_SCALE = 30;
/** MySQL's decimal buffer: 9 words of 9 digits. Results beyond it lose fraction digits. */
const MAX_DIGITS = 81;

const POW10_CACHE: bigint[] = [];
export function pow10(n: number): bigint {
  if (n < 0) throw new RangeError(`pow10(${n})`);
  let p = POW10_CACHE[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    if (n < 200) POW10_CACHE[n] = p;
  }
  return p;
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

function digitCount(v: bigint): number {
  const a = abs(v);
  return a === 0n ? 1 : a.toString().length;
}

export type DecimalRounding = 'half-up' | 'truncate' | 'floor' | 'ceiling' | 'half-even';

/** Divide with the requested rounding of the quotient. */
function divRound(n: bigint, d: bigint, mode: DecimalRounding): bigint {
  const q = n / d; // truncates toward zero
  const r = n % d;
  if (r === 0n) return q;
  const negative = n < 0n !== d < 0n;
  switch (mode) {
    case 'truncate':
      return q;
    case 'floor':
      return negative ? q - 1n : q;
    case 'ceiling':
      return negative ? q : q + 1n;
    case 'half-up': {
      const twice = abs(r) * 2n;
      if (twice >= abs(d)) return negative ? q - 1n : q + 1n;
      return q;
    }
    case 'half-even': {
      const twice = abs(r) * 2n;
      const ad = abs(d);
      if (twice > ad || (twice === ad && q % 2n !== 0n)) return negative ? q - 1n : q + 1n;
      return q;
    }
  }
}

export interface ParsedDecimal {
  readonly value: Decimal;
  /** Index just past the last character consumed (leading spaces and the number). */
  readonly end: number;
  /** No digits at all ('abc', ''): value is 0. */
  readonly bad: boolean;
  /** More than 81 significant digits or an exponent too large: value is clipped. */
  readonly overflow: boolean;
}

export class Decimal {
  /** The integer whose value divided by 10^scale is this decimal. */
  readonly coef: bigint;
  /** Digits after the decimal point (≥ 0). */
  readonly scale: number;

  private constructor(coef: bigint, scale: number) {
    this.coef = coef;
    this.scale = scale;
  }

  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);

  static of(coef: bigint, scale = 0): Decimal {
    if (scale < 0) return new Decimal(coef * pow10(-scale), 0);
    return new Decimal(coef, scale);
  }

  static fromBigInt(v: bigint): Decimal {
    return new Decimal(v, 0);
  }

  /** The decimal a double converts to in MySQL: its shortest round-trip digits. */
  static fromNumber(v: number): Decimal {
    if (!Number.isFinite(v)) throw new RangeError(`cannot convert ${v} to DECIMAL`);
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 53) return new Decimal(BigInt(v), 0);
    return Decimal.parse(String(v)).value;
  }

  /** Parses like MySQL's str2my_decimal: spaces, sign, digits, '.', digits, exponent. Stops at
   *  the first character that does not belong to the number (see `end`). */
  static parse(s: string, start = 0): ParsedDecimal {
    let i = start;
    const n = s.length;
    while (i < n && isSpace(s.charCodeAt(i))) i++;
    let negative = false;
    if (i < n && (s[i] === '-' || s[i] === '+')) {
      negative = s[i] === '-';
      i++;
    }
    const intStart = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    let digits = s.slice(intStart, i);
    let scale = 0;
    if (i < n && s[i] === '.') {
      const fracStart = i + 1;
      let j = fracStart;
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      if (j > fracStart || digits.length > 0) {
        digits += s.slice(fracStart, j);
        scale = j - fracStart;
        i = j;
      }
    }
    if (digits.length === 0) {
      return { value: Decimal.ZERO, end: start, bad: true, overflow: false };
    }
    let exp = 0;
    if (i < n && (s[i] === 'e' || s[i] === 'E')) {
      let j = i + 1;
      let expNeg = false;
      if (j < n && (s[j] === '-' || s[j] === '+')) {
        expNeg = s[j] === '-';
        j++;
      }
      const expStart = j;
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      if (j > expStart) {
        const e = Number(s.slice(expStart, j).slice(-6));
        exp = expNeg ? -e : e;
        i = j;
      }
    }
    // Strip leading zeros so the digit budget counts significant digits only.
    let coef = BigInt(digits);
    let overflow = false;
    scale -= exp;
    if (scale < 0) {
      if (digitCount(coef) - scale > MAX_DIGITS) {
        overflow = true;
        coef = coef === 0n ? 0n : pow10(MAX_DIGITS) - 1n;
        scale = 0;
      } else {
        coef *= pow10(-scale);
        scale = 0;
      }
    }
    if (scale > MAX_DIGITS) {
      // Digits too far right of the point for MySQL's buffer are cut (rounded).
      coef = divRound(coef, pow10(scale - MAX_DIGITS), 'half-up');
      scale = MAX_DIGITS;
    }
    const value = new Decimal(negative ? -coef : coef, scale);
    return { value, end: i, bad: false, overflow };
  }

  /** Strict parse: the whole string (spaces aside) must be a number. */
  static fromString(s: string): Decimal {
    const p = Decimal.parse(s);
    if (p.bad || s.slice(p.end).trim() !== '') throw new RangeError(`invalid DECIMAL literal '${s}'`);
    return p.value;
  }

  /** Largest value of DECIMAL(precision, scale): 999.99 for (5, 2). */
  static maxOf(precision: number, scale: number): Decimal {
    return new Decimal(pow10(precision) - 1n, scale);
  }

  isZero(): boolean {
    return this.coef === 0n;
  }

  isNegative(): boolean {
    return this.coef < 0n;
  }

  sign(): number {
    return this.coef < 0n ? -1 : this.coef > 0n ? 1 : 0;
  }

  /** Digits before the point, without leading zeros (0 for 0.5). */
  intDigits(): number {
    const ip = abs(this.coef) / pow10(this.scale);
    return ip === 0n ? 0 : ip.toString().length;
  }

  /** Total significant digits as DECIMAL(p, s) needs them: intDigits + scale. */
  precision(): number {
    return Math.max(this.intDigits() + this.scale, 1);
  }

  /** Whether the value fits DECIMAL(precision, scale) after rounding to `scale`. */
  fits(precision: number, scale: number): boolean {
    const r = this.round(scale);
    return abs(r.coef) <= pow10(precision) - 1n;
  }

  neg(): Decimal {
    return new Decimal(-this.coef, this.scale);
  }

  abs(): Decimal {
    return this.coef < 0n ? this.neg() : this;
  }

  /** The same value with exactly `scale` fraction digits (rounding half up if fewer). */
  rescale(scale: number, mode: DecimalRounding = 'half-up'): Decimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new Decimal(this.coef * pow10(scale - this.scale), scale);
    return new Decimal(divRound(this.coef, pow10(this.scale - scale), mode), scale);
  }

  /** ROUND(x, d): half away from zero; negative d rounds left of the point (result scale 0). */
  round(digits: number, mode: DecimalRounding = 'half-up'): Decimal {
    if (digits >= 0) return this.rescale(digits, mode);
    const unit = pow10(this.scale - digits);
    const q = divRound(this.coef, unit, mode);
    return new Decimal(q * pow10(-digits), 0);
  }

  /** TRUNCATE(x, d). */
  truncate(digits: number): Decimal {
    return this.round(digits, 'truncate');
  }

  floor(): Decimal {
    return this.round(0, 'floor');
  }

  ceil(): Decimal {
    return this.round(0, 'ceiling');
  }

  /** Removes trailing fraction zeros: 1.500 → 1.5, 2.00 → 2. */
  normalize(): Decimal {
    let c = this.coef;
    let s = this.scale;
    while (s > 0 && c % 10n === 0n) {
      c /= 10n;
      s--;
    }
    return s === this.scale ? this : new Decimal(c, s);
  }

  private static align(a: Decimal, b: Decimal): [bigint, bigint, number] {
    if (a.scale === b.scale) return [a.coef, b.coef, a.scale];
    if (a.scale > b.scale) return [a.coef, b.coef * pow10(a.scale - b.scale), a.scale];
    return [a.coef * pow10(b.scale - a.scale), b.coef, b.scale];
  }

  add(o: Decimal): Decimal {
    const [x, y, s] = Decimal.align(this, o);
    return new Decimal(x + y, s);
  }

  sub(o: Decimal): Decimal {
    const [x, y, s] = Decimal.align(this, o);
    return new Decimal(x - y, s);
  }

  mul(o: Decimal): Decimal {
    let coef = this.coef * o.coef;
    let scale = this.scale + o.scale;
    // MySQL keeps at most 81 digits; fraction digits beyond the buffer are cut.
    const total = digitCount(coef);
    if (total > MAX_DIGITS && scale > 0) {
      const cut = Math.min(scale, total - MAX_DIGITS);
      coef = coef / pow10(cut);
      scale -= cut;
    }
    return new Decimal(coef, scale);
  }

  /** MySQL decimal_div: null when dividing by zero. The quotient is truncated at a scale that is
   *  a multiple of 9 digits and at least s1 + s2 + incr (see the header). */
  div(o: Decimal, incr = 4): Decimal | null {
    if (o.coef === 0n) return null;
    if (this.coef === 0n) return Decimal.ZERO;
    const f1 = Math.ceil(this.scale / 9) * 9;
    const f2 = Math.ceil(o.scale / 9) * 9;
    const inc = Math.max(0, incr - (f1 - this.scale) - (f2 - o.scale));
    let frac = Math.ceil((f1 + f2 + inc) / 9) * 9;
    const qInt = abs(this.coef) * pow10(o.scale) / (abs(o.coef) * pow10(this.scale));
    const intWords = qInt === 0n ? 0 : Math.ceil(qInt.toString().length / 9);
    if (intWords * 9 + frac > MAX_DIGITS) frac = Math.max(0, MAX_DIGITS - intWords * 9);
    // q = trunc(a/b) at scale `frac`: (A * 10^(s2 + frac - s1)) / B
    const shift = o.scale + frac - this.scale;
    const num = shift >= 0 ? this.coef * pow10(shift) : this.coef;
    const den = shift >= 0 ? o.coef : o.coef * pow10(-shift);
    return new Decimal(num / den, frac);
  }

  /** Exact quotient rounded half up to `scale` digits (AVG results, conversions). */
  divToScale(o: Decimal, scale: number): Decimal | null {
    if (o.coef === 0n) return null;
    const shift = o.scale + scale - this.scale;
    const num = shift >= 0 ? this.coef * pow10(shift) : this.coef;
    const den = shift >= 0 ? o.coef : o.coef * pow10(-shift);
    return new Decimal(divRound(num, den, 'half-up'), scale);
  }

  /** MySQL `%` on decimals: sign of the dividend, scale max(s1, s2); null for a zero divisor. */
  mod(o: Decimal): Decimal | null {
    if (o.coef === 0n) return null;
    const [x, y, s] = Decimal.align(this, o);
    return new Decimal(x % y, s);
  }

  /** Integer division (DIV): truncated toward zero; null for a zero divisor. */
  intDiv(o: Decimal): bigint | null {
    if (o.coef === 0n) return null;
    const [x, y] = Decimal.align(this, o);
    return x / y;
  }

  compare(o: Decimal): number {
    const [x, y] = Decimal.align(this, o);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  equals(o: Decimal): boolean {
    return this.compare(o) === 0;
  }

  /** Rounded half up to an integer (MySQL decimal2longlong). Range is the caller's check. */
  toBigInt(mode: DecimalRounding = 'half-up'): bigint {
    return divRound(this.coef, pow10(this.scale), mode);
  }

  toNumber(): number {
    if (this.scale === 0) return Number(this.coef);
    return Number(this.toString());
  }

  /** True when there is no non-zero fraction digit. */
  isInteger(): boolean {
    return this.coef % pow10(this.scale) === 0n;
  }

  /** As MySQL prints: all `scale` fraction digits, "-0.05", "0.00", "12". */
  toString(): string {
    const neg = this.coef < 0n;
    let digits = abs(this.coef).toString();
    if (this.scale === 0) return (neg ? '-' : '') + digits;
    if (digits.length <= this.scale) digits = '0'.repeat(this.scale - digits.length + 1) + digits;
    const p = digits.length - this.scale;
    return (neg ? '-' : '') + digits.slice(0, p) + '.' + digits.slice(p);
  }

  /** Printed with exactly `scale` digits (rounded half up), as a DECIMAL(p, scale) column shows it. */
  toFixed(scale: number): string {
    return this.rescale(scale).toString();
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}
