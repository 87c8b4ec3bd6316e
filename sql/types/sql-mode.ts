// sql_mode: the session flags that decide whether bad data is an error or a warning.
//
// MySQL keeps sql_mode as a comma-separated list of names; the type and expression code only
// asks a handful of questions of it ("strict?", "zero dates allowed?", "error on division by
// zero?"), so the set is parsed once into a readonly record of booleans. Strata, like TiDB,
// treats every table as transactional, so STRICT_TRANS_TABLES and STRICT_ALL_TABLES both mean
// "strict". The combination modes (ANSI, TRADITIONAL) expand as MySQL 8.0 expands them.

import { SqlError } from '../errors.js';

export interface SqlMode {
  readonly strictTransTables: boolean;
  readonly strictAllTables: boolean;
  readonly noZeroDate: boolean;
  readonly noZeroInDate: boolean;
  readonly errorForDivisionByZero: boolean;
  readonly allowInvalidDates: boolean;
  readonly noUnsignedSubtraction: boolean;
  readonly onlyFullGroupBy: boolean;
  readonly pipesAsConcat: boolean;
  readonly ansiQuotes: boolean;
  readonly highNotPrecedence: boolean;
  readonly ignoreSpace: boolean;
  readonly noBackslashEscapes: boolean;
  readonly padCharToFullLength: boolean;
  readonly realAsFloat: boolean;
  readonly timeTruncateFractional: boolean;
  readonly noAutoValueOnZero: boolean;
  readonly noEngineSubstitution: boolean;
  /** The names as given (upper-case, de-duplicated, expanded), for SELECT @@sql_mode. */
  readonly names: readonly string[];
}

const FLAG_OF: Record<string, keyof Omit<SqlMode, 'names'>> = {
  STRICT_TRANS_TABLES: 'strictTransTables',
  STRICT_ALL_TABLES: 'strictAllTables',
  NO_ZERO_DATE: 'noZeroDate',
  NO_ZERO_IN_DATE: 'noZeroInDate',
  ERROR_FOR_DIVISION_BY_ZERO: 'errorForDivisionByZero',
  ALLOW_INVALID_DATES: 'allowInvalidDates',
  NO_UNSIGNED_SUBTRACTION: 'noUnsignedSubtraction',
  ONLY_FULL_GROUP_BY: 'onlyFullGroupBy',
  PIPES_AS_CONCAT: 'pipesAsConcat',
  ANSI_QUOTES: 'ansiQuotes',
  HIGH_NOT_PRECEDENCE: 'highNotPrecedence',
  IGNORE_SPACE: 'ignoreSpace',
  NO_BACKSLASH_ESCAPES: 'noBackslashEscapes',
  PAD_CHAR_TO_FULL_LENGTH: 'padCharToFullLength',
  REAL_AS_FLOAT: 'realAsFloat',
  TIME_TRUNCATE_FRACTIONAL: 'timeTruncateFractional',
  NO_AUTO_VALUE_ON_ZERO: 'noAutoValueOnZero',
  NO_ENGINE_SUBSTITUTION: 'noEngineSubstitution',
};

const COMBINATIONS: Record<string, readonly string[]> = {
  ANSI: ['REAL_AS_FLOAT', 'PIPES_AS_CONCAT', 'ANSI_QUOTES', 'IGNORE_SPACE', 'ONLY_FULL_GROUP_BY'],
  TRADITIONAL: [
    'STRICT_TRANS_TABLES',
    'STRICT_ALL_TABLES',
    'NO_ZERO_IN_DATE',
    'NO_ZERO_DATE',
    'ERROR_FOR_DIVISION_BY_ZERO',
    'NO_ENGINE_SUBSTITUTION',
  ],
};

/** MySQL 8.0's default sql_mode. */
export const DEFAULT_SQL_MODE_STRING =
  'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

/** Error 1231 for a mode name MySQL does not know. */
export class UnknownSqlModeError extends SqlError {
  constructor(readonly modeName: string) {
    super('SQL:WrongValueForVar', 1231, '42000', `Variable 'sql_mode' can't be set to the value of '${modeName}'`);
  }
}

export function parseSqlMode(text: string): SqlMode {
  const names: string[] = [];
  const add = (n: string): void => {
    if (!names.includes(n)) names.push(n);
  };
  for (const raw of text.split(',')) {
    const name = raw.trim().toUpperCase();
    if (name === '') continue;
    const combo = COMBINATIONS[name];
    if (combo) {
      combo.forEach(add);
      add(name);
      continue;
    }
    if (!(name in FLAG_OF)) throw new UnknownSqlModeError(raw.trim());
    add(name);
  }
  const flags: Record<string, boolean> = {};
  for (const f of Object.values(FLAG_OF)) flags[f] = false;
  for (const n of names) {
    const f = FLAG_OF[n];
    if (f) flags[f] = true;
  }
  return { ...(flags as Record<keyof Omit<SqlMode, 'names'>, boolean>), names };
}

export const DEFAULT_SQL_MODE: SqlMode = parseSqlMode(DEFAULT_SQL_MODE_STRING);
export const EMPTY_SQL_MODE: SqlMode = parseSqlMode('');

/** Strict mode: bad data in INSERT/UPDATE is an error, not a warning. */
export function isStrict(mode: SqlMode): boolean {
  return mode.strictTransTables || mode.strictAllTables;
}

export function sqlModeToString(mode: SqlMode): string {
  return mode.names.join(',');
}
