// PD under hostile or untimely clients: undecodable request bytes, streams left open at shutdown.
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { AllocIDResponse__Output } from '../../../pd/proto/generated/strata/pd/AllocIDResponse.js';
import { errorType, rpc, startTestPd, TsoStream } from './helpers.js';

describe('PD robustness', () => {
  it('answers undecodable request bytes with a gRPC error and keeps serving', async () => {
    const pd = await startTestPd();
    const raw = new grpc.Client(`127.0.0.1:${pd.server.grpcPort}`, grpc.credentials.createInsecure());
    try {
      const err = await new Promise<grpc.ServiceError | null>((resolve) => {
        raw.makeUnaryRequest(
          '/strata.pd.PD/GetRegion',
          (b: Buffer) => b,
          (b: Buffer) => b,
          Buffer.from([0x12, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]), // field 2 claims a 4 GiB key
          (e) => resolve(e),
        );
      });
      expect(err?.code).toBe(grpc.status.INTERNAL);
    } finally {
      raw.close();
    }
    const ok = await rpc<AllocIDResponse__Output>((cb) => pd.client.AllocID({}, cb));
    expect(errorType(ok)).toBe('OK');
  });

  it('stops promptly while a TSO stream is still open, ending the stream', async () => {
    const pd = await startTestPd();
    const stream = new TsoStream(pd.client);
    await stream.request(1);
    const started = Date.now();
    await pd.server.stop();
    expect(Date.now() - started).toBeLessThan(1500);
    await expect(stream.request(1)).rejects.toThrow();
  });
});
