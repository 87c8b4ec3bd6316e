// WireServer: a net.Server that turns each accepted socket into a Connection. It owns connection
// ids, the set of live connections (closed together on shutdown) and max_connections (MySQL's
// error 1040 "Too many connections" sent as the greeting's place, then the socket closes).

import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createSecureContext, type SecureContext, type SecureContextOptions } from 'node:tls';
import { generateRsaKeys, type RsaKeys } from './auth.js';
import { DEFAULT_SERVER_CAPABILITIES } from './constants.js';
import { Connection } from './connection.js';
import { encodeErr } from './messages.js';
import { PacketBatch } from './packet-writer.js';
import type { SessionFactory } from './session-handler.js';
import type { UserStore } from './user-store.js';

export interface WireServerOptions {
  readonly userStore: UserStore;
  readonly sessions: SessionFactory;
  readonly serverVersion?: string;
  /** Plugin named in the greeting (default caching_sha2_password, MySQL 8's default). */
  readonly authPlugin?: string;
  readonly maxAllowedPacket?: number;
  readonly maxConnections?: number;
  /** RSA keys for caching_sha2 full auth without TLS; true generates a pair at start. */
  readonly rsa?: RsaKeys | boolean;
  readonly forceFullAuth?: boolean;
  /** Close connections idle this long (wait_timeout), in ms, when the session does not say. */
  readonly idleTimeoutMs?: number;
  /** Close connections that have not authenticated within this long (connect_timeout), in ms. */
  readonly connectTimeoutMs?: number;
  /** TLS key and certificate: CLIENT_SSL is advertised only when this is set. */
  readonly tls?: SecureContextOptions;
}

export class WireServer {
  private readonly server: Server;
  private readonly connections = new Map<number, Connection>();
  private nextId = 1;
  private readonly rsa: RsaKeys | undefined;
  private readonly tls: SecureContext | undefined;

  constructor(private readonly opts: WireServerOptions) {
    this.rsa = opts.rsa === true ? generateRsaKeys() : opts.rsa === false ? undefined : opts.rsa;
    this.tls = opts.tls !== undefined ? createSecureContext(opts.tls) : undefined;
    this.server = createServer((socket) => this.accept(socket));
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Listen (port 0 = any free port); resolves with the bound address. */
  listen(port = 4000, host = '127.0.0.1'): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Stop accepting, close every connection, and resolve when the port is released. */
  close(): Promise<void> {
    for (const c of this.connections.values()) c.close();
    this.connections.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const id = this.nextId++;
    const max = this.opts.maxConnections;
    if (max !== undefined && this.connections.size >= max) {
      socket.end(new PacketBatch(0).add(encodeErr({ errno: 1040, sqlState: '08004', message: 'Too many connections' })).toBuffer());
      socket.on('error', () => socket.destroy());
      return;
    }
    const conn = new Connection(socket, {
      connectionId: id,
      userStore: this.opts.userStore,
      sessions: this.opts.sessions,
      capabilities: DEFAULT_SERVER_CAPABILITIES,
      ...(this.opts.serverVersion !== undefined ? { serverVersion: this.opts.serverVersion } : {}),
      ...(this.opts.authPlugin !== undefined ? { authPlugin: this.opts.authPlugin } : {}),
      ...(this.opts.maxAllowedPacket !== undefined ? { maxAllowedPacket: this.opts.maxAllowedPacket } : {}),
      ...(this.rsa !== undefined ? { rsa: this.rsa } : {}),
      ...(this.tls !== undefined ? { tls: this.tls } : {}),
      ...(this.opts.idleTimeoutMs !== undefined ? { idleTimeoutMs: this.opts.idleTimeoutMs } : {}),
      ...(this.opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: this.opts.connectTimeoutMs } : {}),
      ...(this.opts.forceFullAuth !== undefined ? { forceFullAuth: this.opts.forceFullAuth } : {}),
      onClose: () => this.connections.delete(id),
    });
    this.connections.set(id, conn);
  }
}
