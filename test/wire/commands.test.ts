// The less common commands over a raw socket, driven with wire/'s own encoders: COM_FIELD_LIST,
// COM_STATISTICS, COM_STMT_SEND_LONG_DATA / RESET / CLOSE, COM_RESET_CONNECTION, COM_INIT_DB,
// unknown commands, and pipelined commands.
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Capability,
  ColumnType,
  InMemoryUserStore,
  PacketBatch,
  PayloadWriter,
  WireServer,
  encodeStmtExecute,
} from '../../wire/index.js';
import { FakeSessions } from './fake-session.js';
import { BASE_CAPABILITIES, RawClient } from './raw-client.js';

const servers: WireServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function login(caps: number): Promise<RawClient> {
  const server = new WireServer({ userStore: new InMemoryUserStore(), sessions: new FakeSessions() });
  servers.push(server);
  const { port } = await server.listen(0);
  const c = await RawClient.login(port, caps);
  sockets.push(c.sock);
  return c;
}

const BASE = BASE_CAPABILITIES;

describe('commands over a raw socket', () => {
  it('COM_FIELD_LIST answers column definitions with a default-value field, then EOF', async () => {
    const c = await login(BASE);
    c.send(Buffer.from('\x04t\0'));
    const [def, eof] = await c.read(2);
    expect(def?.payload.subarray(0, 4).toString('latin1')).toBe('\x03def');
    expect(def?.payload[def.payload.length - 1]).toBe(0xfb);
    expect(eof?.payload[0]).toBe(0xfe);
    expect(eof?.payload.length).toBe(5);
  });

  it('COM_STATISTICS answers a bare string; COM_PING and COM_INIT_DB answer OK, unknown commands ERR 1047', async () => {
    const c = await login(BASE | Capability.DEPRECATE_EOF);
    c.send(Buffer.from([0x09]));
    expect((await c.read(1))[0]?.payload.toString()).toContain('Uptime');
    c.send(Buffer.from([0x0e]));
    expect((await c.read(1))[0]?.payload[0]).toBe(0);
    c.send(Buffer.from('\x02nope'));
    const [err] = await c.read(1);
    expect(err?.payload[0]).toBe(0xff);
    expect(err?.payload.readUInt16LE(1)).toBe(1049);
    c.send(Buffer.from([0x63]));
    const [unk] = await c.read(1);
    expect(unk?.payload.readUInt16LE(1)).toBe(1047);
    expect(unk?.sequenceId).toBe(1);
  });

  it('handles pipelined commands in order, each starting at sequence id 0', async () => {
    const c = await login(BASE | Capability.DEPRECATE_EOF);
    c.sock.write(Buffer.concat([new PacketBatch(0).add(Buffer.from([0x0e])).toBuffer(), new PacketBatch(0).add(Buffer.from('\x03SELECT 1')).toBuffer()]));
    const packets = await c.read(5); // OK, then column count, column def, row, OK(0xFE)
    expect(packets.map((p) => p.payload[0])).toEqual([0x00, 0x01, 0x03, 0x01, 0xfe]);
    expect(packets.map((p) => p.sequenceId)).toEqual([1, 1, 2, 3, 4]);
  });

  it('prepared statement with long data, reset, re-execute and close', async () => {
    const c = await login(BASE | Capability.DEPRECATE_EOF);
    c.send(Buffer.from('\x16SELECT ?, ?'));
    const [prep, p1, p2, col1, col2] = await c.read(5);
    expect(prep?.payload[0]).toBe(0);
    const id = prep?.payload.readUInt32LE(1) ?? 0;
    expect(prep?.payload.readUInt16LE(5)).toBe(2); // columns
    expect(prep?.payload.readUInt16LE(7)).toBe(2); // params
    expect([p1, p2, col1, col2].every((p) => p?.payload.subarray(1, 4).toString() === 'def')).toBe(true);
    // long data for parameter 0, in two pieces: no reply
    c.send(new PayloadWriter().int1(0x18).int4(id).int2(0).bytes('hello ').finish());
    c.send(new PayloadWriter().int1(0x18).int4(id).int2(0).bytes('world').finish());
    // execute: param 0 is a BLOB with long data (not in the values), param 1 an int
    const exec = new PayloadWriter().int1(0x17).int4(id).int1(0).int4(1).int1(0).int1(1).int1(ColumnType.BLOB).int1(0).int1(ColumnType.LONGLONG).int1(0).int8(9n);
    c.send(exec.finish());
    const [count, d1, d2, row, end] = await c.read(5);
    expect(count?.payload[0]).toBe(2);
    expect(d1?.payload.length).toBeGreaterThan(10);
    expect(d2?.payload.length).toBeGreaterThan(10);
    expect(row?.payload.toString('hex')).toBe('0000' + '0b' + Buffer.from('hello world').toString('hex') + '0900000000000000');
    expect(end?.payload[0]).toBe(0xfe);
    // reset, then re-execute with the types remembered (new-params-bound = 0)
    c.send(new PayloadWriter().int1(0x1a).int4(id).finish());
    expect((await c.read(1))[0]?.payload[0]).toBe(0);
    c.send(encodeStmtExecute(id, [{ type: ColumnType.BLOB, unsigned: false, value: Buffer.from('x') }, { type: ColumnType.LONGLONG, unsigned: false, value: 1n }], 0, false));
    const again = await c.read(5);
    expect(again[3]?.payload.toString('hex')).toBe('0000' + '0178' + '0100000000000000');
    // close: no reply; executing it afterwards is ERR 1243
    c.send(new PayloadWriter().int1(0x19).int4(id).finish());
    c.send(encodeStmtExecute(id, []));
    const [err] = await c.read(1);
    expect(err?.payload[0]).toBe(0xff);
    expect(err?.payload.readUInt16LE(1)).toBe(1243);
  });

  it('COM_RESET_CONNECTION forgets prepared statements; malformed commands get ERR and the connection lives on', { timeout: 5000 }, async () => {
    const c = await login(BASE | Capability.DEPRECATE_EOF);
    c.send(Buffer.from('\x16SELECT 1'));
    const [prep] = await c.read(1); // no params, and the fake reports no columns
    const id = prep?.payload.readUInt32LE(1) ?? 0;
    c.send(Buffer.from([0x1f]));
    expect((await c.read(1))[0]?.payload[0]).toBe(0);
    c.send(encodeStmtExecute(id, []));
    expect((await c.read(1))[0]?.payload.readUInt16LE(1)).toBe(1243);
    c.send(Buffer.from([0x19, 1])); // truncated COM_STMT_CLOSE
    const [bad] = await c.read(1);
    expect(bad?.payload[0]).toBe(0xff);
    c.send(Buffer.from([0x0e]));
    expect((await c.read(1))[0]?.payload[0]).toBe(0);
  });
});
