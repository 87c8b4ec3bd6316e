// The server against the real mysql2 driver: handshake, auth (native, caching_sha2 fast and full),
// text and binary result sets, errors, multi-statements, ping, and malformed input over a socket.
import { readFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { AuthPlugin, Capability, InMemoryUserStore, PacketBatch, PayloadWriter, WireServer, type WireServerOptions } from '../../wire/index.js';
import { FakeSessions } from './fake-session.js';

const servers: WireServer[] = [];
const conns: mysql.Connection[] = [];

afterEach(async () => {
  for (const c of conns.splice(0)) await c.end().catch(() => c.destroy());
  for (const s of servers.splice(0)) await s.close();
});

async function start(opts: Partial<WireServerOptions> = {}): Promise<{ server: WireServer; port: number; sessions: FakeSessions }> {
  const sessions = new FakeSessions();
  const users = new InMemoryUserStore().addUser('nat', 'natpw', AuthPlugin.NATIVE).addUser('sha', 'shapw', AuthPlugin.CACHING_SHA2).addUser('natnopw', '', AuthPlugin.NATIVE);
  const server = new WireServer({ userStore: users, sessions, ...opts });
  servers.push(server);
  const addr = await server.listen(0, '127.0.0.1');
  return { server, port: addr.port, sessions };
}

async function client(port: number, extra: mysql.ConnectionOptions = {}): Promise<mysql.Connection> {
  const c = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', ...extra });
  conns.push(c);
  return c;
}

describe('WireServer with mysql2', () => {
  it('authenticates root with an empty password and answers SELECT 1 as a number', async () => {
    const { port } = await start();
    const c = await client(port);
    const [rows, fields] = await c.query('SELECT 1');
    expect(rows).toEqual([{ 1: 1 }]);
    expect((fields as mysql.FieldPacket[])[0]?.name).toBe('1');
  });

  it('authenticates with mysql_native_password (with and without a password) via auth switch', async () => {
    const { port } = await start();
    const c = await client(port, { user: 'nat', password: 'natpw' });
    expect((await c.query('SELECT 2'))[0]).toEqual([{ 2: 2 }]);
    const c2 = await client(port, { user: 'natnopw' });
    expect((await c2.query('SELECT 3'))[0]).toEqual([{ 3: 3 }]);
    await expect(client(port, { user: 'nat', password: 'wrong' })).rejects.toMatchObject({ errno: 1045, sqlState: '28000', code: 'ER_ACCESS_DENIED_ERROR' });
  });

  it('authenticates with caching_sha2_password on the fast path, and denies a wrong password', async () => {
    const { port } = await start();
    const c = await client(port, { user: 'sha', password: 'shapw' });
    expect((await c.query('SELECT 4'))[0]).toEqual([{ 4: 4 }]);
    await expect(client(port, { user: 'sha', password: 'bad' })).rejects.toMatchObject({ errno: 1045 });
    await expect(client(port, { user: 'ghost', password: 'x' })).rejects.toMatchObject({ errno: 1045 });
  });

  it('caching_sha2_password full authentication through the RSA public key', async () => {
    const { port } = await start({ rsa: true, forceFullAuth: true });
    const c = await client(port, { user: 'sha', password: 'shapw' });
    expect((await c.query('SELECT 5'))[0]).toEqual([{ 5: 5 }]);
    await expect(client(port, { user: 'sha', password: 'nope' })).rejects.toMatchObject({ errno: 1045 });
  });

  it('upgrades to TLS on SSLRequest; caching_sha2 full auth then takes the plaintext password', async () => {
    const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
    const { port } = await start({ tls: { key: fixture('server-key.pem'), cert: fixture('server-cert.pem') }, forceFullAuth: true });
    const c = await client(port, { user: 'sha', password: 'shapw', ssl: { rejectUnauthorized: false } });
    expect((await c.query('SELECT 9'))[0]).toEqual([{ 9: 9 }]);
    await expect(client(port, { user: 'sha', password: 'bad', ssl: { rejectUnauthorized: false } })).rejects.toMatchObject({ errno: 1045 });
    // without TLS and without RSA keys, full authentication cannot proceed
    await expect(client(port, { user: 'sha', password: 'shapw' })).rejects.toBeDefined();
  });

  it('connects with a database and reports an unknown one as 1049', async () => {
    const { port, sessions } = await start();
    await client(port, { database: 'test' });
    expect(sessions.opened[0]?.database).toBe('test');
    await expect(client(port, { database: 'nope' })).rejects.toMatchObject({ errno: 1049, sqlState: '42000' });
  });

  it('text results: BIGINT beyond 2^53 as a string with supportBigNumbers, NULL, UTF-8', async () => {
    const { port } = await start();
    const c = await client(port, { supportBigNumbers: true, bigNumberStrings: true });
    const [rows] = await c.query('SELECT big');
    expect(rows).toEqual([{ b: (2n ** 60n + 1n).toString(), s: 'héllo', n: null }]);
  });

  it('error packets reach mysql2 with code, errno and sqlState', async () => {
    const { port } = await start();
    const c = await client(port);
    await expect(c.query('DROP nothing')).rejects.toMatchObject({ errno: 1064, sqlState: '42000', code: 'ER_PARSE_ERROR' });
    await expect(c.query('THROW')).rejects.toMatchObject({ errno: 1146, sqlState: '42S02', code: 'ER_NO_SUCH_TABLE' });
    expect((await c.query('SELECT 6'))[0]).toEqual([{ 6: 6 }]);
  });

  it('OK packets carry affected rows, last insert id beyond 2^53 and warnings', async () => {
    const { port } = await start();
    const c = await client(port, { supportBigNumbers: true, bigNumberStrings: true });
    const [res] = await c.query('INSERT x');
    expect(res).toMatchObject({ affectedRows: 3, insertId: String(2n ** 55n), warningStatus: 1, info: 'Records: 3' });
  });

  it('multi-statements return one result per statement', async () => {
    const { port } = await start();
    const c = await client(port, { multipleStatements: true });
    const [rows] = await c.query('SELECT 1; BEGIN; SELECT 2');
    expect(rows).toEqual([[{ 1: 1 }], expect.objectContaining({ affectedRows: 0 }), [{ 2: 2 }]]);
  });

  it('joins a query over 16 MiB from the client and splits a row over 16 MiB to it', async () => {
    const { port } = await start();
    const c = await client(port);
    const n = 16 * 1024 * 1024 + 100;
    const [rows] = await c.query(`SELECT LENGTH('${'y'.repeat(n)}')`);
    expect(rows).toEqual([{ n }]);
    const [big] = await c.query(`SELECT REPEAT(${n})`);
    expect(((big as { r: Buffer | string }[])[0]?.r ?? '').length).toBe(n);
    expect((await c.query('SELECT 1'))[0]).toEqual([{ 1: 1 }]);
  });

  it('answers a query over max_allowed_packet with ERR 1153 as mysql2 reports it', async () => {
    const { port } = await start({ maxAllowedPacket: 4096 });
    const c = await client(port);
    await expect(c.query(`SELECT LENGTH('${'y'.repeat(5000)}')`)).rejects.toMatchObject({ errno: 1153, sqlState: '08S01' });
  });

  it('streams a 20 000-row result', async () => {
    const { port } = await start();
    const c = await client(port);
    const [rows] = await c.query('SELECT many');
    expect((rows as unknown[]).length).toBe(20000);
    expect((rows as { i: number }[])[19999]).toEqual({ i: 19999 });
  });

  it('prepared statements: parameters of several types round-trip through the binary protocol, reused', async () => {
    const { port } = await start();
    const c = await client(port, { supportBigNumbers: true, bigNumberStrings: true, dateStrings: true });
    const sql = 'SELECT ?, ?, ?, ?, ?, ?, ?';
    const args = [42, -7.25, 'héllo', null, Buffer.from([0, 1, 2]), 2n ** 62n, new Date(2024, 1, 29, 13, 14, 15)];
    const [rows] = await c.execute(sql, args);
    const row = (rows as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(Number(row.p0)).toBe(42);
    expect(row.p1).toBe(-7.25);
    expect(row.p2).toBe('héllo');
    expect(row.p3).toBe(null);
    expect(row.p4).toEqual(Buffer.from([0, 1, 2]));
    expect(row.p5).toBe(String(2n ** 62n));
    expect(row.p6).toBe('2024-02-29 13:14:15');
    const [again] = await c.execute(sql, [1, 2.5, 'x', 'y', Buffer.from('z'), 3, new Date(2020, 0, 1)]);
    expect((again as Record<string, unknown>[])[0]?.p2).toBe('x');
    const [seven] = await c.execute('SELECT 7');
    expect(Number((seven as Record<string, unknown>[])[0]?.['7'])).toBe(7);
    await c.unprepare(sql);
  });

  it('serves 200 concurrent connections while a paused reader holds a large result', async () => {
    const { port, server } = await start();
    // a client that asks for 20 000 rows five times over and never reads the answer
    const slow = netConnect(port, '127.0.0.1');
    slow.on('error', () => undefined);
    await new Promise<void>((r) => slow.once('data', () => r()));
    slow.pause();
    const caps = Capability.PROTOCOL_41 | Capability.SECURE_CONNECTION | Capability.PLUGIN_AUTH | Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA;
    const login = new PayloadWriter().int4(caps).int4(1 << 24).int1(255).zeros(23).nulString('root').lenencString('').nulString('caching_sha2_password');
    const queries = Array.from({ length: 5 }, () => new PacketBatch(0).add(Buffer.from('\x03SELECT many')).toBuffer());
    slow.write(Buffer.concat([new PacketBatch(1).add(login.finish()).toBuffer(), ...queries]));
    const cs = await Promise.all(Array.from({ length: 200 }, () => client(port)));
    const results = await Promise.all(cs.map((c, i) => c.query(`SELECT ${i}`)));
    expect(results.map(([rows]) => Object.values((rows as Record<string, number>[])[0] ?? {})[0])).toEqual(cs.map((_, i) => i));
    expect(server.connectionCount).toBe(201);
    slow.destroy();
  });

  it('column types map in mysql2 as against MySQL, in text and binary results alike', async () => {
    const { port } = await start();
    const c = await client(port, { supportBigNumbers: true, bigNumberStrings: true });
    for (const [rows] of [await c.query('SELECT types'), await c.execute('SELECT types')]) {
      const r = (rows as Record<string, unknown>[])[0] as Record<string, unknown>;
      expect(r.i).toBe(-5);
      expect(r.u).toBe('18446744073709551615');
      expect(r.d).toBe('1234.50');
      expect(r.dt).toBeInstanceOf(Date);
      expect((r.dt as Date).getFullYear()).toBe(2024);
      expect((r.dt as Date).getSeconds()).toBe(15);
      expect(r.day).toBeInstanceOf(Date);
      expect(r.t).toBe('-26:03:04');
      expect(r.f).toBe(0.25);
      expect(r.b).toEqual(Buffer.from([1, 2, 3]));
    }
  });

  it('answers ping, changeUser and resetConnection-style commands', async () => {
    const { port } = await start();
    const c = await client(port);
    await c.ping();
    await c.changeUser({ user: 'nat', password: 'natpw' });
    expect((await c.query('SELECT 8'))[0]).toEqual([{ 8: 8 }]);
  });
});

describe('WireServer with malformed input', () => {
  function raw(port: number): Promise<{ sock: Socket; data: () => Buffer; closed: Promise<void> }> {
    return new Promise((resolve) => {
      const sock = netConnect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      const closed = new Promise<void>((r) => sock.on('close', () => r()));
      sock.on('data', (c) => chunks.push(c));
      sock.on('error', () => undefined);
      sock.once('data', () => resolve({ sock, data: () => Buffer.concat(chunks), closed }));
    });
  }

  it('answers an oversized declared packet with ERR 1153 and closes, and keeps serving others', async () => {
    const { port, server } = await start({ maxAllowedPacket: 1024 });
    const r = await raw(port);
    r.sock.write(Buffer.from([0xff, 0xff, 0xff, 1]));
    await r.closed;
    const all = r.data();
    const greetingLen = all.readUIntLE(0, 3) + 4;
    const err = all.subarray(greetingLen + 4);
    expect(err[0]).toBe(0xff);
    expect(err.readUInt16LE(1)).toBe(1153);
    expect(err.subarray(4, 9).toString()).toBe('08S01');
    const c = await client(port);
    expect((await c.query('SELECT 1'))[0]).toEqual([{ 1: 1 }]);
    expect(server.connectionCount).toBe(1);
  });

  it('closes the connection on garbage handshake responses and wrong sequence ids', async () => {
    const { port } = await start();
    for (const bad of [
      new PacketBatch(1).add(Buffer.from('garbage!')).toBuffer(),
      new PacketBatch(7).add(Buffer.alloc(40)).toBuffer(),
      Buffer.from([5, 0, 0]),
    ]) {
      const r = await raw(port);
      r.sock.write(bad);
      r.sock.end();
      await r.closed;
    }
    const c = await client(port);
    expect((await c.query('SELECT 1'))[0]).toEqual([{ 1: 1 }]);
  });

  it('closes an idle connection after the idle timeout with ERR 4031', async () => {
    const { port, server } = await start({ idleTimeoutMs: 150 });
    const c = await client(port);
    await c.query('SELECT 1');
    const gone = new Promise<unknown>((resolve) => c.once('error', resolve));
    const err = await gone;
    // mysql2 surfaces an unsolicited ERR as a fatal connection error carrying its message
    expect(String((err as Error).message)).toContain('disconnected by the server because of inactivity');
    expect(server.connectionCount).toBe(0);
  });

  it('closes a connection that does not log in within connect_timeout, which frees its max_connections slot', async () => {
    const { port, server } = await start({ connectTimeoutMs: 150, maxConnections: 1 });
    const silent = await raw(port); // reads the greeting, then says nothing
    await silent.closed;
    expect(server.connectionCount).toBe(0);
    // a client that logs in in time is not affected by the limit afterwards
    const c = await client(port);
    await new Promise((r) => setTimeout(r, 300));
    expect((await c.query('SELECT 1'))[0]).toEqual([{ 1: 1 }]);
  });

  it('refuses connections beyond max_connections with 1040', async () => {
    const { port } = await start({ maxConnections: 1 });
    await client(port);
    await expect(client(port)).rejects.toMatchObject({ errno: 1040 });
  });
});
