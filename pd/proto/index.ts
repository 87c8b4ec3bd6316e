// Loads the PD protocol (pd.proto, which imports kv/proto/metapb.proto) for @grpc/grpc-js, with
// the generated TypeScript types and the same loader options as the KV protocol.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { LOADER_OPTIONS, PROTO_DIR as KV_PROTO_DIR } from '../../kv/proto/index.js';
import type { ProtoGrpcType } from './generated/pd.js';

export const PD_PROTO_DIR = dirname(fileURLToPath(import.meta.url));

let cached: ProtoGrpcType | undefined;

export function pdProto(): ProtoGrpcType {
  if (!cached) {
    const def = protoLoader.loadSync(join(PD_PROTO_DIR, 'pd.proto'), { ...LOADER_OPTIONS, includeDirs: [KV_PROTO_DIR, PD_PROTO_DIR] });
    cached = grpc.loadPackageDefinition(def) as unknown as ProtoGrpcType;
  }
  return cached;
}

export type { ProtoGrpcType as PdProto } from './generated/pd.js';
