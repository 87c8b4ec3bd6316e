// Information functions: LAST_INSERT_ID([expr]), DATABASE/SCHEMA, USER/SESSION_USER/SYSTEM_USER,
// CURRENT_USER, VERSION, CONNECTION_ID, ROW_COUNT, FOUND_ROWS, plus CHARSET/COLLATION of an
// expression. They read the session facts in the EvalContext; LAST_INSERT_ID(expr) also sets
// the value the next LAST_INSERT_ID() returns, as MySQL does.

import { T, collationOf } from '../../types/column-type.js';
import { toInteger } from '../../types/convert.js';
import { defineFunction } from '../registry.js';

defineFunction({
  name: 'last_insert_id',
  minArgs: 0,
  maxArgs: 1,
  deterministic: false,
  returnType: (types) => T.bigint({ unsigned: true, nullable: types.length > 0 && (types[0]?.nullable ?? false) }),
  eval: (args, ctx) => {
    if (args.length === 0) return ctx.session.lastInsertId;
    const v = args[0] ?? null;
    if (v === null) return null;
    const n = toInteger(v, ctx, { unsigned: true });
    if (n === null) return null;
    ctx.session.lastInsertId = n;
    return n;
  },
});

defineFunction({
  name: 'database',
  aliases: ['schema'],
  minArgs: 0,
  returnType: () => T.varchar(64, { nullable: true }),
  eval: (_a, ctx) => ctx.session.currentDatabase,
});

defineFunction({
  name: 'user',
  aliases: ['session_user', 'system_user'],
  minArgs: 0,
  returnType: () => T.varchar(288, { nullable: false }),
  eval: (_a, ctx) => ctx.session.user,
});

defineFunction({
  name: 'current_user',
  minArgs: 0,
  returnType: () => T.varchar(288, { nullable: false }),
  eval: (_a, ctx) => ctx.session.currentUser,
});

defineFunction({
  name: 'version',
  minArgs: 0,
  returnType: () => T.varchar(64, { nullable: false }),
  eval: (_a, ctx) => ctx.version,
});

defineFunction({
  name: 'connection_id',
  minArgs: 0,
  returnType: () => T.bigint({ unsigned: true, nullable: false }),
  eval: (_a, ctx) => ctx.session.connectionId,
});

defineFunction({
  name: 'row_count',
  minArgs: 0,
  returnType: () => T.bigint({ nullable: false }),
  eval: (_a, ctx) => ctx.session.rowCount,
});

defineFunction({
  name: 'found_rows',
  minArgs: 0,
  returnType: () => T.bigint({ unsigned: true, nullable: false }),
  eval: (_a, ctx) => ctx.session.foundRows,
});

defineFunction({
  name: 'charset',
  minArgs: 1,
  returnType: () => T.varchar(64, { nullable: false }),
  eval: (_a, _ctx, call) => {
    const t = call.argTypes[0];
    if (!t) return 'binary';
    if ('charset' in t) return t.charset;
    return t.kind === 'json' ? 'utf8mb4' : 'binary';
  },
});

defineFunction({
  name: 'collation',
  minArgs: 1,
  returnType: () => T.varchar(64, { nullable: false }),
  eval: (_a, _ctx, call) => {
    const t = call.argTypes[0];
    if (!t) return 'binary';
    return collationOf(t) ?? (t.kind === 'json' ? 'utf8mb4_bin' : 'binary');
  },
});
