// A TESTING fail-point, not a feature: a network partition of this store's raft traffic, set at
// run time (the store's status port, `POST /fail/partition`, when the store was started with
// STRATA_FAILPOINTS_HTTP=1; see kv/server/status-server.ts). End-to-end tests and the torture
// nemesis use it to cut raft links between real processes without touching the network: the
// store stops sending raft envelopes to some stores and/or ignores the ones arriving from them.
// Only raft traffic is cut — PD heartbeats and client requests still reach the store, which is
// what a partition between stores' raft ports looks like to the rest of the cluster.
//
//   { "drop": [2, 3] }             both directions: nothing to stores 2 and 3, nothing from them
//   { "to": [2] }                  outgoing only: store 2 hears nothing from us, we still hear it
//   { "from": [2] }                incoming only: we ignore store 2, it still hears us
//   { "drop": [] }  (or {})        heal: every link open again
//
// Each request replaces the whole partition (fields merge: `drop` adds to both `to` and `from`).
// Setting a both-ways drop on one store alone isolates the pair completely; a one-sided partition
// is `to` on one side (or, equally, `from` on the other). The decision is a pure function of the
// envelope and the current spec; the transports call it on every envelope they carry.
import { StrataError } from '../../util/errors.js';
import type { RaftEnvelope } from './transport.js';

export interface PartitionSpec {
  /** Stores this store sends no raft envelope to. */
  readonly dropTo: ReadonlySet<number>;
  /** Stores whose raft envelopes this store ignores. */
  readonly dropFrom: ReadonlySet<number>;
}

export const NO_PARTITION: PartitionSpec = { dropTo: new Set(), dropFrom: new Set() };

/** Whether an envelope crosses the partition as seen by store `self`: an outgoing envelope (from
 *  self) is dropped when its destination is cut off, an incoming one (to self) when its source is. */
export function delivers(spec: PartitionSpec, self: number, env: RaftEnvelope): boolean {
  if (env.fromStoreId === self && spec.dropTo.has(env.toStoreId)) return false;
  if (env.toStoreId === self && spec.dropFrom.has(env.fromStoreId)) return false;
  return true;
}

/** A partition request the fail-point cannot take (the endpoint answers 400 with its message). */
export class PartitionRequestError extends StrataError {
  readonly code = 'KV:Failpoint:BadPartition';
}

function storeIds(body: Record<string, unknown>, field: string, self: number): number[] {
  const v = body[field];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new PartitionRequestError(`"${field}" must be an array of store ids`);
  return v.map((id: unknown) => {
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) throw new PartitionRequestError(`"${field}" holds ${JSON.stringify(id)}, not a store id`);
    if (id === self) throw new PartitionRequestError(`"${field}" names this store (${self}) itself`);
    return id;
  });
}

/** The partition a request body asks for (JSON, as parsed); throws PartitionRequestError. */
export function parsePartitionRequest(body: unknown, self: number): PartitionSpec {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new PartitionRequestError('the body must be a JSON object like {"drop": [2, 3]}');
  const b = body as Record<string, unknown>;
  const unknownFields = Object.keys(b).filter((k) => k !== 'drop' && k !== 'to' && k !== 'from');
  if (unknownFields.length > 0) throw new PartitionRequestError(`unknown field ${JSON.stringify(unknownFields[0])}: use "drop", "to" or "from"`);
  const both = storeIds(b, 'drop', self);
  return { dropTo: new Set([...both, ...storeIds(b, 'to', self)]), dropFrom: new Set([...both, ...storeIds(b, 'from', self)]) };
}

/** The spec as JSON (what the endpoint answers): sorted store ids per direction. */
export function partitionJson(spec: PartitionSpec): { to: number[]; from: number[] } {
  const sorted = (s: ReadonlySet<number>): number[] => [...s].sort((a, b) => a - b);
  return { to: sorted(spec.dropTo), from: sorted(spec.dropFrom) };
}

/** The current partition of one store; the transports ask it about every envelope. */
export class RaftPartition {
  private spec: PartitionSpec = NO_PARTITION;

  constructor(private readonly self: () => number) {}

  set(spec: PartitionSpec): void {
    this.spec = spec;
  }

  get current(): PartitionSpec {
    return this.spec;
  }

  readonly delivers = (env: RaftEnvelope): boolean => {
    if (this.spec.dropTo.size === 0 && this.spec.dropFrom.size === 0) return true;
    return delivers(this.spec, this.self(), env);
  };

  /** The envelopes of an arriving frame that cross the partition (the same array when none is set). */
  admit(envs: readonly RaftEnvelope[]): readonly RaftEnvelope[] {
    if (this.spec.dropFrom.size === 0) return envs;
    return envs.filter(this.delivers);
  }
}
