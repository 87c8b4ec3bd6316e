// gRPC settings and status helpers shared by kv/client's PD and KV channels.
import * as grpc from '@grpc/grpc-js';

/** Channel options for every channel kv/client opens: reconnect quickly after a server restart
 *  (grpc-js's default reconnect backoff grows to two minutes), allow large batches. */
export const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 1000,
  'grpc.max_receive_message_length': 64 * 1024 * 1024,
  'grpc.max_send_message_length': 64 * 1024 * 1024,
};

export function isServiceError(err: unknown): err is grpc.ServiceError {
  return err instanceof Error && 'code' in err && typeof (err as { code: unknown }).code === 'number';
}

/** gRPC statuses that mean "the server did not (certainly) get or answer the request": worth
 *  retrying after a pause, possibly elsewhere. */
export function isUnreachable(err: unknown): boolean {
  if (!isServiceError(err)) return false;
  return err.code === grpc.status.UNAVAILABLE || err.code === grpc.status.DEADLINE_EXCEEDED || err.code === grpc.status.CANCELLED;
}

export function statusName(code: number): string {
  return grpc.status[code] ?? String(code);
}
