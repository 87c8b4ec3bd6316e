// Accounts end to end through `strata sql`: a user created with either password plugin logs in
// with mysql2 and with the mysql CLI, a wrong password is 1045, the grants decide what the
// connection may read (1142), and a changed password applies at the next login.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlTestServer } from './sql-server.js';

const run = promisify(execFile);
let server: SqlTestServer;
const opened: mysql.Connection[] = [];

beforeAll(async () => {
  server = await SqlTestServer.start();
  const root = await connect('root', '');
  await root.query('CREATE DATABASE acc');
  await root.query('CREATE TABLE acc.pub (id INT PRIMARY KEY)');
  await root.query('CREATE TABLE acc.priv (id INT PRIMARY KEY)');
  await root.query('INSERT INTO acc.pub VALUES (1), (2)');
  await root.query("CREATE USER 'sha'@'%' IDENTIFIED BY 'sha-pw', 'nat'@'%' IDENTIFIED WITH mysql_native_password BY 'nat-pw'");
  await root.query("GRANT SELECT ON acc.pub TO 'sha'@'%', 'nat'@'%'");
}, 120_000);

afterAll(async () => {
  for (const c of opened.splice(0)) await c.end().catch(() => undefined);
  await server?.stop();
}, 60_000);

async function connect(user: string, password: string, database?: string): Promise<mysql.Connection> {
  const c = await mysql.createConnection({ host: '127.0.0.1', port: server.port, user, password, ...(database ? { database } : {}) });
  opened.push(c);
  return c;
}

describe('accounts through strata sql', () => {
  it('log in with caching_sha2_password and mysql_native_password, and are held to their grants', async () => {
    for (const [user, pw] of [['sha', 'sha-pw'], ['nat', 'nat-pw']] as const) {
      const c = await connect(user, pw, 'acc');
      const [rows] = await c.query('SELECT COUNT(*) AS n, CURRENT_USER() AS me FROM pub');
      expect(rows).toEqual([{ n: 2, me: `${user}@%` }]);
      await expect(c.query('SELECT * FROM priv')).rejects.toMatchObject({ errno: 1142, sqlState: '42000', code: 'ER_TABLEACCESS_DENIED_ERROR' });
    }
  });

  it('refuse a wrong password with 1045 and a database without grants with 1044', async () => {
    await expect(connect('sha', 'nope')).rejects.toMatchObject({ errno: 1045, code: 'ER_ACCESS_DENIED_ERROR' });
    await expect(connect('ghost', '')).rejects.toMatchObject({ errno: 1045 });
    const root = await connect('root', '');
    await root.query('CREATE DATABASE other');
    await expect(connect('sha', 'sha-pw', 'other')).rejects.toMatchObject({ errno: 1044 });
  });

  it('take a new password at the next login, from the mysql CLI too', async () => {
    const root = await connect('root', '');
    await root.query("SET PASSWORD FOR 'nat'@'%' = 'changed'");
    await expect(connect('nat', 'nat-pw')).rejects.toMatchObject({ errno: 1045 });
    const { stdout } = await run('mysql', ['-h', '127.0.0.1', '-P', String(server.port), '-u', 'nat', '-pchanged', '--batch', '-e', 'SELECT COUNT(*) FROM acc.pub']);
    expect(stdout.trim().split('\n')).toEqual(['COUNT(*)', '2']);
  });

  it('match the most specific host: a loopback login is localhost and 127.0.0.%, before %; other networks are refused', async () => {
    const root = await connect('root', '');
    await root.query("CREATE USER 'pat'@'127.0.0.%' IDENTIFIED BY 'loop', 'pat'@'%' IDENTIFIED BY 'any', 'lan'@'10.0.0.0/255.0.0.0' IDENTIFIED BY 'x', 'loc'@'localhost' IDENTIFIED BY 'here'");
    const pat = await connect('pat', 'loop');
    expect((await pat.query('SELECT CURRENT_USER() AS me'))[0]).toEqual([{ me: 'pat@127.0.0.%' }]);
    // the '%' account's password is not the one that counts for a loopback login
    await expect(connect('pat', 'any')).rejects.toMatchObject({ errno: 1045 });
    const loc = await connect('loc', 'here');
    expect((await loc.query('SELECT CURRENT_USER() AS me'))[0]).toEqual([{ me: 'loc@localhost' }]);
    await expect(connect('lan', 'x')).rejects.toMatchObject({ errno: 1045 });
  });
});
