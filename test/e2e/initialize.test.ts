// `strata sql --initialize-insecure=false`: the first start gives root a random password and
// prints it once; root without it is refused (1045), with it connects.
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForLine } from '../../bin/child-process.js';
import { SqlTestServer } from './sql-server.js';

let server: SqlTestServer | undefined;

afterAll(async () => {
  await server?.stop();
}, 60_000);

describe('strata sql --initialize-insecure=false', () => {
  it('prints a temporary root password and requires it', async () => {
    server = await SqlTestServer.start(1, ['--initialize-insecure=false']);
    const m = await waitForLine(server.sql, /temporary password is generated for root@%: (\S+)/, 10_000);
    const password = m[1] as string;
    const port = server.port;
    await expect(mysql.createConnection({ host: '127.0.0.1', port, user: 'root' })).rejects.toMatchObject({ errno: 1045 });
    const c = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password });
    try {
      expect((await c.query('SELECT CURRENT_USER() AS u'))[0]).toEqual([{ u: 'root@%' }]);
    } finally {
      await c.end();
    }
  });
});
