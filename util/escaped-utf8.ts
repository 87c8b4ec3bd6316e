// SQL text that is not all UTF-8. A client may send bytes that are no valid UTF-8 inside a
// string literal — mysqldump writes BLOB and VARBINARY values that way, as raw bytes between
// quotes — and MySQL stores those bytes unchanged in a binary column. Strata's SQL text is a JS
// string, so the wire layer decodes a query with decodeEscapedUtf8: each byte that starts no valid
// UTF-8 sequence becomes a lone low surrogate U+DC80..U+DCFF (the "surrogateescape" of Python),
// which valid UTF-8 never decodes to. Where a string becomes bytes (a binary column, a cast to
// BINARY), encodeEscapedUtf8 turns those code units back into the original bytes.

const ESCAPED = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;

/** UTF-8 → string, invalid bytes kept as U+DC80 + byte. */
export function decodeEscapedUtf8(b: Uint8Array): string {
  const buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const plain = buf.toString('utf8');
  if (!plain.includes('\uFFFD')) return plain;
  let out = '';
  let start = 0; // first byte of the current run of valid UTF-8
  let i = 0;
  while (i < buf.length) {
    const n = validSequenceLength(buf, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += buf.toString('utf8', start, i) + String.fromCharCode(0xdc00 + (buf[i] as number));
    i++;
    start = i;
  }
  return out + buf.toString('utf8', start, buf.length);
}

/** The length of the valid UTF-8 sequence at `i` (shortest form, no surrogates, ≤ U+10FFFF), or 0. */
function validSequenceLength(b: Buffer, i: number): number {
  const c = b[i] as number;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && (b[i + k] as number) >= lo && (b[i + k] as number) <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c >= 0xe1 && c <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** string → UTF-8, with U+DC80..U+DCFF (not part of a surrogate pair) back to their bytes. */
export function encodeEscapedUtf8(s: string): Buffer {
  if (!ESCAPED.test(s)) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u >= 0xdc80 && u <= 0xdcff && !(i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff)) {
      parts.push(Buffer.from(s.slice(start, i), 'utf8'), Buffer.from([u - 0xdc00]));
      start = i + 1;
    }
  }
  parts.push(Buffer.from(s.slice(start), 'utf8'));
  return Buffer.concat(parts);
}
