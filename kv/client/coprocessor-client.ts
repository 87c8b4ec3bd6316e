// Sending a coprocessor DAG over key ranges that may span many regions.
//
// The ranges are cut at region boundaries into one task per region, and the tasks run in
// parallel (at most `concurrency` at a time, TiDB's tidb_distsql_scan_concurrency). A task is
// just "the ranges still to cover"; each step sends the part inside the region holding its first
// key and then drops what the answer covered:
//
//     pending ranges ──► region of the first key ──► Coprocessor(clipped ranges) ──┐
//          ▲                                                                        │
//          ├── answered, has_more: continue past last_key (paging)         ◄────────┤
//          ├── answered: continue at the region's end (a split moved it)   ◄────────┤
//          ├── locked: resolve the lock (or push the txn), resend          ◄────────┤
//          └── region error: the sender fixed the cache; locate again      ◄────────┘
//
// so a region that split or moved under a task is simply covered by more steps. A descending
// scan pages downwards: what is left of the region's part is what lies below last_key. Answers come
// back in key order of the tasks, each an Arrow IPC stream of partial results that the caller
// merges (partial aggregates, TopN, Limit) — the store never sees more than one region.
import { compareBytes, nextKey } from '../../util/bytes.js';
import type { CopDag, CopExecutorSummary } from '../cop-types.js';
import { toInternal } from '../meta.js';
import { dagToPb, summaryFromPb } from '../proto/cop-convert.js';
import { lockInfoFromPb } from '../proto/convert.js';
import type { CoprocessorResponse__Output as CopOut } from '../proto/generated/strata/kv/CoprocessorResponse.js';
import type { TimeStamp } from '../txn-types.js';
import { StrataError } from '../../util/errors.js';
import { Backoffer } from './backoff.js';
import { clipToRegion, isEmptyRange, regionUserEnd, wireEnd, type UserRange } from './key-range.js';
import type { LockResolver } from './lock-resolver.js';
import type { RegionRequestSender } from './region-request.js';

export interface CopRequest {
  readonly startTs: TimeStamp;
  /** User keys of the txn keyspace, ascending and not overlapping. */
  readonly ranges: readonly UserRange[];
  readonly dag: CopDag;
  /** Region tasks in flight at once (default 4). */
  readonly concurrency?: number | undefined;
  /** Rows a store scans per answer (0 = all of its region's part). */
  readonly pagingSize?: number | undefined;
}

export interface CopTaskAnswer {
  readonly regionId: number;
  /** Arrow IPC stream of the DAG's last executor. */
  readonly data: Uint8Array;
  readonly summaries: readonly CopExecutorSummary[];
  readonly scannedRows: number;
}

/** A store could not run the task (corrupt data, overflow): retrying will not help. */
export class CopTaskFailed extends StrataError {
  readonly code = 'KV:Client:CopTaskFailed';
}

export interface CopClientDeps {
  readonly sender: RegionRequestSender;
  readonly resolver: LockResolver;
  /** Retry budget of one task, lock waits included (ms). */
  readonly budgetMs: number;
}

/** The ranges from `key` on: ranges ending at or before it drop, the one holding it is cut. */
function cutFrom(ranges: readonly UserRange[], key: Buffer): UserRange[] {
  const out: UserRange[] = [];
  for (const r of ranges) {
    if (r.end !== undefined && compareBytes(r.end, key) <= 0) continue;
    out.push(compareBytes(r.start, key) >= 0 ? r : { start: key, end: r.end });
  }
  return out;
}

/** The ranges below `key` (exclusive): what a descending page has not read yet. */
function cutBefore(ranges: readonly UserRange[], key: Buffer): UserRange[] {
  const out: UserRange[] = [];
  for (const r of ranges) {
    if (compareBytes(r.start, key) >= 0) continue;
    out.push(r.end !== undefined && compareBytes(r.end, key) <= 0 ? r : { start: r.start, end: key });
  }
  return out;
}

export class CopClient {
  constructor(private readonly deps: CopClientDeps) {}

  /** Runs the DAG over every range; answers in key order (one or more per region). */
  async send(req: CopRequest): Promise<CopTaskAnswer[]> {
    const tasks = await this.splitByRegion(req.ranges);
    const results: CopTaskAnswer[][] = new Array<CopTaskAnswer[]>(tasks.length);
    const concurrency = Math.max(1, req.concurrency ?? 4);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const i = next++;
        const task = tasks[i];
        if (task === undefined) return;
        results[i] = await this.runTask(req, task);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
    return results.flat();
  }

  /** The ranges grouped by the region (per the cache) that holds them. */
  private async splitByRegion(ranges: readonly UserRange[]): Promise<UserRange[][]> {
    const bo = new Backoffer({ budgetMs: this.deps.budgetMs });
    const tasks: UserRange[][] = [];
    let lastRegion = -1;
    for (const range of ranges) {
      let start = range.start;
      for (;;) {
        if (range.end !== undefined && compareBytes(start, range.end) >= 0) break;
        const loc = await this.deps.sender.locate(toInternal('txn', start), bo);
        const part = clipToRegion('txn', loc.region, start, range.end);
        if (!isEmptyRange(part)) {
          if (loc.region.id === lastRegion) (tasks[tasks.length - 1] as UserRange[]).push(part);
          else tasks.push([part]);
          lastRegion = loc.region.id;
        }
        const regionEnd = regionUserEnd('txn', loc.region);
        if (regionEnd === undefined || (part.end !== undefined && compareBytes(part.end, regionEnd) < 0)) break;
        start = regionEnd;
      }
    }
    return tasks;
  }

  private async runTask(req: CopRequest, ranges: readonly UserRange[]): Promise<CopTaskAnswer[]> {
    const bo = new Backoffer({ budgetMs: this.deps.budgetMs });
    const resolved = new Set<TimeStamp>();
    const dag = dagToPb(req.dag);
    const first = req.dag.executors[0];
    const desc = first !== undefined && (first.kind === 'table_scan' || first.kind === 'index_scan') && first.desc;
    const out: CopTaskAnswer[] = [];
    let pending = [...ranges];
    while (pending.length > 0) {
      const head = pending[0] as UserRange;
      let covered: UserRange[] = [];
      const { res, loc } = await this.deps.sender.sendToRegion<CopOut>(
        toInternal('txn', head.start),
        (context, l) => (c, o, cb) => {
          covered = pending.map((r) => clipToRegion('txn', l.region, r.start, r.end)).filter((r) => !isEmptyRange(r));
          return c.Coprocessor(
            {
              context,
              start_ts: String(req.startTs),
              ranges: covered.map((r) => ({ start_key: r.start, end_key: wireEnd(r.end) })),
              dag,
              paging_size: String(req.pagingSize ?? 0),
            },
            o,
            cb,
          );
        },
        bo,
        { resolvedLocks: resolved },
      );
      if (res.locked) {
        const pushed = await this.deps.resolver.resolveOrWait([lockInfoFromPb(res.locked)], req.startTs, bo);
        for (const t of pushed) resolved.add(t);
        continue;
      }
      if (res.other_error !== '') throw new CopTaskFailed(`region ${loc.region.id}: ${res.other_error}`);
      out.push({ regionId: loc.region.id, data: res.data, summaries: res.summaries.map(summaryFromPb), scannedRows: Number(res.scanned_rows) });
      const regionEnd = regionUserEnd('txn', loc.region);
      if (res.has_more && res.last_key.length > 0) {
        // Ascending, the page read everything before last_key; descending, everything of the
        // region's part from last_key up.
        pending = desc
          ? [...cutBefore(covered, res.last_key), ...(regionEnd === undefined ? [] : cutFrom(pending, regionEnd))]
          : cutFrom(pending, nextKey(res.last_key));
        continue;
      }
      pending = regionEnd === undefined || covered.length === 0 ? [] : cutFrom(pending, regionEnd);
    }
    return out;
  }
}
