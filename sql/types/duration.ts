// Duration: the runtime value of TIME — a signed span of microseconds, not a time of day.
//
// MySQL's TIME ranges over ±838:59:59 (hours may exceed 24: '100:00:00' is valid, as is
// '-01:30:00'), printed with at least two hour digits and `fsp` fraction digits. Literals:
//   '12:34:56'  '12:34:56.789'  '-12:34'  '3 12:00:00' (days)  '123456' (hhmmss)  '56' (ss)
//   123456 (hhmmss as a number)  '2024-01-02 03:04:05' (a datetime's time part)
// Values past the range are clipped to ±838:59:59 with a warning, as MySQL does.

import { pad, fraction, parseDateTime } from './datetime.js';

export const MAX_TIME_MICROS = (838 * 3600 + 59 * 60 + 59) * 1_000_000;

export class Duration {
  /** Signed microseconds. |micros| ≤ MAX_TIME_MICROS for stored values. */
  readonly micros: number;
  readonly fsp: number;

  constructor(micros: number, fsp = 0) {
    this.micros = micros === 0 ? 0 : micros; // no -0
    this.fsp = Math.min(Math.max(fsp, 0), 6);
  }

  static of(hours: number, minutes: number, seconds: number, microseconds = 0, negative = false, fsp = 0): Duration {
    const m = ((hours * 60 + minutes) * 60 + seconds) * 1_000_000 + microseconds;
    return new Duration(negative ? -m : m, fsp);
  }

  get negative(): boolean {
    return this.micros < 0;
  }

  /** Whole hours (may exceed 23), minutes, seconds, microseconds of |value|. */
  parts(): { hours: number; minutes: number; seconds: number; microseconds: number; negative: boolean } {
    const a = Math.abs(this.micros);
    const totalSec = Math.floor(a / 1_000_000);
    return {
      hours: Math.floor(totalSec / 3600),
      minutes: Math.floor(totalSec / 60) % 60,
      seconds: totalSec % 60,
      microseconds: a % 1_000_000,
      negative: this.micros < 0,
    };
  }

  /** '-838:59:59', '01:02:03.450' (fsp 3). */
  toString(): string {
    const p = this.parts();
    return `${p.negative ? '-' : ''}${pad(p.hours, 2)}:${pad(p.minutes, 2)}:${pad(p.seconds, 2)}${fraction(p.microseconds, this.fsp)}`;
  }

  /** Numeric-context form: 123456 for 12:34:56, -10000.5 … */
  toNumberString(): string {
    const p = this.parts();
    const body = String(p.hours * 10000 + p.minutes * 100 + p.seconds);
    return `${p.negative ? '-' : ''}${body}${fraction(p.microseconds, this.fsp)}`;
  }

  compare(o: Duration): number {
    return this.micros - o.micros;
  }

  equals(o: Duration): boolean {
    return this.micros === o.micros;
  }

  /** Rounds (or truncates) the fraction to `fsp` digits. */
  withFsp(fsp: number, truncate = false): Duration {
    const f = Math.min(Math.max(fsp, 0), 6);
    const unit = 10 ** (6 - f);
    const a = Math.abs(this.micros);
    const rem = a % unit;
    let r = a - rem;
    if (!truncate && rem * 2 >= unit && rem !== 0) r += unit;
    return new Duration(this.micros < 0 ? -r : r, f);
  }

  /** Clipped to ±838:59:59; `clipped` says whether anything changed. */
  clip(): { value: Duration; clipped: boolean } {
    if (Math.abs(this.micros) <= MAX_TIME_MICROS) return { value: this, clipped: false };
    return { value: new Duration(this.micros < 0 ? -MAX_TIME_MICROS : MAX_TIME_MICROS, this.fsp), clipped: true };
  }

  neg(): Duration {
    return new Duration(-this.micros, this.fsp);
  }
}

export interface ParsedDuration {
  readonly value: Duration | null;
  /** Part of the text was ignored, or the value was clipped to the TIME range. */
  readonly warning: boolean;
  /** The value was beyond ±838:59:59 and was clipped. */
  readonly clipped: boolean;
}

const INVALID: ParsedDuration = { value: null, warning: true, clipped: false };

function fracMicros(digits: string, fsp: number, truncate: boolean): [number, number] {
  const keep = Math.min(fsp, 6);
  let v = keep > 0 ? Number((digits + '000000').slice(0, keep)) : 0;
  if (!truncate && digits.length > keep && digits.charCodeAt(keep) >= 53) v++;
  if (v >= 10 ** keep) return [0, 1];
  return [v * 10 ** (6 - keep), 0];
}

function finish(negative: boolean, h: number, m: number, s: number, frac: string, fsp: number, truncate: boolean, warning: boolean): ParsedDuration {
  if (m > 59 || s > 59) return INVALID;
  const [us, carry] = fracMicros(frac, fsp, truncate);
  const d = Duration.of(h, m, s + carry, us, negative, Math.min(fsp, 6));
  const c = d.clip();
  return { value: c.value, warning: warning || c.clipped, clipped: c.clipped };
}

/** Parses a TIME literal (see the header). `fsp` is the target precision for rounding. */
export function parseDuration(text: string, fsp = 6, truncate = false): ParsedDuration {
  let s = text.trim();
  if (s === '') return INVALID;
  let negative = false;
  if (s[0] === '-') {
    negative = true;
    s = s.slice(1).trimStart();
  } else if (s[0] === '+') {
    s = s.slice(1).trimStart();
  }
  // hhmmss[.frac] as digits only.
  const digitsOnly = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (digitsOnly) {
    const digits = digitsOnly[1] as string;
    if (digits.length > 7 && !negative) {
      // A full datetime number (YYYYMMDDhhmmss): its time part.
      const dt = parseDateTime(text, fsp, truncate);
      if (dt.value && dt.hasTime) return { value: Duration.of(dt.value.hour, dt.value.minute, dt.value.second, dt.value.microsecond, false, Math.min(fsp, 6)), warning: dt.warning, clipped: false };
    }
    const n = Number(digits);
    return finish(negative, Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100, digitsOnly[2] ?? '', fsp, truncate, false);
  }
  // [D ]hh:mm[:ss[.frac]]
  const m = /^(?:(\d+)\s+)?(\d+):(\d+)(?::(\d+))?(?:\.(\d*))?(.*)$/.exec(s);
  if (m) {
    const rest = m[6] ?? '';
    const days = m[1] !== undefined ? Number(m[1]) : 0;
    const hours = days * 24 + Number(m[2]);
    const minutes = Number(m[3]);
    const seconds = m[4] !== undefined ? Number(m[4]) : 0;
    // 'D hh' forms and 'hh:mm' forms as MySQL reads them: 'hh:mm' is hours and minutes.
    return finish(negative, hours, minutes, seconds, m[5] ?? '', fsp, truncate, rest.trim() !== '');
  }
  const dayHour = /^(\d+)\s+(\d+)$/.exec(s);
  if (dayHour) return finish(negative, Number(dayHour[1]) * 24 + Number(dayHour[2]), 0, 0, '', fsp, truncate, false);
  // A datetime literal: its time of day.
  const dt = parseDateTime(s, fsp, truncate);
  if (dt.value && dt.hasTime) {
    const v = dt.value;
    return { value: Duration.of(v.hour, v.minute, v.second, v.microsecond, negative, Math.min(fsp, 6)), warning: dt.warning, clipped: false };
  }
  if (dt.value) return { value: new Duration(0, Math.min(fsp, 6)), warning: true, clipped: false };
  // Leading digits followed by junk: '12abc' reads as 12 seconds with a warning.
  const lead = /^(\d+)/.exec(s);
  if (lead) {
    const n = Number(lead[1]);
    return finish(negative, Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100, '', fsp, truncate, true);
  }
  return INVALID;
}

/** TIME from a number: hhmmss[.frac], negative allowed. */
export function durationFromNumber(intPart: bigint, fracDigits = '', fsp = 6): ParsedDuration {
  const negative = intPart < 0n;
  const a = intPart < 0n ? -intPart : intPart;
  if (a > 99991231235959n) return INVALID;
  if (a >= 10000000000n) {
    // A datetime number: the time part.
    const t = Number(a % 1000000n);
    return finish(negative, Math.floor(t / 10000), Math.floor(t / 100) % 100, t % 100, fracDigits, fsp, false, false);
  }
  const n = Number(a);
  return finish(negative, Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100, fracDigits, fsp, false, false);
}
