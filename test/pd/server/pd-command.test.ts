// `strata pd` as a real child process: it prints one line with its bound ports, serves gRPC and
// HTTP there, and exits 0 on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { AllocIDResponse__Output } from '../../../pd/proto/generated/strata/pd/AllocIDResponse.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { errorType, pdClient, rpc, tsOf, TsoStream } from './helpers.js';

const STRATA = fileURLToPath(new URL('../../../bin/strata.mjs', import.meta.url));
const children = new Set<ChildProcess>();

afterEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
});

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });
}

/** Waits for the "serving" line and returns the gRPC and HTTP addresses from it. */
function servingLine(child: ChildProcess): Promise<{ grpc: string; http: string; line: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving gRPC on (\S+), HTTP API on http:\/\/(\S+?)\/pd/.exec(out);
      if (m) resolve({ grpc: m[1] as string, http: m[2] as string, line: out.trim() });
    });
    child.once('exit', (code) => reject(new Error(`strata pd exited with ${code}: ${err}`)));
  });
}

describe('strata pd command', () => {
  it('serves gRPC and HTTP on the ports it prints and exits 0 on SIGTERM', async () => {
    const dataDir = tempDir('strata-pd-cli-');
    const child = spawn(process.execPath, [STRATA, 'pd', '--data-dir', dataDir, '--addr', '127.0.0.1:0', '--status-addr', '127.0.0.1:0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    const { grpc, http, line } = await servingLine(child);
    expect(line.split('\n')).toHaveLength(1);

    const client = pdClient(grpc);
    const id = await rpc<AllocIDResponse__Output>((cb) => client.AllocID({}, cb));
    expect(errorType(id)).toBe('OK');
    expect(Number(id.id)).toBeGreaterThan(0);
    const tso = new TsoStream(client);
    expect(tsOf(await tso.request(10))).toBeGreaterThan(0n);
    tso.end();
    const health = (await (await fetch(`http://${http}/pd/api/v1/health`)).json()) as { bootstrapped: boolean; clusterId: string };
    expect(health.bootstrapped).toBe(false);
    expect(id.header?.cluster_id).toBe(health.clusterId);
    client.close();

    child.kill('SIGTERM');
    expect(await exitOf(child)).toBe(0);
  });
});
