// Temporary directories for tests that use real files (LevelDB): created under the OS temp dir,
// removed after each test, so nothing is left behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const created: string[] = [];

export function tempDir(prefix = 'strata-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

afterEach(() => {
  while (created.length > 0) {
    const dir = created.pop() as string;
    rmSync(dir, { recursive: true, force: true });
  }
});
