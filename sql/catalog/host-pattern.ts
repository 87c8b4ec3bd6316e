// Which account a login is, as MySQL decides it: an account's host part is a literal host name or
// IP, a LIKE-style pattern ('192.168.1.%', '%.example.com', '10.0.0._'), an IPv4 address with a
// netmask ('10.0.0.0/255.255.255.0'), or '%' for any host. When several accounts could match,
// MySQL sorts them most specific host first (literal, then patterns by how much they fix before
// their first wildcard, '%' last), then most specific user (a named user before the anonymous ''),
// and the first match wins — which is why ''@'localhost' shadows 'bob'@'%' for a local login.

/** The connection's host names as MySQL sees them: a loopback address is also 'localhost'. */
export function clientHostNames(host: string): string[] {
  const h = host.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
  return h === '127.0.0.1' || h === '::1' || h === 'localhost' ? ['localhost', h === 'localhost' ? '127.0.0.1' : h] : [h];
}

/** True when the account host `pattern` admits a client at `host`. */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const names = clientHostNames(host);
  if (p === '%' || p === '') return true;
  const mask = /^(\d+\.\d+\.\d+\.\d+)\/(\d+\.\d+\.\d+\.\d+)$/.exec(p);
  if (mask) {
    const net = ipv4(mask[1]!);
    const bits = ipv4(mask[2]!);
    return names.some((n) => {
      const a = ipv4(n);
      return a !== undefined && net !== undefined && bits !== undefined && (a & bits) >>> 0 === net;
    });
  }
  if (!/[%_]/.test(p)) return names.includes(p);
  const re = likeRegExp(p);
  return names.some((n) => re.test(n));
}

/** Sort key: smaller is more specific (MySQL's ACL order). */
export function hostSpecificity(pattern: string): number {
  const p = pattern.toLowerCase();
  if (p === '') return 3_000_000;
  if (p === '%') return 2_000_000;
  if (/^\d+\.\d+\.\d+\.\d+\/\d+\.\d+\.\d+\.\d+$/.test(p)) return 0;
  const wild = p.search(/[%_]/);
  if (wild < 0) return 0;
  // more fixed characters before the first wildcard = more specific
  return 1_000_000 - wild;
}

/** The first account (in MySQL's order) named `user` — or anonymous — whose host admits `host`. */
export function matchAccount<T extends { user: string; host: string }>(accounts: readonly T[], user: string, host: string): T | undefined {
  const candidates = accounts.filter((a) => (a.user === user || a.user === '') && hostMatches(a.host, host));
  candidates.sort((a, b) => hostSpecificity(a.host) - hostSpecificity(b.host) || (a.user === '' ? 1 : 0) - (b.user === '' ? 1 : 0));
  return candidates[0];
}

function ipv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8) | Number(p);
  }
  return v >>> 0;
}

function likeRegExp(p: string): RegExp {
  let re = '^';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\' && i + 1 < p.length) re += escape(p[++i]!);
    else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += escape(c);
  }
  return new RegExp(re + '$');
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
