// A transaction: a snapshot at start_ts plus a write buffer, committed by two-phase commit.
//
// Reads see the transaction's own writes first (write-buffer.ts), then the snapshot at start_ts
// (snapshot.ts); scans merge the two in key order, buffered deletes hiding snapshot values.
// Writes only touch the buffer until commit(), which runs Percolator 2PC over every buffered key
// (two-phase-commit.ts). Optimistic: conflicts are found at prewrite, where the later committer
// gets WriteConflict (the SQL layer reports it as MySQL 1213 / SQLSTATE 40001 and never retries
// behind the user's back).
//
//   active ──commit()──► committing ──► committed
//     │                      └── failed ─► rolled-back
//     └──rollback()──────────────────────► rolled-back
//
// Anything called on a transaction that is no longer active throws TxnClosed.
//
// Savepoints: MySQL undoes a failed statement without undoing its transaction. The session takes
// savepoint() before each statement and rollbackTo() it when the statement fails: every write,
// insert, delete and lock buffered since is forgotten, those before stay. Savepoints nest as a
// stack: rolling back to one (it stays valid, as ROLLBACK TO SAVEPOINT does in MySQL) discards
// those taken after it; releaseSavepoint() drops one and those after it (the statement
// succeeded). They cost O(1) each (write-buffer.ts). Reads are not undone — nothing to undo.
import type { KvPair, TimeStamp } from '../txn-types.js';
import { compareBytes } from '../../util/bytes.js';
import { StrataError } from '../../util/errors.js';
import { TxnClosed, type TxnState } from './errors.js';
import { userEnd } from './key-range.js';
import { mergeWithBuffer } from './merge-iterator.js';
import type { IterateOptions, KvSnapshot, ScanOptions } from './snapshot.js';
import { TwoPhaseCommitter, type CommitterDeps } from './two-phase-commit.js';
import { WriteBuffer, type BufferContents } from './write-buffer.js';

/** A point in a transaction's writes to come back to (Transaction.savepoint). */
export class Savepoint {
  /** @internal */
  constructor(
    readonly txnStartTs: TimeStamp,
    /** @internal */
    readonly contents: BufferContents,
  ) {}

  /** Keys written or locked when the savepoint was taken. */
  get size(): number {
    return this.contents.size;
  }
}

/** rollbackTo / releaseSavepoint of a savepoint this transaction does not hold (another
 *  transaction's, released, or discarded by a rollback to an earlier one): a caller bug. */
export class SavepointNotFound extends StrataError {
  readonly code = 'KV:Txn:SavepointNotFound';
  constructor(startTs: TimeStamp) {
    super(`savepoint not found in transaction ${startTs} (released, discarded by an earlier rollback, or another transaction's)`);
  }
}

export class Transaction {
  private state: TxnState = 'active';
  private readonly buffer = new WriteBuffer();
  private committedAt: TimeStamp | undefined;
  /** Live savepoints, oldest first. */
  private readonly savepoints: Savepoint[] = [];

  constructor(
    readonly snapshot: KvSnapshot,
    private readonly committer: CommitterDeps,
  ) {}

  get startTs(): TimeStamp {
    return this.snapshot.ts;
  }

  get status(): TxnState {
    return this.state;
  }

  /** The commit_ts, once committed (undefined for a read-only transaction). */
  get commitTs(): TimeStamp | undefined {
    return this.committedAt;
  }

  /** Number of keys written or locked so far. */
  get size(): number {
    return this.buffer.size;
  }

  get isReadOnly(): boolean {
    return this.buffer.isEmpty;
  }

  private checkActive(): void {
    if (this.state !== 'active') throw new TxnClosed(this.startTs, this.state);
  }

  // ---------------------------------------------------------------- reads

  async get(key: Uint8Array): Promise<Buffer | undefined> {
    this.checkActive();
    const b = this.buffer.lookup(key);
    if (b) return b.kind === 'value' ? b.value : undefined;
    return this.snapshot.get(key);
  }

  /** The pairs that exist, in the order of `keys` (duplicates once). */
  async batchGet(keys: readonly Uint8Array[]): Promise<KvPair[]> {
    this.checkActive();
    const fromBuffer = new Map<string, Buffer | undefined>();
    const rest: Uint8Array[] = [];
    for (const k of keys) {
      const b = this.buffer.lookup(k);
      if (b) fromBuffer.set(Buffer.from(k).toString('latin1'), b.kind === 'value' ? b.value : undefined);
      else rest.push(k);
    }
    const snap = new Map<string, Uint8Array>();
    for (const p of await this.snapshot.batchGet(rest)) snap.set(Buffer.from(p.key).toString('latin1'), p.value);
    const out: KvPair[] = [];
    const seen = new Set<string>();
    for (const k of keys) {
      const s = Buffer.from(k).toString('latin1');
      if (seen.has(s)) continue;
      seen.add(s);
      const v = fromBuffer.has(s) ? fromBuffer.get(s) : snap.get(s);
      if (v !== undefined) out.push({ key: Buffer.from(k), value: v });
    }
    return out;
  }

  /** Up to `limit` pairs in [start, end) (empty end = to the end), own writes included. */
  async scan(start: Uint8Array | undefined, end: Uint8Array | undefined, limit: number, options: ScanOptions = {}): Promise<KvPair[]> {
    const out: KvPair[] = [];
    if (limit <= 0) return out;
    for await (const p of this.iterate(start, end, { ...options, batchSize: Math.min(Math.max(limit, 16), 4096) })) {
      out.push(p);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Every pair in [start, end), own writes included, fetched lazily. */
  async *iterate(start: Uint8Array | undefined, end: Uint8Array | undefined, options: IterateOptions = {}): AsyncGenerator<KvPair> {
    this.checkActive();
    const lo = Buffer.from(start ?? Buffer.alloc(0));
    const hi = userEnd(end);
    if (hi !== undefined && compareBytes(lo, hi) >= 0) return;
    const reverse = options.reverse ?? false;
    const merged = mergeWithBuffer(this.snapshot.iterate(lo, hi, options), this.buffer.entries(lo, hi, reverse), reverse);
    if (!options.keyOnly) {
      yield* merged;
      return;
    }
    for await (const p of merged) yield { key: p.key, value: Buffer.alloc(0) };
  }

  // ---------------------------------------------------------------- writes

  set(key: Uint8Array, value: Uint8Array): void {
    this.checkActive();
    this.buffer.set(key, value);
  }

  /** Like set, but the commit fails with AlreadyExist if the key has a value (INSERT). Throws
   *  AlreadyExist at once if this transaction itself gave the key a value. */
  insert(key: Uint8Array, value: Uint8Array): void {
    this.checkActive();
    this.buffer.insert(key, value);
  }

  delete(key: Uint8Array): void {
    this.checkActive();
    this.buffer.delete(key);
  }

  /** Locks keys at commit without changing them (SELECT … FOR UPDATE): a concurrent write to
   *  any of them makes one of the two transactions fail with WriteConflict. */
  lockKeys(...keys: Uint8Array[]): void {
    this.checkActive();
    for (const k of keys) this.buffer.lock(k);
  }

  // ---------------------------------------------------------------- savepoints

  /** Remembers the writes so far; rollbackTo() comes back here. O(1). */
  savepoint(): Savepoint {
    this.checkActive();
    const sp = new Savepoint(this.startTs, this.buffer.savepoint());
    this.savepoints.push(sp);
    return sp;
  }

  /** Forgets every write, insert, delete and lock since `sp` was taken; savepoints taken after
   *  it are discarded, `sp` itself stays valid. Throws SavepointNotFound for a savepoint this
   *  transaction does not hold. */
  rollbackTo(sp: Savepoint): void {
    this.checkActive();
    const i = this.indexOf(sp);
    this.buffer.restore(sp.contents);
    this.savepoints.length = i + 1;
  }

  /** Drops `sp` and the savepoints taken after it (keeping their writes), so the buffer no longer
   *  pins the old contents. */
  releaseSavepoint(sp: Savepoint): void {
    this.checkActive();
    this.savepoints.length = this.indexOf(sp);
  }

  private indexOf(sp: Savepoint): number {
    const i = this.savepoints.lastIndexOf(sp);
    if (i < 0) throw new SavepointNotFound(this.startTs);
    return i;
  }

  // ---------------------------------------------------------------- end

  /** Commits; resolves to the commit_ts (undefined when nothing was written). On failure the
   *  transaction is rolled back and the typed error thrown (WriteConflict, AlreadyExist,
   *  TxnLockNotFound, CommitResultUndetermined, RegionUnavailable, ...). */
  async commit(): Promise<TimeStamp | undefined> {
    this.checkActive();
    if (this.buffer.isEmpty) {
      this.state = 'committed';
      return undefined;
    }
    this.state = 'committing';
    this.savepoints.length = 0;
    try {
      this.committedAt = await new TwoPhaseCommitter(this.startTs, this.buffer.mutations(), this.committer).execute();
      this.state = 'committed';
      return this.committedAt;
    } catch (err) {
      this.state = 'rolled-back';
      throw err;
    }
  }

  /** Discards the transaction. Nothing was written to the stores before commit, so this sends
   *  nothing. Rolling back a finished transaction is a no-op. */
  async rollback(): Promise<void> {
    if (this.state === 'committing') throw new TxnClosed(this.startTs, this.state);
    if (this.state === 'active') this.state = 'rolled-back';
    this.savepoints.length = 0;
    return Promise.resolve();
  }
}
