// System variables, as MySQL 8.0 has them: one registry of definitions (name, where it lives,
// type and valid values, default, read-only), one `GlobalVariables` per engine and one
// `SessionVariables` per session.
//
//   registry (SYSTEM_VARIABLES)      name → {scope global|session|both, kind, default, range…}
//   GlobalVariables                  the SET GLOBAL values; new sessions copy them at start
//   SessionVariables                 this connection's values of 'session'/'both' variables,
//                                    plus computed ones (warning_count, error_count)
//
// Values are kept as the Value SELECT @@x gives back: booleans and integers as bigint (1n for ON),
// everything else as string. SHOW VARIABLES shows booleans as ON/OFF. Validation follows MySQL:
// booleans take ON/OFF/TRUE/FALSE/1/0 (1231 otherwise), integers take integers only (1232 for a
// string or a float) and are clamped to their range with a 1292 warning, enums take a name
// (case-insensitive) or a 0-based index, sql_mode goes through parseSqlMode, time_zone takes
// SYSTEM, ±hh:mm or an IANA name. Scope errors: 1229 (SET SESSION of a global-only variable), 1228
// (SET GLOBAL of a session-only one), 1238 (reading a scope the variable lacks, or writing a read-only
// variable), 1621 (session value read-only, as max_allowed_packet is in MySQL 8.0).
//
// The session integrates: it evaluates `@@x` through `get`, `SET x = …` through `set`, and reads
// the typed getters (sqlMode, autocommit, timeZone …) when it builds a statement's EvalContext.

import { hostname } from 'node:os';
import {
  globalVariable,
  incorrectGlobalLocalVar,
  localVariable,
  sessionReadOnlyVariable,
  truncatedWrongValue,
  unknownCharacterSet,
  unknownCollation,
  unknownSystemVariable,
  unknownTimeZone,
  wrongTypeForVariable,
  wrongValueForVariable,
  type WarningSink,
} from '../errors.js';
import { DEFAULT_VERSION } from '../expr/context.js';
import { likeMatch } from '../expr/index.js';
import {
  DEFAULT_SQL_MODE_STRING,
  Decimal,
  JsonValue,
  T,
  isKnownCollation,
  isValidTimeZone,
  parseSqlMode,
  sqlModeToString,
  valueToString,
  type SqlMode,
  type SqlType,
  type Value,
} from '../types/index.js';

/** Where a variable exists: only globally, only per session, or both (session starts as global). */
export type VariableScope = 'global' | 'session' | 'both';

/** The scope a statement names: `@@x` / `SET x` is 'default', `@@session.x` 'session', `@@global.x` 'global'. */
export type ScopeRequest = 'default' | 'session' | 'global';

export type VariableKind = 'bool' | 'int' | 'enum' | 'string' | 'sql_mode' | 'time_zone' | 'charset' | 'collation';

export interface SystemVariableDef {
  readonly name: string;
  readonly scope: VariableScope;
  readonly kind: VariableKind;
  /** The compiled-in default (SET x = DEFAULT at global scope). */
  readonly default: bigint | string;
  readonly min?: bigint;
  readonly max?: bigint;
  /** Values of an enum, in MySQL's order (its index is what an integer selects). */
  readonly values?: readonly string[];
  /** Nobody may set it (version, hostname …). */
  readonly readOnly?: boolean;
  /** Settable only with SET GLOBAL although it has a session value (MySQL's 1621). */
  readonly sessionReadOnly?: boolean;
  /** Another name for the same value (tx_isolation → transaction_isolation). */
  readonly aliasOf?: string;
  /** Accepts NULL (stored as ''), as init_connect does. */
  readonly nullable?: boolean;
}

/** The marker for `SET x = DEFAULT`. */
export const DEFAULT_VALUE: unique symbol = Symbol('DEFAULT');
export type SetValue = Value | typeof DEFAULT_VALUE;

export const STRATA_VERSION_COMMENT = 'Strata Server (Apache License 2.0), MySQL 8.0 compatible';
const U64_MAX = 2n ** 64n - 1n;
const ISOLATION_LEVELS = ['READ-UNCOMMITTED', 'READ-COMMITTED', 'REPEATABLE-READ', 'SERIALIZABLE'] as const;
export type IsolationLevelName = (typeof ISOLATION_LEVELS)[number];

/** Character sets a client may name (SET NAMES, character_set_*). */
const CHARSETS: Readonly<Record<string, string>> = {
  utf8mb4: 'utf8mb4_bin',
  utf8: 'utf8_bin',
  utf8mb3: 'utf8mb3_bin',
  latin1: 'latin1_bin',
  ascii: 'ascii_bin',
  binary: 'binary',
};

function systemTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const defs: SystemVariableDef[] = [];
function bool(name: string, scope: VariableScope, dflt: boolean, extra: Partial<SystemVariableDef> = {}): void {
  defs.push({ name, scope, kind: 'bool', default: dflt ? 1n : 0n, ...extra });
}
function int(name: string, scope: VariableScope, dflt: bigint, min: bigint, max: bigint, extra: Partial<SystemVariableDef> = {}): void {
  defs.push({ name, scope, kind: 'int', default: dflt, min, max, ...extra });
}
function str(name: string, scope: VariableScope, dflt: string, extra: Partial<SystemVariableDef> = {}): void {
  defs.push({ name, scope, kind: 'string', default: dflt, ...extra });
}
function enm(name: string, scope: VariableScope, dflt: string, values: readonly string[], extra: Partial<SystemVariableDef> = {}): void {
  defs.push({ name, scope, kind: 'enum', default: dflt, values, ...extra });
}
const ro = { readOnly: true } as const;

// identity of the server
str('version', 'global', DEFAULT_VERSION, ro);
str('version_comment', 'global', STRATA_VERSION_COMMENT, ro);
str('version_compile_os', 'global', process.platform === 'darwin' ? 'macos' : 'Linux', ro);
str('version_compile_machine', 'global', process.arch === 'arm64' ? 'aarch64' : 'x86_64', ro);
str('license', 'global', 'Apache License 2.0', ro);
str('hostname', 'global', hostname(), ro);
int('port', 'global', 4000n, 0n, 65535n, ro);
int('protocol_version', 'global', 10n, 0n, 255n, ro);
enm('have_ssl', 'global', 'DISABLED', ['YES', 'DISABLED'], ro);
enm('have_openssl', 'global', 'DISABLED', ['YES', 'DISABLED'], ro);
str('default_authentication_plugin', 'global', 'caching_sha2_password', ro);
bool('performance_schema', 'global', false, ro);
// TiDB keeps names as written and compares them lowercased: lower_case_table_names = 2.
int('lower_case_table_names', 'global', 2n, 0n, 2n, ro);
str('default_storage_engine', 'both', 'InnoDB');
str('system_time_zone', 'global', systemTimeZone(), ro);
// transactions
bool('autocommit', 'both', true);
enm('transaction_isolation', 'both', 'REPEATABLE-READ', ISOLATION_LEVELS);
enm('tx_isolation', 'both', 'REPEATABLE-READ', ISOLATION_LEVELS, { aliasOf: 'transaction_isolation' });
bool('transaction_read_only', 'both', false);
bool('tx_read_only', 'both', false, { aliasOf: 'transaction_read_only' });
enm('completion_type', 'both', 'NO_CHAIN', ['NO_CHAIN', 'CHAIN', 'RELEASE']);
int('innodb_lock_wait_timeout', 'both', 50n, 1n, 1073741824n);
int('lock_wait_timeout', 'both', 31536000n, 1n, 31536000n);
// behaviour of statements
defs.push({ name: 'sql_mode', scope: 'both', kind: 'sql_mode', default: DEFAULT_SQL_MODE_STRING });
defs.push({ name: 'time_zone', scope: 'both', kind: 'time_zone', default: 'SYSTEM' });
int('auto_increment_increment', 'both', 1n, 1n, 65535n);
int('auto_increment_offset', 'both', 1n, 1n, 65535n);
int('div_precision_increment', 'both', 4n, 0n, 30n);
int('group_concat_max_len', 'both', 1024n, 4n, U64_MAX);
int('sql_select_limit', 'both', U64_MAX, 0n, U64_MAX);
int('max_join_size', 'both', U64_MAX, 1n, U64_MAX);
int('max_execution_time', 'both', 0n, 0n, 4294967295n);
int('cte_max_recursion_depth', 'both', 1000n, 0n, 4294967295n);
int('default_week_format', 'both', 0n, 0n, 7n);
bool('foreign_key_checks', 'both', true);
bool('unique_checks', 'both', true);
bool('sql_safe_updates', 'both', false);
bool('sql_auto_is_null', 'both', false);
bool('sql_big_selects', 'both', true);
bool('sql_notes', 'both', true);
bool('sql_warnings', 'both', false);
bool('sql_quote_show_create', 'both', true);
bool('sql_log_bin', 'both', true);
bool('explicit_defaults_for_timestamp', 'both', true);
bool('windowing_use_high_precision', 'both', true);
str('block_encryption_mode', 'both', 'aes-128-ecb');
int('information_schema_stats_expiry', 'both', 86400n, 0n, 31536000n);
int('last_insert_id', 'session', 0n, 0n, U64_MAX);
int('identity', 'session', 0n, 0n, U64_MAX, { aliasOf: 'last_insert_id' });
int('insert_id', 'session', 0n, 0n, U64_MAX);
int('warning_count', 'session', 0n, 0n, U64_MAX, ro);
int('error_count', 'session', 0n, 0n, U64_MAX, ro);
// connection and protocol
int('max_allowed_packet', 'both', 67108864n, 1024n, 1073741824n, { sessionReadOnly: true });
int('net_buffer_length', 'both', 16384n, 1024n, 1048576n, { sessionReadOnly: true });
int('max_connections', 'global', 151n, 1n, 100000n);
int('wait_timeout', 'both', 28800n, 1n, 31536000n);
int('interactive_timeout', 'both', 28800n, 1n, 31536000n);
int('net_write_timeout', 'both', 60n, 1n, 31536000n);
int('net_read_timeout', 'both', 30n, 1n, 31536000n);
int('connect_timeout', 'global', 10n, 2n, 31536000n);
str('init_connect', 'global', '', { nullable: true });
int('query_cache_size', 'global', 1048576n, 0n, U64_MAX);
enm('query_cache_type', 'both', 'OFF', ['OFF', 'ON', 'DEMAND']);
// character sets and collations (TiDB's defaults: utf8mb4 with utf8mb4_bin)
for (const scope of ['client', 'connection', 'results', 'server', 'database'] as const) {
  defs.push({ name: `character_set_${scope}`, scope: 'both', kind: 'charset', default: 'utf8mb4', ...(scope === 'results' ? { nullable: true } : {}) });
}
defs.push({ name: 'character_set_system', scope: 'global', kind: 'charset', default: 'utf8mb3', readOnly: true });
defs.push({ name: 'character_set_filesystem', scope: 'both', kind: 'charset', default: 'binary' });
for (const scope of ['connection', 'server', 'database'] as const) {
  defs.push({ name: `collation_${scope}`, scope: 'both', kind: 'collation', default: 'utf8mb4_bin' });
}
// Strata's own knobs, named as TiDB names them
int('tidb_distsql_scan_concurrency', 'both', 15n, 1n, 256n);
// Filters, LIMIT, TopN and partial aggregates over table scans run on the stores when every
// expression can (sql/executor/cop-table-scan.ts). On by default, as in TiDB; narrow handle
// ranges stay local regardless (sql/planner/optimize.ts). Turning it off reads every row here.
bool('strata_enable_cop_pushdown', 'both', true);
// COM_STMT_EXECUTE reuses the plan of an earlier execution of the same prepared statement while
// the schema, the session's variables and the parameters' types are unchanged
// (sql/planner/plan-cache.ts); TiDB's name. Off: every execution is planned afresh.
bool('tidb_enable_prepared_plan_cache', 'both', true);
// Whether the previous statement ran a cached plan (TiDB's @@last_plan_from_cache).
bool('last_plan_from_cache', 'session', false, ro);

/** Every system variable Strata knows, by lower-case name. */
export const SYSTEM_VARIABLES: ReadonlyMap<string, SystemVariableDef> = new Map(defs.map((d) => [d.name, d]));

/** The definition of a variable; 1193 for an unknown name. */
export function variableDef(name: string): SystemVariableDef {
  const d = SYSTEM_VARIABLES.get(name.toLowerCase());
  if (!d) throw unknownSystemVariable(name);
  return d;
}

/** The name whose value a variable shares (itself, or what it is an alias of). */
function storageName(d: SystemVariableDef): string {
  return d.aliasOf ?? d.name;
}

/** The static type of `@@name` in a result set (BIGINT for numbers and booleans, VARCHAR else). */
export function variableType(name: string): SqlType {
  const d = variableDef(name);
  if (d.kind === 'bool') return T.bigint({ nullable: false });
  if (d.kind === 'int') return T.bigint({ nullable: false, unsigned: d.max !== undefined && d.max > 2n ** 63n - 1n });
  return T.varchar(1024, { nullable: true });
}

/** How SHOW VARIABLES shows a value: booleans as ON/OFF, integers as digits. */
export function showValue(d: SystemVariableDef, v: Value): string {
  if (v === null) return '';
  if (d.kind === 'bool') return v === 1n ? 'ON' : 'OFF';
  return valueToString(v) ?? '';
}

function valueText(v: Value): string {
  if (v === null) return 'NULL';
  return valueToString(v) ?? 'NULL';
}

function normalizeOffset(zone: string): string {
  const m = /^([+-])(\d{1,2}):(\d{2})$/.exec(zone);
  if (!m) return zone;
  const h = Number(m[2]);
  const mi = Number(m[3]);
  // MySQL's range: -13:59 … +14:00
  if (mi > 59 || h > 14 || (h === 14 && mi > 0) || (m[1] === '-' && h > 13)) throw unknownTimeZone(zone);
  return `${m[1]}${String(h).padStart(2, '0')}:${m[3]}`;
}

/** Checks and converts a value for a variable: what `get` will return afterwards. */
export function validateValue(d: SystemVariableDef, v: Value, warnings?: WarningSink): bigint | string {
  const name = d.name;
  if (v === null) {
    if (d.nullable) return '';
    throw wrongValueForVariable(name, 'NULL');
  }
  if (v instanceof JsonValue || v instanceof Uint8Array) {
    if (v instanceof Uint8Array) return validateValue(d, Buffer.from(v).toString('utf8'), warnings);
    throw wrongTypeForVariable(name);
  }
  switch (d.kind) {
    case 'bool': {
      if (typeof v === 'bigint') {
        if (v === 0n || v === 1n) return v;
        throw wrongValueForVariable(name, v.toString());
      }
      if (typeof v === 'string') {
        const u = v.trim().toUpperCase();
        if (u === 'ON' || u === 'TRUE' || u === '1') return 1n;
        if (u === 'OFF' || u === 'FALSE' || u === '0') return 0n;
        throw wrongValueForVariable(name, v);
      }
      throw wrongTypeForVariable(name);
    }
    case 'int': {
      if (typeof v !== 'bigint') {
        if (v instanceof Decimal && v.scale === 0) return validateValue(d, BigInt(v.toString()), warnings);
        throw wrongTypeForVariable(name);
      }
      const min = d.min ?? -(2n ** 63n);
      const max = d.max ?? 2n ** 63n - 1n;
      if (v < min || v > max) {
        warnings?.warn(truncatedWrongValue(name, v.toString()).toWarning());
        return v < min ? min : max;
      }
      return v;
    }
    case 'enum': {
      const values = d.values ?? [];
      if (typeof v === 'bigint') {
        const picked = v >= 0n && v < BigInt(values.length) ? values[Number(v)] : undefined;
        if (picked === undefined) throw wrongValueForVariable(name, v.toString());
        return picked;
      }
      if (typeof v !== 'string') throw wrongTypeForVariable(name);
      const found = values.find((x) => x.toUpperCase() === v.trim().toUpperCase());
      if (found === undefined) throw wrongValueForVariable(name, v);
      return found;
    }
    case 'sql_mode': {
      if (typeof v === 'bigint') {
        if (v === 0n) return '';
        throw wrongValueForVariable(name, v.toString());
      }
      if (typeof v !== 'string') throw wrongTypeForVariable(name);
      return sqlModeToString(parseSqlMode(v));
    }
    case 'time_zone': {
      if (typeof v !== 'string') throw wrongTypeForVariable(name);
      const z = v.trim();
      if (/^system$/i.test(z)) return 'SYSTEM';
      if (!isValidTimeZone(z)) throw unknownTimeZone(v);
      return normalizeOffset(z);
    }
    case 'charset': {
      if (typeof v !== 'string') throw wrongTypeForVariable(name);
      const c = v.trim().toLowerCase();
      if (!(c in CHARSETS)) throw unknownCharacterSet(v);
      return c === 'utf8' ? 'utf8mb3' : c;
    }
    case 'collation': {
      if (typeof v !== 'string') throw wrongTypeForVariable(name);
      const c = v.trim().toLowerCase();
      if (!isKnownCollation(c)) throw unknownCollation(v);
      return c;
    }
    case 'string':
      if (typeof v === 'string') return v;
      if (typeof v === 'bigint' || typeof v === 'number' || v instanceof Decimal) return valueText(v);
      throw wrongTypeForVariable(name);
  }
}

/** The character set of a collation ('utf8mb4_bin' → 'utf8mb4'). */
export function charsetOfCollation(collation: string): string {
  if (collation === 'binary') return 'binary';
  const cs = collation.split('_')[0] ?? 'utf8mb4';
  return cs === 'utf8' ? 'utf8mb3' : cs;
}

/** The default collation of a character set (TiDB's: the _bin one). */
export function defaultCollationFor(charset: string): string {
  const c = charset.toLowerCase();
  const coll = CHARSETS[c];
  if (coll === undefined) throw unknownCharacterSet(charset);
  return c === 'utf8' || c === 'utf8mb3' ? 'utf8mb3_bin' : coll;
}

/** The variables that follow another: setting a character set resets its collation, and back. */
function dependents(name: string, value: bigint | string): [string, string][] {
  if (typeof value !== 'string') return [];
  for (const scope of ['connection', 'server', 'database']) {
    if (name === `character_set_${scope}`) return [[`collation_${scope}`, defaultCollationFor(value)]];
    if (name === `collation_${scope}`) return [[`character_set_${scope}`, charsetOfCollation(value)]];
  }
  return [];
}

export interface GlobalVariablesOptions {
  /** Overrides of compiled defaults at start-up (port, max_connections, time_zone …). */
  readonly overrides?: Readonly<Record<string, Value>>;
}

/** The global values of one SQL server (one per SqlEngine). */
export class GlobalVariables {
  private readonly values = new Map<string, bigint | string>();
  /** Bumped by every change: a cached plan is keyed by it (sql/planner/plan-cache.ts). */
  generation = 0;

  constructor(o: GlobalVariablesOptions = {}) {
    for (const d of SYSTEM_VARIABLES.values()) if (d.aliasOf === undefined) this.values.set(d.name, d.default);
    for (const [name, v] of Object.entries(o.overrides ?? {})) {
      const d = variableDef(name);
      this.values.set(storageName(d), validateValue(d, v));
    }
  }

  /** The global value (1238 for a session-only variable). */
  get(name: string): Value {
    const d = variableDef(name);
    if (d.scope === 'session') throw incorrectGlobalLocalVar(d.name, 'SESSION');
    return this.values.get(storageName(d)) ?? d.default;
  }

  /** SET GLOBAL name = value; returns the canonical name that changed. */
  set(name: string, value: SetValue, warnings?: WarningSink): string {
    const d = variableDef(name);
    if (d.readOnly) throw incorrectGlobalLocalVar(d.name, 'read only');
    if (d.scope === 'session') throw localVariable(d.name);
    const target = variableDef(storageName(d));
    const v = value === DEFAULT_VALUE ? target.default : validateValue(d, value, warnings);
    this.generation++;
    this.values.set(target.name, v);
    for (const [dep, dv] of dependents(target.name, v)) this.values.set(dep, dv);
    return target.name;
  }

  /** The server's own start-up facts, read-only to clients (port, hostname, version_comment …):
   *  set by the process that owns the server, validated like any value. */
  setServerValue(name: string, value: Value): void {
    const d = variableDef(name);
    this.generation++;
    this.values.set(storageName(d), validateValue(d, value));
  }

  /** For sessions starting: the value of every variable a session has its own copy of. */
  sessionDefaults(): Map<string, bigint | string> {
    const out = new Map<string, bigint | string>();
    for (const d of SYSTEM_VARIABLES.values()) {
      if (d.aliasOf !== undefined || d.scope === 'global') continue;
      out.set(d.name, d.scope === 'both' ? (this.values.get(d.name) ?? d.default) : d.default);
    }
    return out;
  }

  /** The compiled default of a variable. */
  defaultOf(name: string): bigint | string {
    return variableDef(storageName(variableDef(name))).default;
  }
}

/** Session facts some variables are computed from (warning_count …). */
export interface SessionVariableHooks {
  warningCount?(): number;
  errorCount?(): number;
  /** LAST_INSERT_ID(): read for @@last_insert_id, written by SET last_insert_id = n. */
  lastInsertId?(): bigint;
  setLastInsertId?(v: bigint): void;
  lastPlanFromCache?(): boolean;
}

/** One session's values: its own copy of every session variable, reading through to the globals. */
export class SessionVariables {
  private readonly values: Map<string, bigint | string>;
  private sqlModeCache: { text: string; mode: SqlMode } | undefined;
  /** Bumped by every change of a session value (SET, SET NAMES, USE's charset): any of them may
   *  change how a statement is planned (sql_mode, collations, pushdown …), so a prepared
   *  statement's cached plan is keyed by it together with the globals' generation. */
  generation = 0;

  constructor(
    readonly globals: GlobalVariables,
    private readonly hooks: SessionVariableHooks = {},
  ) {
    this.values = globals.sessionDefaults();
  }

  /** `@@name` (scope 'default': the session value, or the global one for a global-only variable). */
  get(name: string, scope: ScopeRequest = 'default'): Value {
    const d = variableDef(name);
    if (scope === 'global') return this.globals.get(d.name);
    if (d.scope === 'global') {
      if (scope === 'session') throw incorrectGlobalLocalVar(d.name, 'GLOBAL');
      return this.globals.get(d.name);
    }
    const key = storageName(d);
    if (key === 'warning_count' && this.hooks.warningCount) return BigInt(this.hooks.warningCount());
    if (key === 'error_count' && this.hooks.errorCount) return BigInt(this.hooks.errorCount());
    if (key === 'last_plan_from_cache' && this.hooks.lastPlanFromCache) return this.hooks.lastPlanFromCache() ? 1n : 0n;
    if (key === 'last_insert_id' && this.hooks.lastInsertId) return this.hooks.lastInsertId();
    return this.values.get(key) ?? d.default;
  }

  /** SET [GLOBAL|SESSION] name = value; returns the canonical name that changed (for the session
   *  to react: autocommit, transaction_isolation …). Warnings (a clamped integer) go to `warnings`. */
  set(name: string, scope: ScopeRequest, value: SetValue, warnings?: WarningSink): string {
    const d = variableDef(name);
    if (scope === 'global') return this.globals.set(d.name, value, warnings);
    if (d.readOnly) throw incorrectGlobalLocalVar(d.name, 'read only');
    if (d.scope === 'global') throw globalVariable(d.name);
    if (d.sessionReadOnly) throw sessionReadOnlyVariable(d.name);
    const target = variableDef(storageName(d));
    let v: bigint | string;
    if (value === DEFAULT_VALUE) {
      v = target.scope === 'both' ? (this.globals.get(target.name) as bigint | string) : target.default;
    } else v = validateValue(d, value, warnings);
    this.generation++;
    this.values.set(target.name, v);
    for (const [dep, dv] of dependents(target.name, v)) this.values.set(dep, dv);
    if (target.name === 'last_insert_id' && typeof v === 'bigint') this.hooks.setLastInsertId?.(v);
    return target.name;
  }

  /** SET NAMES charset [COLLATE collation]: client, connection and results follow. */
  setNames(charset: string, collation?: string): void {
    this.generation++;
    const cs = validateValue(variableDef('character_set_client'), charset);
    if (typeof cs !== 'string') return;
    const coll = collation !== undefined ? validateValue(variableDef('collation_connection'), collation) : defaultCollationFor(cs);
    this.values.set('character_set_client', cs);
    this.values.set('character_set_connection', cs);
    this.values.set('character_set_results', cs);
    this.values.set('collation_connection', coll);
  }

  /** SET CHARACTER SET charset: client and results; connection takes the database's. */
  setCharacterSet(charset: string): void {
    this.generation++;
    const cs = validateValue(variableDef('character_set_client'), charset);
    if (typeof cs !== 'string') return;
    this.values.set('character_set_client', cs);
    this.values.set('character_set_results', cs);
    const dbCs = String(this.values.get('character_set_database') ?? 'utf8mb4');
    this.values.set('character_set_connection', dbCs);
    this.values.set('collation_connection', String(this.values.get('collation_database') ?? defaultCollationFor(dbCs)));
  }

  /** After USE db: character_set_database / collation_database follow the database. */
  setDatabaseCharset(charset: string, collation: string): void {
    this.generation++;
    this.values.set('character_set_database', charset === 'utf8' ? 'utf8mb3' : charset);
    this.values.set('collation_database', collation);
  }

  // ---- typed getters the session reads per statement ----

  get sqlMode(): SqlMode {
    const text = String(this.get('sql_mode'));
    if (this.sqlModeCache?.text !== text) this.sqlModeCache = { text, mode: parseSqlMode(text) };
    return this.sqlModeCache.mode;
  }

  get autocommit(): boolean {
    return this.get('autocommit') === 1n;
  }

  /** The zone for temporal functions: the session's time_zone, SYSTEM resolved to system_time_zone. */
  get timeZone(): string {
    const z = String(this.get('time_zone'));
    return z === 'SYSTEM' ? String(this.globals.get('system_time_zone')) : z;
  }

  get isolationLevel(): IsolationLevelName {
    return String(this.get('transaction_isolation')) as IsolationLevelName;
  }

  get transactionReadOnly(): boolean {
    return this.get('transaction_read_only') === 1n;
  }

  get divPrecisionIncrement(): number {
    return Number(this.get('div_precision_increment'));
  }

  get groupConcatMaxLen(): number {
    const v = this.get('group_concat_max_len') as bigint;
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
  }

  get maxAllowedPacket(): number {
    return Number(this.get('max_allowed_packet'));
  }

  /** sql_select_limit as a row count (undefined when unlimited). */
  get sqlSelectLimit(): bigint | undefined {
    const v = this.get('sql_select_limit') as bigint;
    return v >= U64_MAX ? undefined : v;
  }

  get autoIncrementIncrement(): number {
    return Number(this.get('auto_increment_increment'));
  }

  get autoIncrementOffset(): number {
    return Number(this.get('auto_increment_offset'));
  }

  get foreignKeyChecks(): boolean {
    return this.get('foreign_key_checks') === 1n;
  }

  get sqlSafeUpdates(): boolean {
    return this.get('sql_safe_updates') === 1n;
  }

  get waitTimeoutSeconds(): number {
    return Number(this.get('wait_timeout'));
  }

  get version(): string {
    return String(this.globals.get('version'));
  }

  get collationConnection(): string {
    return String(this.get('collation_connection'));
  }
}

export interface VariableRow {
  readonly name: string;
  readonly value: string;
}

/** SHOW [GLOBAL|SESSION] VARIABLES [LIKE 'pattern']: name-ordered rows. The session scope shows
 *  global-only variables too (as MySQL does); the global scope leaves session-only ones out. */
export function showVariables(vars: SessionVariables, scope: 'session' | 'global', like?: string): VariableRow[] {
  const rows: VariableRow[] = [];
  const names = [...SYSTEM_VARIABLES.keys()].sort();
  for (const name of names) {
    const d = SYSTEM_VARIABLES.get(name) as SystemVariableDef;
    if (scope === 'global' && d.scope === 'session') continue;
    if (like !== undefined && !likeMatch(name, like.toLowerCase(), '\\', 'utf8mb4_general_ci')) continue;
    rows.push({ name, value: showValue(d, scope === 'global' ? vars.globals.get(name) : vars.get(name)) });
  }
  return rows;
}
