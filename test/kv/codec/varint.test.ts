// Compact value encodings: varints and length-prefixed bytes round-trip; truncation is an error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BufferReader, BufferWriter, CodecError } from '../../../kv/codec/index.js';

describe('varint writer/reader', () => {
  it('round-trips unsigned, signed and byte fields in sequence', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        fc.uint8Array({ maxLength: 300 }),
        fc.string(),
        (n, u, s, b, str) => {
          const w = new BufferWriter(4).uvarint(n).uvarintBig(u).varintBig(s).bytes(b).string(str).u64(u).f64(1.5);
          const r = new BufferReader(w.finish());
          expect(r.uvarint()).toBe(n);
          expect(r.uvarintBig()).toBe(u);
          expect(r.varintBig()).toBe(s);
          expect(Buffer.from(r.bytes()).equals(Buffer.from(b))).toBe(true);
          expect(r.string()).toBe(str);
          expect(r.u64()).toBe(u);
          expect(r.f64()).toBe(1.5);
          expect(r.done).toBe(true);
        },
      ),
    );
  });

  it('throws CodecError on truncated input', () => {
    const buf = new BufferWriter().bytes(Buffer.from('hello')).finish();
    expect(() => new BufferReader(buf.subarray(0, 3)).bytes()).toThrow(CodecError);
    expect(() => new BufferReader(Buffer.of(0x80, 0x80)).uvarint()).toThrow(CodecError);
  });
});
