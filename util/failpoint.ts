// Failpoints: named hooks at the boundaries of the transaction and raft paths (prewrite, commit,
// persist, apply). A no-op unless a test enables the name, so production code keeps them in place
// at almost no cost. Tests enable an action (throw, pause, or a callback) and must disable it again.

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
