// The table of subcommands. A command module exports `run(args): Promise<number>` (the exit code).

export interface CommandModule {
  run(args: string[]): Promise<number>;
}

export interface Command {
  readonly summary: string;
  load(): Promise<CommandModule>;
}

export const commands: Record<string, Command> = {
  ctl: { summary: 'command-line access to a cluster: raw/txn get, put, scan; tso; stores; regions', load: () => import('./ctl.js') },
  kv: { summary: 'run a KV store (raw + transactional gRPC API)', load: () => import('./kv.js') },
  pd: { summary: 'run the placement driver (TSO, ids, cluster metadata; gRPC + HTTP API)', load: () => import('./pd.js') },
  playground: { summary: 'start a local cluster: 1 PD, 3 KV stores and 1 SQL server (npm start)', load: () => import('./playground.js') },
  sql: { summary: 'run the SQL server (MySQL protocol on port 4000, status HTTP on 10080)', load: () => import('./sql.js') },
  version: { summary: 'print the version of Strata', load: () => import('./version.js') },
};
