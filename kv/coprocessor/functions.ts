// The scalar functions a store evaluates, by TiDB-style signature name, each over whole vectors:
// one call per batch, a tight loop over typed arrays inside. The planner may push down exactly
// these; any other signature is an InvalidDag.
//
//   comparisons   LT LE GT GE EQ NE NullEQ  × Int Real Decimal String Time Duration
//   membership    In                         × Int Real Decimal String Time Duration
//   arithmetic    Plus Minus Multiply        × Int Real Decimal;  DivideReal;  UnaryMinus × Int Real Decimal
//   logic         LogicalAnd LogicalOr LogicalXor UnaryNot × Int Real Decimal
//   NULL tests    IsNull                     × Int Real Decimal String Time Duration
//                 IfNull                     × Int Real Decimal String Time Duration
//   strings       LikeSig (constant pattern, binary-ordered collations)
//   casts         CastIntAsReal CastIntAsDecimal CastDecimalAsReal
//
// "Int" takes signed and unsigned integers alike: both arrive as bigints, so comparing an
// unsigned 2^64-1 with a signed -1 is exact. Results follow MySQL: comparisons are 0/1/NULL
// integers, NULL in gives NULL out except for NullEQ, IsNull, IfNull and the three-valued logic
// (FALSE AND NULL is FALSE, TRUE OR NULL is TRUE), integer overflow is an error
// ("BIGINT value is out of range"), division by zero is NULL.
import { InvalidDag, physicalKind, type CopFieldType, type PhysicalKind } from '../cop-types.js';
import { storeCollation, type StoreCollation } from './collation.js';
import { ValueOutOfRange } from './errors.js';
import { compareDecimal, compareIntLike, compareReal } from './compare.js';
import {
  bytesAt,
  decimalScale,
  isValid,
  rescale,
  vectorBuilder,
  type BytesVector,
  type DecimalVector,
  type Float64Vector,
  type IntLikeVector,
  type Scalar,
  type Vector,
} from './vector.js';

/** Evaluates a function over n rows of argument vectors. */
export type VectorFn = (args: readonly Vector[], n: number) => Vector;

export interface FunctionArg {
  readonly type: CopFieldType;
  /** The constant value, when the argument is one (LIKE patterns must be). */
  readonly constant?: Scalar | undefined;
  readonly isConstant: boolean;
}

type EvalClass = 'Int' | 'Real' | 'Decimal' | 'String' | 'Time' | 'Duration';

const CLASS_KINDS: Record<EvalClass, readonly PhysicalKind[]> = {
  Int: ['int', 'uint'],
  Real: ['real'],
  Decimal: ['decimal'],
  String: ['string'],
  Time: ['time'],
  Duration: ['duration'],
};
const CLASSES = Object.keys(CLASS_KINDS) as EvalClass[];

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

function checkArgs(sig: string, args: readonly FunctionArg[], cls: EvalClass | 'any', arity: number | 'many'): void {
  if (arity === 'many' ? args.length < 2 : args.length !== arity) {
    throw new InvalidDag(`${sig} takes ${arity === 'many' ? 'at least 2' : arity} arguments, got ${args.length}`);
  }
  if (cls === 'any') return;
  args.forEach((a, i) => {
    const k = physicalKind(a.type);
    if (!CLASS_KINDS[cls].includes(k)) throw new InvalidDag(`${sig} argument ${i} is ${a.type.kind}, not a ${cls} value`);
  });
}

function checkResult(sig: string, ret: CopFieldType, kinds: readonly PhysicalKind[]): void {
  if (!kinds.includes(physicalKind(ret))) throw new InvalidDag(`${sig} returns ${kinds.join('/')}, the DAG says ${ret.kind}`);
}

// ---------------------------------------------------------------- comparison

type Cmp = (a: Vector, i: number, b: Vector, j: number) => number;

function comparator(cls: EvalClass, args: readonly FunctionArg[]): Cmp {
  switch (cls) {
    case 'Int':
    case 'Time':
    case 'Duration':
      return compareIntLike;
    case 'Real':
      return compareReal;
    case 'Decimal':
      return compareDecimal;
    case 'String': {
      const coll = stringCollation(args);
      return (a, i, b, j) => coll.compare(bytesAt(a as BytesVector, i), bytesAt(b as BytesVector, j));
    }
  }
}

/** Strings compare under the collation of the first non-constant argument (a column's collation
 *  beats a literal's, as MySQL's coercibility says), or the first argument's. */
function stringCollation(args: readonly FunctionArg[]): StoreCollation {
  const a = args.find((x) => !x.isConstant) ?? args[0];
  if (!a) throw new InvalidDag('string function without arguments');
  return storeCollation(a.type);
}

const CMP_OPS: Record<string, (c: number) => boolean> = {
  LT: (c) => c < 0,
  LE: (c) => c <= 0,
  GT: (c) => c > 0,
  GE: (c) => c >= 0,
  EQ: (c) => c === 0,
  NE: (c) => c !== 0,
};

function boolVector(ret: CopFieldType, n: number, f: (i: number) => boolean | null): Vector {
  const b = vectorBuilder(ret, n);
  for (let i = 0; i < n; i++) {
    const r = f(i);
    if (r === null) b.appendNull();
    else b.append(r ? 1n : 0n);
  }
  return b.finish();
}

// ---------------------------------------------------------------- truthiness

/** MySQL truthiness of row i: true, false, or null. */
export function truth(v: Vector, i: number): boolean | null {
  if (!isValid(v, i)) return null;
  switch (v.kind) {
    case 'real':
      return (v.values[i] as number) !== 0;
    case 'decimal':
    case 'int':
    case 'uint':
    case 'time':
    case 'duration':
      return (v.values[i] as bigint) !== 0n;
    default:
      throw new InvalidDag(`a ${v.type.kind} value is not a condition`);
  }
}

// ---------------------------------------------------------------- arithmetic

function intRange(ret: CopFieldType): [bigint, bigint] {
  return ret.unsigned ? [0n, U64_MAX] : [I64_MIN, I64_MAX];
}

function arith(cls: 'Int' | 'Real' | 'Decimal', op: 'Plus' | 'Minus' | 'Multiply', ret: CopFieldType): VectorFn {
  const sym = op === 'Plus' ? '+' : op === 'Minus' ? '-' : '*';
  return (args, n) => {
    const [a, b] = args as [Vector, Vector];
    const out = vectorBuilder(ret, n);
    if (cls === 'Int') {
      const [lo, hi] = intRange(ret);
      for (let i = 0; i < n; i++) {
        if (!isValid(a, i) || !isValid(b, i)) {
          out.appendNull();
          continue;
        }
        const x = (a as IntLikeVector).values[i] as bigint;
        const y = (b as IntLikeVector).values[i] as bigint;
        const r = op === 'Plus' ? x + y : op === 'Minus' ? x - y : x * y;
        if (r < lo || r > hi) throw new ValueOutOfRange(`BIGINT${ret.unsigned ? ' UNSIGNED' : ''} value is out of range in '(${x} ${sym} ${y})'`);
        out.append(r);
      }
    } else if (cls === 'Real') {
      const xs = (a as Float64Vector).values;
      const ys = (b as Float64Vector).values;
      for (let i = 0; i < n; i++) {
        if (!isValid(a, i) || !isValid(b, i)) {
          out.appendNull();
          continue;
        }
        const x = xs[i] as number;
        const y = ys[i] as number;
        const r = op === 'Plus' ? x + y : op === 'Minus' ? x - y : x * y;
        if (!Number.isFinite(r)) throw new ValueOutOfRange(`DOUBLE value is out of range in '(${x} ${sym} ${y})'`);
        out.append(r);
      }
    } else {
      const da = a as DecimalVector;
      const db = b as DecimalVector;
      const to = decimalScale(ret);
      for (let i = 0; i < n; i++) {
        if (!isValid(a, i) || !isValid(b, i)) {
          out.appendNull();
          continue;
        }
        const x = da.values[i] as bigint;
        const y = db.values[i] as bigint;
        if (op === 'Multiply') {
          out.append(rescale(x * y, da.scale + db.scale, to));
        } else {
          const s = Math.max(da.scale, db.scale);
          const xs = rescale(x, da.scale, s);
          const ys = rescale(y, db.scale, s);
          out.append(rescale(op === 'Plus' ? xs + ys : xs - ys, s, to));
        }
      }
    }
    return out.finish();
  };
}

function unaryMinus(cls: 'Int' | 'Real' | 'Decimal', ret: CopFieldType): VectorFn {
  return (args, n) => {
    const a = args[0] as Vector;
    const out = vectorBuilder(ret, n);
    for (let i = 0; i < n; i++) {
      if (!isValid(a, i)) {
        out.appendNull();
        continue;
      }
      if (cls === 'Real') out.append(-((a as Float64Vector).values[i] as number));
      else if (cls === 'Decimal') out.append(rescale(-((a as DecimalVector).values[i] as bigint), (a as DecimalVector).scale, decimalScale(ret)));
      else {
        const r = -((a as IntLikeVector).values[i] as bigint);
        if (r < I64_MIN || r > I64_MAX) throw new ValueOutOfRange(`BIGINT value is out of range in '-(${(a as IntLikeVector).values[i] as bigint})'`);
        out.append(r);
      }
    }
    return out.finish();
  };
}

// ---------------------------------------------------------------- LIKE

function likeRegExp(pattern: string, escape: string): RegExp {
  let re = '^';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === escape && i + 1 < chars.length) {
      re += (chars[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`${re}$`, 'su');
}

const utf8 = new TextDecoder();

// ---------------------------------------------------------------- the registry

type Builder = (args: readonly FunctionArg[], ret: CopFieldType) => VectorFn;
const REGISTRY = new Map<string, Builder>();

function define(sig: string, build: Builder): void {
  REGISTRY.set(sig, build);
}

for (const cls of CLASSES) {
  for (const [op, test] of Object.entries(CMP_OPS)) {
    const sig = `${op}${cls}`;
    define(sig, (args, ret) => {
      checkArgs(sig, args, cls, 2);
      checkResult(sig, ret, ['int']);
      const cmp = comparator(cls, args);
      return ([a, b], n) => boolVector(ret, n, (i) => (isValid(a as Vector, i) && isValid(b as Vector, i) ? test(cmp(a as Vector, i, b as Vector, i)) : null));
    });
  }
  define(`NullEQ${cls}`, (args, ret) => {
    checkArgs(`NullEQ${cls}`, args, cls, 2);
    checkResult(`NullEQ${cls}`, ret, ['int']);
    const cmp = comparator(cls, args);
    return ([a, b], n) =>
      boolVector(ret, n, (i) => {
        const va = isValid(a as Vector, i);
        const vb = isValid(b as Vector, i);
        return va && vb ? cmp(a as Vector, i, b as Vector, i) === 0 : va === vb;
      });
  });
  define(`In${cls}`, (args, ret) => {
    checkArgs(`In${cls}`, args, cls, 'many');
    checkResult(`In${cls}`, ret, ['int']);
    const cmp = comparator(cls, args);
    return (vs, n) => {
      const [a, ...list] = vs as [Vector, ...Vector[]];
      return boolVector(ret, n, (i) => {
        if (!isValid(a, i)) return null;
        let sawNull = false;
        for (const l of list) {
          if (!isValid(l, i)) sawNull = true;
          else if (cmp(a, i, l, i) === 0) return true;
        }
        return sawNull ? null : false;
      });
    };
  });
  define(`IsNull${cls}`, (args, ret) => {
    checkArgs(`IsNull${cls}`, args, cls, 1);
    checkResult(`IsNull${cls}`, ret, ['int']);
    return ([a], n) => boolVector(ret, n, (i) => !isValid(a as Vector, i));
  });
  define(`IfNull${cls}`, (args, ret) => {
    checkArgs(`IfNull${cls}`, args, cls, 2);
    checkResult(`IfNull${cls}`, ret, CLASS_KINDS[cls]);
    return ([a, b], n) => {
      const out = vectorBuilder(ret, n);
      for (let i = 0; i < n; i++) out.appendFrom(isValid(a as Vector, i) ? (a as Vector) : (b as Vector), i);
      return out.finish();
    };
  });
}

for (const cls of ['Int', 'Real', 'Decimal'] as const) {
  for (const op of ['Plus', 'Minus', 'Multiply'] as const) {
    const sig = `${op}${cls}`;
    define(sig, (args, ret) => {
      checkArgs(sig, args, cls, 2);
      checkResult(sig, ret, CLASS_KINDS[cls]);
      return arith(cls, op, ret);
    });
  }
  define(`UnaryMinus${cls}`, (args, ret) => {
    checkArgs(`UnaryMinus${cls}`, args, cls, 1);
    checkResult(`UnaryMinus${cls}`, ret, cls === 'Int' ? ['int'] : CLASS_KINDS[cls]);
    return unaryMinus(cls, ret);
  });
  define(`UnaryNot${cls}`, (args, ret) => {
    checkArgs(`UnaryNot${cls}`, args, cls, 1);
    checkResult(`UnaryNot${cls}`, ret, ['int']);
    return ([a], n) =>
      boolVector(ret, n, (i) => {
        const t = truth(a as Vector, i);
        return t === null ? null : !t;
      });
  });
}

define('DivideReal', (args, ret) => {
  checkArgs('DivideReal', args, 'Real', 2);
  checkResult('DivideReal', ret, ['real']);
  return ([a, b], n) => {
    const out = vectorBuilder(ret, n);
    const xs = (a as Float64Vector).values;
    const ys = (b as Float64Vector).values;
    for (let i = 0; i < n; i++) {
      if (!isValid(a as Vector, i) || !isValid(b as Vector, i) || ys[i] === 0) {
        out.appendNull();
        continue;
      }
      const r = (xs[i] as number) / (ys[i] as number);
      if (!Number.isFinite(r)) throw new ValueOutOfRange(`DOUBLE value is out of range in '(${xs[i] as number} / ${ys[i] as number})'`);
      out.append(r);
    }
    return out.finish();
  };
});

const LOGIC: Record<string, (a: boolean | null, b: boolean | null) => boolean | null> = {
  LogicalAnd: (a, b) => (a === false || b === false ? false : a === null || b === null ? null : true),
  LogicalOr: (a, b) => (a === true || b === true ? true : a === null || b === null ? null : false),
  LogicalXor: (a, b) => (a === null || b === null ? null : a !== b),
};

for (const [sig, f] of Object.entries(LOGIC)) {
  define(sig, (args, ret) => {
    checkArgs(sig, args, 'any', 2);
    checkResult(sig, ret, ['int']);
    for (const a of args) {
      if (!['int', 'uint', 'real', 'decimal'].includes(physicalKind(a.type))) throw new InvalidDag(`${sig} takes numbers, got ${a.type.kind}`);
    }
    return ([a, b], n) => boolVector(ret, n, (i) => f(truth(a as Vector, i), truth(b as Vector, i)));
  });
}

define('LikeSig', (args, ret) => {
  if (args.length !== 2 && args.length !== 3) throw new InvalidDag(`LikeSig takes 2 or 3 arguments, got ${args.length}`);
  checkResult('LikeSig', ret, ['int']);
  const [s, p, e] = args as [FunctionArg, FunctionArg, FunctionArg | undefined];
  if (physicalKind(s.type) !== 'string' || physicalKind(p.type) !== 'string') throw new InvalidDag('LikeSig compares strings');
  storeCollation(s.type);
  if (!p.isConstant) throw new InvalidDag('LikeSig needs a constant pattern');
  if (e && (!e.isConstant || physicalKind(e.type) !== 'int')) throw new InvalidDag('LikeSig needs a constant integer escape character');
  const escape = e?.constant === undefined || e.constant === null ? '\\' : String.fromCodePoint(Number(e.constant));
  const pattern = p.constant;
  const re = pattern === null || pattern === undefined ? null : likeRegExp(utf8.decode(pattern as Uint8Array), escape);
  return ([a], n) => boolVector(ret, n, (i) => (re === null || !isValid(a as Vector, i) ? null : re.test(utf8.decode(bytesAt(a as BytesVector, i)))));
});

function cast(sig: string, from: EvalClass, to: PhysicalKind, f: (v: Vector, i: number, ret: CopFieldType) => Scalar): void {
  define(sig, (args, ret) => {
    checkArgs(sig, args, from, 1);
    checkResult(sig, ret, [to]);
    return ([a], n) => {
      const out = vectorBuilder(ret, n);
      for (let i = 0; i < n; i++) {
        if (isValid(a as Vector, i)) out.append(f(a as Vector, i, ret));
        else out.appendNull();
      }
      return out.finish();
    };
  });
}

cast('CastIntAsReal', 'Int', 'real', (v, i) => Number((v as IntLikeVector).values[i] as bigint));
cast('CastIntAsDecimal', 'Int', 'decimal', (v, i, ret) => rescale((v as IntLikeVector).values[i] as bigint, 0, decimalScale(ret)));
cast('CastDecimalAsReal', 'Decimal', 'real', (v, i) => {
  const d = v as DecimalVector;
  return Number(decimalToString(d.values[i] as bigint, d.scale));
});

export function decimalToString(coef: bigint, scale: number): string {
  const neg = coef < 0n;
  let digits = (neg ? -coef : coef).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  }
  return neg ? `-${digits}` : digits;
}

/** The vectorized implementation of a signature for these argument types, or InvalidDag. */
export function resolveFunction(sig: string, args: readonly FunctionArg[], ret: CopFieldType): VectorFn {
  const build = REGISTRY.get(sig);
  if (!build) throw new InvalidDag(`function ${sig} is not supported by the coprocessor`);
  return build(args, ret);
}

/** Every signature a store evaluates (for the planner's pushdown check and for tests). */
export function supportedSignatures(): readonly string[] {
  return [...REGISTRY.keys()].sort();
}
