// A leader's per-follower progress: the probe / replicate / snapshot states and the in-flight window.
import { describe, expect, it } from 'vitest';
import { Inflights } from '../../../kv/raft/inflights.js';
import { Progress } from '../../../kv/raft/progress.js';

describe('raft progress', () => {
  it('a probing follower is paused after one MsgApp until it answers', () => {
    const pr = new Progress(0, 5, 4, false);
    expect(pr.isPaused()).toBe(false);
    pr.sentEntries(4, 2, 10);
    expect(pr.isPaused()).toBe(true);
    expect(pr.next).toBe(5); // probing does not move next optimistically
    expect(pr.maybeUpdate(6)).toBe(true);
    expect(pr.isPaused()).toBe(false);
    expect(pr).toMatchObject({ match: 6, next: 7 });
  });

  it('a replicating follower streams optimistically until the window is full', () => {
    const pr = new Progress(5, 6, 2, false);
    pr.becomeReplicate();
    pr.sentEntries(5, 3, 30);
    expect(pr.next).toBe(9);
    pr.sentEntries(8, 1, 10);
    expect(pr.isPaused()).toBe(true);
    pr.maybeUpdate(8);
    pr.inflights.freeLE(8);
    expect(pr.isPaused()).toBe(false);
    expect(pr.inflights.count).toBe(1);
  });

  it('a rejection in probe moves next back to the hint, and a stale one is ignored', () => {
    const pr = new Progress(0, 10, 4, false);
    expect(pr.maybeDecrTo(8, 3)).toBe(false); // answers an older MsgApp (prev 8, but we sent prev 9)
    expect(pr.maybeDecrTo(9, 3)).toBe(true);
    expect(pr.next).toBe(4);
    expect(pr.maybeDecrTo(3, 0)).toBe(true);
    expect(pr.next).toBe(1);
  });

  it('a rejection in replicate falls back to just after match; one at or below match is stale', () => {
    const pr = new Progress(5, 6, 4, false);
    pr.becomeReplicate();
    pr.sentEntries(5, 5, 50);
    expect(pr.maybeDecrTo(4, 0)).toBe(false);
    expect(pr.maybeDecrTo(7, 2)).toBe(true);
    expect(pr.next).toBe(6);
  });

  it('a follower receiving a snapshot is paused and resumes probing after it', () => {
    const pr = new Progress(2, 3, 4, false);
    pr.becomeSnapshot(20);
    expect(pr.isPaused()).toBe(true);
    pr.becomeProbe();
    expect(pr).toMatchObject({ state: 'probe', next: 21, pendingSnapshot: 0 });
  });

  it('the in-flight window limits both count and bytes and frees in order', () => {
    const inf = new Inflights(3, 100);
    inf.add(5, 40);
    inf.add(7, 40);
    expect(inf.full()).toBe(false);
    inf.add(9, 40);
    expect(inf.full()).toBe(true);
    inf.freeLE(6);
    expect(inf.count).toBe(2);
    expect(inf.full()).toBe(false);
    inf.freeFirstOne();
    expect(inf.count).toBe(1);
    inf.freeLE(100);
    expect(inf.count).toBe(0);
    const bytes = new Inflights(10, 50);
    bytes.add(1, 60);
    expect(bytes.full()).toBe(true);
  });
});
