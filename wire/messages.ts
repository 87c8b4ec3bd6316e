// The messages of the MySQL protocol as Strata speaks them: encoders for everything the server
// sends (handshake, OK/ERR/EOF, auth switch, column definitions, text and binary rows, prepare-OK)
// and decoders for everything a client sends after the greeting (handshake response, COM_*
// command payloads). Encoders return a payload (no header); PacketBatch frames it. Decoders take
// one joined payload and throw MalformedPacketError on anything that does not parse.
//
// The connection phase, as one picture (seq ids in brackets):
//
//   server                                   client
//   Handshake v10 [0]  ───────────────────▶
//                      ◀───────────────────  (SSLRequest [1] → TLS, then) HandshakeResponse41 [1|2]
//   AuthSwitchRequest / AuthMoreData [n] ─▶  (zero or more rounds, seq continues)
//                      ◀───────────────────  auth data [n+1]
//   OK [m] or ERR [m]  ───────────────────▶
//
// Then each command starts at seq 0:
//
//   COM_QUERY [0] ─▶ column count [1], column definitions [2..], (EOF unless DEPRECATE_EOF),
//                    rows (text), end: OK with header 0xFE (DEPRECATE_EOF) or EOF
//   COM_STMT_EXECUTE ─▶ the same, but rows in the binary protocol:
//
//     0x00 | NULL bitmap ((n + 7 + 2) / 8 bytes; column i is bit i+2) | non-NULL values …

import {
  Capability,
  Charset,
  ColumnType,
  EOF_HEADER,
  ERR_HEADER,
  OK_HEADER,
  PARAM_UNSIGNED_FLAG,
  hasCapability,
} from './constants.js';
import { decodeEscapedUtf8 } from '../util/escaped-utf8.js';
import { MalformedPacketError, NotSupportedError } from './errors.js';
import { PayloadWriter } from './packet-writer.js';
import { PayloadReader } from './payload-reader.js';
import { isBinaryStringType, readBinaryValue, valueToText, writeBinaryValue, type WireValue } from './values.js';

// ---- server → client ----------------------------------------------------------------------------

export interface HandshakeV10 {
  readonly serverVersion: string;
  readonly connectionId: number;
  /** 20 bytes of scramble (auth-plugin-data). */
  readonly scramble: Uint8Array;
  readonly capabilities: number;
  readonly charset: number;
  readonly statusFlags: number;
  readonly authPluginName: string;
}

/** Initial handshake (protocol version 10). */
export function encodeHandshakeV10(h: HandshakeV10): Buffer {
  if (h.scramble.length !== 20) throw new RangeError('scramble must be 20 bytes');
  const caps = h.capabilities >>> 0;
  const w = new PayloadWriter(128);
  w.int1(10)
    .nulString(h.serverVersion)
    .int4(h.connectionId)
    .bytes(h.scramble.subarray(0, 8))
    .int1(0)
    .int2(caps & 0xffff)
    .int1(h.charset)
    .int2(h.statusFlags)
    .int2(caps >>> 16)
    .int1(hasCapability(caps, Capability.PLUGIN_AUTH) ? h.scramble.length + 1 : 0)
    .zeros(10);
  if (hasCapability(caps, Capability.SECURE_CONNECTION)) w.bytes(h.scramble.subarray(8)).int1(0);
  if (hasCapability(caps, Capability.PLUGIN_AUTH)) w.nulString(h.authPluginName);
  return w.finish();
}

export interface OkPacket {
  readonly affectedRows?: number | bigint;
  readonly lastInsertId?: number | bigint;
  readonly statusFlags: number;
  readonly warnings?: number;
  readonly info?: string;
  /** CLIENT_SESSION_TRACK was negotiated: the info string is length-encoded. */
  readonly sessionTrack?: boolean;
}

/**
 * OK packet. `header` is 0x00, or 0xFE for the OK that ends a result set under DEPRECATE_EOF.
 *   header | affected rows<lenenc> | last insert id<lenenc> | status<2> | warnings<2> | info<EOF>
 */
export function encodeOk(ok: OkPacket, header: number = OK_HEADER): Buffer {
  const w = new PayloadWriter(32);
  w.int1(header)
    .lenencInt(ok.affectedRows ?? 0)
    .lenencInt(ok.lastInsertId ?? 0)
    .int2(ok.statusFlags)
    .int2(ok.warnings ?? 0);
  if (ok.info !== undefined && ok.info !== '') {
    if (ok.sessionTrack) w.lenencString(ok.info);
    else w.bytes(ok.info);
  }
  return w.finish();
}

export interface ErrPacket {
  readonly errno: number;
  readonly sqlState: string;
  readonly message: string;
}

/** ERR packet: 0xFF | errno<2> | '#' | sqlstate<5> | message<EOF>. */
export function encodeErr(e: ErrPacket): Buffer {
  const state = (e.sqlState + 'HY000').slice(0, 5);
  return new PayloadWriter(16 + e.message.length).int1(ERR_HEADER).int2(e.errno).bytes('#').bytes(state).bytes(e.message).finish();
}

/** EOF packet (without DEPRECATE_EOF): 0xFE | warnings<2> | status<2>. */
export function encodeEof(statusFlags: number, warnings = 0): Buffer {
  return new PayloadWriter(5).int1(EOF_HEADER).int2(warnings).int2(statusFlags).finish();
}

/** AuthSwitchRequest: 0xFE | plugin name<NUL> | plugin data<EOF> (MySQL ends the scramble with NUL). */
export function encodeAuthSwitchRequest(pluginName: string, pluginData: Uint8Array): Buffer {
  return new PayloadWriter(64).int1(0xfe).nulString(pluginName).bytes(pluginData).finish();
}

/** AuthMoreData: 0x01 | data<EOF> (caching_sha2: 0x03 fast-auth OK, 0x04 full auth, or a PEM key). */
export function encodeAuthMoreData(data: Uint8Array | string): Buffer {
  return new PayloadWriter(64).int1(0x01).bytes(data).finish();
}

/** Column count: the first packet of a result set. */
export function encodeColumnCount(n: number): Buffer {
  return new PayloadWriter(9).lenencInt(n).finish();
}

export interface ColumnDefinition {
  readonly schema?: string;
  readonly table?: string;
  readonly orgTable?: string;
  readonly name: string;
  readonly orgName?: string;
  /** Collation id (63 = binary for numbers, dates and binary strings). */
  readonly charset?: number;
  /** Maximum display length in bytes. */
  readonly length?: number;
  readonly type: number;
  readonly flags?: number;
  readonly decimals?: number;
}

/**
 * Column definition 41:
 *   catalog 'def' | schema | table | org_table | name | org_name   (each string<lenenc>)
 *   0x0C | charset<2> | length<4> | type<1> | flags<2> | decimals<1> | 0x0000
 *   [default values<lenenc>, COM_FIELD_LIST only]
 */
export function encodeColumnDefinition(c: ColumnDefinition, defaultValue?: string | null): Buffer {
  const w = new PayloadWriter(64);
  w.lenencString('def')
    .lenencString(c.schema ?? '')
    .lenencString(c.table ?? '')
    .lenencString(c.orgTable ?? c.table ?? '')
    .lenencString(c.name)
    .lenencString(c.orgName ?? c.name)
    .int1(0x0c)
    .int2(c.charset ?? Charset.utf8mb4_0900_ai_ci)
    .int4(c.length ?? 0)
    .int1(c.type)
    .int2(c.flags ?? 0)
    .int1(c.decimals ?? 0)
    .int2(0);
  if (defaultValue !== undefined) {
    if (defaultValue === null) w.int1(0xfb);
    else w.lenencString(defaultValue);
  }
  return w.finish();
}

/** Text result row: each value a string<lenenc>, NULL as 0xFB. */
export function encodeTextRow(values: readonly WireValue[], columns?: readonly ColumnDefinition[]): Buffer {
  const w = new PayloadWriter(64);
  for (let i = 0; i < values.length; i++) {
    const text = valueToText(values[i] ?? null, columns?.[i]?.decimals ?? 0);
    if (text === null) w.int1(0xfb);
    else w.lenencString(text);
  }
  return w.finish();
}

/** Binary result row: 0x00 | NULL bitmap (offset 2) | each non-NULL value in its column type's form. */
export function encodeBinaryRow(values: readonly WireValue[], columns: readonly ColumnDefinition[]): Buffer {
  if (values.length !== columns.length) throw new RangeError(`row has ${values.length} values for ${columns.length} columns`);
  const w = new PayloadWriter(64);
  w.int1(0x00);
  const bitmapAt = w.length;
  const bitmapLen = (columns.length + 7 + 2) >> 3;
  w.zeros(bitmapLen);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? null;
    if (v === null) {
      const bit = i + 2;
      w.setByte(bitmapAt + (bit >> 3), w.byteAt(bitmapAt + (bit >> 3)) | (1 << (bit & 7)));
      continue;
    }
    writeBinaryValue(w, (columns[i] as ColumnDefinition).type, v);
  }
  return w.finish();
}

export interface PrepareOk {
  readonly statementId: number;
  readonly columnCount: number;
  readonly paramCount: number;
  readonly warnings?: number;
}

/** COM_STMT_PREPARE_OK: 0x00 | stmt id<4> | columns<2> | params<2> | 0x00 | warnings<2>. */
export function encodePrepareOk(p: PrepareOk): Buffer {
  return new PayloadWriter(12)
    .int1(0x00)
    .int4(p.statementId)
    .int2(p.columnCount)
    .int2(p.paramCount)
    .int1(0)
    .int2(p.warnings ?? 0)
    .finish();
}

// ---- client → server ----------------------------------------------------------------------------

export interface HandshakeResponse {
  readonly capabilities: number;
  readonly maxPacketSize: number;
  readonly charset: number;
  readonly username: string;
  readonly authResponse: Buffer;
  readonly database?: string;
  readonly authPluginName?: string;
  readonly connectAttributes: ReadonlyMap<string, string>;
}

export interface SslRequest {
  readonly kind: 'ssl-request';
  readonly capabilities: number;
  readonly maxPacketSize: number;
  readonly charset: number;
}

/** Read connection attributes: a lenenc total length, then key/value string<lenenc> pairs. */
function readAttributes(r: PayloadReader): Map<string, string> {
  const attrs = new Map<string, string>();
  if (r.atEnd()) return attrs;
  const total = r.lenenc('connect attrs length');
  const end = r.offset + total;
  if (total > r.remaining) throw new MalformedPacketError('connect attrs longer than the packet');
  while (r.offset < end) {
    const key = r.lenencString('attr key');
    const value = r.lenencString('attr value');
    attrs.set(key, value);
  }
  if (r.offset !== end) throw new MalformedPacketError('connect attrs overrun their length');
  return attrs;
}

/**
 * HandshakeResponse41 (or the 32-byte SSLRequest that precedes TLS):
 *   caps<4> | max packet<4> | charset<1> | filler<23> | username<NUL>
 *   | auth response (lenenc | len<1> + bytes | NUL-terminated, by capability)
 *   | [database<NUL>] | [plugin name<NUL>] | [attrs]
 */
export function decodeHandshakeResponse(payload: Buffer): HandshakeResponse | SslRequest {
  const r = new PayloadReader(payload);
  if (payload.length < 4) throw new MalformedPacketError('handshake response too short');
  const capabilities = r.int4('capabilities');
  if (!hasCapability(capabilities, Capability.PROTOCOL_41)) throw new NotSupportedError('pre-4.1 client protocol (HandshakeResponse320)');
  const maxPacketSize = r.int4('max packet size');
  const charset = r.int1('charset');
  r.skip(23, 'filler');
  if (r.atEnd()) {
    if (hasCapability(capabilities, Capability.SSL)) return { kind: 'ssl-request', capabilities, maxPacketSize, charset };
    throw new MalformedPacketError('handshake response ends before the username');
  }
  const username = r.nulString('username');
  let authResponse: Buffer;
  if (hasCapability(capabilities, Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA)) authResponse = r.lenencBytes('auth response');
  else if (hasCapability(capabilities, Capability.SECURE_CONNECTION)) authResponse = r.bytes(r.int1('auth length'), 'auth response');
  else authResponse = r.nulBytes('auth response');
  let database: string | undefined;
  if (hasCapability(capabilities, Capability.CONNECT_WITH_DB) && !r.atEnd()) database = r.nulString('database');
  let authPluginName: string | undefined;
  if (hasCapability(capabilities, Capability.PLUGIN_AUTH) && !r.atEnd()) authPluginName = r.nulString('auth plugin name');
  const connectAttributes = hasCapability(capabilities, Capability.CONNECT_ATTRS) ? readAttributes(r) : new Map<string, string>();
  return {
    capabilities,
    maxPacketSize,
    charset,
    username,
    authResponse: Buffer.from(authResponse),
    ...(database !== undefined ? { database } : {}),
    ...(authPluginName !== undefined ? { authPluginName } : {}),
    connectAttributes,
  };
}

export function isSslRequest(m: HandshakeResponse | SslRequest): m is SslRequest {
  return 'kind' in m && m.kind === 'ssl-request';
}

function expectCommand(payload: Buffer, command: number, name: string): PayloadReader {
  const r = new PayloadReader(payload);
  const c = r.int1('command');
  if (c !== command) throw new MalformedPacketError(`${name}: command byte 0x${c.toString(16)}`);
  return r;
}

/** COM_QUERY: 0x03 | query<EOF>. */
export function decodeQuery(payload: Buffer): string {
  // Bytes that are no UTF-8 (a dump's BLOB literals) survive, escaped (util/escaped-utf8.ts).
  return decodeEscapedUtf8(expectCommand(payload, 0x03, 'COM_QUERY').restBytes());
}

/** COM_INIT_DB: 0x02 | schema<EOF>. */
export function decodeInitDb(payload: Buffer): string {
  return expectCommand(payload, 0x02, 'COM_INIT_DB').restString();
}

/** COM_STMT_PREPARE: 0x16 | query<EOF>. */
export function decodeStmtPrepare(payload: Buffer): string {
  return expectCommand(payload, 0x16, 'COM_STMT_PREPARE').restString();
}

/** COM_FIELD_LIST: 0x04 | table<NUL> | wildcard<EOF>. */
export function decodeFieldList(payload: Buffer): { table: string; wildcard: string } {
  const r = expectCommand(payload, 0x04, 'COM_FIELD_LIST');
  const table = r.atEnd() ? '' : r.nulString('table');
  return { table, wildcard: r.restString() };
}

/** COM_STMT_CLOSE: 0x19 | stmt id<4>. */
export function decodeStmtClose(payload: Buffer): number {
  return expectCommand(payload, 0x19, 'COM_STMT_CLOSE').int4('statement id');
}

/** COM_STMT_RESET: 0x1A | stmt id<4>. */
export function decodeStmtReset(payload: Buffer): number {
  return expectCommand(payload, 0x1a, 'COM_STMT_RESET').int4('statement id');
}

export interface SendLongData {
  readonly statementId: number;
  readonly paramId: number;
  readonly data: Buffer;
}

/** COM_STMT_SEND_LONG_DATA: 0x18 | stmt id<4> | param id<2> | data<EOF>. */
export function decodeSendLongData(payload: Buffer): SendLongData {
  const r = expectCommand(payload, 0x18, 'COM_STMT_SEND_LONG_DATA');
  const statementId = r.int4('statement id');
  const paramId = r.int2('param id');
  return { statementId, paramId, data: Buffer.from(r.restBytes()) };
}

export interface ChangeUser {
  readonly username: string;
  readonly authResponse: Buffer;
  readonly database: string;
  readonly charset?: number;
  readonly authPluginName?: string;
  readonly connectAttributes: ReadonlyMap<string, string>;
}

/** COM_CHANGE_USER: 0x11 | user<NUL> | auth (len<1>+bytes, or NUL) | db<NUL> | [charset<2> | plugin<NUL> | attrs]. */
export function decodeChangeUser(payload: Buffer, capabilities: number): ChangeUser {
  const r = expectCommand(payload, 0x11, 'COM_CHANGE_USER');
  const username = r.nulString('username');
  const authResponse = hasCapability(capabilities, Capability.SECURE_CONNECTION)
    ? r.bytes(r.int1('auth length'), 'auth response')
    : r.nulBytes('auth response');
  const database = r.atEnd() ? '' : r.nulString('database');
  let charset: number | undefined;
  let authPluginName: string | undefined;
  let connectAttributes = new Map<string, string>();
  if (!r.atEnd()) {
    charset = r.int2('charset');
    if (hasCapability(capabilities, Capability.PLUGIN_AUTH) && !r.atEnd()) authPluginName = r.nulString('auth plugin name');
    if (hasCapability(capabilities, Capability.CONNECT_ATTRS)) connectAttributes = readAttributes(r);
  }
  return {
    username,
    authResponse: Buffer.from(authResponse),
    database,
    ...(charset !== undefined ? { charset } : {}),
    ...(authPluginName !== undefined ? { authPluginName } : {}),
    connectAttributes,
  };
}

/** One bound parameter of COM_STMT_EXECUTE. */
export interface ParamValue {
  readonly type: number;
  readonly unsigned: boolean;
  readonly value: WireValue;
}

export interface ParamType {
  readonly type: number;
  readonly unsigned: boolean;
}

export interface StmtExecute {
  readonly statementId: number;
  readonly flags: number;
  readonly iterationCount: number;
  /** The parameter types in force (sent now, or remembered from an earlier execute). */
  readonly paramTypes: readonly ParamType[];
  readonly params: readonly ParamValue[];
}

/** Statement id of a COM_STMT_EXECUTE (the decoder needs the statement's parameter count first). */
export function peekStatementId(payload: Buffer): number {
  const r = new PayloadReader(payload, 1);
  return r.int4('statement id');
}

export interface StmtExecuteContext {
  /** Number of `?` in the prepared statement. */
  readonly paramCount: number;
  /** Types bound by the previous execute (used when new-params-bound is 0). */
  readonly previousTypes?: readonly ParamType[];
  /** Data sent with COM_STMT_SEND_LONG_DATA since the last execute/reset, by parameter index. */
  readonly longData?: ReadonlyMap<number, Buffer>;
}

/**
 * COM_STMT_EXECUTE:
 *   0x17 | stmt id<4> | flags<1> | iteration count<4>
 *   if params > 0: NULL bitmap<(n+7)/8> | new-params-bound<1>
 *                  | if bound: n × (type<1> | flag<1>, 0x80 = unsigned) | values of non-NULL params
 * A parameter that received long data is not in the values section; its bytes come from longData.
 */
export function decodeStmtExecute(payload: Buffer, ctx: StmtExecuteContext): StmtExecute {
  const r = expectCommand(payload, 0x17, 'COM_STMT_EXECUTE');
  const statementId = r.int4('statement id');
  const flags = r.int1('flags');
  const iterationCount = r.int4('iteration count');
  const n = ctx.paramCount;
  if (n === 0) return { statementId, flags, iterationCount, paramTypes: [], params: [] };
  const bitmap = r.bytes((n + 7) >> 3, 'NULL bitmap');
  const bound = r.int1('new-params-bound flag');
  let types: readonly ParamType[];
  if (bound === 1) {
    const t: ParamType[] = [];
    for (let i = 0; i < n; i++) {
      const type = r.int1('param type');
      const flag = r.int1('param flag');
      t.push({ type, unsigned: (flag & PARAM_UNSIGNED_FLAG) !== 0 });
    }
    types = t;
  } else if (bound === 0) {
    if (ctx.previousTypes === undefined || ctx.previousTypes.length !== n) {
      throw new MalformedPacketError('COM_STMT_EXECUTE without parameter types, and none bound before');
    }
    types = ctx.previousTypes;
  } else {
    throw new MalformedPacketError(`new-params-bound flag ${bound}`);
  }
  const params: ParamValue[] = [];
  for (let i = 0; i < n; i++) {
    const pt = types[i] as ParamType;
    const isNull = (((bitmap[i >> 3] as number) >> (i & 7)) & 1) === 1;
    const long = ctx.longData?.get(i);
    let value: WireValue;
    if (long !== undefined) value = isBinaryStringType(pt.type) ? Uint8Array.from(long) : long.toString('utf8');
    else if (isNull || pt.type === ColumnType.NULL) value = null;
    else value = readBinaryValue(r, pt.type, pt.unsigned);
    params.push({ type: pt.type, unsigned: pt.unsigned, value });
  }
  return { statementId, flags, iterationCount, paramTypes: types, params };
}

/** Parameter types of a binary value for tests and clients: the inverse of decodeStmtExecute. */
export function encodeStmtExecute(statementId: number, params: readonly ParamValue[], flags = 0, bindTypes = true): Buffer {
  const w = new PayloadWriter(64);
  w.int1(0x17).int4(statementId).int1(flags).int4(1);
  if (params.length > 0) {
    const bitmap = Buffer.alloc((params.length + 7) >> 3);
    params.forEach((p, i) => {
      if (p.value === null) bitmap[i >> 3] = (bitmap[i >> 3] as number) | (1 << (i & 7));
    });
    w.bytes(bitmap).int1(bindTypes ? 1 : 0);
    if (bindTypes) for (const p of params) w.int1(p.type).int1(p.unsigned ? PARAM_UNSIGNED_FLAG : 0);
    for (const p of params) if (p.value !== null) writeBinaryValue(w, p.type, p.value);
  }
  return w.finish();
}
