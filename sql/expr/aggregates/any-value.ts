// ANY_VALUE(expr) and FIRST_ROW(expr) (TiDB's coprocessor name): the first value seen, NULL
// included, of the argument's type.

import { T } from '../../types/column-type.js';
import type { Value } from '../../types/value.js';
import { defineAggregate } from './aggregate.js';

defineAggregate({
  name: 'any_value',
  aliases: ['first_row'],
  minArgs: 1,
  returnType: ([t]) => ({ ...(t ?? { kind: 'null', nullable: true }), nullable: true }),
  partialTypes: ([t]) => [T.bigint({ nullable: false }), { ...(t ?? { kind: 'null', nullable: true }), nullable: true }],
  create: () => {
    let seen = false;
    let value: Value = null;
    return {
      add: ([v = null]) => {
        if (!seen) {
          seen = true;
          value = v;
        }
      },
      result: () => value,
      partial: () => [seen ? 1n : 0n, value],
      merge: ([s = null, v = null]) => {
        if (!seen && s === 1n) {
          seen = true;
          value = v;
        }
      },
    };
  },
});
