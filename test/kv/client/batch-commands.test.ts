// The BatchCommands stream against a real store over gRPC on loopback: many requests issued
// together are all answered, each with its own answer, the same as the unary call gives; a store
// refusal arrives as the unary call's gRPC status; a request past its deadline fails with
// DEADLINE_EXCEEDED; when the store goes away what was in flight fails with UNAVAILABLE (which the
// region sender retries) instead of hanging.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchCommandsStream } from '../../../kv/client/batch-commands.js';
import type { StrataClient } from '../../../kv/client/index.js';
import { toInternal } from '../../../kv/meta.js';
import { kvProto } from '../../../kv/proto/index.js';
import { epochToPb, peerToPb } from '../../../kv/proto/convert.js';
import type { KvClient } from '../../../kv/proto/generated/strata/kv/Kv.js';
import { InProcessCluster } from '../../helpers/in-process-cluster.js';

const key = (i: number): Buffer => Buffer.from(`bc${String(i).padStart(4, '0')}`);

describe('BatchCommands stream', () => {
  let cluster: InProcessCluster;
  let client: StrataClient;
  let kv: KvClient;
  let context: object;

  beforeAll(async () => {
    cluster = await InProcessCluster.start(1);
    client = await cluster.client();
    await client.raw.batchPut(Array.from({ length: 300 }, (_, i) => ({ key: key(i), value: Buffer.from(`v${i}`) })));
    const loc = await client.regionCache.locate(toInternal('raw', key(0)));
    context = { region_id: String(loc.region.id), region_epoch: epochToPb(loc.region.epoch), peer: peerToPb(loc.leader) };
    const Ctor = kvProto().strata.kv.Kv;
    kv = new Ctor(loc.storeAddress, grpc.credentials.createInsecure());
  });

  afterAll(async () => {
    kv?.close();
    await cluster?.stop();
  });

  const send = (s: BatchCommandsStream, field: 'raw_get' | 'raw_put', req: object, deadline = Date.now() + 5000): Promise<unknown> =>
    new Promise((resolve, reject) => s.send(field, req, deadline, (err, res) => (err ? reject(err) : resolve(res))));

  it('answers 300 requests sent at once, each with its own value', async () => {
    const s = new BatchCommandsStream(kv);
    try {
      const pending = Array.from({ length: 300 }, (_, i) => send(s, 'raw_get', { context, key: key(i) }));
      expect(s.inFlight).toBe(300);
      const got = (await Promise.all(pending)) as { value: Buffer; not_found: boolean }[];
      expect(got.map((r) => r.value.toString())).toEqual(Array.from({ length: 300 }, (_, i) => `v${i}`));
      expect(s.inFlight).toBe(0);
      // and through the client, which batches by default
      const values = await Promise.all(Array.from({ length: 50 }, (_, i) => client.raw.get(key(i * 6))));
      expect(values.map((v) => v?.toString())).toEqual(Array.from({ length: 50 }, (_, i) => `v${i * 6}`));
    } finally {
      s.close();
    }
  });

  it('passes on a refusal with the status the unary call gives', async () => {
    const s = new BatchCommandsStream(kv);
    try {
      const unary = await new Promise<grpc.ServiceError>((resolve) => kv.RawGet({ key: Buffer.from('x') }, (err) => resolve(err as grpc.ServiceError)));
      const batched = await send(s, 'raw_get', { key: Buffer.from('x') }).catch((e: grpc.ServiceError) => e);
      expect(unary.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect((batched as grpc.ServiceError).code).toBe(unary.code);
      expect((batched as grpc.ServiceError).details).toBe(unary.details);
    } finally {
      s.close();
    }
  });

  it('fails a request at its deadline', async () => {
    const s = new BatchCommandsStream(kv);
    try {
      const err = (await send(s, 'raw_get', { context, key: key(1) }, Date.now() - 1).catch((e: unknown) => e)) as grpc.ServiceError;
      expect(err.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    } finally {
      s.close();
    }
  });

  it('fails what is in flight with UNAVAILABLE when the store goes away, and a closed stream refuses', async () => {
    const s = new BatchCommandsStream(kv);
    const inFlight = Array.from({ length: 20 }, (_, i) => send(s, 'raw_put', { context, key: key(1000 + i), value: Buffer.from('x') }).catch((e: grpc.ServiceError) => e));
    await Promise.all(cluster.stores.map((st) => st.stop()));
    const after = await send(s, 'raw_get', { context, key: key(1) }).catch((e: grpc.ServiceError) => e);
    expect((after as grpc.ServiceError).code).toBe(grpc.status.UNAVAILABLE);
    for (const r of await Promise.all(inFlight)) {
      // each either happened before the stop or failed as unreachable
      if (r instanceof Error) expect([grpc.status.UNAVAILABLE, grpc.status.CANCELLED]).toContain((r as grpc.ServiceError).code);
    }
    s.close();
    const closed = await send(s, 'raw_get', { context, key: key(1) }).catch((e: grpc.ServiceError) => e);
    expect((closed as grpc.ServiceError).code).toBe(grpc.status.CANCELLED);
  });
});
