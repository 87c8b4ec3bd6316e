// `strata <command> --help`: every option's help text lines up in one column, separated from the
// longest option name by at least one space.
import { describe, expect, it } from 'vitest';
import { helpText } from '../../../bin/commands/args.js';

describe('helpText', () => {
  it('aligns the help column past the longest option name', () => {
    const text = helpText('strata x [options]', {
      port: { type: 'string', default: '4000', help: 'MySQL port' },
      'initialize-insecure': { type: 'boolean', default: true, help: 'root may log in without a password' },
    });
    const lines = text.split('\n').filter((l) => l.startsWith('  --'));
    expect(lines).toEqual(['  --port                 MySQL port (default 4000)', '  --initialize-insecure  root may log in without a password']);
  });
});
