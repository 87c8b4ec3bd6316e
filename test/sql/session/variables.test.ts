// System variables as a client sees them through SELECT @@x / SET / SHOW VARIABLES: defaults,
// validation, scopes and MySQL's error numbers.
import { describe, expect, it } from 'vitest';
import { SqlError, type Warning } from '../../../sql/errors.js';
import { DEFAULT_VERSION } from '../../../sql/expr/context.js';
import {
  DEFAULT_VALUE,
  GlobalVariables,
  SessionVariables,
  showVariables,
  variableType,
} from '../../../sql/session/variables.js';
import { Decimal } from '../../../sql/types/index.js';

function session(g = new GlobalVariables()): SessionVariables {
  return new SessionVariables(g);
}

function errno(f: () => unknown): number | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof SqlError) return e.mysqlErrno;
    throw e;
  }
  return undefined;
}

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof Error) return e.message;
  }
  return '';
}

describe('system variable defaults', () => {
  it('reports a version with Strata in it, the one VERSION() gives', () => {
    const s = session();
    expect(s.get('version')).toBe(DEFAULT_VERSION);
    expect(String(s.get('version'))).toMatch(/^8\.0\.\d+-Strata-/);
    expect(String(s.get('version_comment'))).toMatch(/^Strata/);
  });

  it('reads booleans and integers as integers, as SELECT @@autocommit does', () => {
    const s = session();
    expect(s.get('autocommit')).toBe(1n);
    expect(s.get('sql_safe_updates')).toBe(0n);
    expect(s.get('max_allowed_packet')).toBe(67108864n);
    expect(s.get('sql_select_limit')).toBe(2n ** 64n - 1n);
    expect(variableType('autocommit').kind).toBe('bigint');
    expect(variableType('sql_select_limit')).toMatchObject({ kind: 'bigint', unsigned: true });
    expect(variableType('version').kind).toBe('varchar');
  });

  it("has MySQL 8.0's sql_mode, REPEATABLE-READ and utf8mb4 by default", () => {
    const s = session();
    expect(s.get('sql_mode')).toBe('ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION');
    expect(s.sqlMode.strictTransTables).toBe(true);
    expect(s.get('transaction_isolation')).toBe('REPEATABLE-READ');
    expect(s.get('tx_isolation')).toBe('REPEATABLE-READ');
    expect(s.get('character_set_client')).toBe('utf8mb4');
    expect(s.get('lower_case_table_names')).toBe(2n);
    expect(s.get('time_zone')).toBe('SYSTEM');
  });

  it('names are case-insensitive; an unknown one is 1193', () => {
    const s = session();
    expect(s.get('AutoCommit')).toBe(1n);
    expect(errno(() => s.get('no_such_var'))).toBe(1193);
    expect(messageOf(() => s.get('no_such_var'))).toBe("Unknown system variable 'no_such_var'");
  });

  it('start-up overrides set the globals (port, max_connections)', () => {
    const g = new GlobalVariables({ overrides: { port: 4321n, max_connections: 10n } });
    expect(session(g).get('port')).toBe(4321n);
    expect(g.get('max_connections')).toBe(10n);
    g.setServerValue('port', 4001n);
    expect(session(g).get('port')).toBe(4001n);
    expect(errno(() => session(g).set('port', 'global', 1n))).toBe(1238);
  });
});

describe('SET', () => {
  it('takes ON/OFF/TRUE/FALSE/1/0 for booleans and refuses anything else with 1231', () => {
    const s = session();
    s.set('autocommit', 'default', 'OFF');
    expect(s.autocommit).toBe(false);
    s.set('autocommit', 'default', 1n);
    expect(s.autocommit).toBe(true);
    s.set('autocommit', 'session', 'false');
    expect(s.get('autocommit')).toBe(0n);
    expect(errno(() => s.set('autocommit', 'default', 2n))).toBe(1231);
    expect(messageOf(() => s.set('autocommit', 'default', 'maybe'))).toBe("Variable 'autocommit' can't be set to the value of 'maybe'");
    expect(messageOf(() => s.set('autocommit', 'default', null))).toBe("Variable 'autocommit' can't be set to the value of 'NULL'");
    expect(errno(() => s.set('autocommit', 'default', 0.5))).toBe(1232);
  });

  it('takes integers only for integer variables (1232), clamping out-of-range values with a warning', () => {
    const s = session();
    s.set('div_precision_increment', 'default', 8n);
    expect(s.divPrecisionIncrement).toBe(8);
    expect(messageOf(() => s.set('wait_timeout', 'default', 'abc'))).toBe("Incorrect argument type to variable 'wait_timeout'");
    expect(errno(() => s.set('wait_timeout', 'default', 1.5))).toBe(1232);
    const warnings: Warning[] = [];
    s.set('div_precision_increment', 'default', 99n, { warn: (w) => warnings.push(w) });
    expect(s.get('div_precision_increment')).toBe(30n);
    expect(warnings).toEqual([{ level: 'Warning', code: 1292, message: "Truncated incorrect div_precision_increment value: '99'" }]);
    s.set('wait_timeout', 'default', Decimal.of(10n, 0));
    expect(s.get('wait_timeout')).toBe(10n);
  });

  it('validates sql_mode names, canonicalizes them, and expands TRADITIONAL', () => {
    const s = session();
    s.set('sql_mode', 'default', 'ansi_quotes,no_backslash_escapes');
    expect(s.get('sql_mode')).toBe('ANSI_QUOTES,NO_BACKSLASH_ESCAPES');
    expect(s.sqlMode.noBackslashEscapes).toBe(true);
    s.set('sql_mode', 'default', '');
    expect(s.sqlMode.strictTransTables).toBe(false);
    s.set('sql_mode', 'default', 'TRADITIONAL');
    expect(s.sqlMode.strictAllTables).toBe(true);
    expect(messageOf(() => s.set('sql_mode', 'default', 'NOPE'))).toBe("Variable 'sql_mode' can't be set to the value of 'NOPE'");
  });

  it('takes time zones as SYSTEM, an offset or an IANA name; others are 1298', () => {
    const s = session();
    s.set('time_zone', 'default', '+8:00');
    expect(s.get('time_zone')).toBe('+08:00');
    expect(s.timeZone).toBe('+08:00');
    s.set('time_zone', 'default', 'Europe/Paris');
    expect(s.timeZone).toBe('Europe/Paris');
    s.set('time_zone', 'default', 'system');
    expect(s.get('time_zone')).toBe('SYSTEM');
    expect(s.timeZone).toBe(s.get('system_time_zone'));
    expect(messageOf(() => s.set('time_zone', 'default', 'Mars/Base'))).toBe("Unknown or incorrect time zone: 'Mars/Base'");
    expect(errno(() => s.set('time_zone', 'default', '+15:00'))).toBe(1298);
  });

  it('enums take a name (any case) or an index; aliases share the value', () => {
    const s = session();
    s.set('transaction_isolation', 'default', 'read-committed');
    expect(s.get('tx_isolation')).toBe('READ-COMMITTED');
    expect(s.isolationLevel).toBe('READ-COMMITTED');
    s.set('tx_isolation', 'default', 3n);
    expect(s.get('transaction_isolation')).toBe('SERIALIZABLE');
    expect(errno(() => s.set('transaction_isolation', 'default', 'READ SOMETHING'))).toBe(1231);
    s.set('tx_read_only', 'default', 'ON');
    expect(s.transactionReadOnly).toBe(true);
  });

  it('scope errors: 1229 for a global-only variable, 1228 for a session-only one, 1238 read-only, 1621', () => {
    const s = session();
    expect(messageOf(() => s.set('max_connections', 'default', 10n))).toBe(
      "Variable 'max_connections' is a GLOBAL variable and should be set with SET GLOBAL",
    );
    expect(errno(() => s.set('max_connections', 'session', 10n))).toBe(1229);
    expect(messageOf(() => s.set('last_insert_id', 'global', 1n))).toBe("Variable 'last_insert_id' is a SESSION variable and can't be used with SET GLOBAL");
    expect(messageOf(() => s.set('version', 'global', 'x'))).toBe("Variable 'version' is a read only variable");
    expect(errno(() => s.set('warning_count', 'default', 1n))).toBe(1238);
    expect(messageOf(() => s.set('max_allowed_packet', 'default', 1024n))).toBe(
      "SESSION variable 'max_allowed_packet' is read-only. Use SET GLOBAL to assign the value",
    );
    expect(messageOf(() => s.get('max_connections', 'session'))).toBe("Variable 'max_connections' is a GLOBAL variable");
    expect(messageOf(() => s.get('warning_count', 'global'))).toBe("Variable 'warning_count' is a SESSION variable");
  });

  it('SET GLOBAL changes new sessions, not running ones; SESSION x = DEFAULT takes the global', () => {
    const g = new GlobalVariables();
    const a = session(g);
    a.set('sql_mode', 'global', '');
    a.set('max_allowed_packet', 'global', 4096n);
    expect(a.get('sql_mode')).not.toBe('');
    expect(a.get('sql_mode', 'global')).toBe('');
    const b = session(g);
    expect(b.get('sql_mode')).toBe('');
    expect(b.maxAllowedPacket).toBe(4096);
    a.set('sql_mode', 'session', DEFAULT_VALUE);
    expect(a.get('sql_mode')).toBe('');
    a.set('sql_mode', 'global', DEFAULT_VALUE);
    expect(a.get('sql_mode', 'global')).toMatch(/^ONLY_FULL_GROUP_BY/);
  });

  it('character sets and collations follow each other; SET NAMES sets client, connection and results', () => {
    const s = session();
    s.setNames('latin1');
    expect([s.get('character_set_client'), s.get('character_set_connection'), s.get('character_set_results')]).toEqual(['latin1', 'latin1', 'latin1']);
    expect(s.get('collation_connection')).toBe('latin1_bin');
    s.set('collation_connection', 'default', 'utf8mb4_general_ci');
    expect(s.get('character_set_connection')).toBe('utf8mb4');
    s.setNames('utf8mb4', 'utf8mb4_0900_ai_ci');
    expect(s.collationConnection).toBe('utf8mb4_0900_ai_ci');
    expect(messageOf(() => s.set('character_set_client', 'default', 'klingon'))).toBe("Unknown character set: 'klingon'");
    expect(errno(() => s.set('collation_connection', 'default', 'klingon_ci'))).toBe(1273);
  });

  it('computed variables read the session: warning_count, error_count, last_insert_id', () => {
    let last = 7n;
    const s = new SessionVariables(new GlobalVariables(), {
      warningCount: () => 3,
      errorCount: () => 1,
      lastInsertId: () => last,
      setLastInsertId: (v) => {
        last = v;
      },
    });
    expect(s.get('warning_count')).toBe(3n);
    expect(s.get('error_count')).toBe(1n);
    expect(s.get('identity')).toBe(7n);
    s.set('last_insert_id', 'default', 42n);
    expect(last).toBe(42n);
  });
});

describe('SHOW VARIABLES', () => {
  it('lists name-ordered rows with ON/OFF for booleans, filtered by LIKE', () => {
    const s = session();
    const rows = showVariables(s, 'session', 'auto%');
    expect(rows).toEqual([
      { name: 'auto_increment_increment', value: '1' },
      { name: 'auto_increment_offset', value: '1' },
      { name: 'autocommit', value: 'ON' },
    ]);
    expect(showVariables(s, 'session', 'VERSION')).toEqual([{ name: 'version', value: DEFAULT_VERSION }]);
  });

  it('session scope includes global-only variables; global scope leaves session-only ones out', () => {
    const s = session();
    expect(showVariables(s, 'session', 'max_connections')).toHaveLength(1);
    expect(showVariables(s, 'session', 'warning_count')).toHaveLength(1);
    expect(showVariables(s, 'global', 'warning_count')).toHaveLength(0);
    s.set('autocommit', 'default', 0n);
    expect(showVariables(s, 'session', 'autocommit')[0]?.value).toBe('OFF');
    expect(showVariables(s, 'global', 'autocommit')[0]?.value).toBe('ON');
  });

  it('LIKE honours _ as one character and \\_ as a literal underscore', () => {
    const s = session();
    expect(showVariables(s, 'session', 'tx\\_isolation').map((r) => r.name)).toEqual(['tx_isolation']);
    expect(showVariables(s, 'session', 'character_set_c_____').map((r) => r.name)).toEqual(['character_set_client']);
  });
});
