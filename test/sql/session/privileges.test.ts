// Accounts and privileges as a MySQL user meets them: CREATE / ALTER / DROP USER, SET PASSWORD,
// GRANT / REVOKE at the global, database and table levels, SHOW GRANTS, CURRENT_USER(), and the
// denials (1142 for a table, 1044 for a database, 1227 for account statements) — checked again at
// each statement, so a GRANT or REVOKE reaches open sessions.
import { beforeAll, describe, expect, it } from 'vitest';
import { exec, runCases, useSqlFixture } from './support.js';
import { cachingSha2Hash, nativePasswordHash } from '../../../util/password-hash.js';

const fixture = useSqlFixture('shop');

beforeAll(async () => {
  await exec(
    fixture().session,
    `CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20));
     CREATE TABLE secrets (id INT PRIMARY KEY, v VARCHAR(20));
     INSERT INTO items VALUES (1, 'pen');
     INSERT INTO secrets VALUES (1, 'x');
     CREATE DATABASE other`,
  );
});

describe('accounts', () => {
  it('are created, altered and dropped with MySQL errors and stored hashed', async () => {
    const f = fixture();
    await runCases(f.session, [
      { sql: "CREATE USER 'ann'@'%' IDENTIFIED BY 'pw1', 'bob'@'localhost' IDENTIFIED WITH mysql_native_password BY 'pw2'", affected: 0 },
      { sql: "CREATE USER 'ann'@'%'", error: 1396, message: "Operation CREATE USER failed for 'ann'@'%'" },
      { sql: "CREATE USER IF NOT EXISTS 'ann'@'%'", affected: 0, warnings: [3163] },
      { sql: "DROP USER 'nobody'@'%'", error: 1396 },
      { sql: "DROP USER IF EXISTS 'nobody'@'%'", affected: 0, warnings: [3162] },
      { sql: 'SELECT CURRENT_USER()', rows: [['root@%']] },
    ]);
    expect(f.engine.account('ann', '10.0.0.1')).toMatchObject({ plugin: 'caching_sha2_password', authString: cachingSha2Hash('pw1') });
    expect(f.engine.account('bob', 'localhost')).toMatchObject({ plugin: 'mysql_native_password', authString: nativePasswordHash('pw2') });
    expect(f.engine.account('bob', '10.0.0.1')).toBeUndefined();
    await runCases(f.session, [
      { sql: "ALTER USER 'ann'@'%' IDENTIFIED BY 'new'", affected: 0 },
      { sql: "SET PASSWORD FOR 'bob'@'localhost' = 'again'", affected: 0 },
    ]);
    expect(f.engine.account('ann', 'h')?.authString).toBe(cachingSha2Hash('new'));
    expect(f.engine.account('bob', 'localhost')?.authString).toBe(nativePasswordHash('again'));
  });

  it('grants and revokes reach an open session at its next statement', async () => {
    const f = fixture();
    await runCases(f.session, [{ sql: "CREATE USER 'cat'@'%' IDENTIFIED BY 'c'", affected: 0 }]);
    const cat = await f.engine.openSession({ user: 'cat', host: '127.0.0.1' });
    await runCases(cat, [
      { sql: 'SELECT CURRENT_USER(), USER()', rows: [['cat@%', 'cat@127.0.0.1']] },
      { sql: 'USE shop', error: 1044, message: "Access denied for user 'cat'@'127.0.0.1' to database 'shop'" },
      { sql: 'SELECT * FROM shop.items', error: 1142, message: "SELECT command denied to user 'cat'@'127.0.0.1' for table 'items'" },
      { sql: 'SHOW GRANTS', rows: [['GRANT USAGE ON *.* TO `cat`@`%`']] },
      { sql: "CREATE USER 'dog'", error: 1227 },
    ]);
    await runCases(f.session, [
      { sql: "GRANT SELECT, INSERT ON shop.* TO 'cat'@'%'", affected: 0 },
      { sql: "GRANT UPDATE ON shop.items TO 'cat'@'%'", affected: 0 },
      { sql: "GRANT SELECT ON nosuch.t TO 'cat'@'%'", error: 1146 },
      { sql: "GRANT CREATE USER ON shop.* TO 'cat'@'%'", error: 1221 },
      { sql: "GRANT SELECT ON *.* TO 'ghost'@'%'", error: 1410 },
    ]);
    await runCases(cat, [
      { sql: 'USE shop', affected: 0 },
      { sql: 'SELECT name FROM items', rows: [['pen']] },
      { sql: "INSERT INTO items VALUES (2, 'ink')", affected: 1 },
      { sql: "UPDATE items SET name = 'INK' WHERE id = 2", affected: 1 },
      { sql: "UPDATE secrets SET v = 'y'", error: 1142, message: "UPDATE command denied to user 'cat'@'127.0.0.1' for table 'secrets'" },
      { sql: 'DELETE FROM items WHERE id = 2', error: 1142 },
      { sql: 'SELECT COUNT(*) FROM items i JOIN secrets s ON s.id = i.id', rows: [[1]] },
      { sql: 'SELECT * FROM other.t', error: 1146 },
      { sql: 'CREATE TABLE t (a INT)', error: 1142, message: "CREATE command denied to user 'cat'@'127.0.0.1' for table 't'" },
      { sql: 'DROP DATABASE other', error: 1044 },
      {
        sql: 'SHOW GRANTS',
        rows: [['GRANT USAGE ON *.* TO `cat`@`%`'], ['GRANT SELECT, INSERT ON `shop`.* TO `cat`@`%`'], ['GRANT UPDATE ON `shop`.`items` TO `cat`@`%`']],
        ordered: true,
      },
    ]);
    await runCases(f.session, [
      { sql: "REVOKE SELECT ON shop.* FROM 'cat'@'%'", affected: 0 },
      { sql: "SHOW GRANTS FOR 'cat'@'%'", rows: [['GRANT USAGE ON *.* TO `cat`@`%`'], ['GRANT INSERT ON `shop`.* TO `cat`@`%`'], ['GRANT UPDATE ON `shop`.`items` TO `cat`@`%`']], ordered: true },
    ]);
    await runCases(cat, [{ sql: 'SELECT name FROM items', error: 1142 }]);
    await runCases(f.session, [{ sql: "GRANT ALL ON *.* TO 'cat'@'%' WITH GRANT OPTION", affected: 0 }]);
    await runCases(cat, [
      { sql: 'SELECT COUNT(*) FROM secrets', rows: [[1]] },
      { sql: "CREATE USER 'dog'@'%'", affected: 0 },
      { sql: 'SHOW GRANTS', rows: [['GRANT ALL PRIVILEGES ON *.* TO `cat`@`%` WITH GRANT OPTION'], ['GRANT INSERT ON `shop`.* TO `cat`@`%`'], ['GRANT UPDATE ON `shop`.`items` TO `cat`@`%`']], ordered: true },
    ]);
    await runCases(f.session, [{ sql: "DROP USER 'cat'@'%', 'dog'@'%'", affected: 0 }]);
    await runCases(cat, [{ sql: 'SELECT 1 FROM items', error: 1142 }]);
    await cat.close();
  });

  it('root keeps every privilege until an account named root is stored, then it needs its password', async () => {
    const f = fixture();
    expect(f.engine.account('root', 'anywhere')).toMatchObject({ authString: '' });
    await runCases(f.session, [
      { sql: "ALTER USER 'root'@'%' IDENTIFIED BY 'secret'", affected: 0 },
      { sql: 'SELECT COUNT(*) FROM items', rows: [[2]] },
      { sql: 'SHOW GRANTS', rows: [['GRANT ALL PRIVILEGES ON *.* TO `root`@`%` WITH GRANT OPTION']] },
    ]);
    expect(f.engine.account('root', 'anywhere')?.authString).toBe(cachingSha2Hash('secret'));
    await runCases(f.session, [{ sql: "ALTER USER 'root'@'%' IDENTIFIED BY ''", affected: 0 }]);
  });
});
