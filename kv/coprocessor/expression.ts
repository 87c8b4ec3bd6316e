// Expressions compiled once per request into vector evaluators: a column ref returns the input
// vector itself (no copy), a constant a vector of n copies (cached per batch length), a function
// its registry implementation applied to its evaluated arguments. Compilation checks offsets and
// types against the input schema, so evaluation cannot meet a wrong-kind vector.
import { InvalidDag, physicalKind, type CopExpr, type CopFieldType } from '../cop-types.js';
import { resolveFunction, type FunctionArg } from './functions.js';
import { datumToScalar } from './row-decoder.js';
import { constantVector, type Batch, type Vector } from './vector.js';

export type Evaluator = (batch: Batch) => Vector;

export interface CompiledExpr {
  readonly type: CopFieldType;
  readonly eval: Evaluator;
}

export function compileExpr(e: CopExpr, input: readonly CopFieldType[]): CompiledExpr {
  switch (e.kind) {
    case 'column': {
      const t = input[e.offset];
      if (t === undefined) throw new InvalidDag(`column offset ${e.offset} is out of range (the input has ${input.length} columns)`);
      if (physicalKind(t) !== physicalKind(e.type)) throw new InvalidDag(`column ${e.offset} is ${t.kind}, the expression says ${e.type.kind}`);
      const offset = e.offset;
      return { type: t, eval: (b) => b.columns[offset] as Vector };
    }
    case 'constant': {
      const value = datumToScalar(e.value, e);
      let cached: Vector | undefined;
      return {
        type: e.type,
        eval: (b) => {
          if (cached?.length !== b.length) cached = constantVector(e.type, value, b.length);
          return cached;
        },
      };
    }
    case 'func': {
      const args = e.args.map((a) => compileExpr(a, input));
      const info: FunctionArg[] = e.args.map((a, i) => ({
        type: (args[i] as CompiledExpr).type,
        isConstant: a.kind === 'constant',
        constant: a.kind === 'constant' ? datumToScalar(a.value, a) : undefined,
      }));
      const fn = resolveFunction(e.sig, info, e.type);
      return { type: e.type, eval: (b) => fn(args.map((a) => a.eval(b)), b.length) };
    }
  }
}
