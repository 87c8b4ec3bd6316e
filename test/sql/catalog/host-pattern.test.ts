// Account matching as MySQL does it: which account host patterns admit a client, and which of
// several matching accounts a login becomes.
import { describe, expect, it } from 'vitest';
import { hostMatches, matchAccount } from '../../../sql/catalog/host-pattern.js';

describe('hostMatches', () => {
  const cases: [pattern: string, host: string, matches: boolean][] = [
    ['%', '10.1.2.3', true],
    ['localhost', '127.0.0.1', true],
    ['localhost', '::1', true],
    ['localhost', '::ffff:127.0.0.1', true],
    ['localhost', '10.0.0.1', false],
    ['127.0.0.1', '::ffff:127.0.0.1', true],
    ['LOCALHOST', '127.0.0.1', true],
    ['192.168.1.%', '192.168.1.77', true],
    ['192.168.1.%', '192.168.10.7', false],
    ['10.0.0._', '10.0.0.5', true],
    ['10.0.0._', '10.0.0.55', false],
    ['%.example.com', 'db.example.com', true],
    ['%.example.com', 'example.com', false],
    ['10.0.0.0/255.255.255.0', '10.0.0.200', true],
    ['10.0.0.0/255.255.255.0', '10.0.1.200', false],
    ['128.0.0.0/255.0.0.0', '128.9.9.9', true],
    ['192.168.1.1', '192.168.1.10', false],
  ];
  it.each(cases)('%s admits %s: %s', (pattern, host, matches) => {
    expect(hostMatches(pattern, host)).toBe(matches);
  });
});

describe('matchAccount', () => {
  const accounts = [
    { user: 'bob', host: '%' },
    { user: 'bob', host: '10.0.0.%' },
    { user: 'bob', host: '10.0.0.7' },
    { user: '', host: 'localhost' },
    { user: 'ann', host: '10.%' },
    { user: 'ann', host: '10.0.%' },
  ];
  const cases: [user: string, host: string, expected: string | undefined][] = [
    ['bob', '10.0.0.7', 'bob@10.0.0.7'], // literal host first
    ['bob', '10.0.0.8', 'bob@10.0.0.%'], // then the pattern
    ['bob', '172.16.0.1', 'bob@%'], // '%' last
    ['bob', '127.0.0.1', '@localhost'], // the anonymous local account shadows bob@'%', as in MySQL
    ['ann', '10.0.3.4', 'ann@10.0.%'], // the longer fixed prefix is more specific
    ['ann', '10.9.3.4', 'ann@10.%'],
    ['ann', '172.16.0.1', undefined],
    ['cy', '127.0.0.1', '@localhost'],
  ];
  it.each(cases)('%s from %s logs in as %s', (user, host, expected) => {
    const a = matchAccount(accounts, user, host);
    expect(a ? `${a.user}@${a.host}` : undefined).toBe(expected);
  });
});
