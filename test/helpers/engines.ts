// One test body, two engines: tests that take an engine factory run against the in-memory B+tree
// and against real LevelDB files in a temp dir.
import { afterEach } from 'vitest';
import { LevelDbEngine, MemoryEngine, type Engine } from '../../kv/storage/index.js';
import { tempDir } from './temp-dir.js';

export interface EngineKind {
  readonly name: string;
  open(): Promise<Engine>;
}

const opened: Engine[] = [];

afterEach(async () => {
  while (opened.length > 0) await (opened.pop() as Engine).close().catch(() => undefined);
});

export const ENGINE_KINDS: readonly EngineKind[] = [
  {
    name: 'memory',
    open: async () => {
      const e = new MemoryEngine();
      opened.push(e);
      return e;
    },
  },
  {
    name: 'leveldb',
    open: async () => {
      const e = await LevelDbEngine.open(tempDir('strata-engine-'));
      opened.push(e);
      return e;
    },
  },
];
