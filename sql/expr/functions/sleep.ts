// SLEEP(seconds): pause the statement, returning 0. Evaluation is synchronous and must not
// block the server, so the function only books the time in the context's `pause`; the session
// waits it out after the batch that asked for it, in short steps that watch for KILL QUERY
// (which then ends the statement with 1317, as it ends any statement SLEEP is part of).
// A NULL or negative argument is 1210 in strict mode, a warning otherwise — MySQL's rule.

import { SqlError } from '../../errors.js';
import { T } from '../../types/column-type.js';
import { toDouble } from '../../types/convert.js';
import { isStrict } from '../../types/sql-mode.js';
import { defineFunction } from '../registry.js';
import { warn } from './common.js';

defineFunction({
  name: 'sleep',
  minArgs: 1,
  deterministic: false,
  returnType: () => T.bigint({ nullable: false }),
  eval: (args, ctx) => {
    const v = args[0] ?? null;
    const seconds = v === null ? null : toDouble(v, ctx);
    if (seconds === null || seconds < 0) {
      const err = new SqlError('SQL:WrongArguments', 1210, 'HY000', 'Incorrect arguments to sleep.');
      if (isStrict(ctx.sqlMode) && !ctx.ignore) throw err;
      warn(ctx, err);
      return 0n;
    }
    if (ctx.pause && seconds >= 0.00001) ctx.pause.ms += seconds * 1000;
    return 0n;
  },
});
