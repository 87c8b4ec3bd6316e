// One raftstore as its own process, for the multi-process tests: LevelDB in --dir, raft messages
// over gRPC on --port to the --peers (id=host:port,…), and region 1 bootstrapped over every
// peer's store when the disk has nothing yet. The test drives it with JSON lines on stdin and
// reads JSON answers on stdout:
//
//   {"id":1,"op":"put","key":"k","value":"v"}  → {"id":1,"ok":true}
//   {"id":2,"op":"read","key":"k"}             → {"id":2,"ok":true,"value":"v"}    (linearizable, leader only)
//   {"id":3,"op":"local","key":"k"}            → {"id":3,"ok":true,"value":"v"}    (what this store applied)
//   {"id":4,"op":"status"}                     → {"id":4,"ok":true,"leader":true,"leaderStore":2}
//   failures                                   → {"id":…,"ok":false,"error":"KV:Region:NotLeader","leaderStore":2}
import * as grpc from '@grpc/grpc-js';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { logger } from '../../../../util/logger.js';
import { StrataError } from '../../../../util/errors.js';
import { NotLeader } from '../../../../kv/region-errors.js';
import { GrpcTransport, RaftStore, raftServiceHandlers, RAFT_SERVICE } from '../../../../kv/raftstore/index.js';
import { LevelDbEngine, WriteBatch } from '../../../../kv/storage/index.js';

const { values } = parseArgs({ options: { store: { type: 'string' }, dir: { type: 'string' }, port: { type: 'string' }, peers: { type: 'string' } } });
const storeId = Number(values.store);
const peers = new Map<number, string>(
  (values.peers ?? '').split(',').map((p) => {
    const [id, addr] = p.split('=');
    return [Number(id), addr as string];
  }),
);
const log = logger('store-process');

const engine = await LevelDbEngine.open(values.dir as string);
const transport = new GrpcTransport(async (id) => {
  const a = peers.get(id);
  if (a === undefined) throw new Error(`unknown store ${id}`);
  return a;
}, log);
const holder: { store?: RaftStore } = {};
const server = new grpc.Server();
server.addService(RAFT_SERVICE, raftServiceHandlers((envs) => holder.store?.handleEnvelopes(envs), log));
await new Promise<number>((resolve, reject) => server.bindAsync(`127.0.0.1:${values.port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
const store = (holder.store = await RaftStore.open({ storeId, engine, transport, config: { tickMs: 20, electionTicks: 10, heartbeatTicks: 2, requestTimeoutMs: 3_000, logGcThreshold: 50 } }));
if (!store.region(1)) {
  const ids = [...peers.keys()].sort((a, b) => a - b);
  await store.bootstrapRegion({ id: 1, startKey: Buffer.alloc(0), endKey: Buffer.alloc(0), epoch: { confVer: 1, version: 1 }, peers: ids.map((s) => ({ id: 100 + s, storeId: s, role: 'voter' as const })) });
}
const s = store;

interface Request {
  readonly id: number;
  readonly op: 'put' | 'read' | 'local' | 'status';
  readonly key?: string;
  readonly value?: string;
}

async function run(req: Request): Promise<Record<string, unknown>> {
  const key = Buffer.from(req.key ?? '');
  switch (req.op) {
    case 'put':
      await s.propose(1, new WriteBatch().put('default', key, Buffer.from(req.value ?? '')));
      return {};
    case 'read': {
      const snap = await s.snapshot(1);
      try {
        const v = await snap.get('default', key);
        return v === undefined ? {} : { value: Buffer.from(v).toString() };
      } finally {
        await snap.release();
      }
    }
    case 'local': {
      const v = await engine.get('default', key);
      return v === undefined ? {} : { value: Buffer.from(v).toString() };
    }
    case 'status':
      return { leader: s.isLeader(1), leaderStore: s.leaderOf(1)?.storeId ?? 0 };
  }
}

const reply = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};

createInterface({ input: process.stdin }).on('line', (line) => {
  let req: Request;
  try {
    req = JSON.parse(line) as Request;
  } catch {
    return;
  }
  run(req).then(
    (r) => reply({ id: req.id, ok: true, ...r }),
    (err: unknown) =>
      reply({
        id: req.id,
        ok: false,
        error: err instanceof StrataError ? err.code : String(err),
        ...(err instanceof NotLeader ? { leaderStore: err.leader?.storeId ?? 0 } : {}),
      }),
  );
});
reply({ ready: true });
