// InfoSchema: an immutable snapshot of the whole catalog at one schema version. Statements plan
// against one InfoSchema from start to end, so a concurrent DDL never changes a schema under a
// running statement. Names are matched case-insensitively, as TiDB does (lower_case_table_names=2
// semantics: stored as written, compared lowercased).
import { informationSchemaDb, informationSchemaTables } from './information-schema.js';
import { PRIVILEGES, type DatabaseInfo, type TableInfo, type UserInfo } from './model.js';
import { CACHING_SHA2_PASSWORD } from '../../util/password-hash.js';
import { matchAccount } from './host-pattern.js';

/** root with no password and every privilege, until an account named root is stored (the
 *  playground's bootstrap, like MySQL's --initialize-insecure). */
export const BOOTSTRAP_ROOT: UserInfo = {
  user: 'root',
  host: '%',
  plugin: CACHING_SHA2_PASSWORD,
  authString: '',
  requireSsl: false,
  global: [...PRIVILEGES],
  grantOption: true,
  databases: {},
  tables: {},
};

export class InfoSchema {
  private readonly dbsByName = new Map<string, DatabaseInfo>();
  private readonly tablesByDb = new Map<number, Map<string, TableInfo>>();
  private readonly tablesById = new Map<number, TableInfo>();

  private readonly accounts: readonly UserInfo[];

  constructor(
    readonly version: bigint,
    databases: readonly DatabaseInfo[],
    tables: readonly TableInfo[],
    users: readonly UserInfo[] = [],
  ) {
    this.accounts = users.some((u) => u.user === 'root') ? [...users] : [BOOTSTRAP_ROOT, ...users];
    // information_schema is in every snapshot; a stored database of that name cannot exist.
    for (const db of [informationSchemaDb, ...databases]) {
      if (this.dbsByName.has(db.name.toLowerCase())) continue;
      this.dbsByName.set(db.name.toLowerCase(), db);
      this.tablesByDb.set(db.id, new Map());
    }
    for (const t of [...informationSchemaTables, ...tables]) {
      this.tablesByDb.get(t.databaseId)?.set(t.name.toLowerCase(), t);
      this.tablesById.set(t.id, t);
    }
  }

  databases(): DatabaseInfo[] {
    return [...this.dbsByName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  database(name: string): DatabaseInfo | undefined {
    return this.dbsByName.get(name.toLowerCase());
  }

  tables(dbName: string): TableInfo[] {
    const db = this.database(dbName);
    if (!db) return [];
    return [...(this.tablesByDb.get(db.id)?.values() ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  table(dbName: string, tableName: string): TableInfo | undefined {
    const db = this.database(dbName);
    return db ? this.tablesByDb.get(db.id)?.get(tableName.toLowerCase()) : undefined;
  }

  tableById(id: number): TableInfo | undefined {
    return this.tablesById.get(id);
  }

  users(): readonly UserInfo[] {
    return this.accounts;
  }

  /** The account `user` logs in as from `host`, in MySQL's order (host-pattern.ts). */
  matchUser(user: string, host: string): UserInfo | undefined {
    return matchAccount(this.accounts, user, host);
  }

  /** The account named exactly user@host (GRANT, DROP USER…). */
  user(user: string, host: string): UserInfo | undefined {
    const h = host.toLowerCase();
    return this.accounts.find((u) => u.user === user && u.host === h);
  }
}
