// Failpoints: named hooks at the boundaries of the transaction and raft paths (prewrite, commit,
// persist, apply). A no-op unless enabled, so production code keeps them in place at almost no
// cost. Tests enable an action (a callback) and must disable it again; a child process can be
// started with STRATA_FAILPOINTS="name=action;…" where action is `pause` (never continue: the
// process hangs there until killed), `exit` (exit(137) on the spot, like kill -9) or `sleep(ms)`.

export type FailpointAction = () => void | Promise<void>;

const active = new Map<string, FailpointAction>();

export function enableFailpoint(name: string, action: FailpointAction): void {
  active.set(name, action);
}

export function disableFailpoint(name: string): void {
  active.delete(name);
}

export function disableAllFailpoints(): void {
  active.clear();
}

/** Runs the failpoint's action if enabled. Returns a promise only when an action is set. */
export function failpoint(name: string): void | Promise<void> {
  if (active.size === 0) return;
  const action = active.get(name);
  if (action) return action();
}

function parseAction(spec: string): FailpointAction | undefined {
  if (spec === 'pause') return () => new Promise<void>(() => undefined);
  if (spec === 'exit') return () => process.exit(137);
  const sleep = /^sleep\((\d+)\)$/.exec(spec);
  if (sleep) {
    const ms = Number(sleep[1]);
    return () => new Promise<void>((r) => setTimeout(r, ms));
  }
  return undefined;
}

for (const item of (process.env.STRATA_FAILPOINTS ?? '').split(';')) {
  const eq = item.indexOf('=');
  if (eq <= 0) continue;
  const action = parseAction(item.slice(eq + 1).trim());
  if (action) active.set(item.slice(0, eq).trim(), action);
}
