// A real cluster inside the test process for kv/client's integration tests: one PD and N KV
// stores, each a real gRPC server on a loopback port, data in a temp dir. The client under test
// talks to them only through gRPC, exactly as across processes. PD can be stopped and restarted
// on the same port (and data) to test fail-over.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type ConnectOptions, type StrataClient } from '../../kv/client/index.js';
import { startKvServer, type KvServer } from '../../kv/server/index.js';
import { startPdServer, type PdServer } from '../../pd/server/index.js';

export class InProcessCluster {
  pd!: PdServer;
  readonly stores: KvServer[] = [];
  private readonly clients: StrataClient[] = [];
  // Not test/helpers/temp-dir: that one deletes after each test, and the cluster lives for a file.
  private readonly dir = mkdtempSync(join(tmpdir(), 'strata-kv-client-'));
  private pdPort = 0;

  get pdAddr(): string {
    return `127.0.0.1:${this.pdPort}`;
  }

  static async start(stores = 1): Promise<InProcessCluster> {
    const c = new InProcessCluster();
    await c.startPd();
    for (let i = 0; i < stores; i++) {
      c.stores.push(
        await startKvServer({
          pd: c.pdAddr,
          dataDir: join(c.dir, `kv-${i + 1}`),
          addr: '127.0.0.1:0',
          statusAddr: '127.0.0.1:0',
          syncWrites: false,
          heartbeatMs: 200,
        }),
      );
    }
    return c;
  }

  async startPd(): Promise<void> {
    this.pd = await startPdServer({ dataDir: join(this.dir, 'pd'), grpcAddr: `127.0.0.1:${this.pdPort}`, httpAddr: '127.0.0.1:0' });
    this.pdPort = this.pd.grpcPort;
  }

  async stopPd(): Promise<void> {
    await this.pd.stop();
  }

  async client(options: Omit<ConnectOptions, 'pd'> = {}): Promise<StrataClient> {
    const c = await connect({ pd: this.pdAddr, ...options });
    this.clients.push(c);
    return c;
  }

  async stop(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
    for (const s of this.stores) await s.stop();
    await this.pd.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
