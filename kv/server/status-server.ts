// The store's status HTTP port: `/metrics` (Prometheus text from this server's own registry) and
// `/status` (JSON: store id, addresses, regions, uptime). Anything else is a JSON 404.
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export function startStatusServer(
  host: string,
  port: number,
  registry: Registry,
  status: () => Promise<unknown>,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const send = (code: number, type: string, body: string): void => {
      res.writeHead(code, { 'content-type': type });
      res.end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return send(405, 'application/json', JSON.stringify({ error: 'method not allowed' }));
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => send(200, registry.contentType, text),
        (err: unknown) => send(500, 'application/json', JSON.stringify({ error: String(err) })),
      );
      return;
    }
    if (path === '/status') {
      status().then(
        (s) => send(200, 'application/json', JSON.stringify(s, null, 2)),
        (err: unknown) => send(500, 'application/json', JSON.stringify({ error: String(err) })),
      );
      return;
    }
    send(404, 'application/json', JSON.stringify({ error: `no such path: ${path}` }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolve({ server, port: typeof addr === 'object' && addr ? addr.port : port });
    });
  });
}
