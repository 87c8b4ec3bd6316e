// TLS material for `strata sql`: a certificate and key read from files (--ssl-cert / --ssl-key),
// or a self-signed pair generated with the openssl command into a directory (--ssl-self-signed,
// what `strata playground --ssl` asks for). Node can make keys but not X.509 certificates, and
// openssl is on every Debian machine; when it is missing the error says how to get it.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TlsFiles {
  readonly cert: Buffer;
  readonly key: Buffer;
}

export function readTlsFiles(certPath: string, keyPath: string): TlsFiles {
  return { cert: readFileSync(certPath), key: readFileSync(keyPath) };
}

/** A self-signed certificate for CN=Strata in `dir` (kept: a restart reuses it). */
export async function selfSignedTls(dir: string): Promise<TlsFiles & { readonly certPath: string }> {
  mkdirSync(dir, { recursive: true });
  const certPath = join(dir, 'server-cert.pem');
  const keyPath = join(dir, 'server-key.pem');
  if (!existsSync(certPath) || !existsSync(keyPath)) {
    try {
      await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '3650', '-subj', '/CN=Strata self-signed']);
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      throw new Error(missing ? 'openssl is not installed (apt-get install -y openssl), or pass --ssl-cert and --ssl-key' : `openssl could not make a certificate: ${(err as Error).message}`, { cause: err });
    }
  }
  return { ...readTlsFiles(certPath, keyPath), certPath };
}
