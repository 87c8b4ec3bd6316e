// The sqllogictest executor over a SQL session in-process (the default: no sockets, no protocol),
// returning values as the text MySQL would send them.
import type { Session } from '../../sql/session/session.js';
import { valueToString } from '../../sql/types/index.js';
import type { SltExecutor } from './runner.js';
import type { SltValue } from './format.js';

/** Runs statements in `session`; a statement running longer than `timeoutMs` is killed (1317),
 *  so one runaway query costs its record, not the run. */
export function sessionExecutor(session: Session, timeoutMs: number): SltExecutor {
  return {
    async execute(sql) {
      const timer = setTimeout(() => session.kill(true), timeoutMs);
      try {
        const r = await session.query(sql);
        if (r.kind !== 'rows') return undefined;
        // Values as the text MySQL sends: the formatter reads numbers back for I and R columns.
        const rows = r.rows.map((row) => row.map((v, i): SltValue => (v === null ? null : typeof v === 'bigint' ? v : valueToString(v, r.columns[i]?.type))));
        return { rows };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
