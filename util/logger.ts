// The one logger of every process (pino). Components take a child logger named for themselves so
// log lines carry `component`; the level comes from STRATA_LOG (default: info, silent under tests).
import { pino, type Logger } from 'pino';

export type { Logger };

function defaultLevel(): string {
  if (process.env.STRATA_LOG) return process.env.STRATA_LOG;
  if (process.env.VITEST) return 'silent';
  return 'info';
}

export const rootLogger: Logger = pino({ level: defaultLevel(), base: { pid: process.pid } });

export function logger(component: string): Logger {
  return rootLogger.child({ component });
}
