// The evaluation context: everything a built-in function may read besides its arguments.
//
// Functions are pure over (arguments, context). The session builds one EvalContext per
// statement, so NOW() is the statement's start time in every row, RAND() without a seed draws
// from the statement's generator, and warnings land in the statement's list. Nothing here does
// I/O; the clock is injected (`nowMicros`, `clock`) so tests are deterministic.

import type { WarningSink, Warning } from '../errors.js';
import { DEFAULT_SQL_MODE, type SqlMode } from '../types/sql-mode.js';
import { DateTime, fromEpochMicros } from '../types/datetime.js';
import type { ConvertContext } from '../types/convert.js';

/** MySQL's RAND generator (my_rnd): two seeds modulo 2^30-1; RAND(N) is reproducible. */
export class MysqlRandom {
  private static readonly MAX = 0x3fffffff;
  private seed1: number;
  private seed2: number;

  constructor(seed1: number, seed2: number) {
    this.seed1 = seed1 % MysqlRandom.MAX;
    this.seed2 = seed2 % MysqlRandom.MAX;
  }

  /** The generator RAND(n) starts from. */
  static fromSeed(n: bigint): MysqlRandom {
    const tmp = BigInt.asUintN(32, n);
    const s1 = Number(BigInt.asUintN(32, tmp * 0x10001n + 55555555n));
    const s2 = Number(BigInt.asUintN(32, tmp * 0x10000001n));
    return new MysqlRandom(s1, s2);
  }

  /** A double in [0, 1). */
  next(): number {
    this.seed1 = (this.seed1 * 3 + this.seed2) % MysqlRandom.MAX;
    this.seed2 = (this.seed1 + this.seed2 + 33) % MysqlRandom.MAX;
    return this.seed1 / MysqlRandom.MAX;
  }
}

/** Per-connection facts the info functions report. */
export interface SessionInfo {
  /** DATABASE(): null when no database is selected. */
  readonly currentDatabase: string | null;
  /** USER(): 'name@host' as the client connected. */
  readonly user: string;
  /** CURRENT_USER(): the account matched, 'name@host'. */
  readonly currentUser: string;
  readonly connectionId: bigint;
  /** LAST_INSERT_ID(): the first AUTO_INCREMENT value of the last INSERT. */
  lastInsertId: bigint;
  /** ROW_COUNT(): affected rows of the previous statement (-1 for statements without). */
  readonly rowCount: bigint;
  /** FOUND_ROWS(): rows the previous SELECT returned (or would have, without LIMIT). */
  readonly foundRows: bigint;
}

export interface EvalContext extends ConvertContext {
  readonly sqlMode: SqlMode;
  readonly warnings: WarningSink;
  /** Session time zone: '+08:00', 'UTC', 'SYSTEM' or an IANA name. */
  readonly timeZone: string;
  /** Start of the statement, µs since the Unix epoch: NOW(), CURDATE(), UNIX_TIMESTAMP(). */
  readonly nowMicros: bigint;
  /** The running clock for SYSDATE() (defaults to the statement time). */
  readonly clock?: () => bigint;
  readonly session: SessionInfo;
  /** The statement's RAND() generator. */
  readonly random: MysqlRandom;
  readonly divPrecisionIncrement: number;
  readonly groupConcatMaxLen: number;
  readonly maxAllowedPacket: number;
  /** The statement writes rows (INSERT/UPDATE): division by zero is an error in strict mode
   *  with ERROR_FOR_DIVISION_BY_ZERO, not NULL. */
  readonly dmlWrite: boolean;
  /** IGNORE modifier: errors of writes become warnings. */
  readonly ignore: boolean;
  /** VERSION(). */
  readonly version: string;
  /** Time SLEEP() asked for, in ms. Functions cannot wait (evaluation is synchronous), so SLEEP
   *  adds here and whoever runs the statement waits it out between batches, watching for KILL.
   *  Absent: SLEEP returns at once. */
  readonly pause?: { ms: number };
}

export const DEFAULT_VERSION = '8.0.11-Strata-0.1.0';

export interface EvalContextOptions {
  sqlMode?: SqlMode;
  warnings?: WarningSink;
  timeZone?: string;
  nowMicros?: bigint;
  clock?: () => bigint;
  currentDatabase?: string | null;
  user?: string;
  currentUser?: string;
  connectionId?: bigint;
  lastInsertId?: bigint;
  rowCount?: bigint;
  foundRows?: bigint;
  randomSeed?: bigint;
  divPrecisionIncrement?: number;
  groupConcatMaxLen?: number;
  maxAllowedPacket?: number;
  dmlWrite?: boolean;
  ignore?: boolean;
  version?: string;
  /** Collect SLEEP() time for the statement's runner to wait out (see EvalContext.pause). */
  pause?: { ms: number };
}

/** A context with MySQL's defaults; the session passes real values. Warnings default to a list
 *  returned in `collected`. */
export function createEvalContext(o: EvalContextOptions = {}): EvalContext & { readonly collected: Warning[] } {
  const collected: Warning[] = [];
  const timeZone = o.timeZone ?? '+00:00';
  const nowMicros = o.nowMicros ?? BigInt(Date.now()) * 1000n;
  const session: SessionInfo = {
    currentDatabase: o.currentDatabase === undefined ? null : o.currentDatabase,
    user: o.user ?? 'root@localhost',
    currentUser: o.currentUser ?? o.user ?? 'root@localhost',
    connectionId: o.connectionId ?? 1n,
    lastInsertId: o.lastInsertId ?? 0n,
    rowCount: o.rowCount ?? -1n,
    foundRows: o.foundRows ?? 0n,
  };
  const seed = o.randomSeed ?? nowMicros;
  const ctx: EvalContext & { readonly collected: Warning[] } = {
    sqlMode: o.sqlMode ?? DEFAULT_SQL_MODE,
    warnings: o.warnings ?? { warn: (w) => collected.push(w) },
    collected,
    timeZone,
    nowMicros,
    ...(o.clock ? { clock: o.clock } : {}),
    session,
    random: new MysqlRandom(Number(seed % 0x3fffffffn), Number((seed / 7n) % 0x3fffffffn)),
    divPrecisionIncrement: o.divPrecisionIncrement ?? 4,
    groupConcatMaxLen: o.groupConcatMaxLen ?? 1024,
    maxAllowedPacket: o.maxAllowedPacket ?? 67108864,
    dmlWrite: o.dmlWrite ?? false,
    ignore: o.ignore ?? false,
    version: o.version ?? DEFAULT_VERSION,
    ...(o.pause ? { pause: o.pause } : {}),
    currentDate: () => (fromEpochMicros(nowMicros, timeZone, 'date', 0) ?? DateTime.date(1970, 1, 1)).toDate(),
  };
  return ctx;
}

/** NOW() as a DATETIME with `fsp` digits (truncated), in the session zone. */
export function statementNow(ctx: EvalContext, fsp = 0): DateTime {
  const dt = fromEpochMicros(ctx.nowMicros, ctx.timeZone, 'datetime', 6) ?? DateTime.zero();
  return dt.withType('datetime', fsp, true);
}
