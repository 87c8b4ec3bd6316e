// String comparison on the store. Only the binary-ordered collations are evaluated here:
//
//   binary, *_0900_bin, *_0900_as_cs   UTF-8 bytes as they are (NO PAD)
//   utf8mb4_bin and the other *_bin    the same with trailing spaces ignored (PAD SPACE)
//
// Code point order equals UTF-8 byte order, so both are byte comparisons. Case- and
// accent-insensitive collations need the SQL layer's weight tables; a DAG that compares, groups
// or sorts strings under one of them is refused (InvalidDag), so the planner keeps such
// operators on the SQL server.
import { InvalidDag, isBinaryStringKind, type CopFieldType } from '../cop-types.js';

export interface StoreCollation {
  readonly name: string;
  /** Byte order of the two strings under the collation. */
  compare(a: Uint8Array, b: Uint8Array): number;
  /** The bytes that are equal for two strings exactly when they compare equal (for hashing). */
  key(a: Uint8Array): Uint8Array;
}

function compareBytes(a: Uint8Array, b: Uint8Array, alen: number, blen: number): number {
  const n = Math.min(alen, blen);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return alen === blen ? 0 : alen < blen ? -1 : 1;
}

function trimmedLength(a: Uint8Array): number {
  let n = a.length;
  while (n > 0 && a[n - 1] === 0x20) n--;
  return n;
}

const NO_PAD: StoreCollation = {
  name: 'binary',
  compare: (a, b) => compareBytes(a, b, a.length, b.length),
  key: (a) => a,
};

const PAD_SPACE: StoreCollation = {
  name: 'utf8mb4_bin',
  compare: (a, b) => compareBytes(a, b, trimmedLength(a), trimmedLength(b)),
  key: (a) => a.subarray(0, trimmedLength(a)),
};

/** The collation strings of this type compare under, or InvalidDag when the store has none. */
export function storeCollation(t: CopFieldType): StoreCollation {
  if (isBinaryStringKind(t.kind) || t.kind === 'json') return NO_PAD;
  const name = t.collation === '' ? 'utf8mb4_bin' : t.collation.toLowerCase();
  if (name === 'binary' || name.endsWith('_0900_bin') || name.endsWith('_as_cs')) return NO_PAD;
  if (name.endsWith('_bin')) return PAD_SPACE;
  throw new InvalidDag(`collation ${t.collation} is not evaluated by the coprocessor`);
}
