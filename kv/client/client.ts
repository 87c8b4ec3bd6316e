// connect(): the one call an application or the SQL layer makes to reach a cluster. Given PD's
// address it wires the pieces of kv/client together — PD client (batched TSO), region cache,
// pooled store connections, request sender — and hands out the raw and transactional APIs.
// close() ends the TSO stream, waits briefly for background commits and closes every channel,
// so a process that closed its client can exit.
import type { Region } from '../meta.js';
import { CopClient } from './coprocessor-client.js';
import { KvConnectionPool } from './kv-connection.js';
import { PdClient, type PdClientOptions } from './pd-client.js';
import { RawClient, type RawClientOptions } from './raw-client.js';
import { RegionCache } from './region-cache.js';
import { RegionRequestSender } from './region-request.js';
import { splitRegions } from './split.js';
import { TxnClient, type TxnClientOptions } from './txn-client.js';

export interface ConnectOptions {
  /** PD's gRPC address, host:port. */
  readonly pd: string;
  readonly pdOptions?: PdClientOptions | undefined;
  /** Deadline of one KV request attempt (ms). */
  readonly kvTimeoutMs?: number | undefined;
  /** Small requests over one BatchCommands stream per store (default true; STRATA_KV_BATCH_COMMANDS=0 turns it off). */
  readonly batchCommands?: boolean | undefined;
  readonly raw?: RawClientOptions | undefined;
  readonly txn?: TxnClientOptions | undefined;
}

export interface StrataClient {
  readonly pd: PdClient;
  readonly raw: RawClient;
  readonly txn: TxnClient;
  readonly regionCache: RegionCache;
  /** Coprocessor DAGs over key ranges, one task per region, in parallel. */
  readonly cop: CopClient;
  /** Splits regions at internal keys (see kv/meta.ts toInternal); returns the new regions. */
  splitRegions(internalKeys: readonly Uint8Array[]): Promise<Region[]>;
  /** Ends every stream and channel; waits up to a few seconds for background commits. */
  close(): Promise<void>;
}

/** Connects to a cluster through its PD (waiting for PD to answer, within the PD retry budget). */
export async function connect(options: ConnectOptions): Promise<StrataClient> {
  const pd = await PdClient.connect(options.pd, options.pdOptions);
  const cache = new RegionCache(pd);
  const pool = new KvConnectionPool(options.kvTimeoutMs, options.batchCommands ?? process.env.STRATA_KV_BATCH_COMMANDS !== '0');
  const sender = new RegionRequestSender(cache, pool);
  const raw = new RawClient(sender, options.raw);
  const txn = new TxnClient(sender, pd, options.txn);
  const cop = new CopClient({ sender, resolver: txn.resolver, budgetMs: options.txn?.backoffBudgetMs ?? 40_000 });
  let closing: Promise<void> | undefined;
  return {
    pd,
    raw,
    txn,
    regionCache: cache,
    cop,
    splitRegions: (keys) => splitRegions(sender, keys),
    close(): Promise<void> {
      closing ??= (async () => {
        await txn.close();
        pool.close();
        pd.close();
      })();
      return closing;
    },
  };
}
