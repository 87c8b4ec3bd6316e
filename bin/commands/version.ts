// `strata version`: the package version and the Node runtime it runs on.
import { readFileSync } from 'node:fs';

export async function run(): Promise<number> {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  console.log(`Strata ${pkg.version} (node ${process.version})`);
  return 0;
}
