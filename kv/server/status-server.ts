// The store's status HTTP port: `/metrics` (Prometheus text from this server's own registry) and
// `/status` (JSON: store id, addresses, regions, uptime). Anything else is a JSON 404.
//
// Testing fail-points (only when the store was started with STRATA_FAILPOINTS_HTTP=1; otherwise
// these paths answer 404 saying so): `GET /fail/partition` shows the raft partition in force and
// `POST /fail/partition` with a JSON body replaces it (kv/raftstore/partition-failpoint.ts):
//   curl -XPOST localhost:20180/fail/partition -d '{"drop":[2,3]}'   # cut raft links to 2 and 3
//   curl -XPOST localhost:20180/fail/partition -d '{"drop":[]}'      # heal
// They exist for end-to-end tests and the torture nemesis; never enable them in production.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { PartitionRequestError } from '../raftstore/index.js';

/** What the fail-point paths act on; absent when fail-points are off. */
export interface StatusFailpoints {
  /** The partition in force, as JSON. */
  partition(): unknown;
  /** Replaces the partition with the one the (parsed JSON) body asks for; returns the new one.
   *  Throws PartitionRequestError for a body it cannot take. */
  setPartition(body: unknown): unknown;
}

const MAX_BODY = 64 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new PartitionRequestError(`the body is larger than ${MAX_BODY} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function startStatusServer(
  host: string,
  port: number,
  registry: Registry,
  status: () => Promise<unknown>,
  failpoints?: StatusFailpoints,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const send = (code: number, type: string, body: string): void => {
      res.writeHead(code, { 'content-type': type });
      res.end(body);
    };
    const json = (code: number, body: unknown): void => send(code, 'application/json', JSON.stringify(body));
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/fail/partition') {
      if (!failpoints) return json(404, { error: 'fail-points are off: start the store with STRATA_FAILPOINTS_HTTP=1 (testing only)' });
      if (req.method === 'GET') return json(200, failpoints.partition());
      if (req.method !== 'POST') return json(405, { error: 'method not allowed: GET or POST' });
      readBody(req)
        .then((text) => {
          let body: unknown;
          try {
            body = text.trim() === '' ? {} : JSON.parse(text);
          } catch {
            throw new PartitionRequestError('the body is not JSON');
          }
          json(200, failpoints.setPartition(body));
        })
        .catch((err: unknown) => json(err instanceof PartitionRequestError ? 400 : 500, { error: err instanceof Error ? err.message : String(err) }));
      return;
    }
    if (req.method !== 'GET') return json(405, { error: 'method not allowed' });
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => send(200, registry.contentType, text),
        (err: unknown) => json(500, { error: String(err) }),
      );
      return;
    }
    if (path === '/status') {
      status().then(
        (s) => send(200, 'application/json', JSON.stringify(s, null, 2)),
        (err: unknown) => json(500, { error: String(err) }),
      );
      return;
    }
    json(404, { error: `no such path: ${path}` });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolve({ server, port: typeof addr === 'object' && addr ? addr.port : port });
    });
  });
}
