// Privilege checks: what the session's account may do, from its grants at the global (*.*),
// database (db.*) and table (db.t) levels, re-read from the schema snapshot of each statement so a
// GRANT or REVOKE applies to open connections at their next statement, as in MySQL. Denials are
// MySQL's errors: 1142 for a table, 1044 for a database, 1227 for an administrative statement.
import { INFORMATION_SCHEMA, type Privilege, type UserInfo } from '../catalog/index.js';
import { SqlError, dbAccessDenied } from '../errors.js';

export class Privileges {
  constructor(
    /** The account the session logged in as; undefined when it no longer exists. */
    private readonly account: UserInfo | undefined,
    /** The names the client logged in with (for messages). */
    private readonly user: string,
    private readonly host: string,
  ) {}

  has(priv: Privilege, db?: string, table?: string): boolean {
    const a = this.account;
    if (!a) return false;
    if (a.global.includes(priv)) return true;
    if (db === undefined) return false;
    const d = db.toLowerCase();
    if (a.databases[d]?.includes(priv)) return true;
    return table !== undefined && (a.tables[`${d}.${table.toLowerCase()}`]?.includes(priv) ?? false);
  }

  /** Any privilege on the database or one of its tables (what USE and SHOW DATABASES need). */
  anyOn(db: string): boolean {
    const a = this.account;
    if (!a) return false;
    if (db.toLowerCase() === INFORMATION_SCHEMA) return true;
    if (a.global.length > 0) return true;
    const d = db.toLowerCase();
    if ((a.databases[d]?.length ?? 0) > 0) return true;
    return Object.keys(a.tables).some((k) => k.startsWith(`${d}.`));
  }

  get grantOption(): boolean {
    return this.account?.grantOption ?? false;
  }

  /** 1142 unless the account has `priv` on db.table (information_schema is readable by all). */
  requireTable(priv: Privilege, db: string, table: string): void {
    if (priv === 'SELECT' && db.toLowerCase() === INFORMATION_SCHEMA) return;
    if (this.has(priv, db, table)) return;
    throw new SqlError('SQL:TableAccessDenied', 1142, '42000', `${priv} command denied to user '${this.user}'@'${this.host}' for table '${table}'`);
  }

  /** 1044 unless the account has `priv` on the database. */
  requireDb(priv: Privilege, db: string): void {
    if (this.has(priv, db)) return;
    throw dbAccessDenied(this.user, this.host, db);
  }

  /** 1227 unless the account has the global privilege (or, for grants, the GRANT OPTION). */
  requireGlobal(priv: Privilege | 'GRANT OPTION'): void {
    if (priv === 'GRANT OPTION' ? this.grantOption : this.has(priv)) return;
    throw new SqlError('SQL:SpecificAccessDenied', 1227, '42000', `Access denied; you need (at least one of) the ${priv} privilege(s) for this operation`);
  }
}
