// PacketReader: the socket-free parser of the MySQL packet stream.
//
// Every message in either direction travels in packets:
//
//     0        1        2        3        4 ...
//    +--------+--------+--------+--------+-----------------------------+
//    | payload length (3 bytes LE)| seq id | payload (length bytes)      |
//    +--------+--------+--------+--------+-----------------------------+
//
// A payload of 2^24-1 (0xFFFFFF) bytes or more cannot fit one header, so it is cut into fragments
// of exactly 0xFFFFFF bytes followed by one shorter fragment (possibly empty), each with the next
// sequence id. The reader joins them back into one payload:
//
//    [ffffff|s][16 MiB-1 bytes] [ffffff|s+1][16 MiB-1 bytes] [000005|s+2][5 bytes]  →  one payload
//
// Sequence ids count up by one (mod 256) across a conversation: a command starts at 0, the server's
// reply continues from the command's last id, the client's next packet in the same exchange (auth
// continuation) continues from the reply. The reader checks each fragment against the id it
// expects and throws PacketOutOfOrderError on a mismatch; the connection says which id it expects
// next (`expectSequence`) whenever it has written packets or a new command begins.
//
// Guarantees:
//  - Pure and incremental: `push` takes chunks cut anywhere (even inside the header); `next` returns
//    one complete payload or undefined. No sockets, no timers. Pulling one payload at a time lets the
//    caller reset the expected sequence id between pipelined commands.
//  - max_allowed_packet is enforced from the headers alone, before the payload arrives: a peer that
//    declares a 1 GiB packet is refused at once (PacketTooLargeError, MySQL 1153 / 08S01), so memory
//    stays bounded by the limit.
//  - After an error the stream cannot be trusted: every later call throws the same error.
//  - Chunks are kept in a list and copied once per payload, so a large packet arriving in many
//    small chunks costs O(size), not O(size^2).

import { MAX_PACKET_PAYLOAD, PACKET_HEADER_SIZE, DEFAULT_MAX_ALLOWED_PACKET } from './constants.js';
import { PacketOutOfOrderError, PacketTooLargeError, TruncatedPacketError, type WireError } from './errors.js';

/** One complete (joined) payload. */
export interface Packet {
  /** Sequence id of the first fragment. */
  readonly sequenceId: number;
  /** Sequence id of the last fragment (equals sequenceId unless the payload was split). */
  readonly lastSequenceId: number;
  readonly payload: Buffer;
}

export interface PacketReaderOptions {
  /** Largest joined payload accepted, in bytes (MySQL's max_allowed_packet). */
  readonly maxAllowedPacket?: number;
  /** Check sequence ids (default true). */
  readonly checkSequence?: boolean;
}

export class PacketReader {
  private chunks: Buffer[] = [];
  private head = 0; // consumed bytes of chunks[0]
  private buffered = 0; // unconsumed bytes over all chunks
  private expected = 0;
  private failed: WireError | undefined;
  // A payload being joined from 0xFFFFFF fragments.
  private fragments: Buffer[] = [];
  private fragmentBytes = 0;
  private firstSeq = 0;
  private maxAllowed: number;
  private readonly checkSequence: boolean;

  constructor(options: PacketReaderOptions = {}) {
    this.maxAllowed = options.maxAllowedPacket ?? DEFAULT_MAX_ALLOWED_PACKET;
    this.checkSequence = options.checkSequence ?? true;
  }

  /** Bytes received and not yet returned as part of a payload. */
  get bufferedBytes(): number {
    return this.buffered + this.fragmentBytes;
  }

  /** The sequence id the next fragment must carry. */
  get expectedSequence(): number {
    return this.expected;
  }

  /** Whether the reader sits at a packet boundary (nothing partial buffered). */
  get idle(): boolean {
    return this.buffered === 0 && this.fragments.length === 0;
  }

  /** Set the sequence id the next packet must carry (0 at the start of each command). */
  expectSequence(id: number): void {
    this.expected = id & 0xff;
  }

  setMaxAllowedPacket(bytes: number): void {
    this.maxAllowed = bytes;
  }

  /** Append bytes from the stream (any size, cut anywhere). */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.chunks.push(buf);
    this.buffered += buf.length;
  }

  /** The next complete payload, or undefined when more bytes are needed. Throws a WireError on bad input. */
  next(): Packet | undefined {
    if (this.failed) throw this.failed;
    for (;;) {
      if (this.buffered < PACKET_HEADER_SIZE) return undefined;
      const header = this.peek(PACKET_HEADER_SIZE);
      const length = (header[0] as number) | ((header[1] as number) << 8) | ((header[2] as number) << 16);
      const seq = header[3] as number;
      if (this.checkSequence && seq !== this.expected) return this.fail(new PacketOutOfOrderError(this.expected, seq));
      const total = this.fragmentBytes + length;
      if (total > this.maxAllowed) return this.fail(new PacketTooLargeError(total, this.maxAllowed));
      if (this.buffered < PACKET_HEADER_SIZE + length) return undefined;
      this.skip(PACKET_HEADER_SIZE);
      const body = this.take(length);
      if (this.fragments.length === 0) this.firstSeq = seq;
      this.expected = (seq + 1) & 0xff;
      if (length === MAX_PACKET_PAYLOAD) {
        this.fragments.push(body);
        this.fragmentBytes += length;
        continue;
      }
      let payload = body;
      if (this.fragments.length > 0) {
        this.fragments.push(body);
        payload = Buffer.concat(this.fragments, total);
        this.fragments = [];
        this.fragmentBytes = 0;
      }
      return { sequenceId: this.firstSeq, lastSequenceId: seq, payload };
    }
  }

  /** Remove and return every byte not yet parsed (at a packet boundary only: a STARTTLS switch). */
  takeBuffered(): Buffer {
    const rest = this.buffered === 0 ? Buffer.alloc(0) : this.take(this.buffered);
    this.chunks = [];
    this.head = 0;
    this.buffered = 0;
    return rest;
  }

  /** Push a chunk and return every payload now complete (for tests and simple callers). */
  feed(chunk: Uint8Array): Packet[] {
    this.push(chunk);
    const out: Packet[] = [];
    for (let p = this.next(); p !== undefined; p = this.next()) out.push(p);
    return out;
  }

  /** The stream ended: throws TruncatedPacketError if a packet was left half-received. */
  end(): void {
    if (this.failed) throw this.failed;
    if (this.idle) return;
    let missing = PACKET_HEADER_SIZE - this.buffered;
    if (this.buffered >= PACKET_HEADER_SIZE) {
      const h = this.peek(PACKET_HEADER_SIZE);
      const length = (h[0] as number) | ((h[1] as number) << 8) | ((h[2] as number) << 16);
      missing = PACKET_HEADER_SIZE + length - this.buffered;
      if (length === MAX_PACKET_PAYLOAD && missing === 0) missing = PACKET_HEADER_SIZE;
    }
    if (missing <= 0) missing = PACKET_HEADER_SIZE; // a joined payload still waits for its last fragment
    this.fail(new TruncatedPacketError(missing));
  }

  private fail(err: WireError): never {
    this.failed = err;
    this.chunks = [];
    this.fragments = [];
    this.buffered = 0;
    this.fragmentBytes = 0;
    throw err;
  }

  /** Copy of the first n buffered bytes (n small: the header), without consuming them. */
  private peek(n: number): Buffer {
    const first = this.chunks[0] as Buffer;
    if (first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    let off = this.head;
    for (const c of this.chunks) {
      const k = Math.min(n - filled, c.length - off);
      c.copy(out, filled, off, off + k);
      filled += k;
      off = 0;
      if (filled === n) break;
    }
    return out;
  }

  private skip(n: number): void {
    this.take(n);
  }

  /** Consume n buffered bytes: a view when they lie in one chunk, else one copy. */
  private take(n: number): Buffer {
    this.buffered -= n;
    const first = this.chunks[0];
    if (n === 0) return Buffer.alloc(0);
    if (first !== undefined && first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.head += n;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0] as Buffer;
      const k = Math.min(n - filled, c.length - this.head);
      c.copy(out, filled, this.head, this.head + k);
      filled += k;
      this.head += k;
      if (this.head === c.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    return out;
  }
}
