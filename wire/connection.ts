// Connection: one client socket, from the greeting to the last command.
//
//   ┌────────────┐ greeting  ┌──────────┐ OK    ┌──────────┐ COM_QUIT / EOF / fatal error ┌────────┐
//   │ handshake  │──────────▶│   auth   │──────▶│ command  │─────────────────────────────▶│ closed │
//   └────────────┘ response  └──────────┘       └──────────┘                              └────────┘
//                            (AuthExchange:       ▲     │ COM_CHANGE_USER
//                             switch, more data)  └─────┘ re-runs auth
//
// Bytes flow in through a PacketReader (pure) and commands run one at a time: the next packet is
// pulled only after the previous command's reply is written, so pipelined commands keep their
// order and each starts at sequence id 0. Replies are framed into a PacketBatch and written in one
// socket write (flushed early only when a large result passes FLUSH_BYTES, waiting for 'drain'
// so a slow reader back-pressures the row producer instead of filling memory).
//
// TLS: when configured, CLIENT_SSL is advertised; an SSLRequest in place of the handshake response
// wraps the socket in TLS (bytes the client sent early are handed to the TLS layer) and the real
// response follows, encrypted, with the next sequence id. Full caching_sha2 authentication then
// accepts the plaintext password.
//
// Idle connections (no complete command within the session's wait_timeout, re-read after every
// command so SET SESSION wait_timeout takes effect at once; idleTimeoutMs when the session does
// not say) get ERR 4031 and are closed. Before that, a client has connectTimeoutMs (MySQL's
// connect_timeout, 10 s) to finish the handshake, or the socket is closed: a client that connects
// and says nothing cannot hold a max_connections slot. The timer runs on the raw socket, so it
// keeps counting across a TLS upgrade.
//
// Protocol faults (bad sequence id, oversized packet, garbage) answer with an ERR packet when the
// client can still read one, then close the socket; errors from the session become ERR packets and
// the connection goes on.

import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { AuthExchange, generateScramble, type RsaKeys } from './auth.js';
import { Capability, Charset, Command, DEFAULT_MAX_ALLOWED_PACKET, EOF_HEADER, LOCAL_INFILE_HEADER, ServerStatus, hasCapability } from './constants.js';
import { MalformedPacketError, UnknownCommandError, UnknownStatementError, WireError } from './errors.js';
import {
  decodeChangeUser,
  decodeFieldList,
  decodeHandshakeResponse,
  decodeInitDb,
  decodeQuery,
  decodeSendLongData,
  decodeStmtClose,
  decodeStmtExecute,
  decodeStmtPrepare,
  decodeStmtReset,
  encodeBinaryRow,
  encodeColumnCount,
  encodeColumnDefinition,
  encodeEof,
  encodeErr,
  encodeHandshakeV10,
  encodeOk,
  encodePrepareOk,
  encodeTextRow,
  isSslRequest,
  peekStatementId,
  type ColumnDefinition,
  type ParamType,
} from './messages.js';
import { PacketReader, type Packet } from './packet-reader.js';
import { PacketBatch } from './packet-writer.js';
import type { ErrorResult, OkResult, SessionContext, SessionFactory, SessionHandler, SqlErrorInfo, StatementResult } from './session-handler.js';
import type { UserStore } from './user-store.js';

export const DEFAULT_SERVER_VERSION = '8.0.11-Strata-0.1.0';
const FLUSH_BYTES = 256 * 1024;
/** Encoded column definition packets per definitions array (the same array for every execution
 *  of a prepared statement whose plan is cached: see session-bridge columnDefinitions). */
const encodedColumns = new WeakMap<readonly ColumnDefinition[], readonly Buffer[]>();
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface ConnectionOptions {
  readonly connectionId: number;
  readonly userStore: UserStore;
  readonly sessions: SessionFactory;
  readonly capabilities: number;
  readonly serverVersion?: string;
  readonly authPlugin?: string;
  readonly maxAllowedPacket?: number;
  readonly rsa?: RsaKeys;
  /** caching_sha2: always ask for full authentication (as after a server restart). */
  readonly forceFullAuth?: boolean;
  /** TLS: when set, CLIENT_SSL is advertised and an SSLRequest upgrades the socket. */
  readonly tls?: SecureContext;
  /** Close a connection idle this long, with ERR 4031, when the session does not give its own
   *  wait_timeout. */
  readonly idleTimeoutMs?: number;
  /** Close a connection that has not authenticated within this long (connect_timeout; default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Called once when the connection is closed. */
  readonly onClose?: () => void;
}

interface StatementState {
  readonly paramCount: number;
  readonly columns: readonly ColumnDefinition[];
  types?: readonly ParamType[];
  readonly longData: Map<number, Buffer>;
}

type Phase = 'handshake' | 'auth' | 'command' | 'closed';

/** An error from the session as the client will see it. */
export function toSqlError(err: unknown): SqlErrorInfo {
  if (typeof err === 'object' && err !== null && 'errno' in err && 'sqlState' in err) {
    const e = err as { errno: unknown; sqlState: unknown; message?: unknown };
    if (typeof e.errno === 'number' && typeof e.sqlState === 'string') {
      return { errno: e.errno, sqlState: e.sqlState, message: typeof e.message === 'string' ? e.message : 'Unknown error' };
    }
  }
  return { errno: 1105, sqlState: 'HY000', message: err instanceof Error ? err.message : String(err) };
}

export class Connection {
  readonly id: number;
  private readonly reader: PacketReader;
  private readonly scramble = generateScramble();
  private phase: Phase = 'handshake';
  private seq = 0;
  private capabilities = 0;
  private charset: number = Charset.utf8mb4_0900_ai_ci;
  private user = '';
  private database: string | undefined;
  private attributes: ReadonlyMap<string, string> = new Map();
  private auth: AuthExchange | undefined;
  private authIsChangeUser = false;
  private session: SessionHandler | undefined;
  private readonly statements = new Map<number, StatementState>();
  private busy = false;
  private closed = false;
  private secure = false;
  private socket: Socket;
  /** The TCP socket under any TLS layer: the idle timer runs on it. */
  private readonly raw: Socket;

  constructor(
    socket: Socket,
    private readonly opts: ConnectionOptions,
  ) {
    this.id = opts.connectionId;
    this.socket = socket;
    this.raw = socket;
    this.reader = new PacketReader({ maxAllowedPacket: opts.maxAllowedPacket ?? DEFAULT_MAX_ALLOWED_PACKET });
    socket.setNoDelay(true);
    this.attach(socket);
    socket.on('timeout', () => this.idleTimeout());
    socket.setTimeout(opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    this.sendHandshake();
  }

  private capabilitiesAdvertised(): number {
    return (this.opts.tls !== undefined ? this.opts.capabilities | Capability.SSL : this.opts.capabilities & ~Capability.SSL) >>> 0;
  }

  /** Upgrade to TLS after an SSLRequest: the handshake response then arrives encrypted. */
  private startTls(secureContext: SecureContext): void {
    const raw = this.socket;
    raw.removeAllListeners('data');
    raw.removeAllListeners('end');
    raw.removeAllListeners('close');
    raw.removeAllListeners('error');
    // The client starts TLS right after its SSLRequest; a ClientHello that arrived in the same read
    // is still in the reader: hand it back to the socket, where the TLS layer reads it first.
    raw.pause();
    const early = this.reader.takeBuffered();
    if (early.length > 0) raw.unshift(early);
    const tls = new TLSSocket(raw, { isServer: true, secureContext });
    this.socket = tls;
    this.secure = true;
    this.attach(tls);
    raw.on('close', () => this.close());
  }

  private attach(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      try {
        this.reader.push(chunk);
      } catch (e) {
        this.fatal(e);
        return;
      }
      const waiting = this.packetWaiter;
      this.packetWaiter = undefined;
      waiting?.();
      void this.pump();
    });
    socket.on('end', () => this.close());
    socket.on('close', () => this.close());
    socket.on('error', () => this.close());
  }

  private get host(): string {
    return this.socket.remoteAddress ?? 'localhost';
  }

  private deprecateEof(): boolean {
    return hasCapability(this.capabilities, Capability.DEPRECATE_EOF);
  }

  private sendHandshake(): void {
    const payload = encodeHandshakeV10({
      serverVersion: this.opts.serverVersion ?? DEFAULT_SERVER_VERSION,
      connectionId: this.id,
      scramble: this.scramble,
      capabilities: this.capabilitiesAdvertised(),
      charset: Charset.utf8mb4_0900_ai_ci,
      statusFlags: ServerStatus.AUTOCOMMIT,
      authPluginName: this.opts.authPlugin ?? 'caching_sha2_password',
    });
    const batch = new PacketBatch(0).add(payload);
    this.write(batch);
  }

  /** Write a batch (continuing the sequence) and expect the client's next packet after it. */
  private write(batch: PacketBatch): boolean {
    this.seq = batch.nextSequenceId;
    this.reader.expectSequence(this.seq);
    if (this.closed || batch.byteLength === 0) return true;
    return this.socket.write(batch.toBuffer());
  }

  private async flush(batch: PacketBatch): Promise<void> {
    const ok = this.write(batch);
    if (!ok && !this.closed) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.socket.off('drain', done);
          this.socket.off('close', done);
          resolve();
        };
        this.socket.on('drain', done);
        this.socket.on('close', done);
      });
    }
  }

  /** Wakes a LOAD DATA LOCAL exchange waiting for the client's next packet. */
  private packetWaiter: (() => void) | undefined;

  /** LOAD DATA LOCAL INFILE inside the current command: send 0xFB + the file name, then hand out
   *  the client's packets until the empty one that ends the file. The reply to the command then
   *  continues the sequence. Read to the end even when the consumer stops early, so no file
   *  content is ever taken for a command. */
  private async *localInfile(filename: string): AsyncGenerator<Uint8Array> {
    const request = new PacketBatch(this.seq).add(Buffer.concat([Buffer.from([LOCAL_INFILE_HEADER]), Buffer.from(filename, 'utf8')]));
    this.seq = request.nextSequenceId;
    this.reader.expectSequence(this.seq);
    await this.flush(request);
    let ended = false;
    try {
      for (;;) {
        const p = await this.nextPacket();
        this.seq = (p.lastSequenceId + 1) & 0xff;
        if (p.payload.length === 0) {
          ended = true;
          return;
        }
        yield p.payload;
      }
    } finally {
      while (!ended && !this.closed) {
        const p = await this.nextPacket();
        this.seq = (p.lastSequenceId + 1) & 0xff;
        if (p.payload.length === 0) ended = true;
      }
    }
  }

  private async nextPacket(): Promise<Packet> {
    for (;;) {
      if (this.closed) throw new MalformedPacketError('connection closed during LOAD DATA LOCAL INFILE');
      const p = this.reader.next();
      if (p !== undefined) return p;
      await new Promise<void>((resolve) => {
        this.packetWaiter = resolve;
      });
    }
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (!this.closed) {
        const packet = this.reader.next();
        if (packet === undefined) break;
        await this.handle(packet);
      }
    } catch (e) {
      this.fatal(e);
    } finally {
      this.busy = false;
    }
  }

  /** A fault that leaves the stream untrustworthy: say why (when possible) and close. */
  private fatal(err: unknown): void {
    if (this.closed) return;
    const info = toSqlError(err);
    try {
      // reply as if to the packet that failed: it carried (or should have carried) the expected id
      this.write(new PacketBatch(this.reader.expectedSequence + 1).add(encodeErr(info)));
    } catch {
      // the socket may already be gone
    }
    this.socket.end();
    this.close();
  }

  /** Re-arm the idle timer from the session's wait_timeout (it may have just been SET). */
  private armIdleTimer(): void {
    const seconds = this.session?.idleTimeoutSeconds?.();
    const ms = seconds !== undefined && seconds > 0 ? seconds * 1000 : (this.opts.idleTimeoutMs ?? 0);
    if (!this.closed) this.raw.setTimeout(Math.min(ms, 0x7fffffff)); // 0: no idle limit
  }

  private idleTimeout(): void {
    if (this.closed || this.busy) return;
    if (this.phase !== 'command') {
      // connect_timeout: MySQL drops the socket without a word (the client reports lost connection)
      this.socket.destroy();
      this.close();
      return;
    }
    const message = 'The client was disconnected by the server because of inactivity. See wait_timeout and interactive_timeout for configuring this behavior.';
    this.write(new PacketBatch(0).add(encodeErr({ errno: 4031, sqlState: 'HY000', message })));
    this.socket.end();
    this.close();
  }

  close(): void {
    if (this.closed) return;
    const waiting = this.packetWaiter;
    this.packetWaiter = undefined;
    
    this.closed = true;
    this.phase = 'closed';
    this.session?.close();
    this.session = undefined;
    if (!this.socket.destroyed) this.socket.destroy();
    this.opts.onClose?.();
    waiting?.();
  }

  private async handle(packet: Packet): Promise<void> {
    switch (this.phase) {
      case 'handshake':
        return this.onHandshakeResponse(packet.payload);
      case 'auth':
        return this.onAuthStep((this.auth as AuthExchange).continue(packet.payload));
      case 'command':
        this.seq = (packet.lastSequenceId + 1) & 0xff;
        await this.onCommand(packet.payload);
        if (this.phase === 'command') {
          this.reader.expectSequence(0);
          this.armIdleTimer();
        }
        return;
      case 'closed':
        return;
    }
  }

  private async onHandshakeResponse(payload: Buffer): Promise<void> {
    const msg = decodeHandshakeResponse(payload);
    this.seq = this.reader.expectedSequence;
    if (isSslRequest(msg)) {
      if (this.opts.tls === undefined || this.secure) throw new MalformedPacketError('SSLRequest, but TLS is not configured');
      this.startTls(this.opts.tls);
      return;
    }
    this.capabilities = (msg.capabilities & this.capabilitiesAdvertised()) >>> 0;
    this.charset = msg.charset;
    this.user = msg.username;
    this.database = msg.database !== undefined && msg.database !== '' ? msg.database : undefined;
    this.attributes = msg.connectAttributes;
    this.auth = this.newAuth(msg.username);
    this.phase = 'auth';
    this.authIsChangeUser = false;
    await this.onAuthStep(this.auth.start(msg.authResponse, msg.authPluginName));
  }

  private newAuth(user: string): AuthExchange {
    return new AuthExchange({
      user,
      host: this.host,
      scramble: this.scramble,
      account: this.opts.userStore.lookup(user, this.host),
      secure: this.secure,
      ...(this.opts.rsa !== undefined ? { rsa: this.opts.rsa } : {}),
      ...(this.opts.forceFullAuth !== undefined ? { forceFullAuth: this.opts.forceFullAuth } : {}),
    });
  }

  private context(): SessionContext {
    return {
      connectionId: this.id,
      user: this.user,
      host: this.host,
      ...(this.database !== undefined ? { database: this.database } : {}),
      capabilities: this.capabilities,
      charset: this.charset,
      connectAttributes: this.attributes,
      localInfile: (filename) => this.localInfile(filename),
    };
  }

  private async onAuthStep(step: ReturnType<AuthExchange['start']>): Promise<void> {
    this.seq = this.reader.expectedSequence;
    const batch = new PacketBatch(this.seq);
    if (step.kind === 'fail') {
      batch.add(encodeErr(step.error));
      this.write(batch);
      this.socket.end();
      this.close();
      return;
    }
    for (const p of step.send) batch.add(p);
    if (step.kind === 'continue') {
      this.write(batch);
      return;
    }
    // authenticated: open (or re-open) the session, apply the initial database, answer OK
    let result: OkResult | ErrorResult = { kind: 'ok' };
    try {
      if (this.authIsChangeUser && this.session) {
        result = await this.session.changeUser(this.context());
      } else {
        this.session = await this.opts.sessions.open(this.context());
        if (this.database !== undefined) result = await this.session.initDb(this.database);
      }
    } catch (e) {
      result = { kind: 'error', ...toSqlError(e) };
    }
    this.phase = 'command';
    this.auth = undefined;
    this.addResult(batch, result, false);
    this.write(batch);
    this.reader.expectSequence(0);
    if (result.kind === 'error' && !this.authIsChangeUser) {
      this.socket.end();
      this.close();
      return;
    }
    this.armIdleTimer();
  }

  private statusFlags(more: boolean): number {
    const flags = this.session?.statusFlags() ?? ServerStatus.AUTOCOMMIT;
    return more ? flags | ServerStatus.MORE_RESULTS_EXISTS : flags & ~ServerStatus.MORE_RESULTS_EXISTS;
  }

  private addResult(batch: PacketBatch, r: OkResult | ErrorResult, more: boolean): void {
    if (r.kind === 'error') batch.add(encodeErr(r));
    else
      batch.add(
        encodeOk({
          statusFlags: this.statusFlags(more),
          ...(r.affectedRows !== undefined ? { affectedRows: r.affectedRows } : {}),
          ...(r.lastInsertId !== undefined ? { lastInsertId: r.lastInsertId } : {}),
          ...(r.warnings !== undefined ? { warnings: r.warnings } : {}),
          ...(r.info !== undefined ? { info: r.info, sessionTrack: hasCapability(this.capabilities, Capability.SESSION_TRACK) } : {}),
        }),
      );
  }

  private addEnd(batch: PacketBatch, more: boolean, warnings = 0): void {
    if (this.deprecateEof()) batch.add(encodeOk({ statusFlags: this.statusFlags(more), warnings }, EOF_HEADER));
    else batch.add(encodeEof(this.statusFlags(more), warnings));
  }

  private addColumns(batch: PacketBatch, columns: readonly ColumnDefinition[]): void {
    let encoded = encodedColumns.get(columns);
    if (!encoded) {
      encoded = columns.map((c) => encodeColumnDefinition(c));
      encodedColumns.set(columns, encoded);
    }
    for (const c of encoded) batch.add(c);
    if (!this.deprecateEof()) batch.add(encodeEof(this.statusFlags(false)));
  }

  /** Write a command's results (several for multi-statements); the first error ends them. */
  private async writeResults(batch: PacketBatch, results: readonly StatementResult[], binary: boolean): Promise<void> {
    if (results.length === 0) {
      this.addResult(batch, { kind: 'ok' }, false);
      return this.flush(batch);
    }
    for (let i = 0; i < results.length; i++) {
      const r = results[i] as StatementResult;
      const more = i < results.length - 1 && r.kind !== 'error';
      if (r.kind !== 'rows') {
        this.addResult(batch, r, more);
        if (r.kind === 'error') break;
        continue;
      }
      batch.add(encodeColumnCount(r.columns.length));
      this.addColumns(batch, r.columns);
      try {
        for await (const row of r.rows) {
          batch.add(binary ? encodeBinaryRow(row, r.columns) : encodeTextRow(row, r.columns));
          if (batch.byteLength >= FLUSH_BYTES) {
            await this.flush(batch);
            if (this.closed) return; // the client went away: stop producing rows
          }
        }
      } catch (e) {
        batch.add(encodeErr(toSqlError(e)));
        break;
      }
      this.addEnd(batch, more, r.warnings ?? 0);
    }
    return this.flush(batch);
  }

  private async onCommand(payload: Buffer): Promise<void> {
    const session = this.session as SessionHandler;
    const batch = new PacketBatch(this.seq);
    const command = payload[0];
    try {
      switch (command) {
        case Command.QUIT:
          this.socket.end();
          this.close();
          return;
        case Command.PING: {
          const r = session.ping ? await session.ping() : ({ kind: 'ok' } as const);
          this.addResult(batch, r, false);
          break;
        }
        case Command.QUERY: {
          const results = await session.query(decodeQuery(payload));
          // A LOAD DATA LOCAL exchange may have moved the sequence on.
          return await this.writeResults(new PacketBatch(this.seq), results, false);
        }
        case Command.INIT_DB: {
          const db = decodeInitDb(payload);
          const r = await session.initDb(db);
          if (r.kind === 'ok') this.database = db;
          this.addResult(batch, r, false);
          break;
        }
        case Command.FIELD_LIST: {
          const { table, wildcard } = decodeFieldList(payload);
          const r = await session.fieldList(table, wildcard);
          if ('kind' in r) this.addResult(batch, r, false);
          else {
            for (const c of r) batch.add(encodeColumnDefinition(c, null));
            this.addEnd(batch, false);
          }
          break;
        }
        case Command.STATISTICS:
          batch.add(Buffer.from(await session.statistics(), 'utf8'));
          break;
        case Command.STMT_PREPARE:
          await this.prepare(batch, session, decodeStmtPrepare(payload));
          break;
        case Command.STMT_EXECUTE: {
          const id = peekStatementId(payload);
          const st = this.statements.get(id);
          if (!st) throw new UnknownStatementError(id, 'mysqld_stmt_execute');
          const m = decodeStmtExecute(payload, {
            paramCount: st.paramCount,
            ...(st.types !== undefined ? { previousTypes: st.types } : {}),
            longData: st.longData,
          });
          st.types = m.paramTypes;
          st.longData.clear();
          return await this.writeResults(batch, await session.execute(id, m.params), true);
        }
        case Command.STMT_SEND_LONG_DATA: {
          const m = decodeSendLongData(payload);
          const st = this.statements.get(m.statementId);
          if (st && m.paramId < st.paramCount) {
            const prev = st.longData.get(m.paramId);
            st.longData.set(m.paramId, prev ? Buffer.concat([prev, m.data]) : m.data);
          }
          return; // no reply, ever
        }
        case Command.STMT_CLOSE: {
          const id = decodeStmtClose(payload);
          if (this.statements.delete(id)) session.closeStatement(id);
          return; // no reply
        }
        case Command.STMT_RESET: {
          const id = decodeStmtReset(payload);
          const st = this.statements.get(id);
          if (!st) throw new UnknownStatementError(id, 'mysqld_stmt_reset');
          st.longData.clear();
          this.addResult(batch, await session.resetStatement(id), false);
          break;
        }
        case Command.RESET_CONNECTION: {
          for (const id of this.statements.keys()) session.closeStatement(id);
          this.statements.clear();
          this.addResult(batch, await session.resetConnection(), false);
          break;
        }
        case Command.SET_OPTION:
          this.addResult(batch, { kind: 'ok' }, false);
          break;
        case Command.CHANGE_USER: {
          const m = decodeChangeUser(payload, this.capabilities);
          for (const id of this.statements.keys()) session.closeStatement(id);
          this.statements.clear();
          this.user = m.username;
          this.database = m.database !== '' ? m.database : undefined;
          if (m.charset !== undefined) this.charset = m.charset;
          this.attributes = m.connectAttributes;
          this.auth = this.newAuth(m.username);
          this.phase = 'auth';
          this.authIsChangeUser = true;
          this.reader.expectSequence(this.seq);
          return await this.onAuthStep(this.auth.start(m.authResponse, m.authPluginName ?? 'mysql_native_password'));
        }
        default:
          throw new UnknownCommandError(command ?? -1);
      }
    } catch (e) {
      if (e instanceof WireError && !(e instanceof UnknownStatementError) && !(e instanceof UnknownCommandError) && !(e instanceof MalformedPacketError)) {
        throw e;
      }
      const fresh = new PacketBatch(this.seq);
      fresh.add(encodeErr(toSqlError(e)));
      this.write(fresh);
      return;
    }
    this.write(batch);
  }

  private async prepare(batch: PacketBatch, session: SessionHandler, sql: string): Promise<void> {
    const r = await session.prepare(sql);
    if ('kind' in r) {
      batch.add(encodeErr(r));
      return;
    }
    this.statements.set(r.statementId, { paramCount: r.paramCount, columns: r.columns, longData: new Map() });
    batch.add(encodePrepareOk({ statementId: r.statementId, columnCount: r.columns.length, paramCount: r.paramCount, warnings: r.warnings ?? 0 }));
    if (r.paramCount > 0) {
      for (let i = 0; i < r.paramCount; i++) batch.add(encodeColumnDefinition(r.params?.[i] ?? { name: '?', type: 253, charset: Charset.binary }));
      if (!this.deprecateEof()) batch.add(encodeEof(this.statusFlags(false)));
    }
    if (r.columns.length > 0) this.addColumns(batch, r.columns);
  }
}
