// Scripted raft scenarios: a list of steps and the state expected after them, one per line, run
// against a deterministic Cluster. `#` starts a comment. A step ending in `!CODE` must throw a
// StrataError with that code. Commands:
//
//   cluster voters=1,2,3 [learners=4] [joiners=5] [prevote=on|off] [checkquorum=on|off]
//           [election=10] [heartbeat=1] [inflight=256] [maxsize=N] [readonly=safe|lease-based]
//           [forwarding=on|off]
//   campaign ID                 tick ID[,ID…]|all [N]        stabilize
//   run [N]                     (N times: tick every live node, then stabilize)
//   propose ID DATA             read ID CTX                  transfer ID TARGET
//   conf ID leave | conf ID [auto|joint-implicit|joint-explicit] (add-voter|add-learner|remove) N …
//   compact ID                  crash ID                     restart ID
//   isolate ID                  partition 1,2 3              cut FROM TO          heal
//   drop KIND [from=ID] [to=ID] clear-queue
//   expect ID key=value…        (role term lead vote commit applied first last voters learners
//                                outgoing learners-next autoleave data transferee rejected-cc)
//   expect-progress LEADER PEER key=value…   (state match next paused inflight)
//   expect-read ID CTX INDEX    expect-no-read ID CTX
//   expect-queued KIND [from=ID] [to=ID] count=N     (messages waiting in the network)
//   expect-delivered KIND [from=ID] [to=ID] count=N  (messages delivered since the start)
//   expect-leader ID            (the live leader of the highest term; 0 for none)
//   expect-has-leader
import { expect } from 'vitest';
import { StrataError } from '../../../../util/errors.js';
import {
  addLearner,
  addVoter,
  confChange,
  leaveJointChange,
  removeNode,
  type ConfChangeSingle,
  type ConfChangeTransition,
  type MessageKind,
  type NodeId,
  type ReadOnlyOption,
} from '../../../../kv/raft/index.js';
import { Cluster } from './cluster.js';
import type { PeerConfig } from './peer.js';
import { bytes, text } from './peer.js';

class ScriptError extends Error {}

function ids(s: string | undefined): NodeId[] {
  if (s === undefined || s === '') return [];
  return s.split(',').map((x) => {
    const n = Number(x);
    if (!Number.isInteger(n)) throw new ScriptError(`not a node id: ${x}`);
    return n;
  });
}

function kv(args: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq < 0) throw new ScriptError(`expected key=value, got ${a}`);
    out.set(a.slice(0, eq), a.slice(eq + 1));
  }
  return out;
}

function onOff(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (v === 'on') return true;
  if (v === 'off') return false;
  throw new ScriptError(`expected on|off, got ${v}`);
}

function num(s: string | undefined, what: string): number {
  const n = Number(s);
  if (s === undefined || !Number.isFinite(n)) throw new ScriptError(`expected a number for ${what}, got ${s}`);
  return n;
}

export class ScriptRunner {
  cluster: Cluster | undefined;

  private get c(): Cluster {
    if (this.cluster === undefined) throw new ScriptError('no cluster yet: start with `cluster …`');
    return this.cluster;
  }

  run(script: string): void {
    const lines = script.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = (lines[i] as string).replace(/#.*$/, '').trim();
      if (line === '') continue;
      try {
        this.runLine(line);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        throw new Error(`script line ${i + 1} \`${line}\`: ${msg}`, { cause: err });
      }
    }
  }

  private runLine(line: string): void {
    let words = line.split(/\s+/);
    const last = words[words.length - 1] as string;
    if (last.startsWith('!')) {
      words = words.slice(0, -1);
      const code = last.slice(1);
      let thrown: unknown;
      try {
        this.command(words);
      } catch (err) {
        thrown = err;
      }
      if (!(thrown instanceof StrataError)) {
        throw new ScriptError(`expected an error ${code}, got ${thrown === undefined ? 'none' : String(thrown)}`);
      }
      if (thrown.code !== code) throw new ScriptError(`expected error ${code}, got ${thrown.code}: ${thrown.message}`);
      this.c.process();
      return;
    }
    this.command(words);
  }

  private command(words: readonly string[]): void {
    const [cmd, ...args] = words as [string, ...string[]];
    const a0 = args[0];
    const a1 = args[1];
    switch (cmd) {
      case 'cluster':
        return this.makeCluster(args);
      case 'campaign':
        this.c.node(num(a0, 'id')).campaign();
        return this.c.process();
      case 'tick': {
        const who = a0 === 'all' ? this.c.liveIds() : ids(a0);
        return this.c.tick(who, a1 === undefined ? 1 : num(a1, 'count'));
      }
      case 'stabilize':
        return this.c.stabilize();
      case 'run': {
        // Time passes with the network working: tick everyone, deliver everything, N times.
        const n = a0 === undefined ? 1 : num(a0, 'count');
        for (let i = 0; i < n; i++) {
          this.c.tick(this.c.liveIds());
          this.c.stabilize();
        }
        return;
      }
      case 'propose':
        this.c.node(num(a0, 'id')).propose(bytes(a1 ?? ''));
        return this.c.process();
      case 'read':
        this.c.node(num(a0, 'id')).readIndex(bytes(a1 ?? ''));
        return this.c.process();
      case 'transfer':
        this.c.node(num(a0, 'id')).transferLeader(num(a1, 'target'));
        return this.c.process();
      case 'conf':
        return this.conf(num(a0, 'id'), args.slice(1));
      case 'compact':
        if (!this.c.peer(num(a0, 'id')).compact()) throw new ScriptError('nothing to compact');
        return;
      case 'crash':
        return this.c.peer(num(a0, 'id')).crash();
      case 'restart':
        this.c.peer(num(a0, 'id')).start();
        return this.c.process();
      case 'isolate':
        return this.c.isolate(num(a0, 'id'));
      case 'partition':
        return this.c.partition(args.map(ids));
      case 'cut':
        return this.c.cut(num(a0, 'from'), num(a1, 'to'));
      case 'heal':
        return this.c.heal();
      case 'drop': {
        const opts = kv(args.slice(1));
        const from = opts.get('from');
        const to = opts.get('to');
        return this.c.dropKind(a0 as MessageKind, from === undefined ? undefined : num(from, 'from'), to === undefined ? undefined : num(to, 'to'));
      }
      case 'clear-queue':
        this.c.queue = [];
        return;
      case 'expect':
        return this.expectNode(num(a0, 'id'), kv(args.slice(1)));
      case 'expect-progress':
        return this.expectProgress(num(a0, 'leader'), num(a1, 'peer'), kv(args.slice(2)));
      case 'expect-read': {
        const rs = this.c.peer(num(a0, 'id')).readStates.filter((r) => text(r.context) === a1);
        if (rs.length === 0) throw new ScriptError(`no read state for ${a1}`);
        expect(rs[0]?.index, `read index of ${a1}`).toBe(num(args[2], 'index'));
        return;
      }
      case 'expect-no-read': {
        const rs = this.c.peer(num(a0, 'id')).readStates.filter((r) => text(r.context) === a1);
        if (rs.length > 0) throw new ScriptError(`unexpected read state for ${a1} at ${rs[0]?.index}`);
        return;
      }
      case 'expect-queued': {
        const opts = kv(args.slice(1));
        const from = opts.get('from');
        const to = opts.get('to');
        const n = this.c.queue.filter(
          (m) => m.kind === a0 && (from === undefined || m.from === Number(from)) && (to === undefined || m.to === Number(to)),
        ).length;
        expect(n, `queued ${args.join(' ')}`).toBe(num(opts.get('count'), 'count'));
        return;
      }
      case 'expect-delivered': {
        const opts = kv(args.slice(1));
        const from = opts.get('from');
        const to = opts.get('to');
        const n = this.c.delivered.filter(
          (m) => m.kind === a0 && (from === undefined || m.from === Number(from)) && (to === undefined || m.to === Number(to)),
        ).length;
        expect(n, `delivered ${args.join(' ')}`).toBe(num(opts.get('count'), 'count'));
        return;
      }
      case 'expect-leader':
        expect(this.c.leader(), 'leader').toBe(num(a0, 'id'));
        return;
      case 'expect-has-leader':
        if (this.c.leader() === 0) throw new ScriptError('no leader');
        return;
      default:
        throw new ScriptError(`unknown command ${cmd}`);
    }
  }

  private makeCluster(args: readonly string[]): void {
    const o = kv(args);
    const config: PeerConfig = {
      preVote: onOff(o.get('prevote'), false),
      checkQuorum: onOff(o.get('checkquorum'), false),
      electionTick: Number(o.get('election') ?? 10),
      heartbeatTick: Number(o.get('heartbeat') ?? 1),
      maxInflightMsgs: Number(o.get('inflight') ?? 256),
      maxSizePerMsg: Number(o.get('maxsize') ?? 1024 * 1024),
      readOnlyOption: (o.get('readonly') ?? 'safe') as ReadOnlyOption,
      disableProposalForwarding: !onOff(o.get('forwarding'), true),
    };
    this.cluster = new Cluster({ voters: ids(o.get('voters')), learners: ids(o.get('learners')), joiners: ids(o.get('joiners')), config });
  }

  private conf(id: NodeId, args: readonly string[]): void {
    const node = this.c.node(id);
    if (args[0] === 'leave') {
      node.proposeConfChange(leaveJointChange());
      return this.c.process();
    }
    let transition: ConfChangeTransition = 'auto';
    let rest = args;
    if (args[0] === 'auto' || args[0] === 'joint-implicit' || args[0] === 'joint-explicit') {
      transition = args[0];
      rest = args.slice(1);
    }
    const changes: ConfChangeSingle[] = [];
    for (let i = 0; i < rest.length; i += 2) {
      const n = num(rest[i + 1], 'node id');
      switch (rest[i]) {
        case 'add-voter':
          changes.push(addVoter(n));
          break;
        case 'add-learner':
          changes.push(addLearner(n));
          break;
        case 'remove':
          changes.push(removeNode(n));
          break;
        default:
          throw new ScriptError(`unknown change ${rest[i]}`);
      }
    }
    node.proposeConfChange(confChange(changes, transition));
    this.c.process();
  }

  private expectNode(id: NodeId, want: Map<string, string>): void {
    const p = this.c.peer(id);
    const st = p.raw.status();
    const cs = st.confState;
    const actual: Record<string, string> = {
      role: st.softState.role,
      term: String(st.hardState.term),
      lead: String(st.softState.leaderId),
      vote: String(st.hardState.vote),
      commit: String(st.hardState.commit),
      applied: String(p.appliedIndex),
      first: String(st.firstIndex),
      last: String(st.lastIndex),
      voters: cs.voters.join(','),
      learners: cs.learners.join(','),
      outgoing: cs.votersOutgoing.join(','),
      'learners-next': cs.learnersNext.join(','),
      autoleave: String(cs.autoLeave),
      data: p.appliedData.join(','),
      transferee: String(st.leadTransferee),
      'rejected-cc': String(p.rejectedConfChanges),
    };
    for (const [k, v] of want) {
      if (!(k in actual)) throw new ScriptError(`unknown key ${k}`);
      if (actual[k] !== v) throw new ScriptError(`node ${id}: ${k} is ${actual[k]}, expected ${v}`);
    }
  }

  private expectProgress(leader: NodeId, peer: NodeId, want: Map<string, string>): void {
    const pr = this.c.node(leader).status().progress?.get(peer);
    if (pr === undefined) throw new ScriptError(`node ${leader} has no progress for ${peer} (not leader?)`);
    const actual: Record<string, string> = {
      state: pr.state,
      match: String(pr.match),
      next: String(pr.next),
      paused: String(pr.paused),
      inflight: String(pr.inflight),
    };
    for (const [k, v] of want) {
      if (!(k in actual)) throw new ScriptError(`unknown key ${k}`);
      if (actual[k] !== v) throw new ScriptError(`progress of ${peer} on ${leader}: ${k} is ${actual[k]}, expected ${v}`);
    }
  }
}

export function runScript(script: string): Cluster {
  const r = new ScriptRunner();
  r.run(script);
  return r.cluster as Cluster;
}
