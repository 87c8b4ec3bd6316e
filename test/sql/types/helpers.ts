// Test helpers for sql/types: a conversion context that records warnings, and short builders.
import type { Warning } from '../../../sql/errors.js';
import { DEFAULT_SQL_MODE, EMPTY_SQL_MODE, parseSqlMode, type SqlMode } from '../../../sql/types/sql-mode.js';
import type { ConvertContext } from '../../../sql/types/convert.js';
import type { StoreContext } from '../../../sql/types/store.js';
import { DateTime } from '../../../sql/types/datetime.js';

export interface RecordingContext extends ConvertContext {
  readonly recorded: Warning[];
}

export function recording(sqlMode: SqlMode = DEFAULT_SQL_MODE): RecordingContext {
  const recorded: Warning[] = [];
  return { sqlMode, warnings: { warn: (w) => recorded.push(w) }, recorded, currentDate: () => DateTime.date(2024, 5, 6) };
}

export function storeCx(opts: { strict?: boolean; mode?: string; column?: string; row?: number; ignore?: boolean; timeZone?: string } = {}): StoreContext & { recorded: Warning[] } {
  const mode = opts.mode !== undefined ? parseSqlMode(opts.mode) : opts.strict === false ? EMPTY_SQL_MODE : DEFAULT_SQL_MODE;
  const recorded: Warning[] = [];
  const cx: StoreContext & { recorded: Warning[] } = {
    sqlMode: mode,
    warnings: { warn: (w) => recorded.push(w) },
    recorded,
    column: opts.column ?? 'c',
    row: opts.row ?? 1,
    currentDate: () => DateTime.date(2024, 5, 6),
    ...(opts.ignore !== undefined ? { ignore: opts.ignore } : {}),
    ...(opts.timeZone !== undefined ? { timeZone: opts.timeZone } : {}),
  };
  return cx;
}
