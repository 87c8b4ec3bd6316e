// Bad input over real sockets: thousands of random command packets and raw garbage; each
// connection gets answers or is closed, and the server keeps serving well-behaved clients.
import { connect as netConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import mysql from 'mysql2/promise';
import { Capability, InMemoryUserStore, PacketBatch, PacketReader, PayloadWriter, WireServer } from '../../wire/index.js';
import { FakeSessions } from './fake-session.js';

const servers: WireServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

let seed = 99;
const rand = (n: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};

/** Log in as root, send `payloads` as pipelined commands, then a PING; resolve how it ended. */
function session(port: number, payloads: Buffer[], rawGarbage?: Buffer): Promise<'closed' | 'pong'> {
  return new Promise((resolve) => {
    const sock = netConnect(port, '127.0.0.1');
    const reader = new PacketReader({ checkSequence: false });
    let phase: 'greeting' | 'login' | 'fuzz' = 'greeting';
    let pings = 0;
    const caps = Capability.PROTOCOL_41 | Capability.SECURE_CONNECTION | Capability.PLUGIN_AUTH | Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capability.DEPRECATE_EOF;
    sock.on('error', () => undefined);
    sock.on('close', () => resolve(pings > 0 ? 'pong' : 'closed'));
    sock.on('data', (chunk) => {
      let packets;
      try {
        packets = reader.feed(chunk);
      } catch {
        sock.destroy();
        return;
      }
      for (const p of packets) {
        if (phase === 'greeting') {
          phase = 'login';
          if (rawGarbage) {
            sock.write(rawGarbage);
            sock.end();
            return;
          }
          sock.write(new PacketBatch(1).add(new PayloadWriter().int4(caps).int4(1 << 24).int1(255).zeros(23).nulString('root').lenencString('').nulString('caching_sha2_password').finish()).toBuffer());
        } else if (phase === 'login') {
          phase = 'fuzz';
          const all = payloads.map((x) => new PacketBatch(0).add(x).toBuffer());
          all.push(new PacketBatch(0).add(Buffer.from([0x0e])).toBuffer(), new PacketBatch(0).add(Buffer.from([0x01])).toBuffer());
          sock.write(Buffer.concat(all));
        } else if (p.payload[0] === 0x00 && p.payload.length === 7 && p.sequenceId === 1) {
          pings++; // an OK; the last one is the PING's, then COM_QUIT closes
        }
      }
    });
  });
}

describe('fuzzing the server', () => {
  it('survives thousands of random command packets and raw garbage, and keeps serving', async () => {
    const server = new WireServer({ userStore: new InMemoryUserStore(), sessions: new FakeSessions(), maxAllowedPacket: 1 << 16 });
    servers.push(server);
    const { port } = await server.listen(0);
    const commands = [0x00, 0x02, 0x03, 0x04, 0x09, 0x0e, 0x11, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1f, 0x63, 0xff];
    const runs: Promise<'closed' | 'pong'>[] = [];
    for (let conn = 0; conn < 100; conn++) {
      const payloads: Buffer[] = [];
      for (let i = 0; i < 30; i++) {
        const p = Buffer.alloc(1 + rand(24));
        for (let j = 0; j < p.length; j++) p[j] = rand(256);
        p[0] = commands[rand(commands.length)] as number;
        if (p[0] === 0x01) p[0] = 0x0e; // no early COM_QUIT
        payloads.push(p);
      }
      runs.push(session(port, payloads));
    }
    for (let conn = 0; conn < 50; conn++) {
      const g = Buffer.alloc(rand(64));
      for (let j = 0; j < g.length; j++) g[j] = rand(256);
      runs.push(session(port, [], g));
    }
    // a declared 16 MiB packet that never arrives
    runs.push(session(port, [], Buffer.from([0xff, 0xff, 0xff, 0x01, 0, 0])));
    const outcomes = await Promise.all(runs);
    expect(outcomes.length).toBe(151);
    // every command-fuzzed connection answers its final PING: bad commands get ERR, not a hang-up
    expect(outcomes.slice(0, 100).every((o) => o === 'pong')).toBe(true);
    const c = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
    expect((await c.query('SELECT 1'))[0]).toEqual([{ 1: 1 }]);
    await c.end();
  });
});
