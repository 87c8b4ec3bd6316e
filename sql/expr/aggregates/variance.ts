// Population and sample variance and standard deviation (VAR_POP/VARIANCE, VAR_SAMP,
// STD/STDDEV/STDDEV_POP, STDDEV_SAMP): DOUBLE, by Welford's method; partial state
// [count, mean, m2] merged with Chan's formula. Sample forms are NULL for fewer than 2 rows.

import { T } from '../../types/column-type.js';
import { toDouble } from '../../types/convert.js';
import { defineAggregate } from './aggregate.js';

for (const [name, aliases, sample, root] of [
  ['var_pop', ['variance'], false, false],
  ['var_samp', [], true, false],
  ['stddev_pop', ['std', 'stddev'], false, true],
  ['stddev_samp', [], true, true],
] as const) {
  defineAggregate({
    name,
    aliases,
    minArgs: 1,
    returnType: () => T.double({ nullable: true }),
    partialTypes: () => [T.bigint({ nullable: false }), T.double({ nullable: false }), T.double({ nullable: false })],
    create: (_types, _o, ctx) => {
      let n = 0;
      let mean = 0;
      let m2 = 0;
      return {
        add: ([v = null]) => {
          const x = toDouble(v, ctx);
          if (x === null) return;
          n++;
          const d = x - mean;
          mean += d / n;
          m2 += d * (x - mean);
        },
        result: () => {
          if (n === 0 || (sample && n < 2)) return null;
          const v = m2 / (sample ? n - 1 : n);
          return root ? Math.sqrt(v) : v;
        },
        partial: () => [BigInt(n), mean, m2],
        merge: ([c = null, mu = null, q = null]) => {
          if (typeof c !== 'bigint' || c === 0n || typeof mu !== 'number' || typeof q !== 'number') return;
          const nb = Number(c);
          const total = n + nb;
          const d = mu - mean;
          mean += (d * nb) / total;
          m2 += q + (d * d * n * nb) / total;
          n = total;
        },
      };
    },
  });
}
