// How account passwords are stored, as MySQL stores them, shared by the SQL layer (CREATE USER,
// SET PASSWORD) and the wire layer (which verifies logins against the stored form):
//   mysql_native_password  '*' + HEX(SHA1(SHA1(password)))   (41 chars; '' for no password)
//   caching_sha2_password  HEX(SHA256(SHA256(password)))      (Strata keeps the fast-path digest)
import { createHash } from 'node:crypto';

export const NATIVE_PASSWORD = 'mysql_native_password';
export const CACHING_SHA2_PASSWORD = 'caching_sha2_password';

function digest(alg: 'sha1' | 'sha256', data: Uint8Array): Buffer {
  return createHash(alg).update(data).digest();
}

export function nativePasswordHash(password: string): string {
  if (password === '') return '';
  return '*' + digest('sha1', digest('sha1', Buffer.from(password, 'utf8'))).toString('hex').toUpperCase();
}

export function cachingSha2Hash(password: string): string {
  if (password === '') return '';
  return digest('sha256', digest('sha256', Buffer.from(password, 'utf8'))).toString('hex');
}

/** The stored form of `password` for an account using `plugin`. */
export function passwordHash(plugin: string, password: string): string {
  return plugin === NATIVE_PASSWORD ? nativePasswordHash(password) : cachingSha2Hash(password);
}
