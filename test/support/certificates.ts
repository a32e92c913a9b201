import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Pem {
  cert: string;
  key: string;
}

/** Runs the `openssl` command in `dir`. */
function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** `openssl req` options for a new, unencrypted P-256 key. */
const NEW_P256_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A throwaway certificate authority (P-256), its files in `dir`. */
export function makeCa(dir: string, name: string): Pem & { certFile: string } {
  openssl(dir, ['req', '-x509', ...NEW_P256_KEY, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${name}`]);
  return {
    cert: fs.readFileSync(path.join(dir, `${name}.crt`), 'utf8'),
    key: fs.readFileSync(path.join(dir, `${name}.key`), 'utf8'),
    certFile: path.join(dir, `${name}.crt`),
  };
}

/** A certificate for `commonName` signed by the CA `caName` in `dir` (with 127.0.0.1 as its address, for a server). */
export function makeCertificate(dir: string, caName: string, commonName: string): Pem & { certFile: string; keyFile: string } {
  const file = (ext: string) => path.join(dir, `${commonName}.${ext}`);
  fs.writeFileSync(file('ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(dir, ['req', ...NEW_P256_KEY, '-keyout', file('key'), '-out', file('csr'), '-subj', `/CN=${commonName}`]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    file('csr'),
    '-CA',
    `${caName}.crt`,
    '-CAkey',
    `${caName}.key`,
    '-CAcreateserial',
    '-out',
    file('crt'),
    '-days',
    '2',
    '-extfile',
    file('ext'),
  ]);
  return {
    cert: fs.readFileSync(file('crt'), 'utf8'),
    key: fs.readFileSync(file('key'), 'utf8'),
    certFile: file('crt'),
    keyFile: file('key'),
  };
}
