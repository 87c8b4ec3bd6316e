// Byte-string helpers shared by every layer: comparison, concatenation, successor keys, hex for
// messages. Keys are Uint8Array everywhere (Buffers are Uint8Arrays too); ordering is unsigned
// lexicographic, which is LevelDB's default comparator.

export type Bytes = Uint8Array;

export const EMPTY: Bytes = new Uint8Array(0);

/** Unsigned lexicographic comparison: negative, zero or positive like Buffer.compare. */
export function compareBytes(a: Bytes, b: Bytes): number {
  return Buffer.compare(a, b);
}

export function bytesEqual(a: Bytes, b: Bytes): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

export function concatBytes(...parts: Bytes[]): Buffer {
  return Buffer.concat(parts);
}

/** View a Uint8Array as a Buffer without copying. */
export function asBuffer(b: Bytes): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** The smallest key strictly greater than every key that has `prefix` as a prefix, or undefined
 *  when no such key exists (prefix is all 0xFF). */
export function prefixEnd(prefix: Bytes): Buffer | undefined {
  const out = Buffer.from(prefix);
  for (let i = out.length - 1; i >= 0; i--) {
    const byte = out[i] as number;
    if (byte < 0xff) {
      out[i] = byte + 1;
      return out.subarray(0, i + 1);
    }
  }
  return undefined;
}

/** The smallest key strictly greater than `key`: key ‖ 0x00. */
export function nextKey(key: Bytes): Buffer {
  const out = Buffer.alloc(key.length + 1);
  out.set(key, 0);
  return out;
}

export function toHex(b: Bytes): string {
  return asBuffer(b).toString('hex');
}

/** Printable form for error messages and logs: text when it is printable ASCII, else hex. */
export function printable(b: Bytes): string {
  const buf = asBuffer(b);
  for (const c of buf) {
    if (c < 0x20 || c > 0x7e) return `0x${buf.toString('hex')}`;
  }
  return JSON.stringify(buf.toString('latin1'));
}

export function utf8(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}
