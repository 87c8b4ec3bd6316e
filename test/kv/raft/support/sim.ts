// A randomized simulation of a raft group: Peers over a network driven by a seeded scheduler that
// drops, delays, duplicates and reorders messages, cuts links (both ways or one way), crashes
// peers and restarts them from what they persisted, compacts logs, changes the membership,
// transfers leadership and issues reads. Everything derives from one seed, so a failure replays.
//
// Checked on every step (via the Peer hooks):
//   - election safety: at most one leader per term;
//   - log matching: two persisted entries with the same index and term have the same data and the
//     same previous term (so, inductively, identical logs up to there);
//   - leader completeness: a new leader's log holds every entry any node has applied;
//   - state machine safety: every node applies the same entry at each index and reaches the same
//     state-machine hash (snapshots included);
//   - hard state monotonic: a node's persisted term and commit never go back, even across restarts;
//   - linearizable reads: a read index is at least the highest index applied anywhere when the
//     read was requested, and is served only once applied.
// Then liveness: once the network heals and every member is back, a leader is elected and a fresh
// proposal is applied by every voter within a bounded number of ticks.
import {
  addLearner,
  addVoter,
  confChange,
  InvalidConfChange,
  leaveJointChange,
  MemoryStorage,
  ProposalDropped,
  ReadIndexDropped,
  removeNode,
  SeededRng,
  type ConfChangeSingle,
  type ConfState,
  type Message,
  type NodeId,
} from '../../../../kv/raft/index.js';
import { toHex } from '../../../../util/bytes.js';
import { bytes, Peer, text, type PeerHooks } from './peer.js';

export interface SimOptions {
  /** Initial voters 1..voters. */
  readonly voters: number;
  /** Extra peers (empty logs) that membership changes may add. */
  readonly spares?: number;
  readonly chaosTicks: number;
  /** Liveness bound: ticks after healing within which a proposal must be applied. */
  readonly healTicks: number;
  readonly dropRate: number;
  readonly dupRate: number;
  /** Messages take 1..maxDelay ticks. */
  readonly maxDelay: number;
  /** Per-tick probabilities of each kind of event. */
  readonly partitionRate: number;
  readonly crashRate: number;
  readonly restartRate: number;
  readonly proposeRate: number;
  readonly compactRate: number;
  readonly confChangeRate?: number;
  readonly transferRate?: number;
  readonly readRate?: number;
  /** Bytes per MsgApp (default 256); 1 sends one entry per message, which splits replication finely. */
  readonly maxSizePerMsg?: number;
  /** MsgApps in flight per follower (default 4). */
  readonly maxInflightMsgs?: number;
}

export class SafetyViolation extends Error {}

interface Delivery {
  readonly at: number;
  readonly m: Message;
}

const ERR_EXPECTED = [ProposalDropped, ReadIndexDropped, InvalidConfChange];

function expectedError(err: unknown): boolean {
  return ERR_EXPECTED.some((cls) => err instanceof cls);
}

export class Sim {
  readonly rng: SeededRng;
  readonly peers = new Map<NodeId, Peer>();
  private readonly ids: NodeId[] = [];
  now = 0;
  private net: Delivery[] = [];
  private readonly cuts = new Set<string>();
  private lossy = true;
  private delay: number;

  private readonly leaderOfTerm = new Map<number, NodeId>();
  private readonly entryAt = new Map<string, string>();
  private readonly appliedAt = new Map<number, { term: number; hash: number }>();
  private maxApplied = 0;
  private readonly lastHard = new Map<NodeId, { term: number; commit: number }>();
  private readonly readFloor = new Map<string, number>();
  private seq = 0;
  readonly trace: string[] | undefined;
  readonly stats = { delivered: 0, dropped: 0, elections: 0, crashes: 0, snapshots: 0, reads: 0, confChanges: 0, confApplied: 0, jointEntered: 0, transfers: 0, entriesApplied: 0 };

  constructor(
    readonly seed: number,
    readonly opts: SimOptions,
    tracing = false,
  ) {
    this.rng = new SeededRng(seed);
    this.trace = tracing ? [] : undefined;
    this.delay = opts.maxDelay;
    const preVote = this.rng.chance(0.7);
    const checkQuorum = this.rng.chance(0.7);
    this.log(`seed ${seed}: preVote=${preVote} checkQuorum=${checkQuorum}`);
    const voters = Array.from({ length: opts.voters }, (_, i) => i + 1);
    const cs: ConfState = { voters, learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };
    const hooks = this.hooks();
    const total = opts.voters + (opts.spares ?? 0);
    for (let id = 1; id <= total; id++) {
      const storage = id <= opts.voters ? MemoryStorage.bootstrap(cs) : new MemoryStorage();
      const p = new Peer(id, storage, { electionTick: 10, heartbeatTick: 2, preVote, checkQuorum, maxInflightMsgs: opts.maxInflightMsgs ?? 4, maxSizePerMsg: opts.maxSizePerMsg ?? 256 }, hooks);
      this.peers.set(id, p);
      this.ids.push(id);
      this.startPeer(p);
    }
  }

  private log(s: string): void {
    this.trace?.push(`[t=${this.now}] ${s}`);
  }

  private fail(what: string): never {
    throw new SafetyViolation(what);
  }

  private startPeer(p: Peer): void {
    p.config = { ...p.config, rng: new SeededRng(this.rng.nextInt(0x7fffffff)) };
    p.start();
  }

  // --- safety hooks ---

  private hooks(): PeerHooks {
    return {
      persisted: (p, rd) => {
        const hs = p.storage.hardState();
        const prev = this.lastHard.get(p.id);
        if (prev !== undefined && (hs.term < prev.term || hs.commit < prev.commit)) {
          this.fail(`peer ${p.id}: persisted hard state went back from term ${prev.term} commit ${prev.commit} to term ${hs.term} commit ${hs.commit}`);
        }
        this.lastHard.set(p.id, { term: hs.term, commit: hs.commit });
        for (const e of rd.entries) {
          let prevTerm = -1;
          if (e.index - 1 >= p.storage.firstIndex() - 1) prevTerm = p.storage.term(e.index - 1);
          const key = `${e.index}/${e.term}`;
          const value = `${e.kind}:${toHex(e.data)}`;
          const seen = this.entryAt.get(key);
          if (seen === undefined) {
            this.entryAt.set(key, `${value}|${prevTerm}`);
          } else {
            const [seenValue, seenPrev] = seen.split('|') as [string, string];
            if (seenValue !== value) this.fail(`log matching: entry ${key} on peer ${p.id} is ${value}, elsewhere ${seenValue}`);
            if (prevTerm !== -1 && seenPrev !== '-1' && Number(seenPrev) !== prevTerm) {
              this.fail(`log matching: entry ${key} on peer ${p.id} follows term ${prevTerm}, elsewhere term ${seenPrev}`);
            }
            if (seenPrev === '-1' && prevTerm !== -1) this.entryAt.set(key, `${value}|${prevTerm}`);
          }
        }
        if (rd.softState?.role === 'leader') this.onNewLeader(p, hs.term);
      },
      applied: (p, e, hash) => {
        const rec = this.appliedAt.get(e.index);
        if (rec === undefined) {
          this.appliedAt.set(e.index, { term: e.term, hash });
          if (e.index > this.maxApplied) this.maxApplied = e.index;
          this.stats.entriesApplied++;
          if (e.kind === 'conf-change') {
            this.stats.confApplied++;
            if (p.confState.votersOutgoing.length > 0) this.stats.jointEntered++;
            this.log(`peer ${p.id} applied conf change at ${e.index}: ${JSON.stringify(p.confState)}`);
          }
        } else if (rec.term !== e.term || rec.hash !== hash) {
          this.fail(`state machine safety: peer ${p.id} applied term ${e.term} at ${e.index} (hash ${hash}), others term ${rec.term} (hash ${rec.hash})`);
        }
      },
      installed: (p, s) => {
        this.stats.snapshots++;
        this.log(`peer ${p.id} installs snapshot at ${s.metadata.index}`);
        const rec = this.appliedAt.get(s.metadata.index);
        if (rec !== undefined && (rec.term !== s.metadata.term || rec.hash !== p.hash)) {
          this.fail(`state machine safety: peer ${p.id} installed a snapshot at ${s.metadata.index} that differs from what others applied`);
        }
      },
      readState: (p, rs) => {
        const ctx = text(rs.context);
        const floor = this.readFloor.get(ctx);
        if (floor === undefined) return; // not ours (a duplicate answer to a forwarded request)
        if (rs.index < floor) this.fail(`linearizability: read ${ctx} on peer ${p.id} got index ${rs.index}, but ${floor} was applied before it was requested`);
        if (p.appliedIndex < rs.index) this.fail(`read ${ctx} on peer ${p.id} released at applied ${p.appliedIndex} < read index ${rs.index}`);
        this.stats.reads++;
      },
    };
  }

  private onNewLeader(p: Peer, term: number): void {
    this.stats.elections++;
    this.log(`peer ${p.id} becomes leader of term ${term}`);
    const other = this.leaderOfTerm.get(term);
    if (other !== undefined && other !== p.id) this.fail(`election safety: peers ${other} and ${p.id} both lead term ${term}`);
    this.leaderOfTerm.set(term, p.id);
    // Leader completeness: everything applied anywhere is in the new leader's log.
    const first = p.storage.firstIndex();
    const last = p.storage.lastIndex();
    if (last < this.maxApplied) this.fail(`leader completeness: leader ${p.id} (term ${term}) ends at ${last} but ${this.maxApplied} was applied`);
    for (let i = Math.max(first - 1, 1); i <= this.maxApplied; i++) {
      const rec = this.appliedAt.get(i);
      if (rec === undefined) continue;
      const t = p.storage.term(i);
      if (t !== rec.term) this.fail(`leader completeness: leader ${p.id} (term ${term}) has term ${t} at ${i}, applied entry has term ${rec.term}`);
    }
  }

  // --- network ---

  private send(msgs: readonly Message[]): void {
    for (const m of msgs) {
      if (this.lossy && this.rng.chance(this.opts.dropRate)) {
        this.dropped(m);
        continue;
      }
      this.net.push({ at: this.now + 1 + this.rng.nextInt(this.delay), m });
      if (this.lossy && this.rng.chance(this.opts.dupRate)) this.net.push({ at: this.now + 1 + this.rng.nextInt(this.delay), m });
    }
  }

  private dropped(m: Message): void {
    this.stats.dropped++;
    const sender = this.peers.get(m.from)?.node;
    if (sender === undefined) return;
    if (m.kind === 'MsgSnap') sender.reportSnapshot(m.to, 'failure');
    else if (m.kind === 'MsgApp' && this.rng.chance(0.2)) sender.reportUnreachable(m.to);
  }

  private deliverDue(): void {
    const due: Message[] = [];
    const later: Delivery[] = [];
    for (const d of this.net) {
      if (d.at <= this.now) due.push(d.m);
      else later.push(d);
    }
    if (due.length === 0) return;
    this.net = later;
    this.rng.shuffle(due);
    for (const m of due) {
      const target = this.peers.get(m.to);
      if (target?.node === undefined || this.cuts.has(`${m.from}>${m.to}`)) {
        this.dropped(m);
        continue;
      }
      this.stats.delivered++;
      if (this.trace !== undefined) this.log(`deliver ${describe(m)}`);
      target.node.step(m);
      if (m.kind === 'MsgSnap') this.peers.get(m.from)?.node?.reportSnapshot(m.to, 'finish');
    }
  }

  private processAll(): void {
    for (const id of this.ids) {
      const p = this.peers.get(id) as Peer;
      if (p.alive) this.send(p.handleReady());
    }
  }

  private tickAll(): void {
    for (const id of this.ids) this.peers.get(id)?.node?.tick();
  }

  step(): void {
    this.now++;
    this.tickAll();
    this.processAll();
    this.deliverDue();
    if (this.lossy && this.rng.chance(this.opts.crashRate / 2)) {
      // A crash after messages were stepped but before the Ready was persisted: their effects
      // (votes, appends, commits) are lost, as with a process killed before its fsync.
      const live = this.alive();
      if (live.length > 1) {
        const p = this.rng.pick(live);
        p.crash();
        this.stats.crashes++;
        this.log(`crash ${p.id} before persisting`);
      }
    }
    this.processAll();
  }

  // --- chaos ---

  private alive(): Peer[] {
    return this.ids.map((id) => this.peers.get(id) as Peer).filter((p) => p.alive);
  }

  leader(): Peer | undefined {
    let best: Peer | undefined;
    let bestTerm = -1;
    for (const p of this.alive()) {
      if (p.role !== 'leader') continue;
      const term = p.storage.hardState().term;
      if (term > bestTerm) {
        best = p;
        bestTerm = term;
      }
    }
    return best;
  }

  private attempt(what: string, fn: () => void): void {
    try {
      fn();
      this.log(what);
    } catch (err) {
      if (!expectedError(err)) throw err;
      this.log(`${what}: ${(err as Error).name}`);
    }
  }

  private chaosEvent(): void {
    const o = this.opts;
    const r = this.rng;
    if (r.chance(o.partitionRate)) this.repartition();
    if (r.chance(o.crashRate)) {
      const live = this.alive();
      if (live.length > 1) {
        const p = r.pick(live);
        p.crash();
        this.stats.crashes++;
        this.log(`crash ${p.id}`);
      }
    }
    if (r.chance(o.restartRate)) {
      const down = this.ids.map((id) => this.peers.get(id) as Peer).filter((p) => !p.alive);
      if (down.length > 0) {
        const p = r.pick(down);
        this.startPeer(p);
        this.log(`restart ${p.id}`);
      }
    }
    if (r.chance(o.proposeRate)) {
      const p = r.pick(this.alive());
      const data = `p${this.seq++}`;
      this.attempt(`propose ${data} at ${p.id}`, () => p.raw.propose(bytes(data)));
    }
    if (r.chance(o.compactRate)) {
      const p = r.pick(this.alive());
      if (p.appliedIndex - p.storage.firstIndex() > 3 && p.compact()) this.log(`compact ${p.id} to ${p.appliedIndex}`);
    }
    if (o.confChangeRate !== undefined && r.chance(o.confChangeRate)) this.confChange();
    if (o.transferRate !== undefined && r.chance(o.transferRate)) {
      const l = this.leader();
      if (l !== undefined) {
        const target = r.pick(this.ids);
        this.stats.transfers++;
        this.attempt(`transfer ${l.id} -> ${target}`, () => l.raw.transferLeader(target));
      }
    }
    if (o.readRate !== undefined && r.chance(o.readRate)) {
      const p = r.pick(this.alive());
      const ctx = `r${this.seq++}`;
      this.readFloor.set(ctx, this.maxApplied);
      this.attempt(`read ${ctx} at ${p.id} (floor ${this.maxApplied})`, () => p.raw.readIndex(bytes(ctx)));
    }
  }

  private repartition(): void {
    const r = this.rng;
    this.cuts.clear();
    const kind = r.nextInt(4);
    if (kind === 0) {
      this.log('heal partitions');
      return;
    }
    if (kind === 1) {
      const id = r.pick(this.ids);
      for (const o of this.ids) if (o !== id) this.cutBoth(id, o);
      this.log(`isolate ${id}`);
    } else if (kind === 2) {
      const side = new Set(this.ids.filter(() => r.chance(0.5)));
      for (const a of this.ids) for (const b of this.ids) if (side.has(a) && !side.has(b)) this.cutBoth(a, b);
      this.log(`partition {${[...side].join(',')}} | rest`);
    } else {
      // asymmetric: some links work one way only
      const cuts: string[] = [];
      for (const a of this.ids) {
        for (const b of this.ids) {
          if (a !== b && r.chance(0.25)) {
            this.cuts.add(`${a}>${b}`);
            cuts.push(`${a}>${b}`);
          }
        }
      }
      this.log(`one-way cuts ${cuts.join(' ')}`);
    }
  }

  private cutBoth(a: NodeId, b: NodeId): void {
    this.cuts.add(`${a}>${b}`);
    this.cuts.add(`${b}>${a}`);
  }

  private confChange(): void {
    const l = this.leader();
    if (l === undefined) return;
    const r = this.rng;
    const cs = l.raw.status().confState;
    const id = r.pick(this.ids);
    let cc;
    if (cs.votersOutgoing.length > 0) {
      cc = leaveJointChange();
    } else {
      const kind = r.nextInt(5);
      if (kind === 0) cc = confChange([addVoter(id)]);
      else if (kind === 1) cc = confChange([removeNode(id)]);
      else if (kind === 2) cc = confChange([addLearner(id)]);
      else {
        const changes: ConfChangeSingle[] = [];
        const n = 2 + r.nextInt(2);
        for (let i = 0; i < n; i++) {
          const target = r.pick(this.ids);
          changes.push(r.pick([addVoter(target), addVoter(target), removeNode(target), addLearner(target)]));
        }
        cc = confChange(changes, r.pick(['auto', 'joint-implicit', 'joint-explicit'] as const));
      }
    }
    this.stats.confChanges++;
    const what = cc.changes.length === 0 ? 'leave joint' : `${cc.transition} ${cc.changes.map((c) => `${c.type} ${c.nodeId}`).join(', ')}`;
    this.attempt(`conf change at ${l.id}: ${what} (from ${JSON.stringify(cs)})`, () => l.raw.proposeConfChange(cc));
  }

  // --- phases ---

  chaos(): void {
    for (let i = 0; i < this.opts.chaosTicks; i++) {
      this.chaosEvent();
      this.step();
    }
  }

  /** Heals everything and checks that the group makes progress within the bound. */
  heal(): number {
    this.cuts.clear();
    this.lossy = false;
    this.delay = Math.min(this.delay, 2);
    // Every peer comes back, members or not: a peer that was removed but has not applied its
    // removal may still be needed (e.g. its vote in a joint configuration another peer is stuck
    // in), as long as its log says it is a member.
    for (const p of this.peers.values()) if (!p.alive) this.startPeer(p);
    this.log('heal');
    const token = `live${this.seed}`;
    const start = this.now;
    let lastPropose = -100;
    while (this.now - start < this.opts.healTicks) {
      const l = this.leader();
      if (l !== undefined) {
        const voters = [...l.raw.status().confState.voters, ...l.raw.status().confState.votersOutgoing];
        const done = voters.every((id) => this.peers.get(id)?.appliedData.includes(token) === true);
        if (done) return this.now - start;
        if (!l.appliedData.includes(token) && this.now - lastPropose >= 10) {
          lastPropose = this.now;
          this.attempt(`propose ${token} at ${l.id}`, () => l.raw.propose(bytes(token)));
        }
      }
      this.step();
    }
    const states = this.alive()
      .map((p) => {
        const st = p.raw.status();
        return `${p.id}:${st.softState.role}/t${st.hardState.term}/c${st.hardState.commit}/a${p.appliedIndex}/l${st.lastIndex}`;
      })
      .join(' ');
    this.fail(`liveness: no proposal applied by every voter within ${this.opts.healTicks} ticks after healing (${states})`);
  }

  /** Final check: any two logs agree on every index where both have an entry of the same term,
   *  and on everything before it. */
  checkLogs(): void {
    const peers = [...this.peers.values()];
    for (let a = 0; a < peers.length; a++) {
      for (let b = a + 1; b < peers.length; b++) {
        const pa = peers[a] as Peer;
        const pb = peers[b] as Peer;
        const lo = Math.max(pa.storage.firstIndex(), pb.storage.firstIndex());
        const hi = Math.min(pa.storage.lastIndex(), pb.storage.lastIndex());
        let matchedAt = -1;
        for (let i = hi; i >= lo; i--) {
          if (pa.storage.term(i) === pb.storage.term(i)) {
            matchedAt = i;
            break;
          }
        }
        if (matchedAt < lo) continue;
        const ea = pa.storage.entries(lo, matchedAt + 1);
        const eb = pb.storage.entries(lo, matchedAt + 1);
        for (let i = 0; i < ea.length; i++) {
          const x = ea[i];
          const y = eb[i];
          if (x === undefined || y === undefined || x.term !== y.term || toHex(x.data) !== toHex(y.data)) {
            this.fail(`log matching: peers ${pa.id} and ${pb.id} agree at ${matchedAt} but differ at ${lo + i}`);
          }
        }
      }
    }
  }

  run(): number {
    this.chaos();
    const ticks = this.heal();
    this.checkLogs();
    return ticks;
  }
}

function describe(m: Message): string {
  const base = `${m.kind} ${m.from}->${m.to} t${m.term}`;
  switch (m.kind) {
    case 'MsgApp':
      return `${base} prev=${m.index}/${m.logTerm} n=${m.entries.length} commit=${m.commit}`;
    case 'MsgAppResp':
      return `${base} index=${m.index}${m.reject ? ` reject hint=${m.rejectHint}/${m.logTerm}` : ''}`;
    case 'MsgVote':
    case 'MsgPreVote':
      return `${base} last=${m.index}/${m.logTerm}${m.transfer ? ' transfer' : ''}`;
    case 'MsgVoteResp':
    case 'MsgPreVoteResp':
      return `${base}${m.reject ? ' reject' : ' grant'}`;
    case 'MsgSnap':
      return `${base} snap=${m.snapshot.metadata.index}/${m.snapshot.metadata.term}`;
    case 'MsgHeartbeat':
      return `${base} commit=${m.commit}`;
    case 'MsgReadIndexResp':
      return `${base} index=${m.index}`;
    default:
      return base;
  }
}

export interface SeedRun {
  readonly seeds: number[];
  readonly replay: string;
}

/** The seeds to run: RAFT_SEED=n runs only n; RAFT_SEEDS=n overrides the count. */
export function seedsFor(defaultCount: number, base: number): number[] {
  const one = process.env.RAFT_SEED;
  if (one !== undefined && one !== '') return [Number(one)];
  const count = Number(process.env.RAFT_SEEDS ?? defaultCount);
  return Array.from({ length: count }, (_, i) => base + i);
}

/** Runs a simulation per seed; on failure, replays the seed with tracing and throws a message
 *  that names the seed, how to replay it, and the last steps before the failure. */
export function runSeeds(file: string, seeds: readonly number[], opts: SimOptions): { maxHealTicks: number; stats: Sim['stats']; summary: string } {
  let maxHealTicks = 0;
  const total = { delivered: 0, dropped: 0, elections: 0, crashes: 0, snapshots: 0, reads: 0, confChanges: 0, confApplied: 0, jointEntered: 0, transfers: 0, entriesApplied: 0 };
  for (const seed of seeds) {
    let sim: Sim | undefined;
    try {
      sim = new Sim(seed, opts);
      maxHealTicks = Math.max(maxHealTicks, sim.run());
      for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += sim.stats[k];
    } catch (err) {
      const traced = new Sim(seed, opts, true);
      try {
        traced.run();
      } catch {
        // expected: the same failure, now with a trace
      }
      const tail = (traced.trace ?? []).slice(-80).join('\n  ');
      const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw new Error(`seed ${seed} failed (replay: RAFT_SEED=${seed} npx vitest run ${file}): ${msg}\n  …\n  ${tail}`, { cause: err });
    }
  }
  const summary =
    `${seeds.length} seeds: ${total.entriesApplied} entries applied, ${total.elections} elections, ${total.crashes} crashes, ` +
    `${total.snapshots} snapshots installed, ${total.confApplied} conf changes applied (${total.jointEntered} joint), ` +
    `${total.transfers} transfers asked, ${total.reads} reads served, ${total.dropped}/${total.delivered + total.dropped} messages dropped; ` +
    `slowest recovery after healing ${maxHealTicks} ticks`;
  return { maxHealTicks, stats: total, summary };
}
