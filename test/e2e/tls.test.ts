// TLS through `strata sql --ssl-self-signed`: mysql2 with `ssl: { ca }` and the mysql CLI with
// --ssl connect encrypted (caching_sha2_password full authentication then goes over TLS), and an
// account created REQUIRE SSL is refused (1045) over plain TCP.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlTestServer } from './sql-server.js';

const run = promisify(execFile);
let server: SqlTestServer;
let ca: Buffer;
const opened: mysql.Connection[] = [];

beforeAll(async () => {
  server = await SqlTestServer.start(1, ['--ssl-self-signed', '{dir}/tls']);
  ca = readFileSync(join(server.dataDir, 'tls', 'server-cert.pem'));
  const root = await connect({ user: 'root' });
  await root.query("CREATE USER 'sec'@'%' IDENTIFIED BY 'sec-pw' REQUIRE SSL");
  await root.query("CREATE USER 'plain'@'%' IDENTIFIED BY 'plain-pw'");
}, 120_000);

afterAll(async () => {
  for (const c of opened.splice(0)) await c.end().catch(() => undefined);
  await server?.stop();
}, 60_000);

async function connect(o: mysql.ConnectionOptions): Promise<mysql.Connection> {
  const c = await mysql.createConnection({ host: '127.0.0.1', port: server.port, ...o });
  opened.push(c);
  return c;
}

/** Whether mysql2's socket for this connection is a TLS socket. */
function encrypted(c: mysql.Connection): boolean {
  return (c as unknown as { connection: { stream: { encrypted?: boolean } } }).connection.stream.encrypted === true;
}

describe('TLS', () => {
  it('mysql2 connects over TLS verifying the self-signed certificate; REQUIRE SSL accounts need it', async () => {
    const tls = { ca, rejectUnauthorized: true, servername: 'Strata self-signed', checkServerIdentity: () => undefined };
    const sec = await connect({ user: 'sec', password: 'sec-pw', ssl: tls });
    expect((await sec.query('SELECT CURRENT_USER() AS u'))[0]).toEqual([{ u: 'sec@%' }]);
    expect(encrypted(sec)).toBe(true);
    await expect(connect({ user: 'sec', password: 'sec-pw' })).rejects.toMatchObject({ errno: 1045 });
    const plain = await connect({ user: 'plain', password: 'plain-pw' });
    expect(encrypted(plain)).toBe(false);
  });

  it('the mysql CLI connects with --ssl', async () => {
    const { stdout } = await run('mysql', ['-h', '127.0.0.1', '-P', String(server.port), '-u', 'sec', '-psec-pw', '--ssl', '--ssl-verify-server-cert=OFF', '-e', 'SELECT CURRENT_USER(); \\s']);
    expect(stdout).toMatch(/sec@%/);
    expect(stdout).toMatch(/SSL:\s+Cipher in use is \S+/);
  });
});
