// A client that speaks the protocol with wire/'s own encoders, for commands no driver sends
// (COM_STMT_SEND_LONG_DATA, COM_FIELD_LIST …): packets go out as given, replies are read whole.
import { connect as netConnect, type Socket } from 'node:net';
import { Capability, PacketBatch, PacketReader, PayloadWriter, type Packet } from '../../wire/index.js';

export const BASE_CAPABILITIES = Capability.PROTOCOL_41 | Capability.SECURE_CONNECTION | Capability.PLUGIN_AUTH | Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA;

export class RawClient {
  private readonly reader = new PacketReader({ checkSequence: false });
  private readonly queue: Packet[] = [];
  private waiter: (() => void) | undefined;

  constructor(readonly sock: Socket) {
    sock.on('data', (c) => {
      this.queue.push(...this.reader.feed(c));
      this.waiter?.();
    });
  }

  /** Connects and logs in as root without a password; resolves after the server's OK. */
  static async login(port: number, caps: number): Promise<RawClient> {
    const c = new RawClient(netConnect(port, '127.0.0.1'));
    c.sock.on('error', () => undefined);
    await c.read(1); // greeting
    c.send(new PayloadWriter().int4(caps).int4(1 << 24).int1(255).zeros(23).nulString('root').lenencString('').nulString('caching_sha2_password').finish(), 1);
    const [ok] = await c.read(1);
    if (ok?.payload[0] !== 0x00) throw new Error(`login failed: ${ok?.payload.toString('hex') ?? 'no reply'}`);
    if (ok.sequenceId !== 2) throw new Error(`login OK with sequence id ${ok.sequenceId}, not 2`);
    return c;
  }

  async read(n: number): Promise<Packet[]> {
    while (this.queue.length < n) await new Promise<void>((r) => (this.waiter = r));
    return this.queue.splice(0, n);
  }

  send(payload: Uint8Array, seq = 0): void {
    this.sock.write(new PacketBatch(seq).add(payload).toBuffer());
  }

  close(): void {
    this.sock.destroy();
  }
}
