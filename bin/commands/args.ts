// A small argument parser for the subcommands: `--name value`, `--name=value` and boolean
// `--flag`; unknown options are errors, so a typo never silently falls back to a default.

export interface OptionSpec {
  readonly [name: string]: { readonly type: 'string' | 'number' | 'boolean'; readonly default?: string | number | boolean; readonly help: string };
}

export type ParsedOptions<S extends OptionSpec> = {
  [K in keyof S]: S[K]['type'] extends 'number' ? number : S[K]['type'] extends 'boolean' ? boolean : string;
} & { readonly _: string[] };

export class UsageError extends Error {}

export function parseOptions<S extends OptionSpec>(spec: S, args: string[]): ParsedOptions<S> {
  const out: Record<string, unknown> = { _: [] as string[] };
  for (const [name, s] of Object.entries(spec)) if (s.default !== undefined) out[name] = s.default;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      (out._ as string[]).push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option --${name}`);
    if (s.type === 'boolean') {
      out[name] = eq < 0 ? true : arg.slice(eq + 1) !== 'false';
      continue;
    }
    const raw = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (raw === undefined) throw new UsageError(`option --${name} needs a value`);
    if (s.type === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new UsageError(`option --${name} needs a number, got '${raw}'`);
      out[name] = n;
    } else out[name] = raw;
  }
  for (const [name, s] of Object.entries(spec)) {
    if (out[name] === undefined && s.type !== 'boolean') throw new UsageError(`missing required option --${name}`);
  }
  return out as ParsedOptions<S>;
}

export function helpText(usage: string, spec: OptionSpec): string {
  const lines = [`usage: ${usage}`, '', 'options:'];
  // the option column is as wide as the longest name, so a long one never runs into its help
  const width = Math.max(16, ...Object.keys(spec).map((n) => n.length + 2));
  for (const [name, s] of Object.entries(spec)) {
    const dflt = s.default !== undefined && s.default !== '' && s.type !== 'boolean' ? ` (default ${String(s.default)})` : '';
    lines.push(`  --${name.padEnd(width)}${s.help}${dflt}`);
  }
  return lines.join('\n');
}

/** Resolves when the process gets SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Parses a subcommand's options, handling --help and usage errors the same way for every
 *  command: returns the options, or the exit code when the command should stop (0 after
 *  --help, 2 after a usage error, both printed). */
export function parseCommandLine<S extends OptionSpec & { readonly help: { readonly type: 'boolean'; readonly help: string } }>(
  command: string,
  usage: string,
  spec: S,
  args: string[],
): ParsedOptions<S> | number {
  let opts: ParsedOptions<S>;
  try {
    opts = parseOptions(spec, args);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`strata ${command}: ${err.message}\n\n${helpText(usage, spec)}`);
      return 2;
    }
    throw err;
  }
  if (opts.help) {
    console.log(helpText(usage, spec));
    return 0;
  }
  return opts;
}
