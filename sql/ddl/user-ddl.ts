// CREATE / ALTER / DROP USER, SET PASSWORD, GRANT and REVOKE: accounts are catalog records
// (sql/catalog UserInfo) changed in one schema step each, so every SQL server reloads them with
// the schema and a grant or a dropped account takes effect everywhere before the statement
// returns. Passwords are stored hashed as MySQL stores them (util/password-hash.ts). Until an
// account named root is stored, the bootstrap root (every privilege, no password) stands in.
import { CACHING_SHA2_PASSWORD, passwordHash } from '../../util/password-hash.js';
import { BOOTSTRAP_ROOT, PRIVILEGES, deleteUser, listUsers, putUser, type MetaTxn, type Privilege, type UserInfo } from '../catalog/index.js';
import { SqlError, noDatabaseSelected, tableNotExists, type Warning } from '../errors.js';
import type { AccountName, AlterUser, CreateUser, DropUser, Grant, GrantLevel, Revoke, SetPassword } from '../parser/index.js';
import { settle, type DdlContext, type DdlResult } from './ddl-context.js';
import { runSchemaStep } from './ddl-job.js';

/** Who runs the statement: CURRENT_USER and SET PASSWORD without FOR mean this account. */
export interface Actor {
  readonly user: string;
  readonly host: string;
}

const DB_LEVEL: readonly Privilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'ALTER', 'INDEX', 'CREATE VIEW', 'SHOW VIEW'];
const GLOBAL_ONLY: readonly Privilege[] = ['CREATE USER', 'PROCESS', 'RELOAD', 'SUPER'];

function quoted(a: AccountName): string {
  return `'${a.user}'@'${a.host}'`;
}

/** 1396 ER_CANNOT_USER. */
function cannotUser(op: string, names: readonly AccountName[]): SqlError {
  return new SqlError('SQL:CannotUser', 1396, 'HY000', `Operation ${op} failed for ${names.map(quoted).join(',')}`);
}

/** 1410 ER_CANT_CREATE_USER_WITH_GRANT: GRANT to an account that does not exist. */
function cantCreateWithGrant(): SqlError {
  return new SqlError('SQL:CantCreateUserWithGrant', 1410, '42000', 'You are not allowed to create a user with GRANT');
}

/** 1221 ER_WRONG_USAGE: a global privilege granted on a database or table. */
function wrongUsage(): SqlError {
  return new SqlError('SQL:WrongUsage', 1221, 'HY000', 'Incorrect usage of DB GRANT and GLOBAL PRIVILEGES');
}

/** 1144 ER_ILLEGAL_GRANT_FOR_TABLE. */
function illegalTableGrant(): SqlError {
  return new SqlError('SQL:IllegalGrantForTable', 1144, '42000', 'Illegal GRANT/REVOKE command; please consult the manual to see which privileges can be used');
}

function resolve(a: AccountName, actor: Actor): AccountName {
  return a.current ? { user: actor.user, host: actor.host } : { user: a.user, host: a.host.toLowerCase() };
}

/** The accounts as stored, with the bootstrap root while no root is stored. */
async function accounts(txn: MetaTxn): Promise<UserInfo[]> {
  const stored = await listUsers(txn);
  return stored.some((u) => u.user === 'root') ? stored : [BOOTSTRAP_ROOT, ...stored];
}

function find(list: readonly UserInfo[], a: AccountName): UserInfo | undefined {
  return list.find((u) => u.user === a.user && u.host === a.host.toLowerCase());
}

function newAccount(a: AccountName, plugin: string, password: string, requireSsl: boolean): UserInfo {
  return { user: a.user, host: a.host.toLowerCase(), plugin, authString: passwordHash(plugin, password), requireSsl, global: [], grantOption: false, databases: {}, tables: {} };
}

async function step(ctx: DdlContext, body: (txn: MetaTxn) => Promise<boolean>): Promise<void> {
  const { version } = await runSchemaStep(ctx.client, async (txn) => ({ tableIds: (await body(txn)) ? [] : null, result: undefined }));
  await settle(ctx, version);
}

export async function createUser(stmt: CreateUser, ctx: DdlContext, actor: Actor): Promise<DdlResult> {
  const warnings: Warning[] = [];
  await step(ctx, async (txn) => {
    const list = await accounts(txn);
    const names = stmt.users.map((u) => ({ spec: u, name: resolve(u, actor) }));
    const taken = names.filter((n) => find(list, n.name));
    if (taken.length && !stmt.ifNotExists) throw cannotUser('CREATE USER', taken.map((t) => t.name));
    let changed = false;
    for (const n of names) {
      if (find(list, n.name)) {
        warnings.push({ level: 'Note', code: 3163, message: `Authorization ID ${quoted(n.name)} already exists.` });
        continue;
      }
      putUser(txn, newAccount(n.name, n.spec.plugin ?? CACHING_SHA2_PASSWORD, n.spec.password ?? '', stmt.requireSsl ?? false));
      changed = true;
    }
    return changed;
  });
  return { warnings };
}

export async function alterUser(stmt: AlterUser, ctx: DdlContext, actor: Actor): Promise<DdlResult> {
  const warnings: Warning[] = [];
  await step(ctx, async (txn) => {
    const list = await accounts(txn);
    const names = stmt.users.map((u) => ({ spec: u, name: resolve(u, actor) }));
    const missing = names.filter((n) => !find(list, n.name));
    if (missing.length && !stmt.ifExists) throw cannotUser('ALTER USER', missing.map((m) => m.name));
    let changed = false;
    for (const n of names) {
      const u = find(list, n.name);
      if (!u) {
        warnings.push({ level: 'Note', code: 3162, message: `Authorization ID ${quoted(n.name)} does not exist.` });
        continue;
      }
      const plugin = n.spec.plugin ?? u.plugin;
      const authString = n.spec.password !== undefined ? passwordHash(plugin, n.spec.password) : plugin === u.plugin ? u.authString : '';
      putUser(txn, { ...u, plugin, authString, requireSsl: stmt.requireSsl ?? u.requireSsl });
      changed = true;
    }
    return changed;
  });
  return { warnings };
}

export async function dropUser(stmt: DropUser, ctx: DdlContext, actor: Actor): Promise<DdlResult> {
  const warnings: Warning[] = [];
  await step(ctx, async (txn) => {
    const list = await accounts(txn);
    const names = stmt.users.map((u) => resolve(u, actor));
    const missing = names.filter((n) => !find(list, n));
    if (missing.length && !stmt.ifExists) throw cannotUser('DROP USER', missing);
    let changed = false;
    for (const n of names) {
      if (!find(list, n)) {
        warnings.push({ level: 'Note', code: 3162, message: `Authorization ID ${quoted(n)} does not exist.` });
        continue;
      }
      deleteUser(txn, n.user, n.host);
      changed = true;
    }
    return changed;
  });
  return { warnings };
}

export async function setPassword(stmt: SetPassword, ctx: DdlContext, actor: Actor): Promise<DdlResult> {
  const name = stmt.user ? resolve(stmt.user, actor) : { user: actor.user, host: actor.host };
  await step(ctx, async (txn) => {
    const u = find(await accounts(txn), name);
    if (!u) throw new SqlError('SQL:PasswordNoMatch', 1133, '28000', "Can't find any matching row in the user table");
    putUser(txn, { ...u, authString: passwordHash(u.plugin, stmt.password) });
    return true;
  });
  return { warnings: [] };
}

type Level = { kind: 'global' } | { kind: 'db'; db: string } | { kind: 'table'; db: string; table: string };

function levelOf(on: GrantLevel, ctx: DdlContext): Level {
  const db = on.db ?? ctx.currentDb ?? undefined;
  if (on.db === '*' || (on.db === undefined && on.table === '*' && db === undefined)) {
    if (on.db === undefined) throw noDatabaseSelected();
    return { kind: 'global' };
  }
  if (db === undefined) throw noDatabaseSelected();
  if (on.table === '*') return { kind: 'db', db: db.toLowerCase() };
  const t = ctx.syncer.infoSchema().table(db, on.table);
  if (!t) throw tableNotExists(db, on.table);
  return { kind: 'table', db: db.toLowerCase(), table: t.name.toLowerCase() };
}

function privilegeList(p: readonly string[] | 'ALL', level: Level): Privilege[] {
  const allowed = level.kind === 'global' ? PRIVILEGES : DB_LEVEL;
  if (p === 'ALL') return [...allowed];
  const out: Privilege[] = [];
  for (const name of p) {
    const priv = PRIVILEGES.find((x) => x === name);
    if (!priv) throw illegalTableGrant();
    if (level.kind !== 'global' && GLOBAL_ONLY.includes(priv)) throw level.kind === 'db' ? wrongUsage() : illegalTableGrant();
    if (!out.includes(priv)) out.push(priv);
  }
  return out;
}

function changePrivileges(u: UserInfo, level: Level, f: (have: readonly Privilege[]) => Privilege[], grantOption: boolean | undefined): UserInfo {
  const order = (xs: Privilege[]): Privilege[] => PRIVILEGES.filter((p) => xs.includes(p));
  switch (level.kind) {
    case 'global':
      return { ...u, global: order(f(u.global)), grantOption: grantOption ?? u.grantOption };
    case 'db': {
      const databases = { ...u.databases, [level.db]: order(f(u.databases[level.db] ?? [])) };
      if (databases[level.db]?.length === 0) delete databases[level.db];
      return { ...u, databases };
    }
    case 'table': {
      const key = `${level.db}.${level.table}`;
      const tables = { ...u.tables, [key]: order(f(u.tables[key] ?? [])) };
      if (tables[key]?.length === 0) delete tables[key];
      return { ...u, tables };
    }
  }
}

export async function grant(stmt: Grant, ctx: DdlContext, actor: Actor): Promise<DdlResult> {
  const level = levelOf(stmt.on, ctx);
  const privs = privilegeList(stmt.privileges, level);
  await step(ctx, async (txn) => {
    const list = await accounts(txn);
    for (const a of stmt.users.map((x) => resolve(x, actor))) {
      const u = find(list, a);
      if (!u) throw cantCreateWithGrant();
      putUser(txn, changePrivileges(u, level, (have) => [...have, ...privs], stmt.grantOption && level.kind === 'global' ? true : undefined));
    }
    return true;
  });
  return { warnings: [] };
}

export async function revoke(stmt: Revoke, ctx: DdlContext, actor: Actor): Promise<DdlResult> {
  const level = levelOf(stmt.on, ctx);
  const privs = privilegeList(stmt.privileges, level);
  await step(ctx, async (txn) => {
    const list = await accounts(txn);
    for (const a of stmt.users.map((x) => resolve(x, actor))) {
      const u = find(list, a);
      if (!u) throw new SqlError('SQL:NonexistingGrant', 1141, '42000', `There is no such grant defined for user '${a.user}' on host '${a.host}'`);
      putUser(txn, changePrivileges(u, level, (have) => have.filter((p) => !privs.includes(p)), stmt.grantOption && level.kind === 'global' ? false : undefined));
    }
    return true;
  });
  return { warnings: [] };
}

/** SHOW GRANTS lines for an account, as MySQL prints them. */
export function grantLines(u: UserInfo): string[] {
  const who = `\`${u.user}\`@\`${u.host}\``;
  const list = (p: readonly Privilege[], all: readonly Privilege[]): string => (all.every((x) => p.includes(x)) ? 'ALL PRIVILEGES' : p.join(', '));
  const lines = [`GRANT ${u.global.length ? list(u.global, PRIVILEGES) : 'USAGE'} ON *.* TO ${who}${u.grantOption ? ' WITH GRANT OPTION' : ''}`];
  for (const [db, p] of Object.entries(u.databases)) lines.push(`GRANT ${list(p, DB_LEVEL)} ON \`${db}\`.* TO ${who}`);
  for (const [key, p] of Object.entries(u.tables)) {
    const [db, table] = key.split('.') as [string, string];
    lines.push(`GRANT ${list(p, DB_LEVEL)} ON \`${db}\`.\`${table}\` TO ${who}`);
  }
  return lines;
}
