// The socket-free packet parser: byte-offset splits, 16 MiB joins, max_allowed_packet, sequence ids.
import { describe, expect, it } from 'vitest';
import {
  MAX_PACKET_PAYLOAD,
  MalformedPacketError,
  PacketBatch,
  PacketOutOfOrderError,
  PacketReader,
  PacketTooLargeError,
  TruncatedPacketError,
  WireError,
  framePacket,
  type Packet,
} from '../../wire/index.js';

function stream(payloads: readonly Uint8Array[], firstSeq = 0): Buffer {
  const b = new PacketBatch(firstSeq);
  for (const p of payloads) b.add(p);
  return b.toBuffer();
}

function payloadsOf(packets: readonly Packet[]): string[] {
  return packets.map((p) => p.payload.toString('hex'));
}

describe('PacketReader', () => {
  const payloads = [Buffer.from('hello'), Buffer.alloc(0), Buffer.from([0x03, 0x53, 0x45, 0x4c]), Buffer.alloc(300, 7)];
  const bytes = stream(payloads);
  const expected = payloads.map((p) => p.toString('hex'));

  it('yields the same payloads however the stream is split in two, at every byte offset', () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const r = new PacketReader();
      const got = [...r.feed(bytes.subarray(0, cut)), ...r.feed(bytes.subarray(cut))];
      expect(payloadsOf(got)).toEqual(expected);
      expect(r.idle).toBe(true);
      r.end();
    }
  });

  it('yields the same payloads when split in three, at every pair of offsets', () => {
    const small = stream([Buffer.from('ab'), Buffer.alloc(0), Buffer.from('xyz')]);
    for (let a = 0; a <= small.length; a++) {
      for (let b = a; b <= small.length; b++) {
        const r = new PacketReader();
        const got = [...r.feed(small.subarray(0, a)), ...r.feed(small.subarray(a, b)), ...r.feed(small.subarray(b))];
        expect(payloadsOf(got)).toEqual(['6162', '', '78797a']);
      }
    }
  });

  it('yields the same payloads when fed one byte at a time', () => {
    const r = new PacketReader();
    const got: Packet[] = [];
    for (const byte of bytes) got.push(...r.feed(Uint8Array.of(byte)));
    expect(payloadsOf(got)).toEqual(expected);
    expect(got.map((p) => p.sequenceId)).toEqual([0, 1, 2, 3]);
  });

  it('joins a payload of exactly 0xFFFFFF bytes with its empty trailing packet', () => {
    const big = Buffer.alloc(MAX_PACKET_PAYLOAD, 0xab);
    const framed = framePacket(big, 0);
    expect(framed.bytes.length).toBe(MAX_PACKET_PAYLOAD + 8);
    expect(framed.nextSequenceId).toBe(2);
    expect(framed.bytes.subarray(MAX_PACKET_PAYLOAD + 4)).toEqual(Buffer.from([0, 0, 0, 1]));
    const r = new PacketReader();
    const got = r.feed(framed.bytes);
    expect(got).toHaveLength(1);
    expect(got[0]?.payload.length).toBe(MAX_PACKET_PAYLOAD);
    expect(got[0]?.sequenceId).toBe(0);
    expect(got[0]?.lastSequenceId).toBe(1);
  });

  it('joins a payload over 16 MiB split at the fragment boundaries and at odd offsets', () => {
    const size = MAX_PACKET_PAYLOAD * 2 + 10;
    const big = Buffer.alloc(size);
    for (let i = 0; i < size; i += 4099) big[i] = i & 0xff;
    const framed = framePacket(big, 5).bytes;
    expect(framed.readUIntLE(0, 3)).toBe(MAX_PACKET_PAYLOAD);
    expect(framed[3]).toBe(5);
    for (const cut of [1, 3, 4, MAX_PACKET_PAYLOAD + 3, MAX_PACKET_PAYLOAD + 4, MAX_PACKET_PAYLOAD + 6, framed.length - 1]) {
      const r = new PacketReader();
      r.expectSequence(5);
      const got = [...r.feed(framed.subarray(0, cut)), ...r.feed(framed.subarray(cut))];
      expect(got).toHaveLength(1);
      expect(got[0]?.payload.equals(big)).toBe(true);
      expect(got[0]?.lastSequenceId).toBe(7);
      expect(r.expectedSequence).toBe(8);
    }
  });

  it('wraps sequence ids at 256', () => {
    const r = new PacketReader();
    r.expectSequence(255);
    const got = r.feed(stream([Buffer.from('a'), Buffer.from('b')], 255));
    expect(got.map((p) => p.sequenceId)).toEqual([255, 0]);
  });

  it('refuses a packet over max_allowed_packet from its header alone, with MySQL error 1153', () => {
    const r = new PacketReader({ maxAllowedPacket: 100 });
    const header = Buffer.from([101, 0, 0, 0]);
    let err: unknown;
    try {
      r.feed(header);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PacketTooLargeError);
    const e = err as PacketTooLargeError;
    expect(e.errno).toBe(1153);
    expect(e.sqlState).toBe('08S01');
    expect(e.message).toBe("Got a packet bigger than 'max_allowed_packet' bytes");
    expect(e.code).toBe('Wire:PacketTooLarge');
    // the stream is poisoned afterwards
    expect(() => r.feed(Buffer.from('x'))).toThrow(PacketTooLargeError);
  });

  it('accepts a packet of exactly max_allowed_packet bytes', () => {
    const r = new PacketReader({ maxAllowedPacket: 100 });
    expect(r.feed(stream([Buffer.alloc(100)]))).toHaveLength(1);
  });

  it('counts the joined size of split packets against max_allowed_packet', () => {
    const r = new PacketReader({ maxAllowedPacket: MAX_PACKET_PAYLOAD + 5 });
    const framed = framePacket(Buffer.alloc(MAX_PACKET_PAYLOAD + 6), 0).bytes;
    expect(() => r.feed(framed)).toThrow(PacketTooLargeError);
  });

  it('throws PacketOutOfOrderError on an unexpected sequence id', () => {
    const r = new PacketReader();
    expect(() => r.feed(stream([Buffer.from('a')], 3))).toThrow(PacketOutOfOrderError);
    const r2 = new PacketReader();
    const twoPackets = Buffer.concat([stream([Buffer.from('a')], 0), stream([Buffer.from('b')], 0)]);
    r2.push(twoPackets);
    expect(r2.next()?.payload.toString()).toBe('a');
    try {
      r2.next();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PacketOutOfOrderError);
      expect((e as PacketOutOfOrderError).expected).toBe(1);
      expect((e as PacketOutOfOrderError).got).toBe(0);
      expect((e as PacketOutOfOrderError).errno).toBe(1156);
    }
  });

  it('lets the caller reset the expected sequence id between pipelined commands', () => {
    const r = new PacketReader();
    r.push(Buffer.concat([stream([Buffer.from('a')], 0), stream([Buffer.from('b')], 0)]));
    expect(r.next()?.payload.toString()).toBe('a');
    r.expectSequence(0);
    expect(r.next()?.payload.toString()).toBe('b');
  });

  it('reports a stream that ends mid-packet as TruncatedPacketError, at every cut', () => {
    for (let cut = 1; cut < bytes.length; cut++) {
      const r = new PacketReader();
      r.feed(bytes.subarray(0, cut));
      if (r.idle) continue;
      expect(() => r.end()).toThrow(TruncatedPacketError);
    }
  });

  it('never throws anything but a WireError on random garbage', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let round = 0; round < 500; round++) {
      const garbage = Buffer.alloc(rand() % 64);
      for (let i = 0; i < garbage.length; i++) garbage[i] = rand() & 0xff;
      const r = new PacketReader({ maxAllowedPacket: 1 << 20 });
      try {
        r.feed(garbage);
        r.end();
      } catch (e) {
        expect(e).toBeInstanceOf(WireError);
      }
    }
  });

  it('MalformedPacketError is a WireError with a code', () => {
    const e = new MalformedPacketError('x');
    expect(e).toBeInstanceOf(WireError);
    expect(e.code).toBe('Wire:MalformedPacket');
  });
});
