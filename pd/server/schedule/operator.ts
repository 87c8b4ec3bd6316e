// Operators: what PD wants done to one region, as a short list of steps the region's leader
// carries out one at a time (TiKV PD's operator/step model). PD never changes a region itself: it
// answers the leader's region heartbeat with the ORDER for the current step, and a later
// heartbeat shows whether the step took effect.
//
//   add-learner      a learner peer on a store (it catches up from the leader, by snapshot first)
//   promote-learner  that learner becomes a voter, once the leader no longer reports it pending
//   remove-peer      the peer on a store leaves; if it is the leader, leadership moves first
//   transfer-leader  the voter on a store becomes the leader
//
// Moving a peer is add-learner → promote-learner → remove-peer: the group never has fewer voters
// than it started with, and the new voter counts for quorum only once it has the log.
//
// Everything here is pure: steps are judged by the region as the heartbeat reports it.
import type { Peer, Region } from '../../../kv/meta.js';

export type StepKind = 'add-learner' | 'promote-learner' | 'remove-peer' | 'transfer-leader';

export type Step =
  | { readonly kind: 'add-learner'; readonly storeId: number; readonly peerId: number }
  | { readonly kind: 'promote-learner' | 'remove-peer' | 'transfer-leader'; readonly storeId: number };

/** A step before ids are allocated: add-learner names only the store. */
export type PlanStep = { readonly kind: StepKind; readonly storeId: number };

/** Who asked: the replica checker, a balancer, or a person (strata ctl). */
export type OperatorKind = 'replica' | 'balance-leader' | 'balance-region' | 'admin';

export interface OperatorPlan {
  readonly kind: OperatorKind;
  readonly desc: string;
  readonly steps: readonly PlanStep[];
}

export interface Operator {
  readonly regionId: number;
  readonly kind: OperatorKind;
  readonly desc: string;
  readonly steps: readonly Step[];
  readonly createdAt: number;
}

/** What the leader is told to do now. */
export type Order =
  | { readonly kind: 'change-peer'; readonly change: 'add-voter' | 'add-learner' | 'remove'; readonly peer: Peer }
  | { readonly kind: 'transfer-leader'; readonly peer: Peer };

export type Progress =
  | { readonly state: 'done' }
  | { readonly state: 'order'; readonly step: number; readonly order: Order }
  /** Nothing to order yet (a learner still catching up). */
  | { readonly state: 'wait'; readonly step: number }
  | { readonly state: 'failed'; readonly step: number; readonly reason: string };

/** The region as the leader's heartbeat reports it. */
export interface RegionView {
  readonly region: Region;
  readonly leader: Peer | undefined;
  /** Peer ids the leader sees behind its log. */
  readonly pendingPeers: readonly number[];
}

/** Fills in peer ids for the add-learner steps, in order. */
export function buildOperator(regionId: number, plan: OperatorPlan, newPeerIds: readonly number[], now: number): Operator {
  let next = 0;
  const steps: Step[] = plan.steps.map((s) => {
    if (s.kind !== 'add-learner') return { kind: s.kind, storeId: s.storeId };
    const peerId = newPeerIds[next++];
    if (peerId === undefined) throw new Error(`operator "${plan.desc}" needs more peer ids than the ${newPeerIds.length} given`);
    return { kind: 'add-learner', storeId: s.storeId, peerId };
  });
  return { regionId, kind: plan.kind, desc: plan.desc, steps, createdAt: now };
}

export function peerIdsNeeded(plan: OperatorPlan): number {
  return plan.steps.filter((s) => s.kind === 'add-learner').length;
}

function peerOn(region: Region, storeId: number): Peer | undefined {
  return region.peers.find((p) => p.storeId === storeId);
}

/**
 * Where an operator stands given the region now: the first step not yet done decides. A step
 * that can no longer happen (its learner vanished, another peer took its store) fails the
 * operator; the checkers then start over from the region as it is.
 *
 * `healthy(storeId)` says whether a store may take over leadership: when the leader itself is to
 * be removed, and for a transfer-leader step (a store that went down after the operator started
 * would never take it, and the operator would hold its region until it timed out).
 */
export function progress(op: Operator, view: RegionView, healthy: (storeId: number) => boolean): Progress {
  const { region, leader } = view;
  for (let i = 0; i < op.steps.length; i++) {
    const step = op.steps[i] as Step;
    const peer = peerOn(region, step.storeId);
    switch (step.kind) {
      case 'add-learner':
        if (peer?.id === step.peerId) continue;
        if (peer) return { state: 'failed', step: i, reason: `store ${step.storeId} already holds peer ${peer.id}` };
        return { state: 'order', step: i, order: { kind: 'change-peer', change: 'add-learner', peer: { id: step.peerId, storeId: step.storeId, role: 'learner' } } };
      case 'promote-learner':
        if (!peer) return { state: 'failed', step: i, reason: `no peer on store ${step.storeId} to promote` };
        if (peer.role === 'voter') continue;
        if (view.pendingPeers.includes(peer.id)) return { state: 'wait', step: i };
        return { state: 'order', step: i, order: { kind: 'change-peer', change: 'add-voter', peer: { ...peer, role: 'voter' } } };
      case 'remove-peer': {
        if (!peer) continue;
        if (leader?.id === peer.id) {
          const to = region.peers.find((p) => p.role === 'voter' && p.id !== peer.id && healthy(p.storeId) && !view.pendingPeers.includes(p.id));
          if (!to) return { state: 'failed', step: i, reason: `no healthy voter to take over from leader ${peer.id} before its removal` };
          return { state: 'order', step: i, order: { kind: 'transfer-leader', peer: to } };
        }
        return { state: 'order', step: i, order: { kind: 'change-peer', change: 'remove', peer } };
      }
      case 'transfer-leader':
        if (leader?.storeId === step.storeId) continue;
        if (!peer || peer.role !== 'voter') return { state: 'failed', step: i, reason: `store ${step.storeId} holds no voter of region ${region.id}` };
        if (!healthy(step.storeId)) return { state: 'failed', step: i, reason: `store ${step.storeId} is not up to take the leadership` };
        return { state: 'order', step: i, order: { kind: 'transfer-leader', peer } };
    }
  }
  return { state: 'done' };
}

/** The stores an operator adds a peer to and removes one from (for the balancers' counts). */
export function storeDeltas(op: { readonly steps: readonly PlanStep[] }): { readonly adds: number[]; readonly removes: number[]; readonly leaderTo: number[] } {
  return {
    adds: op.steps.filter((s) => s.kind === 'add-learner').map((s) => s.storeId),
    removes: op.steps.filter((s) => s.kind === 'remove-peer').map((s) => s.storeId),
    leaderTo: op.steps.filter((s) => s.kind === 'transfer-leader').map((s) => s.storeId),
  };
}
