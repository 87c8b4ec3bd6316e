// Memcomparable keys for character strings under a collation: the bytes of an index key compare
// exactly as sql/types' compareStrings compares the strings.
//
// It lives in sql/codec (not kv/codec) because it depends on SQL collations. Three cases:
//
//   binary (the `binary` collation)        the UTF-8 bytes, in kv/codec's group encoding
//   NO PAD collations (…_0900_ai_ci,       the UTF-8 of the collation weights (sql/types'
//     …_0900_bin, …_0900_as_cs)            weighting: code points, or case/accent-folded ones),
//                                          in the group encoding; shorter-is-smaller is exact
//   PAD SPACE collations (utf8mb4_bin,     a token stream, below
//     …_general_ci, …_unicode_ci)
//
// PAD SPACE compares strings as if both went on with spaces forever: 'a' = 'a  ', and 'a\t' <
// 'a' (TAB < space) although 'a' is a prefix of 'a\t'. Plain trimmed bytes get the second case
// wrong, so the weights of the trimmed string are cut into tokens, each a run of k spaces and the
// character c after it (there always is one: the string is trimmed), plus an END token:
//
//   (k, c) with c < 0x20       01  k (uint32 BE)  c           ordered by k up, then c
//   END                        02                             (k = ∞ spaces)
//   (k ≥ 1, c > 0x20)          03  ~k (uint32 BE)  utf8(c)    ordered by k down, then c
//   (0, c > 0x20)              utf8(c)  (first byte ≥ 0x21)   the common case: no overhead
//
// Comparing two strings token by token: with equal space runs the next characters decide; with
// k₁ < k₂ string 1 has c₁ where string 2 has a space, so c₁ against 0x20 decides — which is what
// the classes and the k orders above encode. The stream is self-delimiting, so more key parts may
// follow without a group encoding. Keys are not reversible for folding collations ('A' and 'a'
// share a key): `decodeStringKey` then returns the folded weights, not the stored string; for
// code-point PAD SPACE collations it returns the string without trailing spaces. Index readers
// that need the exact value read the row (see `isIndexKeyExact`).
import { collationInfo, sortKey } from '../types/index.js';
import { decodeBytes, encodeBytes } from '../../kv/codec/index.js';
import { CorruptDataError } from './errors.js';

const LOW = 0x01;
const END = 0x02;
const HIGH = 0x03;
const SPACE = 0x20;

/** Whether the key of a string under `collation` gives back the exact string. */
export function isStringKeyExact(collation: string): boolean {
  const info = collationInfo(collation);
  return info.binary || (info.weighting === 'codepoint' && !info.padSpace);
}

/** Collation weights of `s` as code points (for 'general' weighting sortKey gives one UTF-16 unit
 *  per weight; for the others, the folded or raw text). */
function weightCodePoints(s: string, collation: string): number[] {
  const key = sortKey(s, collation);
  const out: number[] = [];
  for (const ch of key) out.push(ch.codePointAt(0) as number);
  return out;
}

function utf8Of(cp: number): Buffer {
  return Buffer.from(String.fromCodePoint(cp), 'utf8');
}

export function encodeStringKey(s: string, collation: string): Buffer {
  const info = collationInfo(collation);
  if (info.binary) return encodeBytes(Buffer.from(s, 'utf8'));
  if (!info.padSpace) return encodeBytes(Buffer.from(sortKey(s, collation), 'utf8'));
  const w = weightCodePoints(s, collation);
  let end = w.length;
  while (end > 0 && w[end - 1] === SPACE) end--;
  const parts: Buffer[] = [];
  let run = 0;
  for (let i = 0; i < end; i++) {
    const c = w[i] as number;
    if (c === SPACE) {
      run++;
      continue;
    }
    if (c < SPACE) {
      const t = Buffer.allocUnsafe(6);
      t[0] = LOW;
      t.writeUInt32BE(run, 1);
      t[5] = c;
      parts.push(t);
    } else if (run > 0) {
      const t = Buffer.allocUnsafe(5);
      t[0] = HIGH;
      t.writeUInt32BE(0xffffffff - run, 1);
      parts.push(t, utf8Of(c));
    } else {
      parts.push(utf8Of(c));
    }
    run = 0;
  }
  parts.push(Buffer.of(END));
  return Buffer.concat(parts);
}

function utf8CharLength(first: number): number {
  if (first < 0x80) return 1;
  if (first >= 0xc2 && first <= 0xdf) return 2;
  if (first >= 0xe0 && first <= 0xef) return 3;
  if (first >= 0xf0 && first <= 0xf4) return 4;
  return 0;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function readChar(buf: Uint8Array, pos: number): { ch: string; next: number } {
  const first = buf[pos];
  if (first === undefined) throw new CorruptDataError(`truncated string key at offset ${pos}`);
  const n = utf8CharLength(first);
  if (n === 0 || pos + n > buf.length) throw new CorruptDataError(`bad UTF-8 in string key at offset ${pos}`);
  try {
    return { ch: strictUtf8.decode(buf.subarray(pos, pos + n)), next: pos + n };
  } catch {
    throw new CorruptDataError(`bad UTF-8 in string key at offset ${pos}`);
  }
}

/** Decodes one string key at `offset` (see the header for what comes back). */
export function decodeStringKey(buf: Uint8Array, offset: number, collation: string): { value: string; next: number } {
  const info = collationInfo(collation);
  if (info.binary || !info.padSpace) {
    const { value, next } = decodeBytes(buf, offset);
    try {
      return { value: strictUtf8.decode(value), next };
    } catch {
      throw new CorruptDataError(`bad UTF-8 in string key at offset ${offset}`);
    }
  }
  let out = '';
  let pos = offset;
  for (;;) {
    const b = buf[pos];
    if (b === undefined) throw new CorruptDataError(`truncated string key at offset ${pos}`);
    if (b === END) return { value: out, next: pos + 1 };
    if (b === LOW || b === HIGH) {
      if (pos + 5 > buf.length) throw new CorruptDataError(`truncated string key at offset ${pos}`);
      const raw = Buffer.from(buf.buffer, buf.byteOffset + pos + 1, 4).readUInt32BE(0);
      const run = b === LOW ? raw : 0xffffffff - raw;
      if (b === HIGH && run === 0) throw new CorruptDataError(`bad space run in string key at offset ${pos}`);
      pos += 5;
      const { ch, next } = readChar(buf, pos);
      const cp = ch.codePointAt(0) as number;
      if (b === LOW ? cp >= SPACE : cp <= SPACE) throw new CorruptDataError(`bad string key token at offset ${pos}`);
      out += ' '.repeat(run) + ch;
      pos = next;
    } else {
      const { ch, next } = readChar(buf, pos);
      if ((ch.codePointAt(0) as number) <= SPACE) throw new CorruptDataError(`bad string key byte 0x${b.toString(16)} at offset ${pos}`);
      out += ch;
      pos = next;
    }
  }
}
