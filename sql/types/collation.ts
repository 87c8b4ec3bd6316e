// Collations: how two character strings compare, sort and group.
//
// Strata follows TiDB: the default is utf8mb4_bin (code point order, PAD SPACE), and named
// case-insensitive collations are honoured where a column or expression asks for them:
//
//   collation            case  accents  trailing spaces         order
//   utf8mb4_bin          yes   yes      ignored (PAD SPACE)     code point
//   utf8mb4_general_ci   no    no       ignored (PAD SPACE)     per-character weight (below)
//   utf8mb4_unicode_ci   no    no       ignored (PAD SPACE)     folded code point
//   utf8mb4_0900_ai_ci   no    no       significant (NO PAD)    folded code point
//   utf8mb4_0900_as_cs   yes   yes      significant (NO PAD)    code point
//   binary               yes   yes      significant             UTF-8 bytes
//
// Weights are approximations of MySQL's tables, stated here so no one is surprised:
// general_ci maps each BMP character to the upper-case form of its base letter (accents
// stripped; ß = S) and every supplementary character (emoji) to U+FFFD, so all emoji are equal,
// as in MySQL. The 0900 and unicode collations fold case and strip accents (ß = ss) but order
// the folded text by code point, not by the full UCA table (punctuation vs letters may sort
// differently from MySQL; equality is right for Latin, Greek and Cyrillic text).
//
// `sortKey` gives a string that is equal for two inputs exactly when they compare equal; GROUP
// BY, DISTINCT and hash joins use it so hashing agrees with comparison.

import { unknownCollation } from '../errors.js';

export interface CollationInfo {
  readonly name: string;
  readonly caseInsensitive: boolean;
  readonly accentInsensitive: boolean;
  /** PAD SPACE: trailing spaces do not matter in comparison. */
  readonly padSpace: boolean;
  /** Compares UTF-8 bytes, no padding. */
  readonly binary: boolean;
  readonly weighting: 'codepoint' | 'general' | 'fold';
}

const INFO: Record<string, CollationInfo> = {};

function def(name: string, ci: boolean, ai: boolean, pad: boolean, weighting: CollationInfo['weighting'], binary = false): void {
  INFO[name] = { name, caseInsensitive: ci, accentInsensitive: ai, padSpace: pad, binary, weighting };
}

def('binary', false, false, false, 'codepoint', true);
def('utf8mb4_bin', false, false, true, 'codepoint');
def('utf8mb4_0900_bin', false, false, false, 'codepoint');
def('utf8mb4_general_ci', true, true, true, 'general');
def('utf8mb4_unicode_ci', true, true, true, 'fold');
def('utf8mb4_0900_ai_ci', true, true, false, 'fold');
def('utf8mb4_0900_as_cs', false, false, false, 'codepoint');
def('utf8_bin', false, false, true, 'codepoint');
def('utf8_general_ci', true, true, true, 'general');
def('utf8_unicode_ci', true, true, true, 'fold');
def('utf8mb3_bin', false, false, true, 'codepoint');
def('utf8mb3_general_ci', true, true, true, 'general');
def('utf8mb3_unicode_ci', true, true, true, 'fold');
def('latin1_bin', false, false, true, 'codepoint');
def('latin1_swedish_ci', true, true, true, 'general');
def('latin1_general_ci', true, true, true, 'general');
def('ascii_bin', false, false, true, 'codepoint');
def('ascii_general_ci', true, true, true, 'general');

/** Information about a collation; throws 1273 for an unknown name. */
export function collationInfo(name: string): CollationInfo {
  const info = INFO[name.toLowerCase()];
  if (!info) throw unknownCollation(name);
  return info;
}

export function isKnownCollation(name: string): boolean {
  return name.toLowerCase() in INFO;
}

export function knownCollations(): readonly string[] {
  return Object.keys(INFO);
}

const BINARY_INFO = INFO.binary as CollationInfo;
const DEFAULT_INFO = INFO.utf8mb4_bin as CollationInfo;

function infoOrDefault(name: string | undefined): CollationInfo {
  if (name === undefined) return DEFAULT_INFO;
  return INFO[name.toLowerCase()] ?? DEFAULT_INFO;
}

// ---- weights -----------------------------------------------------------------------------------

const COMBINING = /\p{M}/gu;

const generalCache = new Map<number, number>();

/** utf8mb4_general_ci weight of one code point. */
function generalWeight(cp: number): number {
  if (cp > 0xffff) return 0xfffd;
  if (cp < 0x80) {
    return cp >= 0x61 && cp <= 0x7a ? cp - 32 : cp;
  }
  const cached = generalCache.get(cp);
  if (cached !== undefined) return cached;
  let w: number;
  if (cp === 0xdf) {
    w = 0x53; // ß sorts as S
  } else {
    const base = String.fromCodePoint(cp).normalize('NFD').replace(COMBINING, '');
    const first = base.codePointAt(0) ?? cp;
    const up = String.fromCodePoint(first).toUpperCase();
    const upCp = up.codePointAt(0) ?? first;
    w = [...up].length === 1 && upCp <= 0xffff ? upCp : first;
  }
  generalCache.set(cp, w);
  return w;
}

/** Case- and accent-folded text for the 'fold' weighting. */
function foldText(s: string): string {
  // Fast path: ASCII.
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s.toLowerCase();
  return s.normalize('NFD').replace(COMBINING, '').toUpperCase().toLowerCase();
}

function trimTrailingSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 32) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Code point array of the collation weights of `s` (padding not applied). */
function weights(s: string, info: CollationInfo): number[] {
  const out: number[] = [];
  if (info.weighting === 'general') {
    for (const ch of s) out.push(generalWeight(ch.codePointAt(0) as number));
    return out;
  }
  const t = info.weighting === 'fold' ? foldText(s) : s;
  for (const ch of t) out.push(ch.codePointAt(0) as number);
  return out;
}

function compareCodePoints(a: string, b: string): number {
  // JS compares UTF-16 units; code point order differs only around surrogates.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1; // a surrogate (≥ U+10000) is above every BMP char
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/** Compare two strings under a collation: negative, zero or positive. */
export function compareStrings(a: string, b: string, collation?: string): number {
  const info = infoOrDefault(collation);
  if (info.weighting === 'codepoint') {
    if (!info.padSpace) return Math.sign(compareCodePoints(a, b));
    const x = trimTrailingSpaces(a);
    const y = trimTrailingSpaces(b);
    const n = Math.min(x.length, y.length);
    const c = compareCodePoints(x.slice(0, n), y.slice(0, n));
    if (c !== 0) return Math.sign(c);
    return padCompareRest(x, y, n);
  }
  const wa = weights(info.padSpace ? trimTrailingSpaces(a) : a, info);
  const wb = weights(info.padSpace ? trimTrailingSpaces(b) : b, info);
  const n = Math.min(wa.length, wb.length);
  for (let i = 0; i < n; i++) {
    const x = wa[i] as number;
    const y = wb[i] as number;
    if (x !== y) return x < y ? -1 : 1;
  }
  if (wa.length === wb.length) return 0;
  if (!info.padSpace) return wa.length < wb.length ? -1 : 1;
  // PAD SPACE: the shorter string continues with spaces.
  const longer = wa.length > wb.length ? wa : wb;
  const sign = wa.length > wb.length ? 1 : -1;
  for (let i = n; i < longer.length; i++) {
    const w = longer[i] as number;
    if (w !== 32) return w < 32 ? -sign : sign;
  }
  return 0;
}

function padCompareRest(x: string, y: string, n: number): number {
  if (x.length === y.length) return 0;
  const longer = x.length > y.length ? x : y;
  const sign = x.length > y.length ? 1 : -1;
  for (let i = n; i < longer.length; i++) {
    const c = longer.charCodeAt(i);
    if (c !== 32) return c < 32 ? -sign : sign;
  }
  return 0;
}

/** A key equal for two strings exactly when `compareStrings` says they are equal. */
export function sortKey(s: string, collation?: string): string {
  const info = infoOrDefault(collation);
  const t = info.padSpace ? trimTrailingSpaces(s) : s;
  if (info.weighting === 'codepoint') return t;
  if (info.weighting === 'fold') return foldText(t);
  return String.fromCharCode(...weights(t, info));
}

/** Per-character comparison units for LIKE: one folded string per character of `s`. */
export function likeUnits(s: string, collation?: string): string[] {
  const info = infoOrDefault(collation);
  const out: string[] = [];
  for (const ch of s) {
    if (info.weighting === 'codepoint') out.push(ch);
    else if (info.weighting === 'general') out.push(String.fromCharCode(generalWeight(ch.codePointAt(0) as number)));
    else out.push(foldText(ch));
  }
  return out;
}

export function isCaseInsensitive(collation: string | undefined): boolean {
  return infoOrDefault(collation).caseInsensitive;
}

export function isBinaryCollation(collation: string | undefined): boolean {
  return collation !== undefined && (INFO[collation.toLowerCase()] ?? DEFAULT_INFO) === BINARY_INFO;
}

/** Number of characters (code points) in a string: CHAR_LENGTH. */
export function charLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Bytes of the UTF-8 encoding of `s`: LENGTH. */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
