// The part of the raft log not yet persisted: entries (and at most one incoming snapshot) that the
// next Ready hands to the application, and that advance() marks stable once it says they are on
// disk. `offset` is the index of the first unstable entry; everything below it is in Storage
// (or in the unstable snapshot, when there is one).
import { InternalError } from '../../util/errors.js';
import type { Entry, Snapshot } from './messages.js';

export class Unstable {
  snapshot: Snapshot | undefined = undefined;
  entries: Entry[] = [];

  constructor(public offset: number) {}

  /** The first index when a snapshot is pending (it replaces the whole log), else undefined. */
  maybeFirstIndex(): number | undefined {
    return this.snapshot === undefined ? undefined : this.snapshot.metadata.index + 1;
  }

  maybeLastIndex(): number | undefined {
    if (this.entries.length > 0) return this.offset + this.entries.length - 1;
    return this.snapshot === undefined ? undefined : this.snapshot.metadata.index;
  }

  maybeTerm(i: number): number | undefined {
    if (i < this.offset) {
      return this.snapshot !== undefined && this.snapshot.metadata.index === i ? this.snapshot.metadata.term : undefined;
    }
    return this.entries[i - this.offset]?.term;
  }

  /** The application persisted entries up to (i, t). Ignored when the entry at i has since been
   *  replaced by one of another term, or was already stable. */
  stableTo(i: number, t: number): void {
    if (i < this.offset || this.maybeTerm(i) !== t) return;
    this.entries = this.entries.slice(i + 1 - this.offset);
    this.offset = i + 1;
  }

  stableSnapTo(i: number): void {
    if (this.snapshot !== undefined && this.snapshot.metadata.index === i) this.snapshot = undefined;
  }

  restore(s: Snapshot): void {
    this.offset = s.metadata.index + 1;
    this.entries = [];
    this.snapshot = s;
  }

  /** Appends entries, first truncating whatever they replace (from their first index on). */
  truncateAndAppend(ents: readonly Entry[]): void {
    const first = ents[0];
    if (first === undefined) return;
    const after = first.index;
    if (after === this.offset + this.entries.length) {
      this.entries.push(...ents);
    } else if (after <= this.offset) {
      // Replaces every unstable entry (and some stable ones: the application overwrites them).
      this.offset = after;
      this.entries = ents.slice();
    } else {
      this.entries = this.entries.slice(0, after - this.offset).concat(ents);
    }
  }

  /** Entries [lo, hi), which must lie within the unstable range. */
  slice(lo: number, hi: number): Entry[] {
    if (lo > hi || lo < this.offset || hi > this.offset + this.entries.length) {
      throw new InternalError(`unstable slice [${lo}, ${hi}) out of bounds [${this.offset}, ${this.offset + this.entries.length})`);
    }
    return this.entries.slice(lo - this.offset, hi - this.offset);
  }
}
