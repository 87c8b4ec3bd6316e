// AUTO_INCREMENT values and hidden row ids, allocated in batches per SQL server as TiDB does.
//
// Every table has one counter in the catalog (meta-store.ts allocAutoIds: the next id not yet
// reserved by any server). A server reserves a range of `step` ids (default 30000) in a
// transaction of its own — never the user's: a reservation must survive the user's rollback, as
// MySQL never reuses an AUTO_INCREMENT value either — and hands ids out of the range from
// memory, so an INSERT costs no KV round trip for its ids. Two servers reserving at once
// conflict on the counter key; the later committer retries (WriteConflict) and gets the next
// range. So ids are unique across the cluster and increasing per server, but not increasing
// across servers (server A may hand out 5 after server B handed out 30007) — TiDB's behaviour
// too, unlike one MySQL. A restarted server abandons the rest of its range (a gap).
//
//   server A  ├── reserve [1, 30001) ──► 1, 2, 3 …
//   server B  ├── reserve [30001, 60001) ──► 30001, 30002 …
//   catalog counter: 1 → 30001 → 60001
//
// rebase(v) follows a user's explicit value: the next generated id is above v (MySQL: inserting
// 100 into an AUTO_INCREMENT column makes the next one 101). Within the current range that is a
// local move; past it, the counter is pushed to v + 1 and a range reserved from there.
//
// One AutoIdAllocator per table per server, shared by all its sessions (AutoIdAllocators keys
// them by table id). A table without an integer primary key takes its hidden row ids
// (`_tidb_rowid`) from the same allocator.
import { WriteConflict, type Transaction } from '../../kv/client/index.js';
import { allocAutoIds, type TableInfo } from '../catalog/index.js';
import { I64_MAX } from '../codec/index.js';
import { SqlError } from '../errors.js';
import { integerRange, isIntegerType } from '../types/index.js';

export const DEFAULT_AUTO_ID_STEP = 30_000;

/** What the allocator needs of the KV client: transactions of its own (TxnClient fits). */
export interface AutoIdTxnSource {
  begin(): Promise<Pick<Transaction, 'get' | 'set' | 'delete' | 'scan' | 'commit' | 'rollback'>>;
}

export interface AutoIdOptions {
  /** Ids reserved per trip to the catalog (default 30000). */
  readonly step?: number;
  /** The smallest id to hand out (AUTO_INCREMENT = n of the table; default 1). */
  readonly start?: bigint;
  /** The largest id (default: the AUTO_INCREMENT column's type maximum, else int64's). */
  readonly max?: bigint;
  /** Reservation attempts before a WriteConflict is given up (default 100). */
  readonly maxRetries?: number;
}

/** MySQL 1467: the counter ran past the column's range (or the reservation kept failing). */
export function autoIncrementReadFailed(): SqlError {
  return new SqlError('SQL:AutoincReadFailed', 1467, 'HY000', 'Failed to read auto-increment value from storage engine');
}

export class AutoIdAllocator {
  readonly step: number;
  /** The smallest id to hand out; only ever raised (raiseStart). */
  private floor: bigint;
  readonly max: bigint;
  private readonly maxRetries: number;
  /** The current range [next, end): ids this server reserved and has not handed out. */
  private next = 0n;
  private end = 0n;
  /** A user stored the type's maximum: no id can follow (MySQL fails the next generated one). */
  private exhausted = false;
  /** Serializes reservations, so concurrent sessions do not reserve twice. */
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: AutoIdTxnSource,
    readonly tableId: number,
    options: AutoIdOptions = {},
  ) {
    this.step = Math.max(1, Math.trunc(options.step ?? DEFAULT_AUTO_ID_STEP));
    this.floor = options.start !== undefined && options.start > 0n ? options.start : 1n;
    this.max = options.max ?? I64_MAX;
    this.maxRetries = options.maxRetries ?? 100;
  }

  get start(): bigint {
    return this.floor;
  }

  /** ALTER TABLE … AUTO_INCREMENT = n: ids from now on are at least `start` (never lowered). */
  raiseStart(start: bigint): void {
    if (start <= this.floor) return;
    this.floor = start;
    if (this.next < start) this.next = start < this.end ? start : this.end;
  }

  /** The id the next INSERT would get from this server's reserved range (SHOW TABLE STATUS'
   *  Auto_increment); undefined when none is reserved — finding out would take a catalog read. */
  get peekNext(): bigint | undefined {
    if (this.exhausted || this.next >= this.end) return undefined;
    return this.next < this.floor ? this.floor : this.next;
  }

  /** Ids this server has reserved and not handed out yet. */
  get cached(): bigint {
    return this.end - this.next;
  }

  /** Reserves `n` consecutive ids (a multi-row INSERT's) and returns the first. */
  async alloc(n = 1): Promise<bigint> {
    if (n < 1) throw new RangeError(`alloc(${n})`);
    if (this.exhausted) throw autoIncrementReadFailed();
    const count = BigInt(n);
    const fast = this.take(count);
    if (fast !== undefined) return fast;
    return this.serialize(async () => {
      const again = this.take(count);
      if (again !== undefined) return again;
      const first = await this.reserve(count > BigInt(this.step) ? count : BigInt(this.step), this.floor);
      this.next = first;
      this.end = first + (count > BigInt(this.step) ? count : BigInt(this.step));
      return this.take(count) as bigint;
    });
  }

  /** After a user stored `value` explicitly: ids generated from now on are above it. */
  async rebase(value: bigint): Promise<void> {
    if (value < this.next || value < this.floor) return;
    if (value < this.end) {
      this.next = value + 1n;
      return;
    }
    return this.serialize(async () => {
      if (value < this.next) return;
      if (value < this.end) {
        this.next = value + 1n;
        return;
      }
      if (value >= this.max) {
        // Nothing can follow it; MySQL fails the next generated id, not this insert.
        this.exhausted = true;
        return;
      }
      const first = await this.reserve(BigInt(this.step), value + 1n);
      this.next = first;
      this.end = first + BigInt(this.step);
    });
  }

  private take(count: bigint): bigint | undefined {
    if (this.end - this.next < count) return undefined;
    const first = this.next;
    if (first + count - 1n > this.max) throw autoIncrementReadFailed();
    this.next += count;
    return first;
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.pending.then(work, work);
    this.pending = run.catch(() => undefined);
    return run;
  }

  /** Reserves `count` ids at or above `floor` in a transaction of its own; the first. */
  private async reserve(count: bigint, floor: bigint): Promise<bigint> {
    for (let attempt = 0; ; attempt++) {
      const txn = await this.source.begin();
      try {
        const first = await allocAutoIds(txn, this.tableId, Number(count), floor);
        if (first > this.max) {
          await txn.rollback();
          throw autoIncrementReadFailed();
        }
        await txn.commit();
        return first;
      } catch (err) {
        await txn.rollback().catch(() => undefined);
        if (!(err instanceof WriteConflict) || attempt + 1 >= this.maxRetries) throw err;
        await sleep(Math.min(100, 2 + attempt * 3) * (0.5 + Math.random()));
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The largest value of a table's AUTO_INCREMENT column, or int64's (hidden row ids). */
export function autoIdMax(info: TableInfo): bigint {
  const col = info.columns.find((c) => c.autoIncrement);
  if (col && isIntegerType(col.type)) return integerRange(col.type.kind, col.type.unsigned)[1];
  return I64_MAX;
}

/** The allocators of one SQL server, one per table id, shared by its sessions. */
export class AutoIdAllocators {
  private readonly byTable = new Map<number, AutoIdAllocator>();

  constructor(
    private readonly source: AutoIdTxnSource,
    private readonly options: Pick<AutoIdOptions, 'step' | 'maxRetries'> = {},
  ) {}

  /** The allocator of this table (created on first use; a raised AUTO_INCREMENT = n of a newer
   *  schema version raises its start). */
  forTable(info: TableInfo): AutoIdAllocator {
    const start = BigInt(info.autoIncrementStart || 1);
    let a = this.byTable.get(info.id);
    if (!a) {
      a = new AutoIdAllocator(this.source, info.id, { ...this.options, start, max: autoIdMax(info) });
      this.byTable.set(info.id, a);
    } else a.raiseStart(start);
    return a;
  }

  /** Drops a table's allocator (DROP/TRUNCATE TABLE: the id is gone). */
  forget(tableId: number): void {
    this.byTable.delete(tableId);
  }
}
