// Auth plugin arithmetic against independently computed vectors, and the AuthExchange state machine.
import { createHash, publicEncrypt, constants } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  AuthExchange,
  cachingSha2Hash,
  cachingSha2Token,
  generateRsaKeys,
  generateScramble,
  nativeAuthToken,
  nativePasswordHash,
  verifyCachingSha2Token,
  verifyNativePassword,
  type AuthStep,
} from '../../wire/index.js';

const H = (alg: string, ...parts: Buffer[]): Buffer => {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest();
};
const scramble = Buffer.from('3a2b1c0d4e5f60718293a4b5c6d7e8f901122334', 'hex');

describe('mysql_native_password', () => {
  it('stores *HEX(SHA1(SHA1(pw))) — MySQL\'s PASSWORD() of "password"', () => {
    expect(nativePasswordHash('password')).toBe('*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19');
    expect(nativePasswordHash('')).toBe('');
  });

  it('computes SHA1(pw) XOR SHA1(scramble + SHA1(SHA1(pw))) and verifies it against the stored hash', () => {
    const pw = Buffer.from('s3cret');
    const s1 = H('sha1', pw);
    const s3 = H('sha1', scramble, H('sha1', s1));
    const expected = Buffer.from(s1.map((b, i) => b ^ (s3[i] as number)));
    const token = nativeAuthToken('s3cret', scramble);
    expect(token.equals(expected)).toBe(true);
    expect(verifyNativePassword(token, scramble, nativePasswordHash('s3cret'))).toBe(true);
    expect(verifyNativePassword(token, scramble, nativePasswordHash('other'))).toBe(false);
    expect(verifyNativePassword(nativeAuthToken('s3cret', generateScramble()), scramble, nativePasswordHash('s3cret'))).toBe(false);
    expect(verifyNativePassword(Buffer.alloc(0), scramble, '')).toBe(true);
    expect(verifyNativePassword(Buffer.alloc(5), scramble, nativePasswordHash('x'))).toBe(false);
  });
});

describe('caching_sha2_password', () => {
  it('computes SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + scramble) and verifies it against the cached digest', () => {
    const pw = Buffer.from('s3cret');
    const s1 = H('sha256', pw);
    const h2 = H('sha256', s1);
    const x = H('sha256', h2, scramble);
    const expected = Buffer.from(s1.map((b, i) => b ^ (x[i] as number)));
    expect(cachingSha2Hash('s3cret')).toBe(h2.toString('hex'));
    const token = cachingSha2Token('s3cret', scramble);
    expect(token.equals(expected)).toBe(true);
    expect(verifyCachingSha2Token(token, scramble, h2.toString('hex'))).toBe(true);
    expect(verifyCachingSha2Token(token, scramble, cachingSha2Hash('nope'))).toBe(false);
    expect(verifyCachingSha2Token(Buffer.alloc(0), scramble, '')).toBe(true);
  });

  it('generates 20-byte scrambles without NUL or $', () => {
    for (let i = 0; i < 50; i++) {
      const s = generateScramble();
      expect(s.length).toBe(20);
      expect(s.includes(0)).toBe(false);
      expect(s.includes(0x24)).toBe(false);
    }
  });
});

const sha2 = { plugin: 'caching_sha2_password', authString: cachingSha2Hash('pw') };
const native = { plugin: 'mysql_native_password', authString: nativePasswordHash('pw') };
const base = { user: 'u', host: 'localhost', scramble, secure: false };
const sent = (s: AuthStep): string[] => (s.kind === 'fail' ? [] : s.send.map((b) => b.toString('hex')));

describe('AuthExchange', () => {
  it('native: accepts the right token at once and denies a wrong one with 1045/28000', () => {
    expect(new AuthExchange({ ...base, account: native }).start(nativeAuthToken('pw', scramble), 'mysql_native_password').kind).toBe('ok');
    const bad = new AuthExchange({ ...base, account: native }).start(nativeAuthToken('x', scramble), 'mysql_native_password');
    expect(bad.kind).toBe('fail');
    if (bad.kind !== 'fail') return;
    expect(bad.error).toBeInstanceOf(AccessDeniedError);
    expect(bad.error.errno).toBe(1045);
    expect(bad.error.sqlState).toBe('28000');
    expect(bad.error.message).toBe("Access denied for user 'u'@'localhost' (using password: YES)");
  });

  it('switches plugin when the client used another one, then verifies the new response', () => {
    const ex = new AuthExchange({ ...base, account: sha2 });
    const first = ex.start(nativeAuthToken('pw', scramble), 'mysql_native_password');
    expect(first.kind).toBe('continue');
    expect(sent(first)).toEqual([Buffer.concat([Buffer.from('\xfecaching_sha2_password\0', 'latin1'), scramble, Buffer.from([0])]).toString('hex')]);
    const second = ex.continue(cachingSha2Token('pw', scramble));
    expect(second.kind).toBe('ok');
    expect(sent(second)).toEqual(['0103']);
  });

  it('caching_sha2 full auth over a secure connection takes the plaintext password', () => {
    const ex = new AuthExchange({ ...base, secure: true, account: sha2, forceFullAuth: true });
    const first = ex.start(cachingSha2Token('pw', scramble), 'caching_sha2_password');
    expect(sent(first)).toEqual(['0104']);
    expect(ex.continue(Buffer.from('pw\0')).kind).toBe('ok');
    const ex2 = new AuthExchange({ ...base, secure: true, account: sha2, forceFullAuth: true });
    ex2.start(cachingSha2Token('pw', scramble), 'caching_sha2_password');
    expect(ex2.continue(Buffer.from('wrong\0')).kind).toBe('fail');
  });

  it('caching_sha2 full auth without TLS: public key request, then RSA-OAEP(password ^ scramble)', () => {
    const rsa = generateRsaKeys(1024);
    const ex = new AuthExchange({ ...base, account: sha2, forceFullAuth: true, rsa });
    expect(sent(ex.start(cachingSha2Token('pw', scramble), 'caching_sha2_password'))).toEqual(['0104']);
    const keyStep = ex.continue(Buffer.from([0x02]));
    expect(keyStep.kind).toBe('continue');
    const pem = keyStep.kind === 'continue' ? (keyStep.send[0] as Buffer).subarray(1).toString() : '';
    expect(pem).toContain('BEGIN PUBLIC KEY');
    const plain = Buffer.from('pw\0');
    const xored = Buffer.from(plain.map((b, i) => b ^ (scramble[i % 20] as number)));
    const enc = publicEncrypt({ key: pem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, xored);
    expect(ex.continue(enc).kind).toBe('ok');
  });

  it('denies full auth over an insecure connection without RSA keys, and garbage ciphertext', () => {
    const ex = new AuthExchange({ ...base, account: sha2, forceFullAuth: true });
    ex.start(cachingSha2Token('pw', scramble), 'caching_sha2_password');
    expect(ex.continue(Buffer.from('pw\0')).kind).toBe('fail');
    const rsa = generateRsaKeys(1024);
    const ex2 = new AuthExchange({ ...base, account: sha2, forceFullAuth: true, rsa });
    ex2.start(cachingSha2Token('pw', scramble), 'caching_sha2_password');
    ex2.continue(Buffer.from([0x02]));
    expect(ex2.continue(Buffer.alloc(128, 1)).kind).toBe('fail');
  });

  it('accepts an empty password only for an account without one, and denies unknown users', () => {
    expect(new AuthExchange({ ...base, account: { plugin: 'caching_sha2_password', authString: '' } }).start(Buffer.alloc(0), 'caching_sha2_password').kind).toBe('ok');
    expect(new AuthExchange({ ...base, account: sha2 }).start(Buffer.alloc(0), 'caching_sha2_password').kind).toBe('fail');
    const unknown = new AuthExchange({ ...base, account: undefined }).start(Buffer.alloc(0), 'mysql_native_password');
    expect(unknown.kind).toBe('fail');
    if (unknown.kind === 'fail') expect(unknown.error.message).toContain('(using password: NO)');
  });
});
