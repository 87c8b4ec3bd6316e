// The one command-line entry of Strata: `strata <subcommand> [options]`. Each subcommand lives in
// its own module under bin/commands/ and is loaded only when asked for, so `strata ctl` does not pay
// for the SQL engine's start-up.
import { commands } from './commands/index.js';

function usage(): string {
  const lines = ['usage: strata <command> [options]', '', 'commands:'];
  for (const [name, cmd] of Object.entries(commands)) lines.push(`  ${name.padEnd(12)}${cmd.summary}`);
  lines.push('', "Run 'strata <command> --help' for the options of one command.");
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    console.error(`strata: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const mod = await cmd.load();
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`strata: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
