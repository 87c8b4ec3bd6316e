// The BatchCommands stream of the Kv service (TiKV's batch_commands): a client keeps one
// bidirectional stream per store and sends many small requests per message, each with an id; the
// store answers each with the same handler the unary method uses (routing, region errors, key
// errors, metrics are identical) and sends the answers back in batches, in completion order.
// What it saves is grpc-js's per-call set-up on both sides (an HTTP/2 stream, metadata, status
// trailers, interceptors), most of the cost of a small request.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../util/logger.js';
import { MAX_BATCH, METHOD_OF_FIELD, type BatchField } from '../proto/batch-commands.js';
import type { BatchCommandsRequest__Output } from '../proto/generated/strata/kv/BatchCommandsRequest.js';
import type { BatchCommandsResponse, _strata_kv_BatchCommandsResponse_Response as Answer } from '../proto/generated/strata/kv/BatchCommandsResponse.js';
import type { KvHandlers } from '../proto/generated/strata/kv/Kv.js';

type AnyUnary = (call: { request: unknown }, callback: grpc.sendUnaryData<unknown>) => void;

/** The open BatchCommands streams of a server: a stopping server ends them (each once its
 *  requests in flight are answered), or a graceful gRPC shutdown would wait for clients forever. */
export class BatchStreams {
  private readonly open = new Set<() => void>();
  private stopped = false;

  add(end: () => void): () => void {
    if (this.stopped) queueMicrotask(end);
    this.open.add(end);
    return () => this.open.delete(end);
  }

  endAll(): void {
    this.stopped = true;
    for (const end of [...this.open]) end();
  }
}

export function batchCommandsHandler(handlers: KvHandlers, log: Logger, streams = new BatchStreams()): grpc.handleBidiStreamingCall<BatchCommandsRequest__Output, BatchCommandsResponse> {
  return (call) => {
    let answers: Answer[] = [];
    let ids: string[] = [];
    let scheduled = false;
    let inFlight = 0;
    let clientDone = false;
    let gone = false;

    const flush = (): void => {
      scheduled = false;
      if (gone || answers.length === 0) return;
      call.write({ responses: answers, request_ids: ids });
      answers = [];
      ids = [];
      if (clientDone && inFlight === 0) call.end();
    };
    const answer = (id: string, a: Answer): void => {
      inFlight--;
      if (gone) return;
      answers.push(a);
      ids.push(id);
      if (answers.length >= MAX_BATCH) flush();
      else if (!scheduled) {
        // Answers that complete in the same turn of the event loop leave in one message.
        scheduled = true;
        setImmediate(flush);
      }
    };

    call.on('data', (msg: BatchCommandsRequest__Output) => {
      msg.requests.forEach((r, i) => {
        const id = msg.request_ids[i] ?? '0';
        inFlight++;
        const field = r.cmd as BatchField | undefined;
        const request = field ? r[field] : undefined;
        if (!field || !request) {
          answer(id, { status: grpc.status.INVALID_ARGUMENT, status_message: 'a batched request without a command' });
          return;
        }
        const handler = handlers[METHOD_OF_FIELD[field]] as unknown as AnyUnary;
        try {
          handler({ request }, (err, res) => {
            if (err) answer(id, { status: err.code ?? grpc.status.UNKNOWN, status_message: err.details ?? ('message' in err ? err.message : 'failed') });
            else answer(id, { [field]: res } as Answer);
          });
        } catch (err) {
          log.error({ err, field }, 'batched request failed');
          answer(id, { status: grpc.status.INTERNAL, status_message: String(err) });
        }
      });
    });
    const finish = (): void => {
      if (clientDone) return;
      clientDone = true;
      if (inFlight === 0 && !scheduled) call.end();
    };
    call.on('end', finish);
    const forget = streams.add(finish);
    const drop = (): void => {
      gone = true;
      forget();
    };
    call.on('cancelled', drop);
    call.on('error', drop);
    call.on('close', drop);
  };
}
