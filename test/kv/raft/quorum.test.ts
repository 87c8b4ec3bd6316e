// Quorum arithmetic: commit indexes and vote results for majority and joint configurations.
import { describe, expect, it } from 'vitest';
import { jointCommitted, jointVoteResult, majorityCommitted, majorityVoteResult } from '../../../kv/raft/quorum.js';

const matchOf = (m: Record<number, number>) => (id: number) => m[id] ?? 0;

describe('raft quorum', () => {
  it.each([
    { voters: [], match: {}, want: Infinity },
    { voters: [1], match: { 1: 5 }, want: 5 },
    { voters: [1, 2], match: { 1: 5, 2: 3 }, want: 3 },
    { voters: [1, 2, 3], match: { 1: 5, 2: 3, 3: 4 }, want: 4 },
    { voters: [1, 2, 3], match: { 1: 5 }, want: 0 },
    { voters: [1, 2, 3, 4], match: { 1: 9, 2: 8, 3: 2, 4: 1 }, want: 2 },
    { voters: [1, 2, 3, 4, 5], match: { 1: 9, 2: 8, 3: 7, 4: 1, 5: 1 }, want: 7 },
  ])('a majority of $voters with matches $match has committed $want', ({ voters, match, want }) => {
    expect(majorityCommitted(voters, matchOf(match))).toBe(want);
  });

  it('a joint configuration commits only what a majority of each half holds', () => {
    const match = matchOf({ 1: 10, 2: 10, 3: 2, 4: 1, 5: 1 });
    expect(jointCommitted([1, 2, 3], [], match)).toBe(10);
    expect(jointCommitted([1, 2, 3], [3, 4, 5], match)).toBe(1);
    expect(jointCommitted([1, 2, 3], [1, 2, 4], match)).toBe(10);
  });

  it.each([
    { voters: [], votes: {}, want: 'won' },
    { voters: [1], votes: { 1: true }, want: 'won' },
    { voters: [1], votes: { 1: false }, want: 'lost' },
    { voters: [1, 2, 3], votes: { 1: true }, want: 'pending' },
    { voters: [1, 2, 3], votes: { 1: true, 2: true }, want: 'won' },
    { voters: [1, 2, 3], votes: { 1: true, 2: false }, want: 'pending' },
    { voters: [1, 2, 3], votes: { 1: true, 2: false, 3: false }, want: 'lost' },
    { voters: [1, 2, 3, 4], votes: { 1: true, 2: true }, want: 'pending' },
    { voters: [1, 2, 3, 4], votes: { 1: true, 2: true, 3: false, 4: false }, want: 'lost' },
    { voters: [1, 2, 3], votes: { 7: true, 8: true }, want: 'pending' },
  ])('votes $votes among $voters: $want', ({ voters, votes, want }) => {
    const m = new Map(Object.entries(votes).map(([k, v]) => [Number(k), v]));
    expect(majorityVoteResult(voters, m)).toBe(want);
  });

  it('a joint vote is won only when both halves are won, and lost when either is lost', () => {
    const v = (o: Record<number, boolean>) => new Map(Object.entries(o).map(([k, x]) => [Number(k), x]));
    expect(jointVoteResult([1, 2, 3], [3, 4, 5], v({ 1: true, 2: true }))).toBe('pending');
    expect(jointVoteResult([1, 2, 3], [3, 4, 5], v({ 1: true, 2: true, 3: true }))).toBe('pending');
    expect(jointVoteResult([1, 2, 3], [3, 4, 5], v({ 1: true, 3: true, 4: true }))).toBe('won');
    expect(jointVoteResult([1, 2, 3], [3, 4, 5], v({ 1: true, 2: true, 4: false, 5: false }))).toBe('lost');
  });
});
