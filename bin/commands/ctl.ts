// `strata ctl --pd HOST:PORT <command>`: command-line access to a cluster, as tikv-ctl / pd-ctl
// give: raw and transactional get/put/delete/scan, timestamps, stores and regions, and a manual
// region split; in raft mode leader transfers, peers added and removed by hand and stores taken
// out (through PD operators). Output is a table, or JSON with --json. Keys and values are text; --hex reads
// and prints them as hex.
import { connect } from '../../kv/client/index.js';
import { toInternal, type Keyspace, type Region } from '../../kv/meta.js';
import { logicalOf, physicalOf } from '../../kv/txn-types.js';
import { printable } from '../../util/bytes.js';
import { helpText, parseOptions, UsageError } from './args.js';

const spec = {
  pd: { type: 'string', default: '127.0.0.1:2379', help: 'PD address host:port' },
  json: { type: 'boolean', help: 'print JSON instead of a table' },
  hex: { type: 'boolean', help: 'keys and values are given and printed as hex' },
  limit: { type: 'number', default: 100, help: 'scan limit' },
  reverse: { type: 'boolean', help: 'scan from the end' },
  ttl: { type: 'number', default: 0, help: 'raw put: time to live in seconds' },
  keyspace: { type: 'string', default: 'internal', help: "region get/split: the key's keyspace (raw, txn or internal)" },
  help: { type: 'boolean', help: 'show this help' },
} as const;

const USAGE = `strata ctl [--pd HOST:PORT] [--json] [--hex] <command>

commands:
  raw get KEY | raw put KEY VALUE [--ttl S] | raw delete KEY | raw scan [START [END]] [--limit N] [--reverse]
  txn get KEY | txn put KEY VALUE | txn delete KEY | txn scan [START [END]] [--limit N]
  tso
  store list | store delete STORE
  region list | region get KEY [--keyspace raw|txn|internal] | region split KEY [--keyspace …]
  region transfer-leader REGION STORE | region add-peer REGION STORE | region remove-peer REGION STORE

Raft mode (strata kv --raft): transfer-leader, add-peer and remove-peer hand PD an operator that
the region's leader carries out through its raft log (wait a few heartbeats, then 'region list');
store delete moves every peer off a store, which then becomes a tombstone. PD's replica checker
keeps --max-replicas voters per region, so a peer added or removed by hand may be evened out.`;

type Row = Record<string, string | number>;

function printRows(rows: Row[], json: boolean): void {
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  if (rows.length === 0) {
    console.log('(empty)');
    return;
  }
  const cols = Object.keys(rows[0] as Row);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd();
  console.log(line(cols));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c] ?? ''))));
}

function regionRow(r: Region, leader: number | undefined, hex: boolean): Row {
  const show = (k: Buffer): string => (k.length === 0 ? '' : hex ? k.toString('hex') : printable(k));
  return {
    id: r.id,
    start_key: show(r.startKey),
    end_key: show(r.endKey),
    version: r.epoch.version,
    conf_ver: r.epoch.confVer,
    peers: r.peers.map((p) => `${p.id}@store${p.storeId}`).join(','),
    leader_store: leader ?? '',
  };
}

function idArg(s: string | undefined, what: string): number {
  if (s === undefined) throw new UsageError(`missing ${what}`);
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${what} must be a positive integer id, got '${s}'`);
  return n;
}

export async function run(args: string[]): Promise<number> {
  let opts;
  try {
    opts = parseOptions(spec, args);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`strata ctl: ${err.message}\n\n${helpText(USAGE, spec)}`);
      return 2;
    }
    throw err;
  }
  const [group, verb, ...rest] = opts._;
  if (opts.help || !group) {
    console.log(helpText(USAGE, spec));
    return opts.help ? 0 : 2;
  }
  const hex = opts.hex;
  const inBytes = (s: string | undefined, what: string): Buffer => {
    if (s === undefined) throw new UsageError(`missing ${what}`);
    return hex ? Buffer.from(s, 'hex') : Buffer.from(s, 'utf8');
  };
  const out = (b: Uint8Array): string => (hex ? Buffer.from(b).toString('hex') : Buffer.from(b).toString('utf8'));
  const client = await connect({ pd: opts.pd });
  try {
    const key = `${group}${verb ? ` ${verb}` : ''}`;
    switch (key) {
      case 'raw get':
      case 'txn get': {
        const k = inBytes(rest[0], 'KEY');
        let v: Uint8Array | undefined;
        if (group === 'raw') v = await client.raw.get(k);
        else {
          const txn = await client.txn.begin();
          v = await txn.get(k);
          await txn.rollback();
        }
        if (v === undefined) {
          console.error('(not found)');
          return 1;
        }
        printRows([{ key: out(k), value: out(v) }], opts.json);
        return 0;
      }
      case 'raw put':
        await client.raw.put(inBytes(rest[0], 'KEY'), inBytes(rest[1], 'VALUE'), { ttl: opts.ttl });
        console.log('OK');
        return 0;
      case 'raw delete':
        await client.raw.delete(inBytes(rest[0], 'KEY'));
        console.log('OK');
        return 0;
      case 'txn put':
      case 'txn delete': {
        const txn = await client.txn.begin();
        if (verb === 'put') txn.set(inBytes(rest[0], 'KEY'), inBytes(rest[1], 'VALUE'));
        else txn.delete(inBytes(rest[0], 'KEY'));
        await txn.commit();
        console.log('OK');
        return 0;
      }
      case 'raw scan':
      case 'txn scan': {
        const start = rest[0] === undefined ? undefined : inBytes(rest[0], 'START');
        const end = rest[1] === undefined ? undefined : inBytes(rest[1], 'END');
        let pairs;
        if (group === 'raw') pairs = await client.raw.scan(start, end, opts.limit, { reverse: opts.reverse });
        else {
          const txn = await client.txn.begin();
          pairs = await txn.scan(start, end, opts.limit);
          await txn.rollback();
        }
        printRows(
          pairs.map((p) => ({ key: out(p.key), value: out(p.value) })),
          opts.json,
        );
        return 0;
      }
      case 'tso': {
        const t = await client.pd.getTs();
        printRows([{ tso: t.toString(), physical: new Date(physicalOf(t)).toISOString(), logical: logicalOf(t) }], opts.json);
        return 0;
      }
      case 'store list': {
        const stores = await client.pd.getAllStores();
        printRows(
          stores.map((s) => ({
            id: s.store.id,
            address: s.store.address,
            status_address: s.store.statusAddress,
            state: s.store.state,
            liveness: s.liveness,
            regions: s.regionCount,
            leaders: s.leaderCount,
            last_heartbeat: s.lastHeartbeatMs ? new Date(s.lastHeartbeatMs).toISOString() : '',
          })),
          opts.json,
        );
        return 0;
      }
      case 'region list': {
        const regions = await client.pd.scanRegions(Buffer.alloc(0), Buffer.alloc(0), 0);
        printRows(
          regions.map((r) => regionRow(r.region, r.leader?.storeId, hex)),
          opts.json,
        );
        return 0;
      }
      case 'store delete': {
        const id = idArg(rest[0], 'STORE');
        await client.pd.deleteStore(id);
        console.log(`store ${id} is offline: PD moves its peers to other stores, then makes it a tombstone`);
        return 0;
      }
      case 'region transfer-leader':
      case 'region add-peer':
      case 'region remove-peer': {
        const desc = await client.pd.addOperator(idArg(rest[0], 'REGION'), verb as 'transfer-leader' | 'add-peer' | 'remove-peer', idArg(rest[1], 'STORE'));
        console.log(`PD: ${desc} (carried out by the region's leader on its next heartbeats)`);
        return 0;
      }
      case 'region get':
      case 'region split': {
        const raw = inBytes(rest[0], 'KEY');
        const space = opts.keyspace;
        if (space !== 'internal' && space !== 'raw' && space !== 'txn') throw new UsageError(`--keyspace must be raw, txn or internal, got ${space}`);
        const internal = space === 'internal' ? raw : toInternal(space as Keyspace, raw);
        if (verb === 'split') {
          const regions = await client.splitRegions([internal]);
          printRows(
            regions.map((r) => regionRow(r, undefined, hex)),
            opts.json,
          );
          return 0;
        }
        const info = await client.pd.getRegion(internal);
        if (!info) {
          console.error('(no region)');
          return 1;
        }
        printRows([regionRow(info.region, info.leader?.storeId, hex)], opts.json);
        return 0;
      }
      default:
        throw new UsageError(`unknown command '${key}'`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`strata ctl: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    console.error(`strata ctl: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await client.close();
  }
}
