// Starting Strata processes as children (the playground, end-to-end tests): spawn
// `node bin/strata.mjs <command> …`, wait until a TCP port accepts connections (or the child
// dies, which is an error carrying its output), and stop it with SIGTERM, then SIGKILL after a
// grace period. Output is kept in a ring buffer for error messages and optionally forwarded.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const STRATA = fileURLToPath(new URL('./strata.mjs', import.meta.url));

export interface StrataProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** The last lines the child printed (stdout and stderr). */
  output(): string;
  readonly exited: Promise<number | null>;
  stop(graceMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): void;
}

export interface SpawnOptions {
  /** Forward each output line, prefixed with the name. */
  readonly echo?: ((line: string) => void) | undefined;
  readonly env?: NodeJS.ProcessEnv;
  /** Options for node itself, before the script (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  readonly nodeArgs?: readonly string[];
}

export function spawnStrata(name: string, args: string[], opts: SpawnOptions = {}): StrataProcess {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), STRATA, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  const lines: string[] = [];
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.length === 0) continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      opts.echo?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name,
    child,
    output: () => lines.join('\n'),
    exited,
    kill: (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    async stop(graceMs = 10_000): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

function tryConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host, port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/** Waits until host:port accepts TCP connections; fails if the process exits first. */
export async function waitForPort(proc: StrataProcess, host: string, port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void proc.exited.then(() => {
    dead = true;
  });
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${proc.name} exited before listening on ${host}:${port}:\n${proc.output()}`);
    if (await tryConnect(host, port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${proc.name} did not listen on ${host}:${port} within ${timeoutMs} ms:\n${proc.output()}`);
}

/** Waits for an output line matching `re`; returns the match. */
export async function waitForLine(proc: StrataProcess, re: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void proc.exited.then(() => {
    dead = true;
  });
  while (Date.now() < deadline) {
    for (const line of proc.output().split('\n')) {
      const m = line.match(re);
      if (m) return m;
    }
    if (dead) throw new Error(`${proc.name} exited before printing ${re}:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${proc.name} did not print ${re} within ${timeoutMs} ms:\n${proc.output()}`);
}

/** A free TCP port on loopback, picked by the OS and released before returning (for children
 *  that need a port number before they start). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function freePorts(n: number): Promise<number[]> {
  const out: number[] = [];
  while (out.length < n) {
    const p = await freePort();
    if (!out.includes(p)) out.push(p);
  }
  return out;
}
