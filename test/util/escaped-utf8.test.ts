// Bytes that are no UTF-8 inside SQL text survive the trip text → string → bytes unchanged, while
// valid UTF-8 (including U+FFFD itself and characters outside the BMP) decodes as usual.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEscapedUtf8, encodeEscapedUtf8 } from '../../util/escaped-utf8.js';

describe('escaped UTF-8', () => {
  it('decodes valid UTF-8 as Buffer does, U+FFFD and astral characters included', () => {
    const s = "plain ünïcode ☃ 😀 \uFFFD 'quoted'";
    expect(decodeEscapedUtf8(Buffer.from(s, 'utf8'))).toBe(s);
    expect(encodeEscapedUtf8(s)).toEqual(Buffer.from(s, 'utf8'));
  });

  it("keeps a BLOB literal's raw bytes: 0xFF, a lone continuation byte, a truncated sequence", () => {
    const bytes = Buffer.from([0x27, 0xde, 0xad, 0xbe, 0xef, 0x00, 0xff, 0x80, 0xe2, 0x98, 0x27]);
    const text = decodeEscapedUtf8(bytes);
    expect(text.startsWith("'")).toBe(true);
    expect(text.endsWith("'")).toBe(true);
    expect(encodeEscapedUtf8(text)).toEqual(bytes);
  });

  it('round-trips any byte string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (a) => {
        expect(encodeEscapedUtf8(decodeEscapedUtf8(Buffer.from(a)))).toEqual(Buffer.from(a));
      }),
    );
  });
});
