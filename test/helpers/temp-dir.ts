// Temporary directories for tests that use real files (LevelDB): created under the OS temp dir
// and removed afterwards, so nothing is left behind. `tempDir()` is for one test (removed after
// it); `suiteTempDir()` is for a beforeAll that serves several tests (removed after the file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

const perTest: string[] = [];
const perSuite: string[] = [];

export function tempDir(prefix = 'strata-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  perTest.push(dir);
  return dir;
}

export function suiteTempDir(prefix = 'strata-suite-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  perSuite.push(dir);
  return dir;
}

function removeAll(list: string[]): void {
  while (list.length > 0) rmSync(list.pop() as string, { recursive: true, force: true });
}

afterEach(() => removeAll(perTest));
afterAll(() => removeAll(perSuite));
