// Authentication: the password plugins' arithmetic as pure functions, and AuthExchange, a small
// state machine that drives one connection's authentication without touching a socket.
//
// mysql_native_password. The server stores '*' + HEX(SHA1(SHA1(password))) (41 chars). With the
// 20-byte scramble S from the handshake, the client sends
//     token = SHA1(password) XOR SHA1(S ‖ SHA1(SHA1(password)))
// and the server, knowing only H2 = SHA1(SHA1(password)), recovers SHA1(password) as
//     token XOR SHA1(S ‖ H2)   and checks SHA1(that) = H2.
//
// caching_sha2_password. The server caches H2 = SHA256(SHA256(password)) (Strata stores it as the
// account's auth string, 64 hex chars; '' = empty password). Fast path: the client sends
//     token = SHA256(password) XOR SHA256(H2 ‖ S)
// and the server checks SHA256(token XOR SHA256(H2 ‖ S)) = H2, answering AuthMoreData 0x03 then OK.
// When the cache cannot answer, the server asks for full authentication (AuthMoreData 0x04):
//   - over TLS (or a local socket) the client sends the password in clear, NUL-terminated;
//   - otherwise it asks for the server's RSA public key (0x02), the server answers AuthMoreData with
//     the PEM, and the client sends RSA-OAEP(SHA-1)(password ‖ NUL XOR S, repeated as needed).
//
//   server                          client
//   Handshake(plugin P, S)    ─▶
//                              ◀─   HandshakeResponse(plugin Q, token)
//   [Q ≠ account's plugin:  AuthSwitchRequest(plugin, S ‖ NUL) ─▶   ◀─ token]
//   caching_sha2: 0x01 0x03 (fast OK) ─▶ OK
//             or: 0x01 0x04 (full)    ─▶   ◀─ password ‖ NUL (TLS)  → OK | ERR
//                                          ◀─ 0x02 → 0x01 PEM ─▶ ◀─ RSA(password ⊕ S) → OK | ERR
//
// Comparisons use timingSafeEqual. Nothing here logs or keeps a plaintext password.

import { createHash, generateKeyPairSync, privateDecrypt, randomBytes, timingSafeEqual, constants as cryptoConstants, type KeyObject } from 'node:crypto';
import { cachingSha2Hash, nativePasswordHash } from '../util/password-hash.js';
import { AuthPlugin } from './constants.js';

// The stored forms (util/password-hash.ts), shared with the SQL layer's CREATE USER.
export { cachingSha2Hash, nativePasswordHash };
import { AccessDeniedError } from './errors.js';
import { encodeAuthMoreData, encodeAuthSwitchRequest } from './messages.js';

const sha1 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest();
};
const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

function xor(a: Uint8Array, b: Uint8Array): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) ^ (b[i % b.length] as number);
  return out;
}

function safeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A fresh 20-byte scramble: printable-ish bytes 1..127 without '$' or NUL, as MySQL generates. */
export function generateScramble(): Buffer {
  const b = randomBytes(20);
  for (let i = 0; i < b.length; i++) {
    let c = (b[i] as number) & 0x7f;
    if (c === 0 || c === 0x24) c += 1;
    b[i] = c;
  }
  return b;
}

// ---- mysql_native_password --------------------------------------------------------------------


/** What a client sends for native auth (empty for an empty password). */
export function nativeAuthToken(password: string, scramble: Uint8Array): Buffer {
  if (password === '') return Buffer.alloc(0);
  const s1 = sha1(Buffer.from(password, 'utf8'));
  return xor(s1, sha1(scramble.subarray(0, 20), sha1(s1)));
}

/** Verify a native auth token against the stored '*HEX' hash. */
export function verifyNativePassword(token: Uint8Array, scramble: Uint8Array, storedHash: string): boolean {
  if (storedHash === '') return token.length === 0;
  if (token.length !== 20 || !/^\*[0-9A-Fa-f]{40}$/.test(storedHash)) return false;
  const h2 = Buffer.from(storedHash.slice(1), 'hex');
  const s1 = xor(token, sha1(scramble.subarray(0, 20), h2));
  return safeEqual(sha1(s1), h2);
}

// ---- caching_sha2_password --------------------------------------------------------------------


/** What a client sends on the fast path (empty for an empty password). */
export function cachingSha2Token(password: string, scramble: Uint8Array): Buffer {
  if (password === '') return Buffer.alloc(0);
  const s1 = sha256(Buffer.from(password, 'utf8'));
  return xor(s1, sha256(sha256(s1), scramble.subarray(0, 20)));
}

/** Verify a fast-path token against the cached digest (hex). */
export function verifyCachingSha2Token(token: Uint8Array, scramble: Uint8Array, storedDigestHex: string): boolean {
  if (storedDigestHex === '') return token.length === 0;
  if (token.length !== 32 || !/^[0-9a-fA-F]{64}$/.test(storedDigestHex)) return false;
  const h2 = Buffer.from(storedDigestHex, 'hex');
  const s1 = xor(token, sha256(h2, scramble.subarray(0, 20)));
  return safeEqual(sha256(s1), h2);
}

/** Check a plaintext password (full authentication) against a stored hash of either plugin. */
export function verifyPlaintextPassword(password: string, plugin: string, authString: string): boolean {
  const computed = plugin === AuthPlugin.NATIVE ? nativePasswordHash(password) : cachingSha2Hash(password);
  return safeEqual(Buffer.from(computed.toLowerCase()), Buffer.from(authString.toLowerCase()));
}

/** An RSA key pair for caching_sha2 full authentication without TLS. */
export interface RsaKeys {
  readonly publicKeyPem: string;
  readonly privateKey: KeyObject;
}

export function generateRsaKeys(bits = 2048): RsaKeys {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}

/** Decrypt an RSA-OAEP password sent during full auth: undo the XOR with the scramble, drop the NUL.
 *  Returns undefined when the ciphertext does not decrypt. */
export function decryptRsaPassword(ciphertext: Uint8Array, privateKey: KeyObject, scramble: Uint8Array): string | undefined {
  let plain: Buffer;
  try {
    plain = privateDecrypt({ key: privateKey, padding: cryptoConstants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, ciphertext);
  } catch {
    return undefined;
  }
  const clear = xor(plain, scramble.subarray(0, 20));
  const end = clear.indexOf(0);
  return clear.subarray(0, end < 0 ? clear.length : end).toString('utf8');
}

// ---- the exchange -----------------------------------------------------------------------------

/** How an account authenticates: its plugin and stored auth string (see the hash functions above). */
export interface Account {
  readonly plugin: string;
  readonly authString: string;
  /** CREATE USER … REQUIRE SSL: a right password over plain TCP is still denied (1045). */
  readonly requireSsl?: boolean;
}

/** What the connection does next. `send` packets go out (in order, consecutive sequence ids). */
export type AuthStep =
  | { readonly kind: 'continue'; readonly send: readonly Buffer[] } // then wait for the client's next packet
  | { readonly kind: 'ok'; readonly send: readonly Buffer[] } // send these, then the OK packet
  | { readonly kind: 'fail'; readonly error: AccessDeniedError };

export interface AuthExchangeOptions {
  readonly user: string;
  readonly host: string;
  readonly scramble: Uint8Array;
  /** undefined: no such account (the exchange still answers as if, then denies). */
  readonly account: Account | undefined;
  /** The connection is TLS (or a local socket): plaintext full auth is allowed. */
  readonly secure: boolean;
  readonly rsa?: RsaKeys;
  /** caching_sha2: skip the fast path (the server's cache is cold), forcing full authentication. */
  readonly forceFullAuth?: boolean;
}

type State = 'start' | 'switched' | 'sha2-full' | 'sha2-rsa' | 'done';

const FAST_AUTH_OK = Buffer.from([0x03]);
const PERFORM_FULL_AUTH = Buffer.from([0x04]);
const REQUEST_PUBLIC_KEY = 0x02;

export class AuthExchange {
  private state: State = 'start';
  private usedPassword = false;

  constructor(private readonly opts: AuthExchangeOptions) {}

  /** The plugin the account uses (what a switch asks for); native for unknown accounts. */
  get plugin(): string {
    return this.opts.account?.plugin ?? AuthPlugin.NATIVE;
  }

  /** The client's first response (from HandshakeResponse41 or COM_CHANGE_USER). */
  start(authResponse: Uint8Array, clientPlugin: string | undefined): AuthStep {
    if (this.state !== 'start') return this.deny();
    this.usedPassword = authResponse.length > 0;
    if (clientPlugin !== this.plugin) {
      this.state = 'switched';
      const data = Buffer.concat([this.opts.scramble, Buffer.from([0])]);
      return { kind: 'continue', send: [encodeAuthSwitchRequest(this.plugin, data)] };
    }
    return this.verify(authResponse);
  }

  /** The client's next auth packet (after a switch, a full-auth request, or the public key). */
  continue(data: Uint8Array): AuthStep {
    switch (this.state) {
      case 'switched':
        this.usedPassword = data.length > 0;
        return this.verify(data);
      case 'sha2-full': {
        if (this.opts.secure) {
          const end = data.indexOf(0);
          const password = Buffer.from(data.subarray(0, end < 0 ? data.length : end)).toString('utf8');
          return this.checkPlaintext(password);
        }
        if (data.length === 1 && data[0] === REQUEST_PUBLIC_KEY && this.opts.rsa) {
          this.state = 'sha2-rsa';
          return { kind: 'continue', send: [encodeAuthMoreData(this.opts.rsa.publicKeyPem)] };
        }
        if (this.opts.rsa && data.length > 1) return this.checkRsa(data);
        return this.deny();
      }
      case 'sha2-rsa':
        return this.checkRsa(data);
      default:
        return this.deny();
    }
  }

  private verify(token: Uint8Array): AuthStep {
    const account = this.opts.account;
    if (!account) return this.deny();
    if (account.plugin === AuthPlugin.NATIVE) {
      return verifyNativePassword(token, this.opts.scramble, account.authString) ? this.ok([]) : this.deny();
    }
    if (account.plugin === AuthPlugin.CACHING_SHA2) {
      if (token.length === 0) return account.authString === '' ? this.ok([]) : this.deny();
      if (!this.opts.forceFullAuth) {
        return verifyCachingSha2Token(token, this.opts.scramble, account.authString) ? this.ok([encodeAuthMoreData(FAST_AUTH_OK)]) : this.deny();
      }
      this.state = 'sha2-full';
      return { kind: 'continue', send: [encodeAuthMoreData(PERFORM_FULL_AUTH)] };
    }
    return this.deny();
  }

  private checkRsa(ciphertext: Uint8Array): AuthStep {
    const rsa = this.opts.rsa;
    if (!rsa) return this.deny();
    const password = decryptRsaPassword(ciphertext, rsa.privateKey, this.opts.scramble);
    return password === undefined ? this.deny() : this.checkPlaintext(password);
  }

  private checkPlaintext(password: string): AuthStep {
    const account = this.opts.account;
    if (!account) return this.deny();
    return verifyPlaintextPassword(password, account.plugin, account.authString) ? this.ok([]) : this.deny();
  }

  private ok(send: Buffer[]): AuthStep {
    if (this.opts.account?.requireSsl && !this.opts.secure) return this.deny();
    this.state = 'done';
    return { kind: 'ok', send };
  }

  private deny(): AuthStep {
    this.state = 'done';
    return { kind: 'fail', error: new AccessDeniedError(this.opts.user, this.opts.host, this.usedPassword) };
  }
}
