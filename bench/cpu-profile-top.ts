// Summarises a V8 .cpuprofile (what `node --cpu-prof` writes, e.g. `npm run bench -- sysbench
// --cpu-prof DIR`): the functions with the most self time, and self time summed per source file,
// so a profile can be read in a terminal and quoted in a report.
//
//   node bin/run-ts.mjs bench/cpu-profile-top.ts FILE.cpuprofile [--top 25] [--last SECONDS]
//
// `--last S` keeps only the samples of the profile's last S seconds: the measured run of a
// benchmark, without the data load before it.
import { readFileSync } from 'node:fs';
import { table } from './harness.js';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly byFunction: readonly (readonly [string, number])[];
  readonly byFile: readonly (readonly [string, number])[];
  /** Self time plus everything called from it (a function on the stack twice counts once). */
  readonly inclusive: readonly (readonly [string, number])[];
}

function shortUrl(url: string): string {
  if (url === '') return '(native/vm)';
  const i = url.indexOf('/work/main/');
  if (i >= 0) return url.slice(i + '/work/main/'.length);
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm);
  return url.replace(/^file:\/\//, '');
}

/** Self time per function and per file, in ms, largest first; `lastUs` keeps only the samples
 *  of the profile's last lastUs microseconds. */
export function summarise(p: Profile, lastUs = Infinity): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const from = p.endTime - lastUs;
  let t = p.startTime;
  let totalUs = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    t += dt;
    if (t < from) return;
    totalUs += dt;
    self.set(id, (self.get(id) ?? 0) + dt);
  });
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const url = shortUrl(n.callFrame.url);
    const name = `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
    fn.set(name, (fn.get(name) ?? 0) + us / 1000);
    file.set(url, (file.get(url) ?? 0) + us / 1000);
  }
  // Inclusive time: walk the call tree from the root, keeping the names on the current stack so
  // recursion is not counted twice.
  const incl = new Map<string, number>();
  const nameOf = (n: ProfileNode): string => `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const childIds = new Set(p.nodes.flatMap((n) => n.children ?? []));
  const walk = (n: ProfileNode, onStack: Set<string>): number => {
    let total = (self.get(n.id) ?? 0) / 1000;
    const name = nameOf(n);
    const fresh = !onStack.has(name);
    if (fresh) onStack.add(name);
    for (const c of n.children ?? []) {
      const child = byId.get(c);
      if (child) total += walk(child, onStack);
    }
    if (fresh) {
      onStack.delete(name);
      incl.set(name, (incl.get(name) ?? 0) + total);
    }
    return total;
  };
  for (const n of p.nodes) if (!childIds.has(n.id)) walk(n, new Set());
  const sorted = (m: Map<string, number>): [string, number][] => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { totalMs: totalUs / 1000, byFunction: sorted(fn), byFile: sorted(file), inclusive: sorted(incl) };
}

const isMain = process.argv[1]?.endsWith('cpu-profile-top.ts') ?? false;
if (isMain) {
  const [path, ...rest] = process.argv.slice(2);
  if (path === undefined) {
    console.error('usage: node bin/run-ts.mjs bench/cpu-profile-top.ts FILE.cpuprofile [--top N]');
    process.exit(2);
  }
  const ti = rest.indexOf('--top');
  const top = ti >= 0 ? Number(rest[ti + 1]) : 25;
  const li = rest.indexOf('--last');
  const last = li >= 0 ? Number(rest[li + 1]) * 1e6 : Infinity;
  const s = summarise(JSON.parse(readFileSync(path, 'utf8')) as Profile, last);
  const pct = (ms: number): string => `${((100 * ms) / s.totalMs).toFixed(1)}%`;
  console.log(`profile: ${(s.totalMs / 1000).toFixed(1)} s sampled (idle included as (idle))\n`);
  console.log(table(['self ms', '%', 'function'], s.byFunction.slice(0, top).map(([n, ms]) => [Math.round(ms), pct(ms), n])));
  console.log('');
  console.log(table(['incl ms', '%', 'function (with its callees)'], s.inclusive.slice(0, top).map(([n, ms]) => [Math.round(ms), pct(ms), n])));
  console.log('');
  console.log(table(['self ms', '%', 'file'], s.byFile.slice(0, top).map(([n, ms]) => [Math.round(ms), pct(ms), n])));
}
