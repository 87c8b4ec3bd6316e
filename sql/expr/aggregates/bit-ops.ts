// BIT_AND, BIT_OR, BIT_XOR: BIGINT UNSIGNED over the arguments as unsigned 64-bit integers.
// With no non-NULL rows: BIT_AND gives 18446744073709551615, BIT_OR and BIT_XOR give 0.

import { T } from '../../types/column-type.js';
import { toInteger, wrap64 } from '../../types/convert.js';
import { defineAggregate } from './aggregate.js';

const ALL = 2n ** 64n - 1n;

for (const [name, identity, op] of [
  ['bit_and', ALL, (a: bigint, b: bigint) => a & b],
  ['bit_or', 0n, (a: bigint, b: bigint) => a | b],
  ['bit_xor', 0n, (a: bigint, b: bigint) => a ^ b],
] as const) {
  defineAggregate({
    name,
    minArgs: 1,
    returnType: () => T.bigint({ unsigned: true, nullable: false }),
    partialTypes: () => [T.bigint({ unsigned: true, nullable: false })],
    create: (_types, _o, ctx) => {
      let acc = identity;
      const add = (v: bigint): void => {
        acc = op(acc, v);
      };
      return {
        add: ([v = null]) => {
          if (v === null) return;
          const i = toInteger(v, ctx, { unsigned: true });
          if (i !== null) add(wrap64(i, true));
        },
        result: () => acc,
        partial: () => [acc],
        merge: ([p = null]) => {
          if (typeof p === 'bigint') add(p);
        },
      };
    },
  });
}
