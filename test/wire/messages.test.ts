// Golden bytes for the server's packets and round trips / malformed input for the client's.
import { describe, expect, it } from 'vitest';
import {
  Capability,
  Charset,
  ColumnFlag,
  ColumnType,
  DEFAULT_SERVER_CAPABILITIES,
  MalformedPacketError,
  NotSupportedError,
  PayloadWriter,
  ServerStatus,
  WireError,
  decodeChangeUser,
  decodeFieldList,
  decodeHandshakeResponse,
  decodeInitDb,
  decodeQuery,
  decodeSendLongData,
  decodeStmtClose,
  decodeStmtExecute,
  decodeStmtReset,
  encodeAuthMoreData,
  encodeAuthSwitchRequest,
  encodeBinaryRow,
  encodeColumnCount,
  encodeColumnDefinition,
  encodeEof,
  encodeErr,
  encodeHandshakeV10,
  encodeOk,
  encodePrepareOk,
  encodeStmtExecute,
  encodeTextRow,
  isSslRequest,
  lenencIntSize,
  type ParamValue,
  type WireDateTime,
  type WireTime,
} from '../../wire/index.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const h = (s: string): string => s.replace(/\s+/g, '');

describe('PayloadWriter', () => {
  it('writes length-encoded integers in their 1/3/4/9-byte forms, incl. bigint beyond 2^53', () => {
    const enc = (v: number | bigint): string => hex(new PayloadWriter().lenencInt(v).finish());
    expect(enc(0)).toBe('00');
    expect(enc(250)).toBe('fa');
    expect(enc(251)).toBe('fcfb00');
    expect(enc(0xffff)).toBe('fcffff');
    expect(enc(0x10000)).toBe('fd000001');
    expect(enc(0xffffff)).toBe('fdffffff');
    expect(enc(0x1000000)).toBe('fe0000000100000000');
    expect(enc(2n ** 64n - 1n)).toBe('feffffffffffffffff');
    expect(enc(2n ** 53n + 1n)).toBe('fe0100000000002000');
    expect(lenencIntSize(2n ** 60n)).toBe(9);
    expect(() => new PayloadWriter().lenencInt(-1)).toThrow(RangeError);
  });

  it('writes lenenc, NUL-terminated and fixed strings and fixed ints', () => {
    const w = new PayloadWriter(2).lenencString('ab').nulString('c').bytes('é').int2(0x0102).int3(0x030405).int4(0xffffffff).int8(-1n);
    expect(hex(w.finish())).toBe(h('026162 6300 c3a9 0201 050403 ffffffff ffffffffffffffff'));
  });
});

describe('server packets (golden bytes)', () => {
  it('OK packet: header, lenenc affected rows and last insert id, status, warnings, info', () => {
    expect(hex(encodeOk({ statusFlags: ServerStatus.AUTOCOMMIT }))).toBe(h('00 00 00 0200 0000'));
    expect(hex(encodeOk({ affectedRows: 1, lastInsertId: 2n ** 60n, statusFlags: 3, warnings: 2, info: 'hi' }))).toBe(
      h('00 01 fe0000000000000010 0300 0200 6869'),
    );
    expect(hex(encodeOk({ affectedRows: 300, statusFlags: ServerStatus.AUTOCOMMIT }, 0xfe))).toBe(h('fe fc2c01 00 0200 0000'));
  });

  it('ERR packet: 0xFF, errno, #, SQLSTATE, message', () => {
    expect(hex(encodeErr({ errno: 1146, sqlState: '42S02', message: "Table 'a.b' doesn't exist" }))).toBe(
      h('ff 7a04 23 3432533032') + Buffer.from("Table 'a.b' doesn't exist").toString('hex'),
    );
  });

  it('EOF packet: 0xFE, warnings, status', () => {
    expect(hex(encodeEof(ServerStatus.AUTOCOMMIT | ServerStatus.MORE_RESULTS_EXISTS, 1))).toBe('fe01000a00');
  });

  it('Handshake v10 with a 20-byte scramble and the plugin name', () => {
    const scramble = Buffer.from('0102030405060708090a0b0c0d0e0f1011121314', 'hex');
    const caps = DEFAULT_SERVER_CAPABILITIES;
    const p = encodeHandshakeV10({
      serverVersion: '8.0.11-Strata-0.1.0',
      connectionId: 7,
      scramble,
      capabilities: caps,
      charset: Charset.utf8mb4_0900_ai_ci,
      statusFlags: ServerStatus.AUTOCOMMIT,
      authPluginName: 'mysql_native_password',
    });
    const expected =
      '0a' +
      Buffer.from('8.0.11-Strata-0.1.0\0').toString('hex') +
      '07000000' +
      '0102030405060708' +
      '00' +
      (caps & 0xffff).toString(16).padStart(4, '0').replace(/(..)(..)/, '$2$1') +
      'ff' +
      '0200' +
      (caps >>> 16).toString(16).padStart(4, '0').replace(/(..)(..)/, '$2$1') +
      '15' +
      '00'.repeat(10) +
      '090a0b0c0d0e0f1011121314' +
      '00' +
      Buffer.from('mysql_native_password\0').toString('hex');
    expect(hex(p)).toBe(expected);
    expect(caps & Capability.SSL).toBe(0);
    for (const flag of [
      Capability.PLUGIN_AUTH,
      Capability.SECURE_CONNECTION,
      Capability.CONNECT_WITH_DB,
      Capability.MULTI_STATEMENTS,
      Capability.MULTI_RESULTS,
      Capability.DEPRECATE_EOF,
      Capability.PS_MULTI_RESULTS,
      Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA,
      Capability.CONNECT_ATTRS,
      Capability.TRANSACTIONS,
      Capability.LOCAL_FILES,
      Capability.PROTOCOL_41,
    ]) {
      expect(caps & flag).toBe(flag);
    }
  });

  it('AuthSwitchRequest and AuthMoreData', () => {
    expect(hex(encodeAuthSwitchRequest('ab', Buffer.from([1, 2])))).toBe('fe6162000102');
    expect(hex(encodeAuthMoreData(Buffer.from([3])))).toBe('0103');
  });

  it('column count and column definition 41', () => {
    expect(hex(encodeColumnCount(2))).toBe('02');
    const def = encodeColumnDefinition({
      schema: 'db',
      table: 't',
      orgTable: 'tt',
      name: 'id',
      orgName: 'ID',
      charset: Charset.binary,
      length: 11,
      type: ColumnType.LONG,
      flags: ColumnFlag.NOT_NULL | ColumnFlag.PRI_KEY,
      decimals: 0,
    });
    expect(hex(def)).toBe(h('03646566 026462 0174 027474 026964 024944 0c 3f00 0b000000 03 0300 00 0000'));
    const withDefault = encodeColumnDefinition({ name: 'x', type: ColumnType.VAR_STRING }, null);
    expect(hex(withDefault)).toBe(h('03646566 00 00 00 0178 0178 0c ff00 00000000 fd 0000 00 0000 fb'));
  });

  it('text row: lenenc strings, NULL as 0xFB, numbers and temporals as MySQL prints them', () => {
    const dt: WireDateTime = { kind: 'datetime', year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 120000 };
    const t: WireTime = { kind: 'time', negative: true, days: 1, hours: 2, minutes: 3, seconds: 4, microseconds: 0 };
    const row = encodeTextRow(['a', null, 5n, 1.5, Uint8Array.of(0, 255), dt, t], [
      { name: 'a', type: ColumnType.VAR_STRING },
      { name: 'b', type: ColumnType.VAR_STRING },
      { name: 'c', type: ColumnType.LONGLONG },
      { name: 'd', type: ColumnType.DOUBLE },
      { name: 'e', type: ColumnType.BLOB },
      { name: 'f', type: ColumnType.DATETIME, decimals: 2 },
      { name: 'g', type: ColumnType.TIME },
    ]);
    const s = (x: string): string => (x.length.toString(16).padStart(2, '0') + Buffer.from(x).toString('hex'));
    expect(hex(row)).toBe('0161' + 'fb' + '0135' + '03312e35' + '0200ff' + s('2024-01-02 03:04:05.12') + s('-26:03:04'));
  });

  it('binary row: NULL bitmap at offset 2 and each type in its binary form', () => {
    const cols = [
      ColumnType.TINY,
      ColumnType.SHORT,
      ColumnType.LONG,
      ColumnType.LONGLONG,
      ColumnType.FLOAT,
      ColumnType.DOUBLE,
      ColumnType.NEWDECIMAL,
      ColumnType.VAR_STRING,
      ColumnType.NULL,
    ].map((type, i) => ({ name: `c${i}`, type }));
    const row = encodeBinaryRow([-1n, 258n, 0x01020304n, 2n ** 63n + 1n, 1.5, 2.5, '12.50', 'hé', null], cols);
    const f32 = Buffer.alloc(4);
    f32.writeFloatLE(1.5);
    const f64 = Buffer.alloc(8);
    f64.writeDoubleLE(2.5);
    // 9 columns → (9+7+2)/8 = 2 bitmap bytes; column 8 is NULL → bit 10 → byte 1, bit 2
    expect(hex(row)).toBe(
      '00' + '0004' + 'ff' + '0201' + '04030201' + '0100000000000080' + hex(f32) + hex(f64) + '05' + Buffer.from('12.50').toString('hex') + '0368c3a9',
    );
  });

  it('binary row: DATE/DATETIME in 0/4/7/11-byte forms and TIME in 0/8/12-byte forms', () => {
    const d = (p: Partial<WireDateTime>): WireDateTime => ({
      kind: 'datetime', year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, microsecond: 0, ...p,
    });
    const t = (p: Partial<WireTime>): WireTime => ({
      kind: 'time', negative: false, days: 0, hours: 0, minutes: 0, seconds: 0, microseconds: 0, ...p,
    });
    const col = (type: number) => [{ name: 'x', type }];
    const one = (type: number, v: WireDateTime | WireTime | string): string => hex(encodeBinaryRow([v], col(type))).slice(4);
    expect(one(ColumnType.DATETIME, d({}))).toBe('00');
    expect(one(ColumnType.DATE, d({ kind: 'date', year: 2024, month: 2, day: 29 }))).toBe('04e807021d');
    expect(one(ColumnType.DATETIME, d({ year: 2024, month: 2, day: 29, hour: 13, minute: 14, second: 15 }))).toBe('07e807021d0d0e0f');
    expect(one(ColumnType.TIMESTAMP, d({ year: 2024, month: 2, day: 29, hour: 13, minute: 14, second: 15, microsecond: 1 }))).toBe(
      '0be807021d0d0e0f01000000',
    );
    expect(one(ColumnType.DATETIME, '2024-02-29 13:14:15')).toBe('07e807021d0d0e0f');
    expect(one(ColumnType.TIME, t({}))).toBe('00');
    expect(one(ColumnType.TIME, t({ negative: true, days: 1, hours: 2, minutes: 3, seconds: 4 }))).toBe('0801010000000203' + '04');
    expect(one(ColumnType.TIME, t({ hours: 2, microseconds: 5 }))).toBe('0c' + '00' + '00000000' + '020000' + '05000000');
    expect(one(ColumnType.TIME, '-26:00:01')).toBe('08' + '01' + '01000000' + '020001');
  });

  it('COM_STMT_PREPARE_OK', () => {
    expect(hex(encodePrepareOk({ statementId: 1, columnCount: 2, paramCount: 3 }))).toBe('00010000000200030000' + '0000');
  });
});

function handshakeResponse(caps: number, user: string, auth: Buffer, db?: string, plugin?: string, attrs?: Record<string, string>): Buffer {
  const w = new PayloadWriter().int4(caps).int4(1 << 24).int1(255).zeros(23).nulString(user);
  if (caps & Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA) w.lenencString(auth);
  else if (caps & Capability.SECURE_CONNECTION) w.int1(auth.length).bytes(auth);
  else w.nulString(auth);
  if (db !== undefined) w.nulString(db);
  if (plugin !== undefined) w.nulString(plugin);
  if (attrs) {
    const a = new PayloadWriter();
    for (const [k, v] of Object.entries(attrs)) a.lenencString(k).lenencString(v);
    w.lenencString(a.finish());
  }
  return Buffer.from(w.finish());
}

describe('client packets', () => {
  const base = Capability.PROTOCOL_41 | Capability.SECURE_CONNECTION | Capability.PLUGIN_AUTH;

  it('decodes HandshakeResponse41 with lenenc auth data, database, plugin and connect attributes', () => {
    const caps = base | Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capability.CONNECT_WITH_DB | Capability.CONNECT_ATTRS;
    const m = decodeHandshakeResponse(handshakeResponse(caps, 'root', Buffer.alloc(20, 9), 'test', 'caching_sha2_password', { _client_name: 'x', a: 'b' }));
    expect(isSslRequest(m)).toBe(false);
    if (isSslRequest(m)) return;
    expect(m.username).toBe('root');
    expect(m.authResponse.equals(Buffer.alloc(20, 9))).toBe(true);
    expect(m.database).toBe('test');
    expect(m.authPluginName).toBe('caching_sha2_password');
    expect([...m.connectAttributes]).toEqual([['_client_name', 'x'], ['a', 'b']]);
    expect(m.charset).toBe(255);
  });

  it('decodes the secure-connection (1-byte length) auth form, with no database', () => {
    const m = decodeHandshakeResponse(handshakeResponse(base, 'u', Buffer.from([1, 2, 3]), undefined, 'mysql_native_password'));
    if (isSslRequest(m)) throw new Error('not an SSL request');
    expect(hex(m.authResponse)).toBe('010203');
    expect(m.database).toBeUndefined();
    expect(m.authPluginName).toBe('mysql_native_password');
  });

  it('recognises the 32-byte SSLRequest', () => {
    const p = Buffer.from(new PayloadWriter().int4(base | Capability.SSL).int4(0).int1(45).zeros(23).finish());
    const m = decodeHandshakeResponse(p);
    expect(isSslRequest(m)).toBe(true);
  });

  it('rejects a pre-4.1 handshake response as not supported', () => {
    expect(() => decodeHandshakeResponse(Buffer.alloc(40))).toThrow(NotSupportedError);
  });

  it('raises MalformedPacketError for every truncation of a handshake response', () => {
    const caps = base | Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capability.CONNECT_WITH_DB | Capability.CONNECT_ATTRS;
    const full = handshakeResponse(caps, 'root', Buffer.alloc(20, 9), 'test', 'p', { k: 'v' });
    for (let n = 0; n < full.length; n++) {
      try {
        decodeHandshakeResponse(full.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(WireError);
      }
    }
    // truncated in the middle of the username (no NUL): must fail
    expect(() => decodeHandshakeResponse(full.subarray(0, 34))).toThrow(MalformedPacketError);
    // attributes declared longer than the packet
    const bad = Buffer.concat([handshakeResponse(caps, 'root', Buffer.alloc(0), 'd', 'p'), Buffer.from([0x20, 1, 0x61])]);
    expect(() => decodeHandshakeResponse(bad)).toThrow(MalformedPacketError);
  });

  it('decodes simple commands', () => {
    expect(decodeQuery(Buffer.from('\x03SELECT 1'))).toBe('SELECT 1');
    expect(decodeInitDb(Buffer.from('\x02test'))).toBe('test');
    expect(decodeFieldList(Buffer.from('\x04t1\0%'))).toEqual({ table: 't1', wildcard: '%' });
    expect(decodeStmtClose(Buffer.from([0x19, 5, 0, 0, 0]))).toBe(5);
    expect(decodeStmtReset(Buffer.from([0x1a, 6, 0, 0, 0]))).toBe(6);
    const ld = decodeSendLongData(Buffer.from([0x18, 1, 0, 0, 0, 2, 0, 0x61, 0x62]));
    expect(ld.statementId).toBe(1);
    expect(ld.paramId).toBe(2);
    expect(ld.data.toString()).toBe('ab');
    expect(() => decodeStmtClose(Buffer.from([0x19, 5, 0]))).toThrow(MalformedPacketError);
    expect(() => decodeQuery(Buffer.from('\x02x'))).toThrow(MalformedPacketError);
  });

  it('decodes COM_CHANGE_USER', () => {
    const caps = base | Capability.CONNECT_ATTRS;
    const a = new PayloadWriter().lenencString('k').lenencString('v').finish();
    const p = Buffer.from(
      new PayloadWriter().int1(0x11).nulString('bob').int1(2).bytes(Buffer.from([7, 8])).nulString('db').int2(255).nulString('mysql_native_password').lenencString(a).finish(),
    );
    const m = decodeChangeUser(p, caps);
    expect(m.username).toBe('bob');
    expect(hex(m.authResponse)).toBe('0708');
    expect(m.database).toBe('db');
    expect(m.charset).toBe(255);
    expect(m.authPluginName).toBe('mysql_native_password');
    expect(m.connectAttributes.get('k')).toBe('v');
  });

  it('decodes COM_STMT_EXECUTE with every parameter type, NULLs, unsigned flags and long data', () => {
    const dt: WireDateTime = { kind: 'datetime', year: 2020, month: 5, day: 6, hour: 7, minute: 8, second: 9, microsecond: 10 };
    const date: WireDateTime = { kind: 'date', year: 2020, month: 5, day: 6, hour: 0, minute: 0, second: 0, microsecond: 0 };
    const time: WireTime = { kind: 'time', negative: true, days: 2, hours: 3, minutes: 4, seconds: 5, microseconds: 6 };
    const params: ParamValue[] = [
      { type: ColumnType.TINY, unsigned: false, value: -5n },
      { type: ColumnType.TINY, unsigned: true, value: 250n },
      { type: ColumnType.SHORT, unsigned: false, value: -300n },
      { type: ColumnType.LONG, unsigned: true, value: 4000000000n },
      { type: ColumnType.LONGLONG, unsigned: false, value: -(2n ** 63n) },
      { type: ColumnType.LONGLONG, unsigned: true, value: 2n ** 64n - 1n },
      { type: ColumnType.FLOAT, unsigned: false, value: 0.5 },
      { type: ColumnType.DOUBLE, unsigned: false, value: 1e300 },
      { type: ColumnType.NEWDECIMAL, unsigned: false, value: '123.456' },
      { type: ColumnType.VAR_STRING, unsigned: false, value: 'héllo' },
      { type: ColumnType.BLOB, unsigned: false, value: Uint8Array.of(0, 1, 255) },
      { type: ColumnType.DATETIME, unsigned: false, value: dt },
      { type: ColumnType.DATE, unsigned: false, value: date },
      { type: ColumnType.TIME, unsigned: false, value: time },
      { type: ColumnType.VAR_STRING, unsigned: false, value: null },
      { type: ColumnType.NULL, unsigned: false, value: null },
      { type: ColumnType.YEAR, unsigned: true, value: 2024n },
    ];
    const payload = Buffer.from(encodeStmtExecute(9, params));
    const m = decodeStmtExecute(payload, { paramCount: params.length });
    expect(m.statementId).toBe(9);
    expect(m.iterationCount).toBe(1);
    expect(m.params).toEqual(params);
    // re-execute without types: the previous ones are used
    const again = Buffer.from(encodeStmtExecute(9, params, 0, false));
    expect(decodeStmtExecute(again, { paramCount: params.length, previousTypes: m.paramTypes }).params).toEqual(params);
    expect(() => decodeStmtExecute(again, { paramCount: params.length })).toThrow(MalformedPacketError);
  });

  it('takes a parameter sent with COM_STMT_SEND_LONG_DATA from the long data, not the packet', () => {
    // two params: 0 is long data (BLOB), 1 is an int; the values section holds only param 1
    const p = Buffer.from(new PayloadWriter().int1(0x17).int4(1).int1(0).int4(1).int1(0).int1(1).int1(ColumnType.BLOB).int1(0).int1(ColumnType.LONG).int1(0).int4(42).finish());
    const m = decodeStmtExecute(p, { paramCount: 2, longData: new Map([[0, Buffer.from('big')]]) });
    expect(m.params.map((x) => x.value)).toEqual([Uint8Array.from(Buffer.from('big')), 42n]);
  });

  it('raises typed errors for truncated or garbage COM_STMT_EXECUTE payloads', () => {
    const params: ParamValue[] = [
      { type: ColumnType.LONGLONG, unsigned: false, value: 1n },
      { type: ColumnType.VAR_STRING, unsigned: false, value: 'abc' },
      { type: ColumnType.DATETIME, unsigned: false, value: '2020-01-01 00:00:01' },
    ];
    const full = Buffer.from(encodeStmtExecute(1, params));
    for (let n = 0; n < full.length; n++) {
      expect(() => decodeStmtExecute(full.subarray(0, n), { paramCount: 3 })).toThrow(WireError);
    }
    const unknownType = Buffer.from(new PayloadWriter().int1(0x17).int4(1).int1(0).int4(1).int1(0).int1(1).int1(0x77).int1(0).int1(1).finish());
    expect(() => decodeStmtExecute(unknownType, { paramCount: 1 })).toThrow(MalformedPacketError);
    const badDateLen = Buffer.from(new PayloadWriter().int1(0x17).int4(1).int1(0).int4(1).int1(0).int1(1).int1(ColumnType.DATE).int1(0).int1(5).zeros(5).finish());
    expect(() => decodeStmtExecute(badDateLen, { paramCount: 1 })).toThrow(MalformedPacketError);
    let seed = 7;
    for (let round = 0; round < 300; round++) {
      const g = Buffer.alloc(1 + (round % 40));
      g[0] = 0x17;
      for (let i = 1; i < g.length; i++) g[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
      try {
        decodeStmtExecute(g, { paramCount: 1 + (round % 4) });
      } catch (e) {
        expect(e).toBeInstanceOf(WireError);
      }
    }
  });
});
