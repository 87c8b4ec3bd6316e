// TsoStorage over a storage engine: the bound is one synced key in PD's own LevelDB directory.
import { BufferReader, BufferWriter } from '../../kv/codec/index.js';
import { WriteBatch, type Engine } from '../../kv/storage/index.js';
import type { TsoStorage } from './tso.js';

const TSO_KEY = Buffer.from('pd/tso/bound');

export class EngineTsoStorage implements TsoStorage {
  constructor(private readonly engine: Engine) {}

  async loadTimestampBound(): Promise<number | undefined> {
    const raw = await this.engine.get('default', TSO_KEY);
    return raw ? new BufferReader(raw).uvarint() : undefined;
  }

  async saveTimestampBound(physicalMs: number): Promise<void> {
    await this.engine.write(new WriteBatch().put('default', TSO_KEY, new BufferWriter(10).uvarint(physicalMs).finish()), { sync: true });
  }
}
