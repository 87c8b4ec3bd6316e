// COM_STMT_SEND_LONG_DATA and COM_STMT_RESET against a real deployment (`strata pd`, `strata kv`,
// `strata sql` processes), sent as C connectors send them (mysql2 never does): a parameter
// streamed in pieces is stored whole, in a MEDIUMTEXT column (UTF-8 characters split across pieces)
// and a MEDIUMBLOB column; COM_STMT_RESET drops pieces sent before it. Values are read back with mysql2.
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Capability, ColumnType, PayloadWriter } from '../../wire/index.js';
import { BASE_CAPABILITIES, RawClient } from '../wire/raw-client.js';
import { SqlTestServer } from './sql-server.js';

let server: SqlTestServer;
let check: mysql.Connection;
const raws: RawClient[] = [];

beforeAll(async () => {
  server = await SqlTestServer.start();
  check = await mysql.createConnection({ host: '127.0.0.1', port: server.port, user: 'root' });
  await check.query('CREATE DATABASE ld');
  await check.query('CREATE TABLE ld.doc (id INT PRIMARY KEY, body MEDIUMTEXT, data MEDIUMBLOB)');
}, 120_000);

afterAll(async () => {
  for (const r of raws.splice(0)) r.close();
  await check?.end();
  await server?.stop();
}, 60_000);

async function login(): Promise<RawClient> {
  const c = await RawClient.login(server.port, BASE_CAPABILITIES | Capability.DEPRECATE_EOF);
  raws.push(c);
  return c;
}

const longData = (id: number, param: number, piece: Uint8Array): Buffer => new PayloadWriter().int1(0x18).int4(id).int2(param).bytes(piece).finish();

/** COM_STMT_EXECUTE of `INSERT … VALUES (?, ?, ?)`: the id inline, body and data from long data
 *  (no value in the packet) or NULL. */
function execute(id: number, rowId: number, nullData: boolean): Buffer {
  return new PayloadWriter()
    .int1(0x17)
    .int4(id)
    .int1(0)
    .int4(1)
    .int1(nullData ? 0b100 : 0) // NULL bitmap
    .int1(1) // types follow
    .int1(ColumnType.LONG)
    .int1(0)
    .int1(ColumnType.BLOB)
    .int1(0)
    .int1(ColumnType.BLOB)
    .int1(0)
    .int4(rowId)
    .finish();
}

describe('long data for prepared statements', () => {
  it('a parameter sent in pieces with COM_STMT_SEND_LONG_DATA is stored whole; COM_STMT_RESET drops the pieces sent before it', async () => {
    const c = await login();
    c.send(Buffer.from('\x16INSERT INTO ld.doc VALUES (?, ?, ?)'));
    const [prep] = await c.read(4); // PREPARE_OK and three parameter definitions
    expect(prep?.payload[0]).toBe(0);
    const id = prep?.payload.readUInt32LE(1) ?? 0;
    expect(prep?.payload.readUInt16LE(7)).toBe(3);

    // 300 000 bytes of text whose 'é's (2 bytes each) straddle the piece boundaries
    const text = Buffer.from('aé'.repeat(100_000));
    const binary = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 256));
    for (let at = 0; at < text.length; at += 65_537) c.send(longData(id, 1, text.subarray(at, at + 65_537)));
    for (let at = 0; at < binary.length; at += 30_000) c.send(longData(id, 2, binary.subarray(at, at + 30_000)));
    c.send(execute(id, 1, false));
    const [ok] = await c.read(1);
    expect(ok?.payload[0]).toBe(0);
    expect(ok?.payload[1]).toBe(1); // one row affected

    // pieces sent before a reset are dropped; those after it are used
    c.send(longData(id, 1, Buffer.from('junk')));
    c.send(new PayloadWriter().int1(0x1a).int4(id).finish());
    expect((await c.read(1))[0]?.payload[0]).toBe(0);
    c.send(longData(id, 1, Buffer.from('kept')));
    c.send(execute(id, 2, true));
    expect((await c.read(1))[0]?.payload[0]).toBe(0);

    const [rows] = await check.query('SELECT id, body, data FROM ld.doc ORDER BY id');
    const got = rows as { id: number; body: string; data: Buffer | null }[];
    expect(got.map((r) => r.id)).toEqual([1, 2]);
    expect(got[0]?.body).toBe('aé'.repeat(100_000));
    expect(got[0]?.data).toEqual(binary);
    expect(got[1]).toEqual({ id: 2, body: 'kept', data: null });
  });
});
