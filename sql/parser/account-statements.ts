// Account statements, parsed by hand from tokens (node-sql-parser knows few of them): CREATE USER,
// ALTER USER, DROP USER, SET PASSWORD, GRANT and REVOKE. An account is written as MySQL allows:
// 'u'@'h', u@h, `u`@`h`, or a bare 'u' meaning 'u'@'%'; CURRENT_USER[()] is the session's own.
import type { AccountName, AccountSpec, AlterUser, CreateUser, DropUser, Grant, GrantLevel, Revoke, SetPassword, Statement } from './ast.js';
import type { Cursor } from './hand-parsers.js';

/** Privilege words in the order they may be written; multi-word ones first. */
const PRIVILEGE_WORDS: readonly (readonly string[])[] = [['CREATE', 'VIEW'], ['SHOW', 'VIEW'], ['CREATE', 'USER'], ['SELECT'], ['INSERT'], ['UPDATE'], ['DELETE'], ['CREATE'], ['DROP'], ['ALTER'], ['INDEX'], ['PROCESS'], ['RELOAD'], ['SUPER'], ['USAGE']];

function account(c: Cursor): AccountName | 'current' {
  if (c.accept('CURRENT_USER')) {
    if (c.acceptOp('(') && !c.acceptOp(')')) c.fail();
    return 'current';
  }
  const user = c.name(true);
  const t = c.peek();
  if (t && t.kind === 'var') {
    c.pos++;
    return { user, host: t.value };
  }
  if (c.acceptOp('@')) return { user, host: c.name(true) };
  return { user, host: '%' };
}

function namedAccount(c: Cursor): AccountName {
  const a = account(c);
  return a === 'current' ? { user: '', host: '', current: true } : a;
}

function accountSpec(c: Cursor): AccountSpec {
  const name = namedAccount(c);
  if (!c.accept('IDENTIFIED')) return { ...name };
  let plugin: string | undefined;
  if (c.accept('WITH')) {
    plugin = c.name(true).toLowerCase();
    if (plugin !== 'mysql_native_password' && plugin !== 'caching_sha2_password') c.fail();
    if (!c.accept('BY')) return { ...name, plugin };
  } else c.expect('BY');
  return { ...name, ...(plugin ? { plugin } : {}), password: c.string() };
}

function requireSsl(c: Cursor): boolean | undefined {
  if (!c.accept('REQUIRE')) return undefined;
  if (c.accept('NONE')) return false;
  if (c.accept('SSL') || c.accept('X509')) return true;
  return c.fail();
}

export function parseCreateUser(c: Cursor): CreateUser {
  c.pos = 2;
  const ifNotExists = c.accept('IF', 'NOT', 'EXISTS');
  const users: AccountSpec[] = [];
  do users.push(accountSpec(c));
  while (c.acceptOp(','));
  const ssl = requireSsl(c);
  c.done();
  return { kind: 'CreateUser', ifNotExists, users, ...(ssl !== undefined ? { requireSsl: ssl } : {}) };
}

export function parseAlterUser(c: Cursor): AlterUser {
  c.pos = 2;
  const ifExists = c.accept('IF', 'EXISTS');
  const users: AccountSpec[] = [];
  do users.push(accountSpec(c));
  while (c.acceptOp(','));
  const ssl = requireSsl(c);
  c.done();
  return { kind: 'AlterUser', ifExists, users, ...(ssl !== undefined ? { requireSsl: ssl } : {}) };
}

export function parseDropUser(c: Cursor): DropUser {
  c.pos = 2;
  const ifExists = c.accept('IF', 'EXISTS');
  const users: AccountName[] = [];
  do users.push(namedAccount(c));
  while (c.acceptOp(','));
  c.done();
  return { kind: 'DropUser', ifExists, users };
}

/** SET PASSWORD [FOR account] = 'password' */
export function parseSetPassword(c: Cursor): SetPassword {
  c.pos = 2;
  const forUser = c.accept('FOR') ? namedAccount(c) : undefined;
  if (!c.acceptOp('=')) c.fail();
  const password = c.string();
  c.done();
  return { kind: 'SetPassword', ...(forUser ? { user: forUser } : {}), password };
}

function privileges(c: Cursor): string[] | 'ALL' {
  if (c.accept('ALL')) {
    c.accept('PRIVILEGES');
    return 'ALL';
  }
  const out: string[] = [];
  do {
    const words = PRIVILEGE_WORDS.find((w) => c.accept(...w));
    if (!words) c.fail();
    if (words[0] !== 'USAGE') out.push(words.join(' '));
  } while (c.acceptOp(','));
  return out;
}

/** ON *.* | db.* | db.t | t | * */
function level(c: Cursor): GrantLevel {
  c.accept('TABLE');
  const part = (): string => (c.acceptOp('*') ? '*' : c.name());
  const first = part();
  if (c.acceptOp('.')) {
    const second = part();
    if (first === '*' && second !== '*') c.fail();
    return { db: first, table: second };
  }
  return first === '*' ? { table: '*' } : { table: first };
}

export function parseGrant(c: Cursor): Grant {
  c.pos = 1;
  const privs = privileges(c);
  c.expect('ON');
  const on = level(c);
  c.expect('TO');
  const users: AccountName[] = [];
  do users.push(namedAccount(c));
  while (c.acceptOp(','));
  const grantOption = c.accept('WITH', 'GRANT', 'OPTION');
  c.done();
  return { kind: 'Grant', privileges: privs, on, users, grantOption };
}

export function parseRevoke(c: Cursor): Revoke {
  c.pos = 1;
  let grantOption = false;
  let privs: string[] | 'ALL';
  if (c.accept('GRANT', 'OPTION')) {
    grantOption = true;
    privs = [];
  } else {
    privs = privileges(c);
    if (c.acceptOp(',') && c.accept('GRANT', 'OPTION')) grantOption = true;
  }
  c.expect('ON');
  const on = level(c);
  c.expect('FROM');
  const users: AccountName[] = [];
  do users.push(namedAccount(c));
  while (c.acceptOp(','));
  c.done();
  return { kind: 'Revoke', privileges: privs, on, users, grantOption };
}

export function isAccountStatement(s: Statement): boolean {
  return s.kind === 'CreateUser' || s.kind === 'AlterUser' || s.kind === 'DropUser' || s.kind === 'SetPassword' || s.kind === 'Grant' || s.kind === 'Revoke';
}
