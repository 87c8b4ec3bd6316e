// Loads the KV store protocol (kvrpc.proto + metapb.proto) for @grpc/grpc-js, with the generated
// TypeScript types. Field names keep the .proto's snake_case, 64-bit integers travel as decimal
// strings (so no timestamp loses precision), enums as their names. Only kv/server and kv/client
// touch these wire types; everything above works with the domain types.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/kvrpc.js';

export const PROTO_DIR = dirname(fileURLToPath(import.meta.url));

export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

let cached: ProtoGrpcType | undefined;

export function kvProto(): ProtoGrpcType {
  if (!cached) {
    const def = protoLoader.loadSync(join(PROTO_DIR, 'kvrpc.proto'), LOADER_OPTIONS);
    cached = grpc.loadPackageDefinition(def) as unknown as ProtoGrpcType;
  }
  return cached;
}

export type { ProtoGrpcType as KvProto } from './generated/kvrpc.js';
