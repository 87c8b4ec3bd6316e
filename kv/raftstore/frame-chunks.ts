// Cutting raft frames into stream messages of bounded size, and joining them again. A frame holds
// every envelope queued in one turn of the event loop, snapshots included, and a region snapshot
// is as large as the region's data (up to the split size, 96 MiB by default): sent as one gRPC
// message it would pass the receiving server's message limit and the stream would break on every
// retry, so a peer that needs a snapshot would never get one. TiKV sends snapshots in 1 MiB
// chunks for the same reason. Pure logic; grpc-transport.ts writes and reads the pieces.
//
// Each stream message starts with one byte: WHOLE (a complete frame follows), MORE (a piece, more
// pieces follow) or LAST (the last piece). Pieces of one frame are never interleaved with another
// frame's: one stream per store pair, written in order.
import { StrataError } from '../../util/errors.js';

const WHOLE = 0;
const MORE = 1;
const LAST = 2;

/** Pieces of at most this many payload bytes (TiKV's snapshot chunk size). */
export const FRAME_CHUNK_BYTES = 1024 * 1024;
/** A frame being joined may not grow past this: a larger one is a broken or hostile peer. */
export const MAX_FRAME_BYTES = 1024 * 1024 * 1024;

export class MalformedRaftStream extends StrataError {
  readonly code = 'KV:Raft:MalformedStream';
}

/** The stream messages that carry `frame`: one when it fits in a chunk, else one per chunk. */
export function chunkFrame(frame: Uint8Array, chunkBytes = FRAME_CHUNK_BYTES): Buffer[] {
  if (frame.length <= chunkBytes) return [Buffer.concat([Buffer.of(WHOLE), frame])];
  const out: Buffer[] = [];
  for (let at = 0; at < frame.length; at += chunkBytes) {
    const end = Math.min(at + chunkBytes, frame.length);
    out.push(Buffer.concat([Buffer.of(end === frame.length ? LAST : MORE), frame.subarray(at, end)]));
  }
  return out;
}

/** Joins the messages of one stream back into frames, in order. */
export class FrameJoiner {
  private pieces: Buffer[] = [];
  private size = 0;

  constructor(private readonly maxFrameBytes = MAX_FRAME_BYTES) {}

  /** The frame this message completes, or undefined while a chunked frame is still arriving. */
  push(message: Buffer): Buffer | undefined {
    if (message.length === 0) throw new MalformedRaftStream('an empty raft stream message');
    const kind = message[0];
    const body = message.subarray(1);
    if (kind === WHOLE) {
      if (this.pieces.length > 0) throw new MalformedRaftStream('a whole frame arrived in the middle of a chunked one');
      return body;
    }
    if (kind !== MORE && kind !== LAST) throw new MalformedRaftStream(`unknown raft stream message kind ${String(kind)}`);
    this.size += body.length;
    if (this.size > this.maxFrameBytes) throw new MalformedRaftStream(`a chunked raft frame passed ${this.maxFrameBytes} bytes`);
    this.pieces.push(body);
    if (kind === MORE) return undefined;
    const frame = Buffer.concat(this.pieces, this.size);
    this.pieces = [];
    this.size = 0;
    return frame;
  }
}
