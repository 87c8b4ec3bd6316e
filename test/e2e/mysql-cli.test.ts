// The real `mysql` command-line client against a real deployment (`strata pd`, `strata kv`,
// `strata sql` processes): statements with -e, scripts on stdin, batch and table output compared
// as exact text, USE / -D, the client's own queries, errors with their line and exit code, and
// Ctrl-C on a long query (the client's KILL QUERY from a second connection).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlTestServer } from './sql-server.js';

const MYSQL = '/usr/bin/mysql';
let server: SqlTestServer;

beforeAll(async () => {
  server = await SqlTestServer.start();
}, 120_000);

afterAll(async () => {
  await server?.stop();
}, 60_000);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the mysql client against the server: `args` after the connection options, `stdin` piped. */
function mysql(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(MYSQL, ['--no-defaults', '--protocol=TCP', '-h', '127.0.0.1', '-P', String(server.port), '-u', 'root', '--connect-timeout=10', ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin ?? '');
  });
}

/** An interactive session: the client on a pseudo-terminal (script(1)), so it behaves as for a
 *  person — the banner from its start-up query, "Query OK", the status command. Terminal escape
 *  codes and carriage returns are removed. */
function interactive(input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const cmd = `${MYSQL} --no-defaults --protocol=TCP -h 127.0.0.1 -P ${server.port} -u root`;
    const child = spawn('/usr/bin/script', ['-qec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TERM: 'dumb' } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('close', () => {
      clearTimeout(timer);
      // eslint-disable-next-line no-control-regex
      resolve(out.replace(/\x1b\(B|\x1b\[[0-9;]*[a-zA-Z]/g, '').replace(/\r/g, ''));
    });
    child.stdin.end(input);
  });
}

describe.skipIf(!existsSync(MYSQL))('the mysql client', () => {
  it('runs several statements from -e: CREATE DATABASE, USE, CREATE TABLE, INSERT, SELECT (batch output)', async () => {
    const r = await mysql([
      '--batch',
      '-e',
      "CREATE DATABASE cli; USE cli; CREATE TABLE fruit (id INT PRIMARY KEY, name VARCHAR(20), price DECIMAL(10,2)); INSERT INTO fruit VALUES (1, 'apple', 1.5), (2, 'pear', NULL), (3, 'fig', 12.25); SELECT * FROM fruit ORDER BY id",
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('id\tname\tprice\n1\tapple\t1.50\n2\tpear\tNULL\n3\tfig\t12.25\n');
  });

  it('prints tables as MySQL does, numbers right-aligned (--table)', async () => {
    const r = await mysql(['-D', 'cli', '--table', '-e', 'SELECT id, name, price FROM fruit ORDER BY id']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        '+----+-------+-------+',
        '| id | name  | price |',
        '+----+-------+-------+',
        '|  1 | apple |  1.50 |',
        '|  2 | pear  |  NULL |',
        '|  3 | fig   | 12.25 |',
        '+----+-------+-------+',
        '',
      ].join('\n'),
    );
  });

  it('runs a script piped on stdin with -D, one result per statement', async () => {
    const script = ['-- a comment line', 'SELECT COUNT(*) AS n FROM fruit;', "UPDATE fruit SET price = 2.00 WHERE name = 'pear';", 'SELECT name, price FROM fruit WHERE id = 2;', ''].join('\n');
    const r = await mysql(['-D', 'cli'], script);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('n\n3\nname\tprice\npear\t2.00\n');
  });

  it("reports an error with the script's line, MySQL's code and SQLSTATE, and exits 1", async () => {
    const script = ['SELECT 1 AS one;', '', 'SELECT * FROM nope;', 'SELECT 2 AS two;', ''].join('\n');
    const r = await mysql(['-D', 'cli'], script);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('one\n1\n');
    // the client echoes the failing statement, then MySQL's error line
    expect(r.stderr).toBe("--------------\nSELECT * FROM nope\n--------------\n\nERROR 1146 (42S02) at line 3: Table 'cli.nope' doesn't exist\n");
  });

  it('--force goes on after an error', async () => {
    const r = await mysql(['-D', 'cli', '--force'], 'SELECT * FROM nope;\nSELECT 2 AS two;\n');
    expect(r.stdout).toBe('two\n2\n');
    expect(r.stderr).toContain('ERROR 1146 (42S02) at line 1');
  });

  it("answers the client's own start-up query and reports a version with Strata in it", async () => {
    const r = await mysql(['--batch', '--skip-column-names', '-e', 'select @@version_comment limit 1; SELECT @@version']);
    expect(r.code).toBe(0);
    const [comment, version] = r.stdout.trimEnd().split('\n');
    expect(comment).toMatch(/^Strata/);
    expect(version).toMatch(/^8\.0\.\d+-Strata-/);
  });

  it('USE switches the database (COM_INIT_DB); an unknown one is 1049', async () => {
    const ok = await mysql(['--batch', '-e', 'USE cli; SELECT DATABASE() AS db']);
    expect(ok.stdout).toBe('db\ncli\n');
    const bad = await mysql(['-D', 'nowhere', '-e', 'SELECT 1']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("ERROR 1049 (42000): Unknown database 'nowhere'");
  });

  it('SHOW DATABASES, SHOW TABLES and DESCRIBE as the client prints them', async () => {
    const dbs = await mysql(['--batch', '-e', "SHOW DATABASES LIKE 'cl%'"]);
    expect(dbs.stdout).toBe('Database (cl%)\ncli\n');
    const tables = await mysql(['-D', 'cli', '--batch', '-e', 'SHOW TABLES']);
    expect(tables.stdout).toBe('Tables_in_cli\nfruit\n');
    const desc = await mysql(['-D', 'cli', '--table', '-e', 'DESCRIBE fruit']);
    expect(desc.stdout).toBe(
      [
        '+-------+---------------+------+-----+---------+-------+',
        '| Field | Type          | Null | Key | Default | Extra |',
        '+-------+---------------+------+-----+---------+-------+',
        '| id    | int           | NO   | PRI | NULL    |       |',
        '| name  | varchar(20)   | YES  |     | NULL    |       |',
        '| price | decimal(10,2) | YES  |     | NULL    |       |',
        '+-------+---------------+------+-----+---------+-------+',
        '',
      ].join('\n'),
    );
  });

  it('SET and SELECT of system variables; SHOW VARIABLES and SHOW WARNINGS', async () => {
    const r = await mysql([
      '--batch',
      '-e',
      "SET sql_mode = 'ANSI_QUOTES'; SELECT @@sql_mode, @@autocommit; SHOW VARIABLES LIKE 'sql_mode'; SET autocommit = 'maybe'",
    ]);
    expect(r.stdout).toBe('@@sql_mode\t@@autocommit\nANSI_QUOTES\t1\nVariable_name\tValue\nsql_mode\tANSI_QUOTES\n');
    expect(r.stderr).toBe("--------------\nSET autocommit = 'maybe'\n--------------\n\nERROR 1231 (42000) at line 1: Variable 'autocommit' can't be set to the value of 'maybe'\n");
  });

  it('a duplicate key is 1062 with the key named table.index', async () => {
    const r = await mysql(['-D', 'cli', '-e', "INSERT INTO fruit VALUES (1, 'again', 0)"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\nERROR 1062 \(23000\) at line 1: Duplicate entry '1' for key 'fruit.PRIMARY'\n$/);
  });

  it('prints rows vertically with \\G', async () => {
    const r = await mysql(['-D', 'cli', '-e', 'SELECT id, name FROM fruit WHERE id = 3\\G']);
    expect(r.stdout).toBe('*************************** 1. row ***************************\n  id: 3\nname: fig\n');
  });

  it('Ctrl-C on a long query: the client sends KILL QUERY on a second connection, the query ends with 1317', async () => {
    const sql = 'SELECT SLEEP(60) + 1 AS s';
    const child = spawn(MYSQL, ['--no-defaults', '--protocol=TCP', '-h', '127.0.0.1', '-P', String(server.port), '-u', 'root', '-e', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    const started = Date.now();
    try {
      // wait until the server runs the statement
      for (;;) {
        const list = await mysql(['--batch', '--skip-column-names', '-e', 'SHOW FULL PROCESSLIST']);
        if (list.stdout.includes(sql)) break;
        if (Date.now() - started > 30_000) throw new Error(`the query never showed up: ${list.stdout}${list.stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      child.kill('SIGINT');
      expect(await exited).toBe(1);
    } finally {
      child.kill('SIGKILL');
    }
    expect(Date.now() - started).toBeLessThan(45_000); // ended by the kill, not by the 60 s sleep
    expect(stdout).toContain('Ctrl-C -- query killed.');
    expect(stderr).toContain('ERROR 1317 (70100) at line 1: Query execution was interrupted');
    // the killed query is gone from the server; the server serves on
    const after = await mysql(['--batch', '--skip-column-names', '-e', 'SHOW FULL PROCESSLIST']);
    expect(after.stdout).not.toContain('SLEEP(60)');
  });

  it.skipIf(!existsSync('/usr/bin/script'))('Ctrl-C at the terminal interrupts SELECT SLEEP(60) (which then answers 1), and the session goes on', async () => {
    const cmd = `${MYSQL} --no-defaults --protocol=TCP -h 127.0.0.1 -P ${server.port} -u root`;
    const child = spawn('/usr/bin/script', ['-qec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TERM: 'dumb' } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8').replace(/\r/g, '')));
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const started = Date.now();
    const until = async (done: () => Promise<boolean> | boolean, what: string): Promise<void> => {
      while (!(await done())) {
        if (Date.now() - started > 40_000) throw new Error(`timed out waiting for ${what}:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      // a query that is only SLEEP answers 1 when interrupted (MySQL's rule), not an error
      child.stdin.write('SELECT SLEEP(60);\n');
      await until(async () => (await mysql(['--batch', '-e', 'SHOW FULL PROCESSLIST'])).stdout.includes('SELECT SLEEP(60)'), 'the query to run');
      child.stdin.write('\x03'); // the terminal turns it into SIGINT for the client
      await until(() => out.includes('1 row in set'), 'the interrupted query');
      child.stdin.end('SELECT 5 AS five;\nquit\n');
      await closed;
    } finally {
      child.kill('SIGKILL');
    }
    // not an error: the query answers its row (the client, once interrupted, prints no rows)
    expect(out).toMatch(/\^C\nCtrl-C -- query killed\.\n\+-+\+\n\| SLEEP\(60\) \|\n\+-+\+\n\+-+\+\n1 row in set/);
    expect(out).not.toContain('ERROR');
    expect(out).toMatch(/\| five \|\n\+------\+\n\| {4}5 \|\n/);
    expect(out).toMatch(/Bye\n?$/);
  });

  it.skipIf(!existsSync('/usr/bin/script'))('interactively: the banner names Strata, statements answer "Query OK", errors print, status works', async () => {
    const out = await interactive(['CREATE DATABASE tty;', 'USE tty', 'CREATE TABLE t (a INT);', 'INSERT INTO t VALUES (1), (2);', 'SELECT a FROM t ORDER BY a;', 'SELECT * FROM nope;', 'status', 'quit', ''].join('\n'));
    expect(out).toContain('Server version: 8.0.11-Strata-0.1.0 Strata Server (Apache License 2.0), MySQL 8.0 compatible\n');
    expect(out).toMatch(/> CREATE DATABASE tty;\nQuery OK, 0 rows affected \([\d.]+ sec\)\n/);
    expect(out).toContain('> USE tty\nDatabase changed\n');
    expect(out).toMatch(/> INSERT INTO t VALUES \(1\), \(2\);\nQuery OK, 2 rows affected \([\d.]+ sec\)\n/);
    expect(out).toMatch(/\+------\+\n\| a {4}\|\n\+------\+\n\| {4}1 \|\n\| {4}2 \|\n\+------\+\n2 rows in set \([\d.]+ sec\)\n/);
    expect(out).toContain("ERROR 1146 (42S02): Table 'tty.nope' doesn't exist\n");
    expect(out).toContain('Current database:\ttty\n');
    expect(out).toMatch(/Threads: \d+ {2}Questions: \d+ {2}Slow queries: 0/);
    expect(out).toMatch(/Bye\n?$/);
  });
});
