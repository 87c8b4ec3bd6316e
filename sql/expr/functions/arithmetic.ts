// Arithmetic operators: + - * / DIV % (MOD) and unary minus, with MySQL's result types and
// failure modes.
//
//   class of the result   how it is computed         overflow
//   BIGINT [UNSIGNED]     exact bigint               error 1690 "BIGINT value is out of range in '(a + b)'"
//   DECIMAL               exact Decimal              error 1690 "DECIMAL value is out of range …" (> 65 digits)
//   DOUBLE                IEEE double                error 1690 "DOUBLE value is out of range …" (±inf)
//
// Division and modulo by zero give NULL with warning 1365 (an error in strict INSERT/UPDATE,
// see divisionByZeroResult). Strings are read as doubles (with 1292 warnings for junk), temporals
// as their numeric forms (20240102, 20240102030405.5).

import { valueOutOfRange } from '../../errors.js';
import { MAX_DECIMAL_PRECISION, type Decimal } from '../../types/decimal.js';
import { T } from '../../types/column-type.js';
import { toDecimal, toDouble, toInteger, I64_MAX, I64_MIN, U64_MAX } from '../../types/convert.js';
import { enumNumber } from '../../types/compare.js';
import type { Value } from '../../types/value.js';
import type { EvalContext } from '../context.js';
import { defineFunction, type CallInfo } from '../registry.js';
import { arithmeticType, decimalShape, numClass, type ArithOp } from '../type-infer.js';
import { binaryText, divisionByZeroResult, unsignedArg, argText } from './common.js';

function isUnsignedResult(call: CallInfo, ctx: EvalContext, op: ArithOp): boolean {
  const t = call.returnType;
  if (op === '-' && ctx.sqlMode.noUnsignedSubtraction) return false;
  return 'unsigned' in t && t.unsigned === true;
}

const OP_TEXT: Readonly<Record<ArithOp, string>> = { '+': '+', '-': '-', '*': '*', '/': '/', div: 'DIV', '%': '%' };

function checkInt(r: bigint, unsigned: boolean, call: CallInfo, op: ArithOp, a: Value, b: Value): bigint {
  if (unsigned ? r < 0n || r > U64_MAX : r < I64_MIN || r > I64_MAX) {
    throw valueOutOfRange(unsigned ? 'BIGINT UNSIGNED' : 'BIGINT', binaryText(OP_TEXT[op], call, a, b));
  }
  return r;
}

function checkDecimal(r: Decimal, call: CallInfo, op: ArithOp, a: Value, b: Value): Decimal {
  if (r.intDigits() > MAX_DECIMAL_PRECISION) throw valueOutOfRange('DECIMAL', binaryText(OP_TEXT[op], call, a, b));
  return r;
}

function checkDouble(r: number, call: CallInfo, op: ArithOp, a: Value, b: Value): number {
  if (!Number.isFinite(r)) throw valueOutOfRange('DOUBLE', binaryText(OP_TEXT[op], call, a, b));
  return r;
}

function intOperand(v: Value, call: CallInfo, i: number, ctx: EvalContext): bigint | null {
  if (typeof v === 'bigint') return v;
  const n = enumNumber(v, call.argTypes[i]);
  if (typeof n === 'bigint') return n;
  return toInteger(n, ctx, { unsigned: unsignedArg(call, i) });
}

function arith(op: ArithOp, a0: Value, b0: Value, ctx: EvalContext, call: CallInfo): Value {
  if (a0 === null || b0 === null) return null;
  // ENUM/SET operands count as their index / bit mask.
  const a = enumNumber(a0, call.argTypes[0]);
  const b = enumNumber(b0, call.argTypes[1]);
  const rt = call.returnType;
  if (rt.kind === 'bigint' && op !== 'div') {
    const x = intOperand(a, call, 0, ctx);
    const y = intOperand(b, call, 1, ctx);
    if (x === null || y === null) return null;
    const unsigned = isUnsignedResult(call, ctx, op);
    switch (op) {
      case '+':
        return checkInt(x + y, unsigned, call, op, a, b);
      case '-':
        return checkInt(x - y, unsigned, call, op, a, b);
      case '*':
        return checkInt(x * y, unsigned, call, op, a, b);
      case '%':
        if (y === 0n) return divisionByZeroResult(ctx);
        return x % y;
      default:
        break;
    }
  }
  if (op === 'div') return intDiv(a, b, ctx, call);
  if (rt.kind === 'decimal') {
    const x = toDecimal(a, ctx);
    const y = toDecimal(b, ctx);
    if (x === null || y === null) return null;
    switch (op) {
      case '+':
        return checkDecimal(x.add(y), call, op, a, b);
      case '-':
        return checkDecimal(x.sub(y), call, op, a, b);
      case '*':
        return checkDecimal(x.mul(y), call, op, a, b);
      case '/': {
        const q = x.div(y, ctx.divPrecisionIncrement);
        return q === null ? divisionByZeroResult(ctx) : checkDecimal(q, call, op, a, b);
      }
      case '%': {
        const m = x.mod(y);
        return m === null ? divisionByZeroResult(ctx) : m;
      }
    }
  }
  const x = toDouble(a, ctx);
  const y = toDouble(b, ctx);
  if (x === null || y === null) return null;
  switch (op) {
    case '+':
      return checkDouble(x + y, call, op, a, b);
    case '-':
      return checkDouble(x - y, call, op, a, b);
    case '*':
      return checkDouble(x * y, call, op, a, b);
    case '/':
      if (y === 0) return divisionByZeroResult(ctx);
      return checkDouble(x / y, call, op, a, b);
    default:
      if (y === 0) return divisionByZeroResult(ctx);
      return x % y;
  }
}

/** a DIV b: integer division; non-integer operands are divided exactly as decimals first. */
function intDiv(a: Value, b: Value, ctx: EvalContext, call: CallInfo): Value {
  const unsigned = isUnsignedResult(call, ctx, 'div');
  const ta = call.argTypes[0];
  const tb = call.argTypes[1];
  if (ta && tb && numClass(ta) === 'int' && numClass(tb) === 'int') {
    const x = intOperand(a, call, 0, ctx);
    const y = intOperand(b, call, 1, ctx);
    if (x === null || y === null) return null;
    if (y === 0n) return divisionByZeroResult(ctx);
    return checkInt(x / y, unsigned, call, 'div', a, b);
  }
  const x = toDecimal(a, ctx);
  const y = toDecimal(b, ctx);
  if (x === null || y === null) return null;
  const q = x.intDiv(y);
  if (q === null) return divisionByZeroResult(ctx);
  return checkInt(q, unsigned, call, 'div', a, b);
}

for (const op of ['+', '-', '*', '/', 'div', '%'] as const) {
  defineFunction({
    name: op,
    aliases: op === '%' ? ['mod'] : op === '+' ? ['plus'] : op === '-' ? ['minus'] : op === '*' ? ['mul'] : op === '/' ? ['divide'] : ['intdiv'],
    minArgs: 2,
    returnType: ([a, b]) => arithmeticType(op, a ?? T.null(), b ?? T.null()),
    eval: ([a = null, b = null], ctx, call) => arith(op, a, b, ctx, call),
  });
}

defineFunction({
  name: 'neg',
  aliases: ['unary_minus'],
  minArgs: 1,
  returnType: ([a = T.null()]) => {
    const c = numClass(a);
    if (c === 'double') return T.double({ nullable: a.nullable });
    if (c === 'decimal') {
      const s = decimalShape(a);
      return T.decimal(s.precision, s.scale, { nullable: a.nullable });
    }
    return T.bigint({ nullable: a.nullable });
  },
  eval: ([a = null], ctx, call) => {
    if (a === null) return null;
    const rt = call.returnType;
    const text = (): string => `-(${argText(call, 0, a)})`;
    if (rt.kind === 'bigint') {
      const x = intOperand(a, call, 0, ctx);
      if (x === null) return null;
      const r = -x;
      if (r < I64_MIN || r > I64_MAX) throw valueOutOfRange('BIGINT', text());
      return r;
    }
    if (rt.kind === 'decimal') return toDecimal(a, ctx)?.neg() ?? null;
    const d = toDouble(a, ctx);
    return d === null ? null : -d;
  },
});
