// Column vectors: the coprocessor's unit of data. A batch is a list of equally long vectors, one
// per output column, laid out as Arrow lays them out so the answer needs no conversion:
//
//   values    one typed array per vector (BigInt64Array, BigUint64Array, Float64Array), or for
//             strings an Int32Array of n+1 offsets into one Uint8Array of bytes
//   validity  a bitmap, bit i (LSB first) set when row i is not NULL; null when no row is NULL
//
// Decimals are the one exception: their coefficients live in a plain bigint[] at one scale per
// vector (65 digits fit no typed array); the Arrow writer packs them into Decimal256 words.
// Vectors are immutable once built; builders grow them while decoding or aggregating.
import { InternalError } from '../../util/errors.js';
import { physicalKind, type CopFieldType, type PhysicalKind } from '../cop-types.js';

export interface VectorBase {
  readonly length: number;
  /** Arrow validity bitmap, or null when every row is valid. */
  readonly validity: Uint8Array | null;
  readonly type: CopFieldType;
}

export interface Int64Vector extends VectorBase {
  readonly kind: 'int' | 'duration';
  readonly values: BigInt64Array;
}

export interface Uint64Vector extends VectorBase {
  readonly kind: 'uint' | 'time';
  readonly values: BigUint64Array;
}

export interface Float64Vector extends VectorBase {
  readonly kind: 'real';
  readonly values: Float64Array;
}

export interface DecimalVector extends VectorBase {
  readonly kind: 'decimal';
  readonly values: readonly bigint[];
  readonly scale: number;
}

export interface BytesVector extends VectorBase {
  readonly kind: 'string' | 'json';
  readonly offsets: Int32Array;
  readonly data: Uint8Array;
}

/** COUNT(DISTINCT x)'s partial result: per group the list of distinct values (Arrow List).
 *  Only an Aggregation's output holds one, and nothing runs after a partial Aggregation. */
export interface ListVector extends VectorBase {
  readonly kind: 'list';
  readonly offsets: Int32Array;
  /** The values of all lists, of the element type (`type` is the element type too). */
  readonly child: Vector;
}

/** Vectors whose values are bigints: int, uint, time, duration. */
export type IntLikeVector = Int64Vector | Uint64Vector;

export type Vector = Int64Vector | Uint64Vector | Float64Vector | DecimalVector | BytesVector | ListVector;

export interface Batch {
  readonly length: number;
  readonly columns: readonly Vector[];
}

/** One value out of a vector: bigint for int/uint/time/duration and decimal coefficients (at the
 *  vector's scale), number for reals, bytes for strings. */
export type Scalar = null | bigint | number | Uint8Array;

export function isValid(v: Vector, i: number): boolean {
  return v.validity === null || ((v.validity[i >> 3] as number) & (1 << (i & 7))) !== 0;
}

export function nullCount(v: Vector): number {
  if (v.validity === null) return 0;
  let n = 0;
  for (let i = 0; i < v.length; i++) if (!isValid(v, i)) n++;
  return n;
}

export function bytesAt(v: BytesVector, i: number): Uint8Array {
  return v.data.subarray(v.offsets[i] as number, v.offsets[i + 1] as number);
}

export function scalarAt(v: Vector, i: number): Scalar {
  if (!isValid(v, i)) return null;
  switch (v.kind) {
    case 'string':
    case 'json':
      return bytesAt(v, i);
    case 'list':
      throw new InternalError('a list has no scalar value');
    default:
      return v.values[i] as bigint | number;
  }
}

/** The decimal scale a vector of this type holds its coefficients at. */
export function decimalScale(t: CopFieldType): number {
  return t.kind === 'decimal' ? t.scale : 0;
}

// ---------------------------------------------------------------- builders

/** A growable validity bitmap; stays null until the first NULL. */
class ValidityBuilder {
  private bits: Uint8Array | null = null;

  setNull(i: number, capacity: number): void {
    if (this.bits === null) {
      this.bits = new Uint8Array(Math.max(8, (capacity + 7) >> 3)).fill(0xff);
    } else if ((i >> 3) >= this.bits.length) {
      const next = new Uint8Array(Math.max(this.bits.length * 2, (i >> 3) + 1)).fill(0xff);
      next.set(this.bits);
      this.bits = next;
    }
    this.bits[i >> 3] = (this.bits[i >> 3] as number) & ~(1 << (i & 7));
  }

  finish(length: number): Uint8Array | null {
    if (this.bits === null) return null;
    const need = (length + 7) >> 3;
    const out = this.bits.length >= need ? this.bits.slice(0, need) : (() => {
      const o = new Uint8Array(need).fill(0xff);
      o.set(this.bits as Uint8Array);
      return o;
    })();
    // Bits past the end stay 0, as Arrow expects of padding.
    const rest = length & 7;
    if (rest !== 0) out[need - 1] = (out[need - 1] as number) & ((1 << rest) - 1);
    return out;
  }
}

export interface VectorBuilder {
  readonly type: CopFieldType;
  readonly length: number;
  appendNull(): void;
  /** Appends a scalar of this builder's physical kind (decimal: a coefficient at its scale). */
  append(v: Scalar): void;
  /** Appends row i of a vector of the same physical kind. */
  appendFrom(v: Vector, i: number): void;
  finish(): Vector;
}

type FixedArray = BigInt64Array | BigUint64Array | Float64Array;

class FixedBuilder implements VectorBuilder {
  length = 0;
  private values: FixedArray;
  private readonly validity = new ValidityBuilder();

  constructor(
    readonly type: CopFieldType,
    private readonly kind: 'int' | 'duration' | 'uint' | 'time' | 'real',
    capacity: number,
  ) {
    this.values = this.alloc(Math.max(16, capacity));
  }

  private alloc(n: number): FixedArray {
    return this.kind === 'real' ? new Float64Array(n) : this.kind === 'uint' || this.kind === 'time' ? new BigUint64Array(n) : new BigInt64Array(n);
  }

  private grow(): void {
    if (this.length < this.values.length) return;
    const next = this.alloc(this.values.length * 2);
    next.set(this.values as never);
    this.values = next;
  }

  appendNull(): void {
    this.grow();
    this.validity.setNull(this.length, this.values.length);
    this.length++;
  }

  append(v: Scalar): void {
    if (v === null) return this.appendNull();
    this.grow();
    (this.values as { [i: number]: bigint | number })[this.length++] = v as bigint | number;
  }

  appendFrom(v: Vector, i: number): void {
    if (!isValid(v, i)) return this.appendNull();
    this.grow();
    (this.values as { [i: number]: bigint | number })[this.length++] = ((v as IntLikeVector | Float64Vector).values as FixedArray)[i] as bigint | number;
  }

  finish(): Vector {
    const validity = this.validity.finish(this.length);
    const values = this.values.slice(0, this.length);
    const base = { length: this.length, validity, type: this.type };
    switch (this.kind) {
      case 'real':
        return { ...base, kind: 'real', values: values as Float64Array };
      case 'uint':
      case 'time':
        return { ...base, kind: this.kind, values: values as BigUint64Array };
      default:
        return { ...base, kind: this.kind, values: values as BigInt64Array };
    }
  }
}

class DecimalBuilder implements VectorBuilder {
  length = 0;
  private readonly values: bigint[] = [];
  private readonly validity = new ValidityBuilder();

  constructor(
    readonly type: CopFieldType,
    readonly scale: number,
  ) {}

  appendNull(): void {
    this.validity.setNull(this.length, this.length + 1024);
    this.values.push(0n);
    this.length++;
  }

  append(v: Scalar): void {
    if (v === null) return this.appendNull();
    this.values.push(v as bigint);
    this.length++;
  }

  appendFrom(v: Vector, i: number): void {
    if (!isValid(v, i)) return this.appendNull();
    const d = v as DecimalVector;
    this.append(rescale(d.values[i] as bigint, d.scale, this.scale));
  }

  finish(): Vector {
    return { kind: 'decimal', length: this.length, validity: this.validity.finish(this.length), type: this.type, values: this.values, scale: this.scale };
  }
}

class BytesBuilder implements VectorBuilder {
  length = 0;
  private offsets: Int32Array;
  private data: Uint8Array;
  private size = 0;
  private readonly validity = new ValidityBuilder();

  constructor(
    readonly type: CopFieldType,
    private readonly kind: 'string' | 'json',
    capacity: number,
  ) {
    this.offsets = new Int32Array(Math.max(16, capacity) + 1);
    this.data = new Uint8Array(Math.max(64, capacity * 8));
  }

  private growOffsets(): void {
    if (this.length + 1 < this.offsets.length) return;
    const next = new Int32Array(this.offsets.length * 2);
    next.set(this.offsets);
    this.offsets = next;
  }

  private reserve(n: number): void {
    if (this.size + n <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < this.size + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.data.subarray(0, this.size));
    this.data = next;
  }

  appendNull(): void {
    this.growOffsets();
    this.validity.setNull(this.length, this.offsets.length);
    this.length++;
    this.offsets[this.length] = this.size;
  }

  append(v: Scalar): void {
    if (v === null) return this.appendNull();
    const b = v as Uint8Array;
    this.growOffsets();
    this.reserve(b.length);
    this.data.set(b, this.size);
    this.size += b.length;
    this.length++;
    this.offsets[this.length] = this.size;
  }

  appendFrom(v: Vector, i: number): void {
    if (!isValid(v, i)) return this.appendNull();
    this.append(bytesAt(v as BytesVector, i));
  }

  finish(): Vector {
    return {
      kind: this.kind,
      length: this.length,
      validity: this.validity.finish(this.length),
      type: this.type,
      offsets: this.offsets.slice(0, this.length + 1),
      data: this.data.slice(0, this.size),
    };
  }
}

export function vectorBuilder(type: CopFieldType, capacity = 1024): VectorBuilder {
  const kind: PhysicalKind = physicalKind(type);
  switch (kind) {
    case 'decimal':
      return new DecimalBuilder(type, decimalScale(type));
    case 'string':
    case 'json':
      return new BytesBuilder(type, kind, capacity);
    default:
      return new FixedBuilder(type, kind, capacity);
  }
}

/** The rows of `v` at `indices`, in that order (selection, TopN). */
export function take(v: Vector, indices: Uint32Array | readonly number[]): Vector {
  if (v.kind === 'list') throw new InternalError('lists are final output, never gathered');
  const b = vectorBuilder(v.type, indices.length);
  for (let j = 0; j < indices.length; j++) b.appendFrom(v, indices[j] as number);
  return b.finish();
}

export function takeBatch(batch: Batch, indices: Uint32Array | readonly number[]): Batch {
  return { length: indices.length, columns: batch.columns.map((c) => take(c, indices)) };
}

/** A vector of n copies of one scalar (constants in expressions). */
export function constantVector(type: CopFieldType, value: Scalar, n: number): Vector {
  const b = vectorBuilder(type, n);
  for (let i = 0; i < n; i++) b.append(value);
  return b.finish();
}

const POW10: bigint[] = [];
export function pow10(n: number): bigint {
  let p = POW10[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    POW10[n] = p;
  }
  return p;
}

/** A coefficient at scale `from` as a coefficient at scale `to`: exact when to ≥ from, rounded
 *  half away from zero otherwise (MySQL's rule for exact values). */
export function rescale(coef: bigint, from: number, to: number): bigint {
  if (to === from) return coef;
  if (to > from) return coef * pow10(to - from);
  const d = pow10(from - to);
  const q = coef / d;
  const r = coef % d;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return coef < 0n ? q - 1n : q + 1n;
  return q;
}
